// Two versions of a tracked folder (or of a folder inside one) compared for the Data view: the
// `dvc diff` sets below it as a FolderDiffTree, sizes from the objects (cache, then local remotes,
// or the workspace files), and each side's `.dir` manifest that is not here (then the files of
// that side are unknown and the comparison says so, with the path, rather than show a wrong diff).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HashCache } from '../pipeline/hashCache';
import { dataDiff } from './diff';
import { entriesOfDiff, FolderDiffTree, type SizeLookup } from './folderDiff';
import { DataError } from './model';
import { ObjectStore } from './objects';
import { trackedOuts, type TrackedOut } from './tracked';
import { DataRepo, workspaceTree } from './versions';

export interface FolderCompareOptions {
  /** The DVC project folder. */
  root: string;
  /** Repo-relative "/" key of the folder (an output, or a folder inside one). */
  folderKey: string;
  aRev: string;
  /** Undefined: the workspace. */
  bRev?: string;
  hashCache: HashCache;
}

/** A side whose folder manifest is not here: which revision, which output, where DVC looks for it. */
export interface MissingManifest {
  rev: string;
  outKey: string;
  path: string;
}

export interface FolderComparison {
  tree: FolderDiffTree;
  missing: MissingManifest[];
}

function outHolding(outs: readonly TrackedOut[], key: string): TrackedOut | undefined {
  return outs.find((out) => out.key === key || (out.isDir && key.startsWith(`${out.key}/`)));
}

function workspaceSize(root: string, key: string): number | undefined {
  try {
    const stat = fs.statSync(path.join(root, ...key.split('/')));
    return stat.isFile() ? stat.size : undefined;
  } catch {
    return undefined;
  }
}

async function outAt(repo: DataRepo, rev: string | undefined, key: string): Promise<TrackedOut | undefined> {
  const tree = rev === undefined ? workspaceTree(repo.root) : await repo.treeAt(await repo.resolve(rev));
  return outHolding(await trackedOuts(tree, repo.root), key);
}

/** Compares `folderKey` between `aRev` and `bRev` (or the workspace); DataError for an unknown revision. */
export async function compareFolder(options: FolderCompareOptions): Promise<FolderComparison> {
  const { root, folderKey, aRev, bRev } = options;
  const repo = new DataRepo(root);
  const store = new ObjectStore(root);
  const missing: MissingManifest[] = [];
  let hashName = 'md5';
  try {
    const sides: [string, string | undefined][] = [[aRev, aRev]];
    if (bRev !== undefined) sides.push([bRev, bRev]);
    let found = false;
    for (const [label, rev] of sides) {
      const out = await outAt(repo, rev, folderKey);
      if (!out) continue;
      found = true;
      if (out.hash) hashName = out.hash.name;
      if (!out.isDir || !out.hash) continue;
      const place = store.locate(out.hash);
      if ('missing' in place) missing.push({ rev: label, outKey: out.key, path: place.missing });
    }
    if (!found && bRev !== undefined) {
      throw new DataError(folderKey, 'no such folder tracked by DVC at either revision');
    }
  } finally {
    repo.close();
  }
  const diff = await dataDiff(root, { aRev, bRev, targets: [folderKey], hashCache: options.hashCache });
  const sizes: SizeLookup = {
    oldSide: (_key, hash) => store.size(hash),
    newSide: (key, hash) => (bRev === undefined ? workspaceSize(root, key) : store.size(hash)),
  };
  return { tree: new FolderDiffTree(folderKey, entriesOfDiff(diff, hashName, sizes)), missing };
}
