// A TensorBoard log folder as a store: as TensorBoard counts runs, every folder below it that holds
// event files is one run, named by its path relative to the log folder (nested folders are runs of
// their own). One experiment per log folder, named after it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MetricPoint, Problem, Run, StoreSnapshot, TypedValue } from '../../model';
import { runValueFields, type TypedMetric } from '../dvc/values/runValues';
import { readEventFileSummary, scanProblems, type EventFileSummary } from './eventFile';

export interface TensorboardRunState {
  /** Event file names in the order TensorBoard reads them (by name), with what was read of each. */
  files: Record<string, EventFileSummary>;
}

export interface TensorboardEntry {
  kind: 'tensorboard';
  snapshot: StoreSnapshot;
  /** By run folder, relative to the store with "/" separators. */
  runs: Record<string, TensorboardRunState>;
}

/** TensorBoard's own test (io_wrapper.IsTensorFlowEventsFile): "tfevents" in the file name. */
export function isEventFileName(name: string): boolean {
  return name.includes('tfevents');
}

/** Folders never searched for runs (a virtualenv's or a package's own test logs are not the user's runs). */
export const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__']);
const MAX_DEPTH = 12;

export function eventFileNames(entries: readonly fs.Dirent[]): string[] {
  return entries
    .filter((e) => e.isFile() && isEventFileName(e.name))
    .map((e) => e.name)
    .sort();
}

/** Every run folder below the store (relative, "/"-separated) with its event file names. */
function findRunFolders(store: string, problems: Problem[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const walk = (dir: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: dir, reason: `cannot list: ${(error as Error).message}` });
      return;
    }
    const files = eventFileNames(entries);
    if (files.length > 0) found.set(path.relative(store, dir).split(path.sep).join('/') || '.', files);
    if (depth >= MAX_DEPTH) return;
    for (const entry of entries)
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.'))
        walk(path.join(dir, entry.name), depth + 1);
  };
  walk(store, 0);
  return found;
}

/** Reads the store; event files that did not change since `previous` are reused as they are. */
export function readTensorboardStore(store: string, previous?: TensorboardEntry): TensorboardEntry {
  const listing: Problem[] = [];
  const runs: Record<string, TensorboardRunState> = {};
  let changed = !previous;
  const folders = findRunFolders(store, listing);
  for (const [relative, names] of folders) {
    const before = previous?.runs[relative];
    const files: Record<string, EventFileSummary> = {};
    for (const name of names) {
      const file = path.join(store, ...relative.split('/'), name);
      files[name] = readEventFileSummary(file, before?.files[name]);
      changed ||= files[name] !== before?.files[name];
    }
    changed ||= !before || Object.keys(before.files).length !== names.length;
    runs[relative] = { files };
  }
  changed ||= listing.length > 0 || Object.keys(previous?.runs ?? {}).length !== folders.size;
  if (previous && !changed) return previous;
  return { kind: 'tensorboard', runs, snapshot: tensorboardSnapshot(store, runs, listing) };
}

function tensorboardSnapshot(
  store: string,
  states: Record<string, TensorboardRunState>,
  listing: Problem[],
): StoreSnapshot {
  const name = path.basename(store);
  const runs = Object.entries(states)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([relative, state]) => tensorboardRun(store, relative, state));
  const problems = [
    ...listing,
    ...Object.values(states).flatMap((s) => Object.values(s.files).flatMap(scanProblems)),
  ];
  const experiments =
    runs.length === 0
      ? []
      : [
          {
            source: 'tensorboard' as const,
            store,
            id: name,
            name,
            lifecycle: 'active' as const,
            artifactLocation: null,
            tags: {},
          },
        ];
  return { source: 'tensorboard', store, experiments, runs, problems };
}

export function runFolderOf(store: string, relative: string): string {
  return relative === '.' ? store : path.join(store, ...relative.split('/'));
}

function tensorboardRun(store: string, relative: string, state: TensorboardRunState): Run {
  const files = Object.keys(state.files).sort();
  const metrics: Record<string, TypedMetric> = {};
  const params: Record<string, TypedValue> = {};
  let first: number | null = null;
  let last: number | null = null;
  for (const name of files) {
    const summary = state.files[name];
    Object.assign(params, summary.hparams);
    for (const [tag, point] of Object.entries(summary.last)) laterPoint(metrics, tag, point);
    if (summary.firstWallTime !== null) first = Math.min(first ?? Infinity, summary.firstWallTime);
    if (summary.lastWallTime !== null) last = Math.max(last ?? 0, summary.lastWallTime);
  }
  const id = relative === '.' ? path.basename(store) : relative;
  const experiment = path.basename(store);
  return {
    source: 'tensorboard',
    store,
    experimentId: experiment,
    experimentName: experiment,
    id,
    name: id,
    // TensorBoard records no run state: a log folder is shown as finished.
    status: 'FINISHED',
    lifecycle: 'active',
    parentId: null,
    startTime: first === null ? null : first * 1000,
    endTime: last === null ? null : last * 1000,
    ...runValueFields(params, metrics),
    tags: { 'tensorboard.event_files': String(files.length) },
    artifactUri: null,
    runDir: runFolderOf(store, relative),
    datasets: [],
    outputModelIds: [],
  };
}

function laterPoint(metrics: Record<string, TypedMetric>, tag: string, point: MetricPoint): void {
  const known = metrics[tag];
  if (!known || point.step >= known.step)
    metrics[tag] = { value: point.value, step: point.step, timestamp: point.timestamp };
}

/** The run's event files, in the order TensorBoard reads them. */
export function runEventFiles(run: Run): string[] {
  if (!run.runDir) return [];
  try {
    return eventFileNames(fs.readdirSync(run.runDir, { withFileTypes: true })).map((n) =>
      path.join(run.runDir ?? '', n),
    );
  } catch {
    return [];
  }
}
