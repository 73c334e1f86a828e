// A `wandb/` folder as a store: its run folders as runs, grouped by W&B project (the experiments).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Experiment, MetricPoint, Problem, Run, StoreSnapshot } from '../../model';
import { wandbMetricHistory } from './history';
import { logFileOf, readRunFolder, RUN_FOLDER, wandbRun, type WandbRunState } from './runFolder';

export interface WandbEntry {
  kind: 'wandb';
  snapshot: StoreSnapshot;
  /** Each run folder's log state by folder name: a log that grew is read on from its last record. */
  runs: Record<string, WandbRunState>;
}

/** Whether a folder holds W&B run folders (`run-*` / `offline-run-*` with a `run-<id>.wandb`). */
export function isWandbFolder(dir: string, entries: readonly fs.Dirent[]): boolean {
  return entries.some(
    (e) => e.isDirectory() && RUN_FOLDER.test(e.name) && logFileOf(path.join(dir, e.name)) !== null,
  );
}

function runFolders(store: string): string[] {
  return fs
    .readdirSync(store, { withFileTypes: true })
    .filter((e) => e.isDirectory() && RUN_FOLDER.test(e.name))
    .map((e) => e.name)
    .sort();
}

/** Reads the store; run folders whose log did not change since `previous` are reused as they are. */
export function readWandbStore(store: string, previous?: WandbEntry): WandbEntry {
  const runs: Record<string, WandbRunState> = {};
  let changed = !previous;
  for (const name of runFolders(store)) {
    const before = previous?.runs[name];
    const now = readRunFolder(path.join(store, name), before);
    runs[name] = now;
    changed ||= now.state !== before?.state;
  }
  if (previous && !changed && Object.keys(previous.runs).length === Object.keys(runs).length) return previous;
  return { kind: 'wandb', runs, snapshot: wandbSnapshot(store, runs) };
}

function wandbSnapshot(store: string, states: Record<string, WandbRunState>): StoreSnapshot {
  const runs: Run[] = [];
  const problems: Problem[] = [];
  const projects = new Map<string, Experiment>();
  for (const folder of Object.values(states)) {
    const read = wandbRun(store, folder);
    runs.push(read.run);
    problems.push(...read.problems);
    const project = read.run.experimentId;
    if (!projects.has(project))
      projects.set(project, {
        source: 'wandb',
        store,
        id: project,
        name: project,
        lifecycle: 'active',
        artifactLocation: null,
        tags: {},
      });
  }
  const experiments = [...projects.values()].sort((a, b) => a.name.localeCompare(b.name));
  return { source: 'wandb', store, experiments, runs, problems };
}

export function wandbHistory(run: Run, key: string): { points: MetricPoint[]; problems: Problem[] } {
  const log = run.runDir ? logFileOf(run.runDir) : null;
  return log ? wandbMetricHistory(log, key) : { points: [], problems: [] };
}
