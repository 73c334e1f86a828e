// Drift of one column between version A (Evidently's "reference") and B ("current"), measured as
// Evidently's stat tests measure it, on the present values only (Evidently drops missing values):
//
// | measure                     | columns    | drifted when       | Evidently test     |
// |-----------------------------|------------|--------------------|--------------------|
// | Kolmogorov-Smirnov p-value  | numbers    | p-value ≤ 0.05     | ks                 |
// | PSI                         | numbers    | PSI ≥ 0.1          | psi                |
// | Wasserstein distance, normed| numbers    | distance ≥ 0.1     | wasserstein        |
// | chi-squared p-value         | categories | p-value < 0.05     | chisquare          |
// | Jensen-Shannon distance     | categories | distance ≥ 0.1     | jensenshannon      |
//
// The thresholds are Evidently's defaults. PSI and Jensen-Shannon use Evidently's binning: numbers
// with more than 20 distinct values in A over numpy's "sturges" bins of A and B together, else one
// bin per value; a bin empty on one side counts as a tiny share for PSI (Evidently's "feel zeroes").
// The Wasserstein distance is divided by A's standard deviation (ddof 0, at least 0.001). The
// chi-squared test compares B's counts with A's scaled to B's size (scipy.stats.chisquare).
import { histogramCounts, distinctSorted, sturgesEdges } from './profile';
import { chi2Sf, ksPValue } from './stats';
import type { DriftMeasure } from './types';

export const DRIFT_THRESHOLDS = {
  ks: 0.05,
  psi: 0.1,
  wasserstein: 0.1,
  chi2: 0.05,
  jensenshannon: 0.1,
} as const;

export interface DriftSide {
  sorted: Float64Array | null;
  counts: Map<string, number> | null;
}

/** scipy.stats.ks_2samp statistic: the largest gap between the two empirical CDFs. */
export function ksStatistic(a: Float64Array, b: Float64Array): number {
  let i = 0;
  let j = 0;
  let max = 0;
  let min = 0;
  while (i < a.length || j < b.length) {
    const value = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
    while (i < a.length && a[i] <= value) i++;
    while (j < b.length && b[j] <= value) j++;
    const diff = i / a.length - j / b.length;
    if (diff > max) max = diff;
    if (diff < min) min = diff;
  }
  return Math.max(max, Math.min(Math.max(-min, 0), 1));
}

/** scipy.stats.wasserstein_distance: the area between the two empirical CDFs. */
export function wasserstein(a: Float64Array, b: Float64Array): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  let previous = NaN;
  while (i < a.length || j < b.length) {
    const value = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
    if (previous === previous) {
      // Counts up to (and including) the previous value, over the gap to this one.
      sum += Math.abs(i / a.length - j / b.length) * (value - previous);
    }
    while (i < a.length && a[i] <= value) i++;
    while (j < b.length && b[j] <= value) j++;
    previous = value;
  }
  return sum;
}

function populationStd(sorted: Float64Array): number {
  let sum = 0;
  for (const value of sorted) sum += value;
  const mean = sum / sorted.length;
  let squares = 0;
  for (const value of sorted) squares += (value - mean) * (value - mean);
  return Math.sqrt(squares / sorted.length);
}

