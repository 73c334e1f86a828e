// `dvc data status` (dvc/repo/data.py): what changed between HEAD's tracked hashes and the ones the
// workspace's `.dvc` files and dvc.lock record ("committed"), between those and the files on disk
// ("uncommitted"), which recorded objects are not in the cache, and what is unchanged. Hashes only;
// a tracked folder is one entry unless `granular`.
import * as path from 'node:path';
import { compareCodePoints } from '../pipeline/dirHash';
import type { HashCache } from '../pipeline/hashCache';
import { cacheDirOf, cacheHas } from './cache';
import type { DataNode } from './model';
import { committedSide, workspaceSide, type DataSide } from './sides';
import { isUnder, pruneKeys, targetKey } from './targets';
import { trackedOuts, type TrackedOut } from './tracked';
import { DataRepo, workspaceTree } from './versions';
import { detectRenames, walkChanges, type Change, type WalkOptions } from './walk';

export interface DataStatusOptions {
  targets?: readonly string[];
  cwd?: string;
  granular: boolean;
  /** Include `unchanged` (the --unchanged flag). */
  unchanged: boolean;
  hashCache: HashCache;
}

export interface StatusDiff {
  modified?: string[];
  added?: string[];
  deleted?: string[];
  renamed?: { old: string; new: string }[];
  unchanged?: string[];
  unknown?: string[];
}

export interface DataStatus {
  not_in_cache?: string[];
  committed?: StatusDiff;
  uncommitted?: StatusDiff;
  unchanged?: string[];
}

type PathBucket = Exclude<keyof StatusDiff, 'renamed'>;

const BUCKETS: Record<Exclude<Change['typ'], 'rename'>, PathBucket> = {
  modify: 'modified',
  add: 'added',
  delete: 'deleted',
  unchanged: 'unchanged',
  unknown: 'unknown',
};

function shown(node: DataNode): string {
  const key = node.key.split('/').join(path.sep);
  return node.isDir ? `${key}${path.sep}` : key;
}

/** `_adapt_path`: the change's key, a folder (as the new side has it, else the old) with a separator. */
function changePath(change: Change): string {
  const node =
    change.typ === 'add' ? change.new : change.typ === 'delete' ? change.old : (change.old ?? change.new);
  const isDir = change.new ? change.new.isDir : (change.old?.isDir ?? false);
  const key = (node?.key ?? '').split('/').join(path.sep);
  return isDir ? `${key}${path.sep}` : key;
}

function changeKey(change: Change): string {
  if (change.typ === 'rename' || change.typ === 'add') return change.new?.key ?? '';
  if (change.typ === 'delete') return change.old?.key ?? '';
  return (change.old ?? change.new)?.key ?? '';
}

interface Summary {
  diff: StatusDiff;
  notInCache: string[];
}

function summarize(changes: readonly Change[], filters: readonly string[], cacheDir: string | null): Summary {
  const diff: StatusDiff = {};
  const notInCache: string[] = [];
  for (const change of changes) {
    const { typ, old, new: now } = change;
    if (filters.length > 0 && !filters.some((f) => isUnder(changeKey(change), f))) continue;
    if (typ === 'unchanged' && !old?.hash && !now?.hash) continue;
    if (typ === 'unknown' && !now) continue;
    if (cacheDir !== null && old?.hash && !cacheHas(cacheDir, old.hash)) notInCache.push(shown(old));
    if (typ !== 'rename') (diff[BUCKETS[typ]] ??= []).push(changePath(change));
    else if (old && now) (diff.renamed ??= []).push({ old: shown(old), new: shown(now) });
  }
  return { diff, notInCache };
}

const byCodePoint = compareCodePoints;

/** Lists sorted (DVC's own order follows Python's per-process string hashing) and empty ones dropped. */
function tidy(diff: StatusDiff): StatusDiff | undefined {
  const result: StatusDiff = {};
  for (const [name, list] of Object.entries(diff) as [keyof StatusDiff, unknown[]][]) {
    if (list.length === 0) continue;
    if (name === 'renamed')
      result.renamed = [...(diff.renamed ?? [])].sort((x, y) => byCodePoint(x.old, y.old));
    else result[name] = [...(diff[name] ?? [])].sort(byCodePoint);
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

async function headOuts(repo: DataRepo, root: string): Promise<TrackedOut[]> {
  let sha: string;
  try {
    sha = await repo.resolve('HEAD');
  } catch {
    return [];
  }
  return trackedOuts(await repo.treeAt(sha), root);
}

function compare(old: DataSide, now: DataSide, options: WalkOptions): Change[] {
  const roots = new Set([...old.outs.keys(), ...now.outs.keys()]);
  return detectRenames(walkChanges(old, now, roots, options));
}

export async function dataStatus(root: string, options: DataStatusOptions): Promise<DataStatus> {
  const filters = pruneKeys((options.targets ?? []).map((t) => targetKey(root, options.cwd ?? root, t)));
  const keep =
    filters.length === 0
      ? undefined
      : (key: string) => filters.some((f) => isUnder(key, f) || isUnder(f, key));
  const repo = new DataRepo(root);
  try {
    const cacheDir = cacheDirOf(root);
    const recorded = await trackedOuts(workspaceTree(root), root);
    const head = committedSide(await headOuts(repo, root), cacheDir);
    const index = committedSide(recorded, cacheDir);
    const workspace = workspaceSide(root, recorded, options.hashCache, keep);
    const walk: WalkOptions = { hashOnly: true, shallow: !options.granular, withUnchanged: true, keep };
    const uncommitted = summarize(compare(index, workspace, walk), filters, cacheDir);
    const committed = summarize(compare(head, index, walk), filters, null);
    const committedUnchanged = new Set(committed.diff.unchanged ?? []);
    const unchanged = (uncommitted.diff.unchanged ?? []).filter((p) => committedUnchanged.has(p));
    delete uncommitted.diff.unchanged;
    delete committed.diff.unchanged;
    const status: DataStatus = {};
    if (uncommitted.notInCache.length > 0)
      status.not_in_cache = [...uncommitted.notInCache].sort(byCodePoint);
    const committedDiff = tidy(committed.diff);
    if (committedDiff) status.committed = committedDiff;
    const uncommittedDiff = tidy(uncommitted.diff);
    if (uncommittedDiff) status.uncommitted = uncommittedDiff;
    if (options.unchanged && unchanged.length > 0)
      status.unchanged = [...new Set(unchanged)].sort(byCodePoint);
    return status;
  } finally {
    repo.close();
  }
}
