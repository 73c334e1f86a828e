// `dvc exp show` rows as runs. Column names follow DVC's table (dvc/repo/experiments/show.py):
// a param or metric is shown by its dotted name, or as `<file>:<name>` when that name occurs in more
// than one file (or clashes with one of the table's own headers).
import * as path from 'node:path';
import type { Experiment, Problem, Run, RunStatus, StoreSnapshot, TypedValue } from '../../model';
import { flattenMetrics, notAMappingReason } from '../dvc/values/metricsFile';
import { flattenParams, isMapping } from '../dvc/values/paramsFile';
import { runValueFields, type TypedMetric } from '../dvc/values/runValues';
import type { ExpRow } from './experiments';
import type { FileResult, RevisionData } from './revision';

const TABLE_HEADERS = ['Experiment', 'rev', 'typ', 'Created', 'parent', 'State', 'Executor'];

type Section = 'params' | 'metrics';

/** File → flattened keys, in first-seen order, over every row (`_collect_names`). */
function collectNames(rows: readonly ExpRow[], section: Section): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>();
  for (const row of rows) {
    for (const [file, result] of Object.entries(row.data[section])) {
      // `_collect_names`: a file holding no mapping has no column.
      if (!isMapping(result.data)) continue;
      const keys = names.get(file) ?? new Set<string>();
      for (const key of Object.keys(flatten(section, result.data))) keys.add(key);
      names.set(file, keys);
    }
  }
  return names;
}

function flatten(section: Section, data: Record<string, unknown>): Record<string, TypedValue> {
  return section === 'params' ? flattenParams(data) : flattenMetrics(data);
}

/** `_normalize_headers`: the display name of each (file, key). */
export function displayNames(rows: readonly ExpRow[]): Record<Section, Map<string, Map<string, string>>> {
  const params = collectNames(rows, 'params');
  const metrics = collectNames(rows, 'metrics');
  const count = new Map<string, number>();
  for (const keys of [...metrics.values(), ...params.values()])
    for (const key of keys) count.set(key, (count.get(key) ?? 0) + 1);
  for (const header of TABLE_HEADERS) count.set(header, (count.get(header) ?? 0) + 1);
  const shown = (names: Map<string, Set<string>>): Map<string, Map<string, string>> =>
    new Map(
      [...names].map(([file, keys]) => [
        file,
        new Map([...keys].map((key) => [key, count.get(key) === 1 ? key : `${file}:${key}`])),
      ]),
    );
  return { params: shown(params), metrics: shown(metrics) };
}

export function dvcSnapshot(
  root: string,
  rows: readonly ExpRow[],
  workspaceRunning: boolean,
  problems: Problem[] = [],
): StoreSnapshot {
  const names = displayNames(rows);
  const experiments = new Map<string, Experiment>();
  const runs: Run[] = [];
  for (const row of rows) {
    if (!experiments.has(row.baseline))
      experiments.set(row.baseline, {
        source: 'dvc',
        store: root,
        id: row.baseline,
        name: row.baselineName || 'workspace',
        lifecycle: 'active',
        artifactLocation: null,
        tags: {},
      });
    runs.push(rowToRun(root, row, names, workspaceStatus(rows, row, workspaceRunning)));
  }
  return {
    source: 'dvc',
    store: root,
    experiments: [...experiments.values()],
    runs,
    problems: [...problems, ...rowProblems(root, rows)],
  };
}

/**
 * A commit's and an experiment's rows are finished. The workspace is RUNNING while a run goes on in
 * it, else MODIFIED or UNMODIFIED: MODIFIED when Git sees a tracked file changed, or when what
 * `dvc exp show` shows for it (params and metrics files, or the error) differs from its HEAD
 * commit's row (metrics are often DVC outputs Git ignores).
 */
function workspaceStatus(rows: readonly ExpRow[], row: ExpRow, running: boolean): RunStatus {
  if (row.kind !== 'workspace') return 'FINISHED';
  if (running) return 'RUNNING';
  const head = rows.find((r) => r.kind === 'baseline' && r.rev === row.baseline);
  if (!head || row.trackedChanges) return 'MODIFIED';
  return canonicalJson(shownData(row.data)) === canonicalJson(shownData(head.data))
    ? 'UNMODIFIED'
    : 'MODIFIED';
}

