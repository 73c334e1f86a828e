// `dvc diff [A_REV] [B_REV] [--targets …]` (dvc/repo/diff.py): what DVC tracks at revision A
// (default HEAD) against revision B or, without B, the workspace — added, deleted, modified and
// renamed paths (outputs and the files of tracked folders), and with the workspace as B the paths of
// A whose object is not in the cache.
import * as path from 'node:path';
import type { HashCache } from '../pipeline/hashCache';
import { cacheDirOf, cacheHas } from './cache';
import { DataError, type DataNode } from './model';
import { committedSide, workspaceSide, type DataSide } from './sides';
import { isUnder, targetKey } from './targets';
import { trackedOuts, type TrackedOut } from './tracked';
import { DataRepo, workspaceTree } from './versions';
import { detectRenames, walkChanges, type Change } from './walk';

export interface DataDiffOptions {
  aRev?: string;
  /** Undefined: the workspace. */
  bRev?: string;
  targets?: readonly string[];
  /** Targets are relative to this folder (default: the project root). */
  cwd?: string;
  hashCache: HashCache;
}

export interface PathHash {
  path: string;
  hash: string | null;
}

export interface DataDiff {
  added: PathHash[];
  deleted: PathHash[];
  modified: { path: string; hash: { old: string | null; new: string | null } }[];
  renamed: { path: { old: string; new: string }; hash: string | null }[];
  'not in cache': PathHash[];
}

/** `_path`: the key with the platform's separator, a folder's with one at the end. */
export function displayPath(node: DataNode): string {
  const shown = node.key.split('/').join(path.sep);
  return node.isDir ? `${shown}${path.sep}` : shown;
}

function hashOf(node: DataNode | null): string | null {
  return node?.hash?.value ?? null;
}

/** Keys the targets stand for on one side: an output, a path inside a folder output, or a `.dvc` file's outputs. */
function targetRoots(
  keys: readonly string[],
  outs: readonly TrackedOut[],
): { found: Set<string>; roots: string[] } {
  const found = new Set<string>();
  const roots: string[] = [];
  for (const key of keys) {
    const fromFile = outs.filter((out) => out.source === key && key.endsWith('.dvc')).map((out) => out.key);
    const inside = outs.some((out) => out.key === key || (out.isDir && key.startsWith(`${out.key}/`)));
    const matched = fromFile.length > 0 ? fromFile : inside ? [key] : [];
    if (matched.length > 0) found.add(key);
    roots.push(...matched);
  }
  return { found, roots };
}

interface Plan {
  roots: string[];
  oldOuts: TrackedOut[];
  newOuts: TrackedOut[];
}

function planRoots(
  options: DataDiffOptions,
  root: string,
  oldOuts: TrackedOut[],
  newOuts: TrackedOut[],
): Plan {
  if (!options.targets || options.targets.length === 0) {
    return { roots: [...new Set([...oldOuts, ...newOuts].map((out) => out.key))], oldOuts, newOuts };
  }
  const keys = options.targets.map((t) => targetKey(root, options.cwd ?? root, t));
  const a = targetRoots(keys, oldOuts);
  const b = targetRoots(keys, newOuts);
  keys.forEach((key, i) => {
    if (!a.found.has(key) && !b.found.has(key)) {
      throw new DataError(
        options.targets?.[i] ?? key,
        'no such file or directory tracked by DVC at either revision',
      );
    }
  });
  return { roots: [...new Set([...a.roots, ...b.roots])], oldOuts, newOuts };
}

/** `_diff` of dvc/repo/diff.py over the changes; {} when nothing differs. */
function summarize(
  changes: readonly Change[],
  cacheDir: string,
  withMissing: boolean,
): DataDiff | Record<string, never> {
  const diff: DataDiff = { added: [], deleted: [], modified: [], renamed: [], 'not in cache': [] };
  for (const change of changes) {
    const { old, new: now } = change;
    if ((old?.isDir && !old.hash) || (now?.isDir && !now.hash)) continue;
    if (change.typ === 'add' && now) diff.added.push({ path: displayPath(now), hash: hashOf(now) });
    else if (change.typ === 'delete' && old) diff.deleted.push({ path: displayPath(old), hash: hashOf(old) });
    else if (change.typ === 'modify' && old) {
      diff.modified.push({ path: displayPath(old), hash: { old: hashOf(old), new: hashOf(now) } });
    } else if (change.typ === 'rename' && old && now) {
      diff.renamed.push({ path: { old: displayPath(old), new: displayPath(now) }, hash: hashOf(old) });
    }
    if (withMissing && old?.hash && !cacheHas(cacheDir, old.hash)) {
      diff['not in cache'].push({ path: displayPath(old), hash: hashOf(old) });
    }
  }
  return Object.values(diff).some((list) => list.length > 0) ? diff : {};
}

async function headExists(repo: DataRepo): Promise<boolean> {
  try {
    await repo.resolve('HEAD');
    return true;
  } catch {
    return false;
  }
}

/** The same sets `dvc diff` computes (unsorted; `formatDvcDiff` orders them as its command does). */
export async function dataDiff(
  root: string,
  options: DataDiffOptions,
): Promise<DataDiff | Record<string, never>> {
  const repo = new DataRepo(root);
  try {
    if (!(await headExists(repo))) return {};
    const aSha = await repo.resolve(options.aRev ?? 'HEAD');
    const bSha = options.bRev === undefined ? null : await repo.resolve(options.bRev);
    if (aSha === bSha) return {};
    const oldOuts = await trackedOuts(await repo.treeAt(aSha), root);
    const newOuts = await trackedOuts(bSha ? await repo.treeAt(bSha) : workspaceTree(root), root);
    const plan = planRoots(options, root, oldOuts, newOuts);
    const cacheDir = cacheDirOf(root);
    const old = committedSide(plan.oldOuts, cacheDir);
    const wanted = (key: string) => plan.roots.some((r) => isUnder(r, key));
    const now: DataSide = bSha
      ? committedSide(plan.newOuts, cacheDir)
      : workspaceSide(root, plan.newOuts, options.hashCache, wanted);
    const withMissing = bSha === null;
    const changes = walkChanges(old, now, plan.roots, {
      hashOnly: false,
      shallow: false,
      withUnchanged: withMissing,
    });
    return summarize(detectRenames(changes), cacheDir, withMissing);
  } finally {
    repo.close();
  }
}
