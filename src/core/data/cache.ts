// DVC's local cache: where an object lives (DVC 3 `files/md5/xx/…`, DVC 2 `xx/…` at the top) and
// the `.dir` manifests that list a tracked folder's files. Objects are immutable, so a manifest is
// parsed once per process whatever the number of revisions that share it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRegularFile } from '../pipeline/fileAccess';
import { readDvcRepoConfig } from '../sources/dvc/dvcRepo';
import { FileList } from './fileList';
import { DataError, type HashRef } from './model';

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

/**
 * A part of a relpath that would leave its folder or name none (a hostile manifest could say
 * `../../.bashrc` or `/etc/passwd`): an empty, "." or ".." segment, a backslash or a NUL.
 */
// eslint-disable-next-line no-control-regex -- NUL is one of the refused characters
const UNSAFE_RELPATH = /(?:^|\/)(?:\.\.?)?(?:\/|$)|[\\\u0000]/;

/** The files of a `.dir` manifest; throws a DataError naming the object when it is not one. */
export function parseManifest(text: string, file: string): FileList {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new DataError(file, `corrupt .dir manifest: invalid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(data)) throw new DataError(file, 'corrupt .dir manifest: not a JSON list');
  const relpaths: string[] = new Array<string>(data.length);
  const md5s: string[] = new Array<string>(data.length);
  for (let index = 0; index < data.length; index++) {
    const item: unknown = data[index];
    const md5 = isRecord(item) ? item.md5 : undefined;
    const relpath = isRecord(item) ? item.relpath : undefined;
    if (typeof md5 !== 'string' || typeof relpath !== 'string') {
      throw new DataError(file, `corrupt .dir manifest: entry ${index} has no "md5" and "relpath" strings`);
    }
    if (UNSAFE_RELPATH.test(relpath)) {
      throw new DataError(file, `corrupt .dir manifest: unsafe relpath ${JSON.stringify(relpath)}`);
    }
    relpaths[index] = relpath;
    md5s[index] = md5;
  }
  return FileList.of(relpaths, md5s);
}

const manifests = new Map<string, FileList>();
const MANIFEST_CACHE_LIMIT = 64;

/** Forgets the parsed manifests (a benchmark measures reading them each time). */
export function clearManifestCache(): void {
  manifests.clear();
}

/** A folder's manifest from the cache, 'missing' when the object is not there. */
export function readManifest(cacheDir: string, hash: HashRef): FileList | 'missing' {
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
