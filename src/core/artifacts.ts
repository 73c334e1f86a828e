// Lists the artifacts of a run from its recorded artifact URI. Read-only, pure Node.
import { realpath, readdir, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
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
  | { kind: 'none' }
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

/** Classifies `run.artifactUri` without touching the disk. Relative paths resolve against the store's folder. */
export function locateArtifacts(run: Pick<Run, 'artifactUri' | 'store'>): ArtifactLocation {
  const uri = run.artifactUri?.trim() ?? '';
  if (uri === '') return { kind: 'none' };
  const baseDir = path.dirname(run.store);
  if (WINDOWS_DRIVE.test(uri)) return { kind: 'local', path: path.resolve(uri) };
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

interface Walk {
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

async function walk(root: string, relDir: string, state: Walk): Promise<void> {
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

async function chooseRoot(run: Run, location: ArtifactLocation): Promise<ArtifactLocation> {
  const fallback = run.runDir ? path.join(run.runDir, 'artifacts') : undefined;
  if (location.kind === 'local') {
    const found = await existingDir(location.path);
    if (found === 'dir') return location;
    if (found === 'other') return { kind: 'error', reason: `Not a folder: ${location.path}` };
  } else if (location.kind !== 'none') {
    return location;
  }
  if (fallback !== undefined && (await existingDir(fallback)) === 'dir')
    return { kind: 'local', path: fallback };
  return { kind: 'none' };
}

/**
 * Lists a run's artifacts: a sorted, depth-first listing (folders before their contents, names by code
 * point) of at most `limit` entries below the resolved local root. Never throws.
 */
export async function listArtifacts(run: Run, limit = 500): Promise<ArtifactListing> {
  const location = await chooseRoot(run, locateArtifacts(run));
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
