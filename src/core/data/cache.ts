// DVC's local cache: where an object lives (DVC 3 `files/md5/xx/…`, DVC 2 `xx/…` at the top) and
// the `.dir` manifests that list a tracked folder's files. Objects are immutable, so a manifest is
// parsed once per process whatever the number of revisions that share it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRegularFile } from '../pipeline/fileAccess';
import { readDvcRepoConfig } from '../sources/dvc/dvcRepo';
import { DataError, type HashRef } from './model';

/** relpath → md5 of each file a `.dir` manifest lists. */
export type Manifest = ReadonlyMap<string, string>;

/** The cache folder: `cache.dir` of .dvc/config.local, else of .dvc/config (relative to .dvc/), else .dvc/cache. */
export function cacheDirOf(root: string): string {
  return readDvcRepoConfig(root).cacheDir;
}

/** Where the object of `hash` is, or null for a value that is not an md5 (etag, checksum…). */
export function cacheObjectPath(cacheDir: string, hash: HashRef): string | null {
  if (!/^[0-9a-f]{32}(\.dir)?$/.test(hash.value)) return null;
  const parts = [hash.value.slice(0, 2), hash.value.slice(2)];
  if (hash.name === 'md5') return path.join(cacheDir, 'files', 'md5', ...parts);
  if (hash.name === 'md5-dos2unix') return path.join(cacheDir, ...parts);
  return null;
}

/** Whether the cache holds the object (DVC asks its file system whether the path exists). */
export function cacheHas(cacheDir: string, hash: HashRef): boolean {
  const file = cacheObjectPath(cacheDir, hash);
  return file !== null && fs.existsSync(file);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A relpath that stays inside its folder (a hostile manifest could name `../../.bashrc`). */
function safeRelpath(relpath: string): boolean {
  if (relpath === '' || relpath.startsWith('/') || relpath.includes('\\') || relpath.includes('\0')) return false;
  return relpath.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** The files of a `.dir` manifest; throws a DataError naming the object when it is not one. */
export function parseManifest(text: string, file: string): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new DataError(file, `corrupt .dir manifest: invalid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(data)) throw new DataError(file, 'corrupt .dir manifest: not a JSON list');
  const files = new Map<string, string>();
  for (const [index, item] of data.entries()) {
    const md5 = isRecord(item) ? item.md5 : undefined;
    const relpath = isRecord(item) ? item.relpath : undefined;
    if (typeof md5 !== 'string' || typeof relpath !== 'string') {
      throw new DataError(file, `corrupt .dir manifest: entry ${index} has no "md5" and "relpath" strings`);
    }
    if (!safeRelpath(relpath)) throw new DataError(file, `corrupt .dir manifest: unsafe relpath ${JSON.stringify(relpath)}`);
    files.set(relpath, md5);
  }
  return files;
}

const manifests = new Map<string, Manifest>();
const MANIFEST_CACHE_LIMIT = 64;

/** A folder's manifest from the cache, 'missing' when the object is not there. */
export function readManifest(cacheDir: string, hash: HashRef): Manifest | 'missing' {
  const file = cacheObjectPath(cacheDir, hash);
  if (file === null) return 'missing';
  const known = manifests.get(file);
  if (known) return known;
  let text: string;
  try {
    text = readRegularFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw new DataError(file, `cannot read the .dir manifest: ${(error as Error).message}`);
  }
  const manifest = parseManifest(text, file);
  if (manifests.size >= MANIFEST_CACHE_LIMIT) manifests.clear();
  manifests.set(file, manifest);
  return manifest;
}
