// Lists the artifacts of a run from its recorded artifact URI. Read-only, pure Node.
//
// Where they are looked for (artifactCandidates), in order:
//   1. the recorded location, when it is a path of this machine;
//   2. the same place relative to the store, for a store copied from another machine or folder:
//      MLflow records absolute locations (`D:/…/mlruns/1/<run>/artifacts`, `file:///C:/…`) and
//      reads them back verbatim — its file store does not relocate them (mlflow/mlflow#3144), so
//      its UI finds nothing in a copied store. The recorded path's tail from up to two folders above
//      the run's id (`mlruns/1/<run>/artifacts`, `1/<run>/artifacts`, `<run>/artifacts`) is looked
//      for beside the store and, for a file store, inside it;
//   3. `<run folder>/artifacts` of a file-store run;
//   4. for `mlflow-artifacts:` URIs (a tracking server's proxied artifacts), the server's default
//      local destination `mlartifacts/` beside the store.
// When none exists the listing says which paths were looked in. DVC rows: dvcArtifacts.ts.
import { realpath, readdir, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dvcArtifactPaths } from './dvcArtifacts';
import type { Run } from './model';

export interface ArtifactEntry {
  /** Path relative to the listing root, `/`-separated. */
  path: string;
  size: number;
  isDir: boolean;
}

export type ArtifactListing =
  | { kind: 'local'; root: string; entries: ArtifactEntry[]; truncated: boolean }
  | { kind: 'remote'; uri: string }
  /** `checked`: the local paths that were looked in (none exists). */
  | { kind: 'none'; checked?: string[] }
  | { kind: 'error'; reason: string };

/** Where a run's artifacts live, before touching the file system. */
export type ArtifactLocation =
  | { kind: 'local'; path: string }
  | { kind: 'remote'; uri: string }
  | { kind: 'none' }
  | { kind: 'error'; reason: string };

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;
const WINDOWS_DRIVE = /^[a-zA-Z]:[\\/]/;

