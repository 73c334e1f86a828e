// Axes for the scatter plot and the parallel coordinates: any param or metric as numbers, with
// text params (optimizer names, booleans) placed on a categorical axis.
import type { Run } from '../model';

export type AxisSource = 'param' | 'metric';

export interface AxisData {
  /** `param:<key>` or `metric:<key>`: stable across snapshots, used for the saved choice. */
  id: string;
  source: AxisSource;
  key: string;
  /** Present when the values are text: value i of a run is the index of its category. */
  categories: string[] | null;
  /** One per run, in the runs' order; null where the run has no value (or a non-finite one). */
  values: (number | null)[];
}

export function axisId(source: AxisSource, key: string): string {
  return `${source}:${key}`;
}

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** A param's number, when the whole text is one (MLflow stores params as text). */
export function numericParam(text: string): number | undefined {
  return NUMERIC.test(text) ? Number(text) : undefined;
}

function paramAxis(runs: readonly Run[], key: string): AxisData {
  const texts = runs.map((run) =>
    Object.prototype.hasOwnProperty.call(run.params, key) ? (run.params[key] ?? null) : null,
  );
  const present = texts.filter((t): t is string => t !== null);
  const allNumeric = present.every((t) => numericParam(t) !== undefined);
  if (allNumeric) {
    const values = texts.map((t) => (t === null ? null : (numericParam(t) ?? null)));
    return { id: axisId('param', key), source: 'param', key, categories: null, values };
  }
  const categories = [...new Set(present)].sort((a, b) => (a === b ? 0 : a < b ? -1 : 1));
  const values = texts.map((t) => (t === null ? null : categories.indexOf(t)));
  return { id: axisId('param', key), source: 'param', key, categories, values };
}

function metricAxis(runs: readonly Run[], key: string): AxisData {
  const values = runs.map((run) => {
    const value = run.metrics[key]?.value;
    return value !== undefined && Number.isFinite(value) ? value : null;
  });
  return { id: axisId('metric', key), source: 'metric', key, categories: null, values };
}

/** Every param and metric of the runs as an axis: params first, keys sorted. */
export function buildAxes(runs: readonly Run[]): AxisData[] {
  const keys = (pick: (run: Run) => Record<string, unknown>): string[] =>
    [...new Set(runs.flatMap((run) => Object.keys(pick(run))))].sort((a, b) =>
      a === b ? 0 : a < b ? -1 : 1,
    );
  return [
    ...keys((run) => run.params).map((key) => paramAxis(runs, key)),
    ...keys((run) => run.metrics).map((key) => metricAxis(runs, key)),
  ];
}

/**
 * Axes worth showing in the parallel coordinates by default: those where the runs differ,
 * params before metrics, at most `limit`.
 */
export function defaultPcpAxes(axes: readonly AxisData[], limit = 8): string[] {
  const varying = axes.filter((axis) => {
    const present = axis.values.filter((v): v is number => v !== null);
    return present.length >= 2 && present.some((v) => v !== present[0]);
  });
  return varying.slice(0, limit).map((axis) => axis.id);
}
