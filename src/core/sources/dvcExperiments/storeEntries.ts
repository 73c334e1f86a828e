// DVC repositories and DVCLive folders as index stores: reading them (commits reused from the
// previous read), deciding what a changed file means for them, their histories and JSON output.
import * as path from 'node:path';
import {
  numberToJson,
  type MetricPoint,
  type Problem,
  type Run,
  type StoreSnapshot,
  type TypedValue,
} from '../../model';
import { runToJson } from '../../runJson';
import { readDvcExperiments, readWorkspaceRow, workspaceRunning, type ExpRow } from './experiments';
import { dvcRowHistory } from './history';
import type { RevisionData } from './revision';
import { dvcSnapshot } from './runs';
import { dvcLiveRunHistory, readDvcLiveStore } from '../dvclive/store';
import { isInside } from '../paths';

export interface DvcRepoEntry {
  kind: 'dvc';
  snapshot: StoreSnapshot;
  /** The rows as read (workspace first); their data is what the snapshot and histories come from. */
  rows: ExpRow[];
  /** The baselines' depth the rows were read with. */
  depth: number;
  /** Repo-relative dvc.yaml files (and sub-repo markers) discovery saw in the workspace. */
  files?: string[];
}

export interface DvcLiveEntry {
  kind: 'dvclive';
  snapshot: StoreSnapshot;
  /** Absolute DVCLive folders of this store. */
  folders: string[];
}

export const DEFAULT_EXPERIMENT_DEPTH = 20;

/** Reads a DVC repo; commit data from `previous` is reused (a commit never changes). */
export async function readDvcRepo(
  root: string,
  previous: DvcRepoEntry | undefined,
  depth: number,
  files: string[] | undefined = previous?.files,
): Promise<DvcRepoEntry> {
  const revisions = new Map<string, RevisionData>();
  for (const row of previous?.rows ?? []) if (row.kind !== 'workspace') revisions.set(row.rev, row.data);
  const previousRows = previous?.depth === depth ? previous.rows : [];
  try {
    const read = await readDvcExperiments(root, { depth, revisions, previousRows, workspaceFiles: files });
    const snapshot = dvcSnapshot(root, read.rows, read.workspaceRunning);
    return { kind: 'dvc', rows: read.rows, depth, files, snapshot };
  } catch (error) {
    const problems: Problem[] = [{ path: root, reason: `cannot read the DVC experiments: ${String(error)}` }];
    return { kind: 'dvc', rows: [], depth, files, snapshot: dvcSnapshot(root, [], false, problems) };
  }
}

/** Only the workspace changed: its row is read again, the commits' rows are kept. */
export async function rereadDvcWorkspace(root: string, entry: DvcRepoEntry): Promise<DvcRepoEntry> {
  const [old, ...commits] = entry.rows;
  if (!old || old.kind !== 'workspace') return readDvcRepo(root, entry, entry.depth);
  const rows = [await readWorkspaceRow(root, old.baseline, old.baselineName, entry.files), ...commits];
  return { ...entry, rows, snapshot: dvcSnapshot(root, rows, workspaceRunning(root)) };
}

export async function readDvcLiveGroup(store: string, folders: readonly string[]): Promise<DvcLiveEntry> {
  return { kind: 'dvclive', snapshot: await readDvcLiveStore(store, folders), folders: [...folders] };
}

/** What a changed path means for a DVC repo: nothing, its workspace row, or its list of revisions. */
export function dvcChangeScope(changed: string, root: string): 'none' | 'workspace' | 'revisions' {
  if (!isInside(changed, root)) return 'none';
  const relative = path.relative(root, path.resolve(changed)).split(path.sep).join('/');
  if (relative.startsWith('.git/')) return relative.startsWith('.git/objects/') ? 'none' : 'revisions';
  if (relative === '.git') return 'revisions';
  if (relative.startsWith('.dvc/')) return relative.startsWith('.dvc/tmp/exps/run') ? 'workspace' : 'none';
  // `.dvc` files too: one DVC cannot load empties the workspace row.
  return /\.(?:ya?ml|json|toml|py|tsv|csv|lock|dvc)$/i.test(relative) ? 'workspace' : 'none';
}

/**
 * DVCLive folders outside every pipeline: those in no DVC repo. Inside a repo the folder's values
 * come with the repo's rows (DVC reads the summary when a dvc.yaml declares it, and histories are
 * looked up in every DVCLive folder of the revision), so a separate run would show them twice.
 */
export function outsidePipelines(folders: readonly string[], repos: readonly DvcRepoEntry[]): string[] {
  return folders.filter((folder) => !repos.some((r) => isInside(folder, r.snapshot.store)));
}

export async function dvcHistory(
  entry: DvcRepoEntry | DvcLiveEntry,
  run: Run,
  key: string,
): Promise<{ points: MetricPoint[]; problems: Problem[] }> {
  if (entry.kind === 'dvclive') return dvcLiveRunHistory(run, key);
  const row = entry.rows.find((r) => r.rev === run.id);
  if (!row) return { points: [], problems: [] };
  return dvcRowHistory(entry.snapshot.store, entry.rows, row, key);
}

/**
 * `runs --json` for DVC and DVCLive runs: params and metrics typed, as `dvc exp show --json` has
 * them (lists stay lists); NaN and infinities as the strings the rest of the output uses.
 */
export function encodeTypedRun(run: Run): string {
  return JSON.stringify({
    ...runToJson(run),
    params: typedJson(run.paramValues ?? run.params),
    metrics: typedJson(run.metricValues ?? {}),
  });
}

function typedJson(values: Record<string, TypedValue>): Record<string, unknown> {
  const encoded: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) encoded[key] = typedValueJson(value);
  return encoded;
}

function typedValueJson(value: TypedValue): unknown {
  if (typeof value === 'number') return numberToJson(value);
  if (Array.isArray(value)) return value.map(typedValueJson);
  if (value !== null && typeof value === 'object') return typedJson(value);
  return value;
}
