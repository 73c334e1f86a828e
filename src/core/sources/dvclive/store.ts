// DVCLive folders outside any DVC pipeline, as runs: one run per folder, grouped by the folder that
// holds them (e.g. `results/` with `fold_0/`, `fold_1/`), which is the store.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Experiment, MetricPoint, Problem, Run, StoreSnapshot } from '../../model';
import { runValueFields } from '../dvc/values/runValues';
import { diskTree } from './fileTree';
import { dvcLiveFolderAt, type DvcLiveFolder } from './layout';
import { readDvcLiveHistory, readDvcLiveValues } from './folder';

/** Reads DVCLive folders (absolute paths) that share the parent folder `store`. */
export async function readDvcLiveStore(store: string, folders: readonly string[]): Promise<StoreSnapshot> {
  const experiment: Experiment = {
    source: 'dvclive',
    store,
    id: store,
    name: path.basename(store) || store,
    lifecycle: 'active',
    artifactLocation: null,
    tags: {},
  };
  const runs: Run[] = [];
  const problems: Problem[] = [];
  const tree = diskTree(store);
  for (const folderPath of [...folders].sort()) {
    const relative = path.relative(store, folderPath).split(path.sep).join('/');
    const folder = await dvcLiveFolderAt(tree, relative);
    if (!folder) {
      problems.push({ path: folderPath, reason: 'no DVCLive output found in this folder any more' });
      continue;
    }
    const { run, problems: folderProblems } = await readDvcLiveRun(store, folder);
    runs.push(run);
    problems.push(...folderProblems.map((p) => ({ ...p, path: path.join(store, ...p.path.split('/')) })));
  }
  return { source: 'dvclive', store, experiments: [experiment], runs, problems };
}

async function readDvcLiveRun(
  store: string,
  folder: DvcLiveFolder,
): Promise<{ run: Run; problems: Problem[] }> {
  const runDir = path.join(store, ...folder.dir.split('/'));
  const times = fileTimes(store, folder);
  const values = await readDvcLiveValues(diskTree(store), folder, times.last);
  const run: Run = {
    source: 'dvclive',
    store,
    experimentId: store,
    experimentName: path.basename(store) || store,
    id: folder.dir,
    name: folder.dir,
    status: 'FINISHED',
    lifecycle: 'active',
    parentId: null,
    startTime: times.first,
    endTime: times.last,
    ...runValueFields(values.params, values.metrics),
    tags: { 'dvclive.layout': folder.layout },
    artifactUri: null,
    runDir,
    datasets: [],
    outputModelIds: [],
  };
  return { run, problems: values.problems };
}

/** First and last modification of the folder's files: when logging started and last wrote. */
function fileTimes(store: string, folder: DvcLiveFolder): { first: number; last: number } {
  const files = [folder.summary, folder.params, ...Object.values(folder.histories)].filter(
    (f): f is string => f !== null,
  );
  let first = Infinity;
  let last = 0;
  for (const file of files) {
    const stat = fs.statSync(path.join(store, ...file.split('/')), { throwIfNoEntry: false });
    if (!stat) continue;
    first = Math.min(first, stat.birthtimeMs || stat.mtimeMs, stat.mtimeMs);
    last = Math.max(last, stat.mtimeMs);
  }
  return { first: Number.isFinite(first) ? Math.round(first) : 0, last: Math.round(last) };
}

/** A DVCLive run's history of one metric, by its logged name ("train/loss"). */
export async function dvcLiveRunHistory(
  run: Run,
  key: string,
): Promise<{ points: MetricPoint[]; problems: Problem[] }> {
  const folder = await dvcLiveFolderAt(diskTree(run.store), run.id);
  if (!folder) return { points: [], problems: [] };
  return readDvcLiveHistory(diskTree(run.store), folder, key, run.endTime ?? 0);
}
