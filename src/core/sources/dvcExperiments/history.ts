// Metric histories of DVC rows, from the DVCLive TSVs of that revision (the workspace on disk, a
// commit's tree in Git), so DVC experiments chart like MLflow runs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MetricPoint, Problem } from '../../model';
import { readDvcLiveHistory } from '../dvclive/folder';
import { diskTree, type FileTree } from '../dvclive/fileTree';
import { dvcLiveFolderAt, findDvcLiveFolders, historyForKey, type DvcLiveFolder } from '../dvclive/layout';
import type { ExpRow } from './experiments';
import { GitObjects } from './gitObjects';
import { BlobTexts, gitTree } from './gitTree';
import { displayNames } from './runs';

export interface HistoryResult {
  points: MetricPoint[];
  problems: Problem[];
}

/**
 * The history of metric `key` (as the run shows it: "train.loss" or "dvclive/metrics.json:train.loss")
 * of `row`, one of `rows` (the names depend on every row). Empty when no DVCLive TSV holds it.
 */
export async function dvcRowHistory(
  root: string,
  rows: readonly ExpRow[],
  row: ExpRow,
  key: string,
): Promise<HistoryResult> {
  const located = locateMetric(rows, row, key);
  const objects = row.kind === 'workspace' ? null : new GitObjects(root);
  try {
    const tree = objects ? await commitTree(objects, row.rev) : diskTree(root);
    if (!tree) return { points: [], problems: [] };
    const wanted = located?.key ?? key;
    const direct = await summaryFolders(tree, located?.file ?? null);
    const hit =
      direct.find((f) => historyForKey(f, wanted)) ??
      findDvcLiveFolders(await tree.list('')).find((f) => historyForKey(f, wanted));
    const file = hit ? historyForKey(hit, wanted) : null;
    if (hit && file) {
      const name = Object.keys(hit.histories).find((n) => hit.histories[n] === file) ?? '';
      // Rows without a timestamp column: the commit's time, or when the workspace file was written.
      const fallback = row.time ?? modifiedAt(path.join(root, ...file.split('/')));
      const result = await readDvcLiveHistory(tree, hit, name, fallback);
      const problems = result.problems.map((p) => ({ ...p, path: path.join(root, ...p.path.split('/')) }));
      return { points: result.points, problems };
    }
    return { points: [], problems: [] };
  } finally {
    objects?.close();
  }
}

async function commitTree(objects: GitObjects, sha: string): Promise<FileTree | null> {
  const commit = await objects.commit(sha);
  return commit ? gitTree(objects, new BlobTexts(objects), commit.tree) : null;
}

/** The metrics file and flattened key behind a display name. */
function locateMetric(
  rows: readonly ExpRow[],
  row: ExpRow,
  key: string,
): { file: string; key: string } | null {
  const names = displayNames(rows).metrics;
  for (const file of Object.keys(row.data.metrics)) {
    for (const [flat, shown] of names.get(file) ?? []) if (shown === key) return { file, key: flat };
  }
  return null;
}

/**
 * The DVCLive folder whose summary is the metrics file: its folder for 1.x and later, `<dir>.json`
 * → `<dir>` for 0.x. Other DVCLive folders of the tree are only searched when this one has no history.
 */
async function summaryFolders(tree: FileTree, metricsFile: string | null): Promise<DvcLiveFolder[]> {
  if (!metricsFile) return [];
  const folders: DvcLiveFolder[] = [];
  const dir = path.posix.dirname(metricsFile);
  for (const candidate of [dir === '.' ? '' : dir, metricsFile.replace(/\.json$/, '')]) {
    if (candidate === '') continue;
    const folder = await dvcLiveFolderAt(tree, candidate);
    if (folder && folder.summary === metricsFile) folders.push(folder);
  }
  return folders;
}

function modifiedAt(file: string): number {
  return Math.round(fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0);
}
