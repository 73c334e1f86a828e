// Where a version's bytes can be read without fetching: the DVC cache first, then any remote that
// is a local folder (`dvc remote add name /path`, in .dvc/config or config.local), which DVC lays
// out as its cache (DVC 3 `files/md5/xx/…`, DVC 2 `xx/…`). Nothing is ever written to either.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDvcConfig } from '../sources/dvc/dvcRepo';
import { readRegularFile } from '../pipeline/fileAccess';
import { cacheDirOf, cacheObjectPath } from './cache';
import type { HashRef } from './model';

/** A URL with a scheme (s3://, gs://, ssh://, http://…) is not a folder on this machine. */
const URL_WITH_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]+:\/\//;

function readSections(file: string): Record<string, Record<string, string>> {
  try {
    return parseDvcConfig(readRegularFile(file));
  } catch {
    return {};
  }
}

/**
 * The folders of the project's local-directory remotes, the default remote's first. A relative
 * url is relative to the `.dvc` folder holding the config (DVC writes it so).
 */
export function localRemoteDirs(root: string): string[] {
  const dvcDir = path.join(root, '.dvc');
  const shared = readSections(path.join(dvcDir, 'config'));
  const local = readSections(path.join(dvcDir, 'config.local'));
  const urls = new Map<string, string>();
  for (const sections of [shared, local]) {
    for (const [name, values] of Object.entries(sections)) {
      const remote = /^remote\s+"(.+)"$/.exec(name);
      if (remote && typeof values.url === 'string') urls.set(remote[1], values.url);
    }
  }
  const defaultName = local.core?.remote ?? shared.core?.remote;
  const ordered = [...urls.entries()].sort(
    ([a], [b]) => Number(b === defaultName) - Number(a === defaultName),
  );
  const dirs: string[] = [];
  for (const [, url] of ordered) {
    const folder = url.startsWith('file://') ? url.slice('file://'.length) : url;
    if (URL_WITH_SCHEME.test(folder) || folder === '') continue;
    // Windows drive paths ("C:\remote") have no "//" and so stay here.
    dirs.push(path.resolve(dvcDir, folder));
  }
  return dirs;
}

export type ObjectPlace = { file: string; where: 'cache' | 'remote' } | { missing: string };

function isRegularFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The places a project's objects are read from: its cache, then its local remotes (read once). */
export class ObjectStore {
  readonly cacheDir: string;
  readonly remoteDirs: readonly string[];

  constructor(readonly root: string) {
    this.cacheDir = cacheDirOf(root);
    this.remoteDirs = localRemoteDirs(root);
  }

  /**
   * Where an object's bytes are: the cache, else a local remote; `missing` names the cache path DVC
   * would read (or the hash when it is not an md5).
   */
  locate(hash: HashRef): ObjectPlace {
    const inCache = cacheObjectPath(this.cacheDir, hash);
    if (inCache === null) return { missing: hash.value };
    if (isRegularFile(inCache)) return { file: inCache, where: 'cache' };
    for (const dir of this.remoteDirs) {
      const inRemote = cacheObjectPath(dir, hash);
      if (inRemote && isRegularFile(inRemote)) return { file: inRemote, where: 'remote' };
    }
    return { missing: inCache };
  }

  /** Size of the object where it can be read; undefined when it is nowhere here. */
  size(hash: HashRef): number | undefined {
    const place = this.locate(hash);
    if ('missing' in place) return undefined;
    try {
      return fs.statSync(place.file).size;
    } catch {
      return undefined;
    }
  }
}
