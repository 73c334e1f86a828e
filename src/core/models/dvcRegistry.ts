// DVC's model registry: the `artifacts:` of dvc.yaml (type, path, desc, labels, meta) with the
// versions and stages GTO records as annotated Git tags (github.com/iterative/gto, gto/constants.py
// `tag_re` and gto/base.py): `name@v1.2.0` registers a version, `name@v1.2.0!` deregisters it,
// `name#prod#3` assigns stage prod to the version at the tagged commit, `name#prod!#4` unassigns it,
// `name@deprecated#5` deprecates the artifact. Events count in tag time order; a stage belongs to
// the highest SemVer version whose latest event for it is an assignment (GTO's default: one version
// per stage). Lightweight tags are ignored, as GTO does. Git runs read-only (hardenedGit.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { runGit } from '../git/hardenedGit';
import type { Problem } from '../model';
import type { DvcArtifact, DvcArtifactVersion } from './types';

const NAME = '[a-zA-Z0-9](?:[a-zA-Z0-9\\-/_]*[a-zA-Z0-9])?';
const DIRNAME = '[a-zA-Z0-9\\-_./]+';
const SEMVER =
  '(?:0|[1-9][0-9]*)\\.(?:0|[1-9][0-9]*)\\.(?:0|[1-9][0-9]*)' +
  '(?:-(?:(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?' +
  '(?:\\+[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*)?';
/** GTO's `tag_re`: `:` in an artifact's full name is written `=` in tags. */
const TAG_RE = new RegExp(
  `^(?<artifact>(?:${DIRNAME}=)?${NAME})` +
    `(?:(?:#(?<stage>${NAME})|@(?<version>v${SEMVER}))(?<cancel>!?)|@(?:(?<deprecated>deprecated)|(?<created>created)))` +
    `(?:#(?<counter>[0-9]+))?$`,
);

type EventKind = 'register' | 'deregister' | 'assign' | 'unassign' | 'deprecate' | 'create';

export interface GtoTag {
  tag: string;
  artifact: string;
  kind: EventKind;
  version?: string;
  stage?: string;
  commit: string;
  time: number;
  author: string | null;
}

/** A tag name as GTO reads it, or undefined when GTO would skip it. */
export function parseGtoTagName(tag: string): Omit<GtoTag, 'commit' | 'time' | 'author'> | undefined {
  const match = TAG_RE.exec(tag);
  const groups = match?.groups;
  if (!groups) return undefined;
  const artifact = (groups.artifact ?? '').replace(/=/g, ':');
  const cancel = groups.cancel === '!';
  if (groups.version)
    return { tag, artifact, kind: cancel ? 'deregister' : 'register', version: groups.version };
  if (groups.stage) return { tag, artifact, kind: cancel ? 'unassign' : 'assign', stage: groups.stage };
  return { tag, artifact, kind: groups.deprecated ? 'deprecate' : 'create' };
}

interface VersionState {
  version: string;
  commit: string;
  registered: boolean;
  /** register/deregister, by time: the last one says whether the version is active. */
  direct: EventKind[];
  /** stage → assign/unassign events by time. */
  stages: Map<string, EventKind[]>;
  createdAt: number;
  author: string | null;
  tag: string;
}

function compareSemver(a: string, b: string): number {
  const parts = (v: string) => {
    const [core, pre] = v.replace(/^v/, '').split('+')[0].split(/-(.*)/s);
    return { nums: core.split('.').map(Number), pre: pre ?? null };
  };
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < 3; i++) if (x.nums[i] !== y.nums[i]) return (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
  if (x.pre === y.pre) return 0;
  if (x.pre === null) return 1;
  if (y.pre === null) return -1;
  const xp = x.pre.split('.');
  const yp = y.pre.split('.');
  for (let i = 0; i < Math.max(xp.length, yp.length); i++) {
    if (xp[i] === undefined) return -1;
    if (yp[i] === undefined) return 1;
    const xn = /^[0-9]+$/.test(xp[i]) ? Number(xp[i]) : NaN;
    const yn = /^[0-9]+$/.test(yp[i]) ? Number(yp[i]) : NaN;
    if (xp[i] === yp[i]) continue;
    if (!Number.isNaN(xn) && !Number.isNaN(yn)) return xn - yn;
    if (!Number.isNaN(xn)) return -1;
    if (!Number.isNaN(yn)) return 1;
    return xp[i] < yp[i] ? -1 : 1;
  }
  return 0;
}

const isSemver = (v: string) => new RegExp(`^v${SEMVER}$`).test(v);

/** GTO's `sort_versions` (SemVer): SemVer versions highest first, then commit versions by name. */
function sortVersions(versions: VersionState[]): VersionState[] {
  const semver = versions
    .filter((v) => isSemver(v.version))
    .sort((a, b) => compareSemver(b.version, a.version));
  const others = versions
    .filter((v) => !isSemver(v.version))
    .sort((a, b) => (a.version < b.version ? -1 : 1));
  return [...semver, ...others];
}

function isActive(version: VersionState): boolean {
  if (version.direct.length > 0) return version.direct[version.direct.length - 1] === 'register';
  return version.stages.size > 0;
}

