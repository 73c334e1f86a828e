// What `dvc exp show` collects for one revision (dvc/repo/experiments/serialize.py, from_repo):
// the params files of every stage (keys only, unless a file is tracked whole), top-level params,
// the default params.yaml, every metrics output of a stage and the top-level metrics — read from a
// FileTree, so the same code serves the workspace and any commit.
import * as path from 'node:path';
import { dvcYamlTooLarge, parseDvcYaml, type DvcYaml } from '../dvc/dvcYaml';
import { joinRelative, type FileTree } from '../dvclive/fileTree';
import { readMetricsData } from '../dvc/values/metricsFile';
import { getParam, isMapping, loadValuesFile } from '../dvc/values/paramsFile';
import { readDvcRepoConfig } from '../dvc/dvcRepo';
import { lockedOuts, readFromCache, type LockedOut } from './dvcCache';
import { schemaViolation } from './schema';
import { defaultParamsViolation, stageFileViolation } from './stageFiles';
import { refusedTab } from '../dvc/values/yamlTabs';
import { trackedVarsOf, type TrackedVars } from './trackedVars';

/**
 * One file's result, as `dvc exp show --json` has it: its data (a mapping, or the list or single
 * value a file holds instead, which DVC shows no column for) or why it could not be read.
 */
export interface FileResult {
  data?: unknown;
  error?: string;
}

export interface RevisionData {
  /** Repo-relative "/" path → result. */
  params: Record<string, FileResult>;
  metrics: Record<string, FileResult>;
  /** Repo-relative dvc.yaml files read. */
  dvcfiles: string[];
  /** Why DVC shows no data for this revision: a file its index cannot load. */
  error?: string;
  /** The repo-relative file `error` is about (a dvc.yaml, dvc.lock, `.dvc` file or params.yaml). */
  errorFile?: string;
}

/** ParamsDependency.DEFAULT_PARAMS_FILE */
const DEFAULT_PARAMS = 'params.yaml';

/**
 * Collects params and metrics of one revision. `root` is the repo's absolute folder: dvc.yaml paths
 * resolve against it (for a Git tree it only names places; files come from `tree`). `files` lists
 * where to look for dvc.yaml files (default: the whole tree). With `dvcCache` (commits, not the
 * workspace, as in DVC) a metrics output missing from the tree is read from DVC's cache.
 */
export async function collectRevision(
  tree: FileTree,
  root: string,
  files?: readonly string[],
  { dvcCache = false }: { dvcCache?: boolean } = {},
): Promise<RevisionData> {
  const all = files ?? (await tree.list(''));
  const dvcfiles = ownDvcfiles(all);
  const sources = await gatherSources(tree, root, dvcfiles);
  if (!sources.error) Object.assign(sources, await dvcFilesError(tree, all));
  if (sources.error)
    return { params: {}, metrics: {}, dvcfiles, error: sources.error, errorFile: sources.errorFile };
  if (all.includes(DEFAULT_PARAMS) || (await tree.read(DEFAULT_PARAMS)) !== null)
    sources.track(DEFAULT_PARAMS, null);
  const params = await readParams(tree, sources.params);
  let cacheDir: string | undefined;
  // `_collect_vars`: files that only feed `${…}` show the values the stages used.
  for (const vars of sources.varsFiles)
    for (const [file, values] of Object.entries(vars))
      if (!sources.params.has(file)) params[file] = { data: { ...mappingOf(params[file]), ...values } };
  return {
    params,
    metrics: await readMetrics(tree, await expandDirs(tree, all, sources.metrics), (file) => {
      const out = dvcCache ? sources.locked.get(file) : undefined;
      if (!out) return null;
      cacheDir ??= readDvcRepoConfig(root).cacheDir;
      return readFromCache(cacheDir, out);
    }),
    dvcfiles,
  };
}

/**
 * The params files `collectRevision` reads and the keys it selects from each (null: the whole
 * file); null when DVC shows no data for the revision. Lets a caller read one edited file the same way.
 */
export async function trackedParamsFiles(
  tree: FileTree,
  root: string,
  files?: readonly string[],
): Promise<Map<string, string[] | null> | null> {
  const all = files ?? (await tree.list(''));
  const sources = await gatherSources(tree, root, ownDvcfiles(all));
  if (sources.error) return null;
  if (all.includes(DEFAULT_PARAMS) || (await tree.read(DEFAULT_PARAMS)) !== null)
    sources.track(DEFAULT_PARAMS, null);
  return sources.params;
}

/** Folders ("sub/") of sub-repos: their own `.dvc` folder makes them another DVC repository. */
function subrepoDirs(all: readonly string[]): string[] {
  return all.filter((f) => f.endsWith('/.dvc/config')).map((f) => f.slice(0, -'.dvc/config'.length));
}