function shownData(data: RevisionData): unknown {
  return { params: data.params, metrics: data.metrics, error: data.error ?? null };
}

/** JSON with mapping keys sorted: the workspace and Git list files in different orders. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * How a row is labelled: a baseline commit by its short sha and subject (its group already shows
 * the branch or tag DVC names it by); the workspace and experiments by DVC's name.
 */
function rowLabel(row: ExpRow): string {
  if (row.kind !== 'baseline') return row.name;
  const short = row.rev.slice(0, 7);
  return row.subject ? `${short} ${row.subject}` : short;
}

function rowToRun(root: string, row: ExpRow, names: ReturnType<typeof displayNames>, status: RunStatus): Run {
  const params: Record<string, TypedValue> = {};
  for (const [file, result] of Object.entries(row.data.params))
    for (const [key, value] of Object.entries(flattenOf('params', result)))
      params[names.params.get(file)?.get(key) ?? key] = value;
  const step = 0;
  const metrics: Record<string, TypedMetric> = {};
  const metricSources: Record<string, string> = {};
  for (const [file, result] of Object.entries(row.data.metrics))
    for (const [key, value] of Object.entries(flattenOf('metrics', result))) {
      const shown = names.metrics.get(file)?.get(key) ?? key;
      metricSources[shown] = file;
      metrics[shown] = {
        value,
        step: stepOf(result) ?? step,
        // The workspace's files carry no time: none rather than 1970-01-01.
        timestamp: row.time ?? undefined,
      };
    }
  const tags: Record<string, string> = { 'dvc.rev': row.rev, 'dvc.type': row.kind };
  if (row.baseline) tags['dvc.baseline'] = row.baseline;
  if (row.ref) tags['dvc.ref'] = row.ref;
  if (row.kind === 'baseline') tags['dvc.name'] = row.name;
  if (row.subject) tags['dvc.subject'] = row.subject;
  return {
    source: 'dvc',
    store: root,
    experimentId: row.baseline,
    experimentName: row.baselineName || 'workspace',
    id: row.rev,
    name: rowLabel(row),
    status,
    lifecycle: 'active',
    parentId: row.kind === 'experiment' ? row.baseline : null,
    startTime: row.time,
    endTime: row.time,
    ...runValueFields(params, metrics),
    metricSources,
    tags,
    artifactUri: null,
    runDir: row.kind === 'workspace' ? root : null,
    datasets: [],
    outputModelIds: [],
  };
}

function flattenOf(section: Section, result: FileResult): Record<string, TypedValue> {
  return isMapping(result.data) ? flatten(section, result.data) : {};
}

/** DVCLive summaries carry the step their values belong to. */
function stepOf(result: FileResult): number | null {
  const step = isMapping(result.data) ? result.data.step : undefined;
  return typeof step === 'number' && Number.isFinite(step) ? step : null;
}

/** Files DVC could not read at a revision, reported once per file and reason. */
function rowProblems(root: string, rows: readonly ExpRow[]): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const row of rows) {
    const where = row.rev === 'workspace' ? 'workspace' : row.rev.slice(0, 7);
    const add = (file: string, reason: string): void => {
      const key = `${file}\u0000${reason}`;
      if (seen.has(key)) return;
      seen.add(key);
      problems.push({ path: path.join(root, ...file.split('/')), reason: `${reason} (${where})` });
    };
    if (row.data.error) add(row.data.errorFile ?? 'dvc.yaml', row.data.error);
    for (const section of ['params', 'metrics'] as const) {
      for (const [file, result] of Object.entries(row.data[section])) {
        if (result.error && !result.error.endsWith('no such file')) add(file, result.error);
        else if ('data' in result && !isMapping(result.data)) add(file, notAMappingReason(file, result.data));
      }
    }
  }
  return problems;
}