/** Builds the registry state of one artifact from its tags (in time order), as gto/base.py does. */
export function artifactState(
  tags: readonly GtoTag[],
): Pick<DvcArtifact, 'versions' | 'stages' | 'deprecated'> {
  const versions: VersionState[] = [];
  let lastEvent: EventKind | undefined;
  for (const tag of [...tags].sort((a, b) => a.time - b.time)) {
    lastEvent = tag.kind;
    if (tag.kind === 'deprecate' || tag.kind === 'create') continue;
    let version =
      tag.version !== undefined
        ? versions.find((v) => v.version === tag.version)
        : versions.find((v) => v.commit === tag.commit && v.direct.length > 0);
    if (!version) {
      version = {
        version: tag.version ?? tag.commit,
        commit: tag.commit,
        registered: false,
        direct: [],
        stages: new Map(),
        createdAt: tag.time,
        author: tag.author,
        tag: tag.tag,
      };
      versions.push(version);
    }
    if (tag.kind === 'register' || tag.kind === 'deregister') {
      version.direct.push(tag.kind);
      if (tag.kind === 'register' && !version.registered) {
        version.registered = true;
        Object.assign(version, { createdAt: tag.time, author: tag.author, tag: tag.tag, commit: tag.commit });
      }
    } else if (tag.stage) {
      const events = version.stages.get(tag.stage) ?? [];
      events.push(tag.kind);
      version.stages.set(tag.stage, events);
    }
  }
  const active = sortVersions(versions.filter(isActive));
  const stages: Record<string, string> = {};
  for (const version of active)
    for (const [stage, events] of version.stages)
      if (events[events.length - 1] === 'assign' && !(stage in stages)) stages[stage] = version.version;
  const listed: DvcArtifactVersion[] = sortVersions(versions.filter((v) => v.registered || isActive(v))).map(
    (v) => ({
      version: v.version,
      commit: v.commit,
      createdAt: new Date(v.createdAt * 1000).toISOString(),
      author: v.author,
      stages: Object.keys(stages).filter((s) => stages[s] === v.version),
      deprecated: !isActive(v),
      tag: v.tag,
    }),
  );
  return { versions: listed, stages, deprecated: lastEvent === 'deprecate' };
}

const TAG_FORMAT = '%(refname:strip=2)%00%(objecttype)%00%(*objectname)%00%(taggerdate:unix)%00%(taggername)';

/** The repository's tags: GTO's (annotated, matching its grammar), and the reason for the others that look like GTO's. */
async function readTags(
  repoRoot: string,
  names: ReadonlySet<string>,
  problems: Problem[],
): Promise<GtoTag[]> {
  let out: string;
  try {
    out = await runGit(['for-each-ref', `--format=${TAG_FORMAT}`, 'refs/tags'], repoRoot);
  } catch (error) {
    problems.push({ path: repoRoot, reason: `cannot list Git tags: ${(error as Error).message}` });
    return [];
  }
  const tags: GtoTag[] = [];
  for (const line of out.split('\n')) {
    if (line === '') continue;
    const [name = '', type, commit = '', time = '', author = ''] = line.split('\0');
    const parsed = parseGtoTagName(name);
    const looksLikeGto = /^[^@#]+[@#]/.test(name) && names.has(name.split(/[@#]/)[0].replace(/=/g, ':'));
    if (!parsed) {
      if (looksLikeGto)
        problems.push({
          path: repoRoot,
          reason: `Git tag '${name}' is not a GTO tag (GTO skips it): not name@vX.Y.Z, name#stage or name@deprecated`,
        });
      continue;
    }
    if (type !== 'tag') {
      problems.push({
        path: repoRoot,
        reason: `Git tag '${name}' is a lightweight tag: GTO reads only annotated tags`,
      });
      continue;
    }
    tags.push({ ...parsed, commit, time: Number(time) || 0, author: author || null });
  }
  return tags;
}

interface ArtifactDeclaration {
  type: string | null;
  path: string | null;
  description: string | null;
  labels: string[];
  meta: Record<string, unknown> | null;
}

function readDeclarations(repoRoot: string, problems: Problem[]): Map<string, ArtifactDeclaration> {
  const declared = new Map<string, ArtifactDeclaration>();
  const file = path.join(repoRoot, 'dvc.yaml');
  let doc: unknown;
  try {
    doc = parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      problems.push({ path: file, reason: `unreadable dvc.yaml: ${(error as Error).message}` });
    return declared;
  }
  const artifacts = doc && typeof doc === 'object' ? (doc as Record<string, unknown>).artifacts : undefined;
  if (artifacts === undefined || artifacts === null) return declared;
  if (typeof artifacts !== 'object' || Array.isArray(artifacts)) {
    problems.push({ path: file, reason: 'artifacts is not a mapping' });
    return declared;
  }
  for (const [name, raw] of Object.entries(artifacts as Record<string, unknown>)) {
    const spec =
      raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    const text = (v: unknown) => (typeof v === 'string' ? v : null);
    declared.set(name, {
      type: text(spec.type),
      path: text(spec.path),
      description: text(spec.desc),
      labels: Array.isArray(spec.labels) ? spec.labels.map(String) : [],
      meta: spec.meta && typeof spec.meta === 'object' ? (spec.meta as Record<string, unknown>) : null,
    });
  }
  return declared;
}

/** Every artifact of the repository: those dvc.yaml declares and those only GTO's tags name. */
export async function readDvcModelRegistry(
  repoRoot: string,
): Promise<{ dvcArtifacts: DvcArtifact[]; problems: Problem[] }> {
  const problems: Problem[] = [];
  const declared = readDeclarations(repoRoot, problems);
  const tags = fs.existsSync(path.join(repoRoot, '.git'))
    ? await readTags(repoRoot, new Set(declared.keys()), problems)
    : [];
  const names = [...new Set([...declared.keys(), ...tags.map((t) => t.artifact)])].sort();
  const dvcArtifacts = names.map((name): DvcArtifact => {
    const spec = declared.get(name);
    return {
      repo: repoRoot,
      name,
      type: spec?.type ?? null,
      path: spec?.path ?? null,
      description: spec?.description ?? null,
      labels: spec?.labels ?? [],
      meta: spec?.meta ?? null,
      ...artifactState(tags.filter((t) => t.artifact === name)),
    };
  });
  return { dvcArtifacts, problems };
}