/** dvc.yaml files of this repo: those of sub-repos (folders with their own .dvc) are theirs. */
function ownDvcfiles(all: readonly string[]): string[] {
  const subrepos = subrepoDirs(all);
  return all.filter(
    (f) => (f === 'dvc.yaml' || f.endsWith('/dvc.yaml')) && !subrepos.some((dir) => f.startsWith(dir)),
  );
}

interface Sources {
  /** Params file → tracked keys (null: the whole file), merged as `_merge_params` does. */
  params: Map<string, string[] | null>;
  track: (file: string | null, keys: string[] | null) => void;
  /** Metrics files: stage metrics outputs, then top-level metrics. */
  metrics: string[];
  varsFiles: TrackedVars[];
  /** Outputs dvc.lock records (their text can come from DVC's cache when Git does not have it). */
  locked: Map<string, LockedOut>;
  /** Set when DVC 3 would refuse a dvc.yaml (it then shows only this error for the revision). */
  error?: string;
  errorFile?: string;
}

async function gatherSources(tree: FileTree, root: string, dvcfiles: readonly string[]): Promise<Sources> {
  const params = new Map<string, string[] | null>();
  const track = (file: string | null, keys: string[] | null): void => {
    if (file === null) return;
    const known = params.get(file);
    if (known === null) return;
    params.set(file, keys === null ? null : [...(known ?? []), ...keys.filter((k) => !known?.includes(k))]);
  };
  const sources: Sources = { params, track, metrics: [], varsFiles: [], locked: new Map() };
  const wholeParams: string[] = [];
  const topMetrics: string[] = [];
  for (const dvcfile of dvcfiles) {
    const parsed = await parseAt(tree, root, dvcfile);
    if (!parsed) continue;
    const refused = await dvcfileError(tree, dvcfile, parsed);
    if (refused) return { ...sources, ...refused };
    sources.varsFiles.push(await trackedVarsOf(tree, dvcfile, parsed.text));
    for (const [file, out] of await lockedOuts(tree, root, dvcfile, parsed.stages))
      sources.locked.set(file, out);
    for (const stage of parsed.stages) {
      for (const p of stage.params) track(relativeTo(root, stage.wdir, p.file), p.keys);
      for (const out of stage.outs)
        if (out.kind === 'metrics') pushNew(sources.metrics, relativeTo(root, stage.wdir, out.path));
    }
    const dir = path.posix.dirname(dvcfile);
    for (const p of parsed.params) pushNew(wholeParams, joinRelative(dir, p));
    for (const m of parsed.metrics) pushNew(topMetrics, joinRelative(dir, m));
  }
  for (const file of wholeParams) track(file, null);
  for (const m of topMetrics) pushNew(sources.metrics, m);
  return sources;
}

type RevisionError = Pick<RevisionData, 'error' | 'errorFile'>;

/**
 * Why DVC cannot build its index from this dvc.yaml (it then shows no data for the revision): the
 * text does not parse or fit the schema, a stage does not resolve, or its dvc.lock or the
 * params.yaml beside it cannot be loaded.
 */
async function dvcfileError(
  tree: FileTree,
  dvcfile: string,
  parsed: DvcYaml & { text: string },
): Promise<RevisionError | null> {
  const tab = refusedTab(parsed.text);
  if (tab) {
    const reason = `invalid YAML: a tab at line ${tab.line}, column ${tab.column} (DVC's YAML reader refuses it)`;
    return { error: reason, errorFile: dvcfile };
  }
  const invalid = schemaViolation(parsed.text);
  if (invalid) return { error: `'${dvcfile}' validation failed: ${invalid}`, errorFile: dvcfile };
  if (parsed.problems.length > 0) return { error: parsed.problems[0].reason, errorFile: dvcfile };
  const dir = path.posix.dirname(dvcfile);
  const lockFile = joinRelative(dir, 'dvc.lock') ?? 'dvc.lock';
  const lock = await tree.read(lockFile);
  const lockError = lock === null ? null : stageFileViolation('lock', lockFile, lock);
  if (lockError) return { error: lockError, errorFile: lockFile };
  const paramsFile = joinRelative(dir, DEFAULT_PARAMS) ?? DEFAULT_PARAMS;
  const params = await tree.read(paramsFile);
  const paramsError = params === null ? null : defaultParamsViolation(paramsFile, params);
  return paramsError ? { error: paramsError, errorFile: paramsFile } : null;
}

/** `.dvc` files of this repo (not of sub-repos) that DVC cannot load. */
async function dvcFilesError(tree: FileTree, all: readonly string[]): Promise<RevisionError | null> {
  const subrepos = subrepoDirs(all);
  for (const file of all) {
    if (!file.endsWith('.dvc') || file.startsWith('.dvc/') || file.split('/').pop() === '.dvc') continue;
    if (subrepos.some((dir) => file.startsWith(dir))) continue;
    const text = await tree.read(file);
    const error = text === null ? null : stageFileViolation('stage', file, text);
    if (error) return { error, errorFile: file };
  }
  return null;
}

