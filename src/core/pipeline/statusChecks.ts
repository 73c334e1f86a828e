// The per-path checks behind `dvc status`, worded as DVC words them (dvc/output.py
// `workspace_status`/`status`, dvc/dependency/param.py): "deleted", "modified", "not in cache",
// and for params files "new"/"deleted" or a {key: "new"|"deleted"|"modified"} map.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DvcIgnore } from '../sources/dvc/dvcignore';
import type { DvcRepoConfig } from '../sources/dvc/dvcRepo';
import { pyEquals } from '../sources/dvc/pyValue';
import { parseParamsFile } from '../sources/dvc/values/paramsFile';
import type { Problem } from '../model';
import { hashDirectory, type StatCache } from './dirHash';
import { describeFsError, describeSpecialFile, isProblem, readRegularFile, statPath } from './fileAccess';
import type { FileHashName, HashCache } from './hashCache';

export interface StatusEnv {
  repo: DvcRepoConfig;
  ignore: DvcIgnore;
  hashCache: HashCache;
  /**
   * stat() results of one status pass (a file is often both inside a folder dependency and a
   * dependency of its own). Leave it out, or use a new map per pass: it is never invalidated.
   */
  stats?: StatCache;
  /**
   * Where the paths that cannot be examined go, with the reason (a symlink loop, a permission
   * denied, a FIFO): one list per stage (`{ ...env, problems: [] }`). Without it they are dropped.
   */
  problems?: Problem[];
}

function statCached(file: string, env?: StatusEnv): fs.Stats | Problem | undefined {
  if (env?.stats?.has(file)) return env.stats.get(file);
  const stat = statPath(file);
  env?.stats?.set(file, stat);
  return stat;
}

function isFileHashName(name: string): name is FileHashName {
  return name === 'md5' || name === 'md5-dos2unix';
}

/**
 * The current hash of a file or folder; undefined when DVC would not hash it locally, or when it
 * cannot be hashed (then the paths and reasons are in env.problems).
 */
export function currentHash(
  absPath: string,
  hashName: string,
  env: StatusEnv,
  stat?: fs.Stats,
): string | undefined {
  if (!isFileHashName(hashName)) return undefined;
  const info = stat ?? statCached(absPath, env);
  if (!info || isProblem(info)) return undefined;
  if (info.isDirectory())
    return hashDirectory(absPath, hashName, env.hashCache, env.ignore, env.stats, env.problems);
  try {
    return env.hashCache.hashFile(absPath, hashName, info);
  } catch (error) {
    env.problems?.push({ path: absPath, reason: describeFsError(error) });
    return undefined;
  }
}

/**
 * `workspace_status`: "deleted" when missing, "modified" when the hash differs from the recorded
 * one; undefined when unchanged, or when it cannot be examined (reported in env.problems: DVC stops
 * with an error on a symlink loop or an unreadable file and hangs on a FIFO).
 */
export function workspaceStatus(
  absPath: string,
  hashName: string,
  recorded: string | undefined,
  env: StatusEnv,
  isOutput: boolean,
): string | undefined {
  const stat = statCached(absPath, env);
  if (isProblem(stat)) {
    env.problems?.push(stat);
    return undefined;
  }
  if (!stat) return 'deleted';
  if (!stat.isFile() && !stat.isDirectory()) {
    env.problems?.push({ path: absPath, reason: describeSpecialFile(stat) });
    return undefined;
  }
  if (isOutput && env.ignore.isIgnored(absPath, stat.isDirectory())) return 'deleted';
  if (!recorded) return 'modified';
  const hash = currentHash(absPath, hashName, env, stat);
  return hash === undefined || hash === recorded ? undefined : 'modified';
}