function decodePath(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function fromFileUri(uri: string, baseDir: string): ArtifactLocation {
  const rest = uri.slice('file:'.length);
  // `file:///D:/…` written on Windows: on another system, a path of another machine, kept as recorded.
  const drive = /^\/{0,3}([a-zA-Z]:[\\/].*)$/.exec(rest);
  if (drive && process.platform !== 'win32') return { kind: 'local', path: decodePath(drive[1] ?? '') };
  if (rest.startsWith('//')) {
    try {
      return { kind: 'local', path: fileURLToPath(uri) };
    } catch (error) {
      return { kind: 'error', reason: `Unsupported file URI ${uri}: ${String(error)}` };
    }
  }
  // `file:/abs` and `file:relative` are not WHATWG-friendly; read them as paths.
  return { kind: 'local', path: path.resolve(baseDir, decodePath(rest)) };
}

/**
 * Classifies `run.artifactUri` without touching the disk. Relative paths resolve against the store's
 * folder. A Windows drive path on another system is a path of another machine: kept as recorded.
 */
export function locateArtifacts(run: Pick<Run, 'artifactUri' | 'store'>): ArtifactLocation {
  const uri = run.artifactUri?.trim() ?? '';
  if (uri === '') return { kind: 'none' };
  const baseDir = path.dirname(run.store);
  if (WINDOWS_DRIVE.test(uri))
    return { kind: 'local', path: process.platform === 'win32' ? path.resolve(uri) : uri };
  const scheme = SCHEME.exec(uri)?.[1]?.toLowerCase();
  if (scheme === undefined) return { kind: 'local', path: path.resolve(baseDir, uri) };
  if (scheme === 'file') return fromFileUri(uri, baseDir);
  return { kind: 'remote', uri };
}

async function statOrUndefined(p: string): Promise<Stats | undefined> {
  try {
    return await stat(p);
  } catch {
    return undefined;
  }
}

function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

export interface Walk {
  entries: ArtifactEntry[];
  limit: number;
  truncated: boolean;
}

interface Described {
  isDir: boolean;
  size: number;
  recurse: boolean;
}

async function describe(dir: string, name: string, isDirent: boolean, isLink: boolean): Promise<Described> {
  if (isDirent && !isLink) return { isDir: true, size: 0, recurse: true };
  const info = await statOrUndefined(path.join(dir, name));
  const isDir = info?.isDirectory() ?? false;
  // Symlinked folders are listed but not entered: no cycles, no walking out of the root.
  return { isDir, size: isDir ? 0 : (info?.size ?? 0), recurse: false };
}

/** Adds the entries below `relDir` of `root` (recursively) to `state`. */
export async function walk(root: string, relDir: string, state: Walk): Promise<void> {
  const dir = relDir === '' ? root : path.join(root, ...relDir.split('/'));
  const dirents = await readdir(dir, { withFileTypes: true }).catch(() => undefined);
  if (dirents === undefined) return; // an unreadable sub-folder is skipped; the root was checked first
  dirents.sort((a, b) => compareNames(a.name, b.name));
  for (const dirent of dirents) {
    if (state.entries.length >= state.limit) {
      state.truncated = true;
      return;
    }
    const rel = relDir === '' ? dirent.name : `${relDir}/${dirent.name}`;
    const info = await describe(dir, dirent.name, dirent.isDirectory(), dirent.isSymbolicLink());
    state.entries.push({ path: rel, size: info.size, isDir: info.isDir });
    if (info.recurse) await walk(root, rel, state);
    if (state.truncated) return;
  }
}

async function existingDir(p: string): Promise<'dir' | 'other' | 'missing'> {
  const info = await statOrUndefined(p);
  if (info === undefined) return 'missing';
  return info.isDirectory() ? 'dir' : 'other';
}

/** Segments of a recorded path, either separator; empty when a segment could climb out (`..`). */
function safeSegments(recorded: string): string[] {
  const segments = recorded.split(/[\\/]+/).filter((s) => s !== '');
  return segments.some((s) => s === '.' || s === '..' || s.includes('\0')) ? [] : segments;
}

/** Step 2 of the header: the recorded path's tail near the run's id, beside and inside the store. */
function relocatedCandidates(run: Pick<Run, 'id' | 'store' | 'source'>, recorded: string): string[] {
  const segments = safeSegments(recorded);
  const at = segments.lastIndexOf(run.id);
  if (at < 0 || run.id === '') return [];
  const bases = [path.dirname(run.store), ...(run.source === 'mlflow-file' ? [run.store] : [])];
  const found: string[] = [];
  for (let start = Math.max(0, at - 2); start <= at; start++)
    for (const base of bases) found.push(path.join(base, ...segments.slice(start)));
  return found;
}

/** The recorded path of an artifact location, as text (also when it is a path of another machine). */
function recordedPath(location: ArtifactLocation, run: Pick<Run, 'artifactUri'>): string | undefined {
  if (location.kind === 'local') return location.path;
  const uri = run.artifactUri?.trim() ?? '';
  // `mlflow-artifacts:/1/<run>/artifacts`: a tracking server's proxied store, `mlartifacts/` by default.
  const proxied = /^mlflow-artifacts:(?:\/\/[^/]*)?\/?(.*)$/i.exec(uri);
  if (proxied) return `mlartifacts/${decodePath(proxied[1] ?? '')}`;
  // A file URI this system cannot map (`file://host/share/…`): its path part may still fit the store.
  if (location.kind === 'error' && /^file:/i.test(uri)) return decodePath(uri.replace(/^file:\/*[^/]*/i, ''));
  return undefined;
}

/** Every local folder where the run's artifacts may be, most likely first, without duplicates. */
export function artifactCandidates(
  run: Pick<Run, 'id' | 'store' | 'source' | 'artifactUri' | 'runDir'>,
): string[] {
  const location = locateArtifacts(run);
  // A remote store's artifacts are there, whatever folders exist here (a proxied one aside).
  if (location.kind === 'remote' && !/^mlflow-artifacts:/i.test(location.uri)) return [];
  const recorded = recordedPath(location, run);
  const candidates: string[] = [];
  if (location.kind === 'local' && path.isAbsolute(location.path)) candidates.push(location.path);
  if (recorded !== undefined) candidates.push(...relocatedCandidates(run, recorded));
  // A W&B run folder keeps the files the run saved (wandb.save, media, requirements) in `files/`.
  if (run.runDir) candidates.push(path.join(run.runDir, run.source === 'wandb' ? 'files' : 'artifacts'));
  return [...new Set(candidates)];
}

async function chooseRoot(
  run: Run,
): Promise<Exclude<ArtifactListing, { kind: 'local' }> | { kind: 'local'; path: string }> {
  const location = locateArtifacts(run);
  const candidates = artifactCandidates(run);
  for (const candidate of candidates) {
    const found = await existingDir(candidate);
    if (found === 'dir') return { kind: 'local', path: candidate };
    if (found === 'other' && location.kind === 'local' && candidate === location.path)
      return { kind: 'error', reason: `Not a folder: ${location.path}` };
  }
  if (location.kind === 'remote' || location.kind === 'error') return location;
  return { kind: 'none', checked: candidates };
}

/**
 * Lists a run's artifacts: a sorted, depth-first listing (folders before their contents, names by code
 * point) of at most `limit` entries below the resolved local root. Never throws.
 */
export async function listArtifacts(run: Run, limit = 500): Promise<ArtifactListing> {
  if (run.source === 'dvc') return listDvcArtifacts(run, limit);
  const location = await chooseRoot(run);
  if (location.kind !== 'local') return location;
  const root = location.path;
  try {
    await readdir(root);
  } catch (error) {
    return { kind: 'error', reason: `Cannot read ${root}: ${(error as Error).message}` };
  }
  const state: Walk = { entries: [], limit: Math.max(0, limit), truncated: false };
  await walk(root, '', state);
  return { kind: 'local', root, entries: state.entries, truncated: state.truncated };
}

/**
 * A DVC workspace's plots and artifacts (dvcArtifacts.ts), listed below the repository's folder; a
 * commit's or an experiment's are not on disk.
 */
async function listDvcArtifacts(run: Run, limit: number): Promise<ArtifactListing> {
  const root = run.runDir;
  if (run.tags['dvc.type'] !== 'workspace' || !root) return { kind: 'none', checked: [] };
  const declared = await dvcArtifactPaths(root).catch((): string[] => []);
  const state: Walk = { entries: [], limit: Math.max(0, limit), truncated: false };
  const walked: string[] = [];
  const realRoot = await realpath(root).catch(() => root);
  for (const rel of declared) {
    if (walked.some((dir) => rel.startsWith(`${dir}/`))) continue;
    // Through a symlink, a declared path may lead out of the repository: such a path is not listed.
    const real = await realpath(path.join(root, ...rel.split('/'))).catch(() => undefined);
    if (real === undefined || !isInside(realRoot, real)) continue;
    const info = await statOrUndefined(real);
    if (info?.isDirectory()) {
      walked.push(rel);
      await walk(root, rel, state);
    } else if (info?.isFile()) {
      if (state.entries.length >= state.limit) state.truncated = true;
      else state.entries.push({ path: rel, size: info.size, isDir: false });
    }
    if (state.truncated) break;
  }
  const checked = declared.map((rel) => path.join(root, ...rel.split('/')));
  if (state.entries.length === 0) return { kind: 'none', checked };
  return { kind: 'local', root, entries: state.entries, truncated: state.truncated };
}

/** True for a non-empty `/`-separated relative path without `.`/`..` segments, backslashes or NULs. */
export function isSafeRelativeArtifactPath(rel: string): boolean {
  if (rel === '' || rel.length > 4096) return false;
  if (rel.includes('\\') || rel.includes('\0')) return false;
  if (rel.startsWith('/') || WINDOWS_DRIVE.test(rel) || /^[a-zA-Z]:/.test(rel)) return false;
  return rel.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  if (relative === '' || path.isAbsolute(relative)) return false;
  return relative !== '..' && !relative.startsWith(`..${path.sep}`);
}

/**
 * Resolves `rel` below `root` to an existing regular file whose real path (symlinks followed) stays
 * inside the real root. Returns undefined for anything else.
 */
export async function resolveArtifactFile(root: string, rel: string): Promise<string | undefined> {
  if (!isSafeRelativeArtifactPath(rel)) return undefined;
  try {
    const realRoot = await realpath(root);
    const realFile = await realpath(path.join(root, ...rel.split('/')));
    if (!isInside(realRoot, realFile)) return undefined;
    const info = await stat(realFile);
    return info.isFile() ? realFile : undefined;
  } catch {
    return undefined;
  }
}