function pushNew(list: string[], item: string | null): void {
  if (item !== null && !list.includes(item)) list.push(item);
}

function relativeTo(root: string, wdir: string, file: string): string | null {
  const relative = path.relative(root, path.resolve(wdir, file));
  return joinRelative(relative.split(path.sep).join('/'));
}

/**
 * dvc.yaml reads other files while it resolves (params.yaml, vars files), synchronously. Files are
 * fetched from the tree as the parser asks for them, and it runs again until it asked for nothing new.
 */
/** Parses of dvc.yaml texts without `${…}` (they read no other file), by path and text. */
const plainParses = new Map<string, DvcYaml>();
const PLAIN_PARSE_LIMIT = 500;

export async function parseAt(
  tree: FileTree,
  root: string,
  dvcfile: string,
): Promise<(DvcYaml & { text: string }) | null> {
  const text = await tree.read(dvcfile);
  if (text === null) return null;
  const absolute = path.join(root, ...dvcfile.split('/'));
  // Too large: reported without parsing; the checks that read the text get none.
  if (dvcYamlTooLarge(text, absolute))
    return { ...parseDvcYaml(text, { dvcfile: absolute, readFile: () => undefined }), text: '' };
  if (!text.includes('${') && !/^vars\s*:/m.test(text)) {
    // Nothing to interpolate and no vars files to load (a missing one is an error): no other file
    // can change a stage. Experiments mostly share one dvc.yaml, so this is parsed once for all.
    const key = `${absolute}\u0000${text}`;
    let parsed = plainParses.get(key);
    if (!parsed) {
      parsed = parseDvcYaml(text, { dvcfile: absolute, readFile: () => undefined });
      if (plainParses.size >= PLAIN_PARSE_LIMIT) plainParses.clear();
      plainParses.set(key, parsed);
    }
    return { ...parsed, text };
  }
  const fetched = new Map<string, string | undefined>();
  const { parsing } = readDvcRepoConfig(root);
  for (let round = 0; ; round++) {
    const wanted = new Set<string>();
    const parsed = parseDvcYaml(text, {
      dvcfile: absolute,
      parsing,
      readFile: (file) => {
        if (fetched.has(file)) return fetched.get(file);
        wanted.add(file);
        return undefined;
      },
    });
    if (wanted.size === 0 || round >= 8) return { ...parsed, text };
    for (const file of wanted) {
      const relative = joinRelative(path.relative(root, file).split(path.sep).join('/'));
      fetched.set(file, relative === null ? undefined : ((await tree.read(relative)) ?? undefined));
    }
  }
}

async function readParams(
  tree: FileTree,
  tracked: Map<string, string[] | null>,
): Promise<Record<string, FileResult>> {
  const result: Record<string, FileResult> = {};
  for (const [file, keys] of tracked) {
    const text = await tree.read(file);
    if (text === null) {
      result[file] = { error: `${file}: no such file` };
      continue;
    }
    const loaded = loadValuesFile(text, file);
    if ('error' in loaded) result[file] = { error: loaded.error };
    else if (keys === null) result[file] = { data: loaded.data };
    else result[file] = { data: isMapping(loaded.data) ? selectKeys(loaded.data, keys) : {} };
  }
  return result;
}

function mappingOf(result: FileResult | undefined): Record<string, unknown> {
  return isMapping(result?.data) ? result.data : {};
}

/** `read_param_file` with key paths: each key's subtree merged into one mapping (dpath.search). */
export function selectKeys(
  values: Record<string, unknown>,
  keys: readonly string[],
): Record<string, unknown> {
  const selected: Record<string, unknown> = {};
  for (const key of keys) {
    const value = getParam(values, key);
    if (value === undefined) continue;
    const parts = key.split('.');
    let node = selected;
    parts.slice(0, -1).forEach((part) => {
      if (!isMapping(node[part])) node[part] = {};
      node = node[part] as Record<string, unknown>;
    });
    node[parts[parts.length - 1]] = value;
  }
  return selected;
}

/** `try_expand_paths`: a metrics output that is a folder stands for every file in it. */
async function expandDirs(
  tree: FileTree,
  files: readonly string[],
  paths: readonly string[],
): Promise<string[]> {
  const expanded: string[] = [];
  for (const p of paths) {
    const inside = files.includes(p) ? [] : await tree.list(p);
    if (inside.length > 0) inside.forEach((f) => pushNew(expanded, f));
    else pushNew(expanded, p);
  }
  return expanded;
}

async function readMetrics(
  tree: FileTree,
  files: readonly string[],
  fromCache: (file: string) => string | null,
): Promise<Record<string, FileResult>> {
  const result: Record<string, FileResult> = {};
  for (const file of files) {
    const text = (await tree.read(file)) ?? fromCache(file);
    if (text === null) {
      result[file] = { error: `${file}: no such file` };
      continue;
    }
    result[file] = readMetricsData(text, file);
  }
  return result;
}
