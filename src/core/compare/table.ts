// The params/metrics/tags comparison table: keys as rows, runs as columns, with the "only
// differences" filter and the best metric values marked.
import type { Run } from '../model';
import { bestIndexes, metricDirection, type Direction, type DirectionOverrides } from './best';

export type RowSection = 'param' | 'metric' | 'tag';

export interface CompareRow {
  section: RowSection;
  key: string;
  /** One cell per run, in the runs' order; null where the run has no such key. */
  cells: (string | null)[];
  /** Metric rows: the latest value per run (may be NaN or ±Infinity). */
  values: (number | null)[] | null;
  /** False when every run has the same value (a key missing from some runs is a difference). */
  differs: boolean;
  /** Metric rows: how the best value was chosen, and which runs have it. */
  direction: Direction | null;
  best: number[];
}

/** Tags that are not worth a row: the run name is the column header; model history is a JSON blob. */
const HIDDEN_TAGS = new Set(['mlflow.runName', 'mlflow.log-model.history']);

/** Full-precision text of a metric value; NaN and infinities spelled as MLflow spells them. */
export function metricText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return String(value);
}

/** True unless every value is present and equal. A single run differs from nothing. */
export function valuesDiffer(values: readonly (string | null | undefined)[]): boolean {
  if (values.length < 2) return false;
  const first = values[0];
  if (first === null || first === undefined) return values.some((v) => v !== null && v !== undefined);
  return values.some((v) => v !== first);
}

function sortedKeys(records: readonly Record<string, unknown>[], keep: (key: string) => boolean): string[] {
  const keys = new Set<string>();
  for (const record of records) for (const key of Object.keys(record)) if (keep(key)) keys.add(key);
  return [...keys].sort((a, b) => (a === b ? 0 : a < b ? -1 : 1));
}

function textRow(section: RowSection, key: string, cells: (string | null)[]): CompareRow {
  return { section, key, cells, values: null, differs: valuesDiffer(cells), direction: null, best: [] };
}

function metricRow(runs: readonly Run[], key: string, overrides: DirectionOverrides): CompareRow {
  const values = runs.map((run) => (run.metrics[key] ? run.metrics[key].value : null));
  const cells = values.map((v) => (v === null ? null : metricText(v)));
  const direction = metricDirection(key, overrides);
  return {
    section: 'metric',
    key,
    cells,
    values,
    differs: valuesDiffer(cells),
    direction,
    best: bestIndexes(values, direction),
  };
}

/** Params, then metrics, then tags; keys sorted within each; one cell per run. */
export function buildCompareRows(runs: readonly Run[], overrides: DirectionOverrides = {}): CompareRow[] {
  const own = (record: Record<string, string>, key: string): string | null =>
    Object.prototype.hasOwnProperty.call(record, key) ? (record[key] ?? null) : null;
  const params = sortedKeys(
    runs.map((r) => r.params),
    () => true,
  ).map((key) =>
    textRow(
      'param',
      key,
      runs.map((r) => own(r.params, key)),
    ),
  );
  const metrics = sortedKeys(
    runs.map((r) => r.metrics),
    () => true,
  ).map((key) => metricRow(runs, key, overrides));
  const tags = sortedKeys(
    runs.map((r) => r.tags),
    (key) => !HIDDEN_TAGS.has(key),
  ).map((key) =>
    textRow(
      'tag',
      key,
      runs.map((r) => own(r.tags, key)),
    ),
  );
  return [...params, ...metrics, ...tags];
}

export function filterRows(rows: readonly CompareRow[], onlyDifferences: boolean): CompareRow[] {
  return onlyDifferences ? rows.filter((row) => row.differs) : [...rows];
}
