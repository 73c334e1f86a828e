// Charts grouped by their metric's prefix (`train/`, `eval/`, `val_`, `test.` …), as W&B and
// TensorBoard group them: one collapsible section per prefix, so 38 charts are not one grid.

/** Prefixes written with `_`, `.` or `-` that name a data split or phase (any prefix before `/` counts). */
const SPLITS = new Set([
  'train',
  'training',
  'val',
  'valid',
  'validation',
  'test',
  'testing',
  'eval',
  'evaluation',
  'dev',
  'holdout',
]);

/** The group of a metric: the part before its first `/`, or a split prefix; '' for none. */
export function metricGroup(metric: string): string {
  const slash = metric.indexOf('/');
  if (slash > 0) return metric.slice(0, slash);
  const prefix = /^([A-Za-z]+)[_.-]./.exec(metric)?.[1];
  return prefix !== undefined && SPLITS.has(prefix.toLowerCase()) ? prefix : '';
}

export interface MetricGroup {
  /** '' for the metrics without a prefix. */
  name: string;
  metrics: string[];
}

/**
 * The metrics by group, in the order given within each group: ungrouped metrics first, then the
 * groups by name. Null when grouping would not help (fewer than two groups).
 */
export function groupMetrics(metrics: readonly string[]): MetricGroup[] | null {
  const groups = new Map<string, string[]>();
  for (const metric of metrics) {
    const name = metricGroup(metric);
    const list = groups.get(name) ?? [];
    list.push(metric);
    groups.set(name, list);
  }
  if (groups.size < 2) return null;
  return [...groups]
    .sort(([a], [b]) => (a === b ? 0 : a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1))
    .map(([name, list]) => ({ name, metrics: list }));
}