function valueCounts(sorted: Float64Array): Map<number, number> {
  const counts = new Map<number, number>();
  for (const value of sorted) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/** Evidently's get_binned_data: each side's share per bin (or per value). */
export function binnedShares(a: DriftSide, b: DriftSide, feelZeroes: boolean): [number[], number[]] {
  let countsA: number[];
  let countsB: number[];
  let sizeA: number;
  let sizeB: number;
  if (a.sorted && b.sorted && distinctSorted(a.sorted) > 20) {
    const edges = sturgesEdges(a.sorted, b.sorted);
    countsA = histogramCounts(a.sorted, edges);
    countsB = histogramCounts(b.sorted, edges);
    [sizeA, sizeB] = [a.sorted.length, b.sorted.length];
  } else {
    const mapA: Map<unknown, number> = a.sorted ? valueCounts(a.sorted) : a.counts!;
    const mapB: Map<unknown, number> = b.sorted ? valueCounts(b.sorted) : b.counts!;
    const keys = new Set([...mapA.keys(), ...mapB.keys()]);
    countsA = [...keys].map((key) => mapA.get(key) ?? 0);
    countsB = [...keys].map((key) => mapB.get(key) ?? 0);
    sizeA = countsA.reduce((x, y) => x + y, 0);
    sizeB = countsB.reduce((x, y) => x + y, 0);
  }
  const sharesA = countsA.map((count) => count / sizeA);
  const sharesB = countsB.map((count) => count / sizeB);
  if (feelZeroes) {
    fillZeroes(sharesA);
    fillZeroes(sharesB);
  }
  return [sharesA, sharesB];
}

function fillZeroes(shares: number[]): void {
  const smallest = Math.min(...shares.filter((share) => share !== 0));
  const fill = smallest <= 0.0001 ? smallest / 10 ** 6 : 0.0001;
  for (let k = 0; k < shares.length; k++) if (shares[k] === 0) shares[k] = fill;
}

export function psi(a: DriftSide, b: DriftSide): number {
  const [p, q] = binnedShares(a, b, true);
  let sum = 0;
  for (let k = 0; k < p.length; k++) sum += (p[k] - q[k]) * Math.log(p[k] / q[k]);
  return sum;
}

function relativeEntropy(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  return x === 0 && y >= 0 ? 0 : Infinity;
}

/** scipy.spatial.distance.jensenshannon of Evidently's binned shares (natural logarithm). */
export function jensenShannon(a: DriftSide, b: DriftSide): number {
  const [p0, q0] = binnedShares(a, b, false);
  const sumP = p0.reduce((x, y) => x + y, 0);
  const sumQ = q0.reduce((x, y) => x + y, 0);
  let left = 0;
  let right = 0;
  for (let k = 0; k < p0.length; k++) {
    const p = p0[k] / sumP;
    const q = q0[k] / sumQ;
    const m = (p + q) / 2;
    left += relativeEntropy(p, m);
    right += relativeEntropy(q, m);
  }
  return Math.sqrt((left + right) / 2);
}

/** Evidently's chisquare test: B's counts against A's scaled to B's size; null with one category. */
export function chiSquare(
  a: Map<string, number>,
  b: Map<string, number>,
): { statistic: number; pValue: number } | null {
  const keys = new Set([...a.keys(), ...b.keys()]);
  if (keys.size < 2) return null;
  const sizeA = [...a.values()].reduce((x, y) => x + y, 0);
  const sizeB = [...b.values()].reduce((x, y) => x + y, 0);
  const scale = sizeB / sizeA;
  let statistic = 0;
  for (const key of keys) {
    const expected = (a.get(key) ?? 0) * scale;
    const observed = b.get(key) ?? 0;
    statistic += ((observed - expected) * (observed - expected)) / expected;
  }
  return { statistic, pValue: statistic === Infinity ? 0 : chi2Sf(statistic, keys.size - 1) };
}

function measure(method: DriftMeasure['method'], value: number, pValue?: number): DriftMeasure {
  const threshold = DRIFT_THRESHOLDS[method];
  // Evidently: "ks" drifts at p ≤ threshold, "chisquare" at p < threshold, distances at ≥.
  const drifted =
    pValue === undefined ? value >= threshold : method === 'ks' ? pValue <= threshold : pValue < threshold;
  return pValue !== undefined
    ? { method, value, pValue, threshold, drifted }
    : { method, value, threshold, drifted };
}

/** The drift measures of one column present in both versions with the same kind of values. */
export function columnDrift(a: DriftSide, b: DriftSide): DriftMeasure[] {
  if (a.sorted && b.sorted) {
    if (a.sorted.length === 0 || b.sorted.length === 0) return [];
    const d = ksStatistic(a.sorted, b.sorted);
    const norm = Math.max(populationStd(a.sorted), 0.001);
    return [
      measure('ks', d, ksPValue(a.sorted.length, b.sorted.length, d)),
      measure('psi', psi(a, b)),
      measure('wasserstein', wasserstein(a.sorted, b.sorted) / norm),
    ];
  }
  if (a.counts && b.counts) {
    if (a.counts.size === 0 || b.counts.size === 0) return [];
    const chi = chiSquare(a.counts, b.counts);
    return [
      ...(chi ? [measure('chi2', chi.statistic, chi.pValue)] : []),
      measure('jensenshannon', jensenShannon(a, b)),
    ];
  }
  return [];
}
