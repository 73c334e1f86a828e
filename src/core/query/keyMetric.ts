// The one metric shown next to each run, and how its value is printed.

import type { Run } from '../model';
import { naturalCompare } from './numbers';

/** Names people usually mean by "the" metric, most preferred first (matched case-insensitively). */
export const COMMON_METRIC_NAMES: readonly string[] = [
  'rmse',
  'loss',
  'val_loss',
  'accuracy',
  'acc',
  'f1',
  'auc',
  'mae',
  'r2',
];

/**
 * The metric to show in each run's description:
 * - `preferred`, if any run has it;
 * - else the most preferred common name (rmse, loss, val_loss, ...) among the metrics that at
 *   least half as many runs have as the most widespread metric, so a common name logged by
 *   a few stray runs does not leave most descriptions empty;
 * - else the metric most runs have, ties broken alphabetically.
 * Undefined when no run has a metric.
 */
export function pickKeyMetric(runs: readonly Run[], preferred?: string): string | undefined {
  const counts = new Map<string, number>();
  for (const run of runs) {
    for (const key of Object.keys(run.metrics)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  if (preferred !== undefined && counts.has(preferred)) return preferred;
  if (counts.size === 0) return undefined;
  const most = Math.max(...counts.values());
  const widespread = [...counts].filter(([, count]) => count * 2 >= most).map(([key]) => key);
  let best: { key: string; rank: number } | undefined;
  for (const key of widespread) {
    const rank = COMMON_METRIC_NAMES.indexOf(key.toLowerCase());
    if (rank >= 0 && (best === undefined || rank < best.rank)) best = { key, rank };
  }
  if (best !== undefined) return best.key;
  const mostCommon = [...counts].filter(([, count]) => count === most).map(([key]) => key);
  return mostCommon.sort(naturalCompare)[0];
}

/**
 * A compact metric value: "NaN", "∞", "-∞"; integers as they are (up to 1e15); otherwise up
 * to 4 significant digits ("0.1235", "12.35", "1235"), whole numbers from 1000 on ("12346"),
 * and exponent notation below 1e-4 or from 1e15 on ("1.235e-7", "2e+20").
 */
export function formatMetricValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '-∞';
  if (v === 0) return '0';
  const magnitude = Math.abs(v);
  if (magnitude >= 1e15 || magnitude < 1e-4) return exponent(v);
  if (Number.isInteger(v)) return String(v);
  if (magnitude >= 1000) return String(Math.round(v));
  return String(Number(v.toPrecision(4)));
}

function exponent(v: number): string {
  // "1.230e-7" -> "1.23e-7", "2.000e+20" -> "2e+20".
  return v.toExponential(3).replace(/\.?0+e/, 'e');
}