/** Where an object lives: DVC 3 under `files/md5/xx/…`, DVC 2 (legacy) directly under the cache. */
export function cachePath(cacheDir: string, hashName: string, oid: string): string {
  const base = hashName === 'md5-dos2unix' ? cacheDir : path.join(cacheDir, 'files', 'md5');
  return path.join(base, oid.slice(0, 2), oid.slice(2));
}

/** `odb.check`: the cache file exists and its content still hashes to the object id. */
function cacheObjectValid(cacheDir: string, hashName: FileHashName, oid: string, env: StatusEnv): boolean {
  const file = cachePath(cacheDir, hashName, oid);
  try {
    return env.hashCache.hashFile(file, hashName).split('.')[0] === oid.split('.')[0];
  } catch {
    return false;
  }
}

/** Whether an output's recorded object (and, for a folder, every file it lists) is in the cache. */
export function isInCache(hashName: string, oid: string, env: StatusEnv): boolean {
  if (!isFileHashName(hashName)) return true;
  const cacheDir = env.repo.cacheDir;
  if (!oid.endsWith('.dir')) return cacheObjectValid(cacheDir, hashName, oid, env);
  let listing: unknown;
  try {
    listing = JSON.parse(readRegularFile(cachePath(cacheDir, hashName, oid)));
  } catch {
    return false;
  }
  if (!Array.isArray(listing)) return false;
  for (const entry of listing) {
    const md5 = (entry as { md5?: unknown } | null)?.md5;
    if (typeof md5 !== 'string' || !cacheObjectValid(cacheDir, hashName, md5, env)) return false;
  }
  return cacheObjectValid(cacheDir, hashName, oid, env);
}

/** dpath.get with "." as separator: dict keys and list indexes. */
export function dpathGet(values: unknown, key: string): { found: boolean; value?: unknown } {
  let node = values;
  for (const part of key.split('.')) {
    if (Array.isArray(node) && /^\d+$/.test(part) && Number(part) < node.length) node = node[Number(part)];
    else if (node !== null && typeof node === 'object' && !Array.isArray(node) && Object.hasOwn(node, part)) {
      node = (node as Record<string, unknown>)[part];
    } else return { found: false };
  }
  return { found: true, value: node };
}

export type ParamsStatus = string | Record<string, string> | undefined;

/**
 * A params dependency: "deleted" without the file, "new" without a lock record, otherwise each
 * tracked key (every top-level key for whole-file tracking) compared by value with dvc.lock.
 */
export function paramsStatus(
  absPath: string,
  keys: string[] | null,
  locked: Record<string, unknown> | undefined,
): { status: ParamsStatus; problem?: string } {
  const stat = statPath(absPath);
  if (isProblem(stat)) return { status: undefined, problem: stat.reason };
  if (!stat) return { status: 'deleted' };
  if (locked === undefined) return { status: 'new' };
  let text: string;
  try {
    text = readRegularFile(absPath);
  } catch (error) {
    return { status: undefined, problem: describeFsError(error) };
  }
  const { values, problems } = parseParamsFile(text, absPath);
  const info: Record<string, unknown> = {};
  const actual: Record<string, unknown> = {};
  if (keys && keys.length > 0) {
    for (const key of keys) {
      if (Object.hasOwn(locked, key)) info[key] = locked[key];
      const found = dpathGet(values, key);
      if (found.found) actual[key] = found.value;
    }
  } else {
    Object.assign(info, locked);
    Object.assign(actual, values);
  }
  const order = keys && keys.length > 0 ? keys : [...new Set([...Object.keys(actual), ...Object.keys(info)])];
  const changes: Record<string, string> = {};
  for (const key of order) {
    if (!Object.hasOwn(actual, key)) changes[key] = 'deleted';
    else if (!Object.hasOwn(info, key)) changes[key] = 'new';
    else if (!pyEquals(actual[key], info[key])) changes[key] = 'modified';
  }
  return {
    status: Object.keys(changes).length > 0 ? changes : undefined,
    problem: problems.length > 0 ? problems[0].reason : undefined,
  };
}
