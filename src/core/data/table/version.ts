// Where one version of a tracked table is: the workspace file, or at a Git revision (a commit,
// branch, tag or DVC experiment name) the DVC cache object of the hash its `.dvc` file or dvc.lock
// records (the output itself, or a file of a tracked folder through the folder's `.dir` manifest),
// or the Git blob of a file Git tracks itself. Nothing is checked out or written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheDirOf, cacheObjectPath, readManifest } from '../cache';
import { DataError, type HashRef } from '../model';
import { trackedOuts, type TrackedOut } from '../tracked';
import { DataRepo } from '../versions';
import { TableReadError, type TableInput } from './types';

export const WORKSPACE = 'workspace';

/** A repo-relative "/" path for `file` given relative to `cwd` (or already relative to the root). */
export function trackedPath(root: string, cwd: string, file: string): string {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(root, absolute).split(path.sep).join('/');
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new TableReadError(file, 'is outside the DVC project');
  }
  return relative;
}

function objectFor(cacheDir: string, hash: HashRef | null, where: string): string {
  const object = hash ? cacheObjectPath(cacheDir, hash) : null;
  if (!object) throw new TableReadError(where, 'DVC records no md5 hash for it at this revision');
  if (!fs.existsSync(object)) {
    throw new TableReadError(
      where,
      `not in the DVC cache (object ${hash!.value} missing: dvc pull or dvc fetch)`,
    );
  }
  return object;
}

/** The cache object of `key` in a tracked output (the output itself or a file of a tracked folder). */
function cachedFile(
  outs: readonly TrackedOut[],
  key: string,
  cacheDir: string,
  where: string,
): string | null {
  const exact = outs.find((out) => out.key === key && !out.isDir);
  if (exact) return objectFor(cacheDir, exact.hash, where);
  const folder = outs.find((out) => out.isDir && key.startsWith(`${out.key}/`));
  if (!folder) return null;
  if (!folder.hash) throw new TableReadError(where, `DVC records no hash for ${folder.key} at this revision`);
  const manifest = readManifest(cacheDir, folder.hash);
  if (manifest === 'missing') {
    throw new TableReadError(
      where,
      `the manifest of ${folder.key} is not in the DVC cache (dvc pull or dvc fetch)`,
    );
  }
  const md5 = manifest.get(key.slice(folder.key.length + 1));
  if (md5 === undefined) throw new TableReadError(where, `not in ${folder.key} at this revision`);
  return objectFor(cacheDir, { name: folder.hash.name, value: md5 }, where);
}

/** Reads versions of tables of one DVC project; close() ends its Git reader. */
export class TableVersions {
  private readonly repo: DataRepo;

  constructor(readonly root: string) {
    this.repo = new DataRepo(root);
  }

  /** The version of `key` (repo-relative) at `rev` ("workspace", a revision or an experiment). */
  async input(key: string, rev: string): Promise<TableInput> {
    const where = `${key} (${rev})`;
    if (rev === WORKSPACE) {
      return { label: 'Workspace', name: key, file: path.join(this.root, ...key.split('/')) };
    }
    let sha: string;
    let outs: TrackedOut[];
    try {
      sha = await this.repo.resolve(rev);
      outs = await trackedOuts(await this.repo.treeAt(sha), this.root);
    } catch (error) {
      if (error instanceof DataError) throw new TableReadError(where, error.message);
      throw error;
    }
    const label = /^[0-9a-f]{40}$/.test(rev) ? rev.slice(0, 7) : rev;
    const object = cachedFile(outs, key, cacheDirOf(this.root), where);
    if (object) return { label, name: key, file: object };
    const blob = await this.repo.blob(`${sha}:${this.repo.gitPathPrefix()}${key}`);
    if (!blob) throw new TableReadError(where, 'neither DVC nor Git tracks this path at this revision');
    return { label, name: key, file: `${sha.slice(0, 7)}:${key}`, bytes: blob };
  }

  close(): void {
    this.repo.close();
  }
}
