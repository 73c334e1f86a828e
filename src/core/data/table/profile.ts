// Column profiles as pandas computes them (describe, nunique, value_counts) and histograms of both
// versions over shared bins, the bins numpy.histogram_bin_edges(…, bins="sturges") gives for the
// two versions' values together (the binning Evidently's PSI and Jensen-Shannon tests use).
import type { Column } from './column';
import { sortNumbers } from './sort';
import type { CategoryProfile, NumberProfile, SharedHistogram } from './types';

/**
 * Above this many values a number column's order statistics (quartiles, distinct count, histogram,
 * drift) come from an even sample of about this many rows (every k-th row); count, nulls, mean,
 * std, min and max stay exact (one pass), and the summary says the rest is approximate.
 */
export const MAX_SORTED_VALUES = 200_000;

const sortedCache = new WeakMap<Column, Float64Array>();

/** The column's present values (every `step`-th row's), sorted (numbers only). */
function presentSorted(column: Column, step: number): Float64Array {
  const values = column.numbers!;
  const out = new Float64Array(Math.ceil(values.length / step));
  let n = 0;
  for (let i = 0; i < values.length; i += step) if (values[i] === values[i]) out[n++] = values[i];
  return sortNumbers(out.subarray(0, n));
}

/** Every present value, sorted; computed once per column. */
export function sortedValues(column: Column): Float64Array {
  const known = sortedCache.get(column);
  if (known) return known;
  const sorted = presentSorted(column, 1);
  sortedCache.set(column, sorted);
  return sorted;
}

/** The values order statistics are taken from: all, or an even sample above MAX_SORTED_VALUES. */
export function orderSample(column: Column): { sorted: Float64Array; sampled: boolean } {
  const present = column.length - column.nulls;
  if (present <= MAX_SORTED_VALUES) return { sorted: sortedValues(column), sampled: false };
  return { sorted: presentSorted(column, Math.ceil(column.length / MAX_SORTED_VALUES)), sampled: true };
}

/** numpy's linear quantile (method "linear", its lerp that is exact at both ends). */
export function quantile(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const t = position - below;
  const a = sorted[below];
  const b = sorted[Math.min(below + 1, sorted.length - 1)];
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

export function distinctSorted(sorted: Float64Array): number {
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  return distinct;
}

/** Count, sum (in row order), min and max of the present values: from the reader when it knows them. */
function presentMoments(column: Column): { count: number; sum: number; min: number; max: number } {
  if (column.moments) return { count: column.length - column.nulls, ...column.moments };
  const values = column.numbers!;
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value !== value) continue;
    count++;
    sum += value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return { count, sum, min, max };
}

/** pandas' describe, nunique and isna; `sorted` is every present value or an even sample of them. */
export function numberProfile(column: Column, sorted: Float64Array): NumberProfile {
  const values = column.numbers!;
  const { count, sum, min, max } = presentMoments(column);
  const mean = count > 0 ? sum / count : null;
  let squares = 0;
  if (mean !== null) {
    for (let i = 0; i < values.length; i++) {
      const deviation = values[i] - mean;
      if (deviation === deviation) squares += deviation * deviation;
    }
  }
  const has = sorted.length > 0;
  return {
    kind: 'number',
    count,
    nulls: column.length - count,
    distinct: distinctSorted(sorted),
    mean,
    std: count > 1 ? Math.sqrt(squares / (count - 1)) : null,
    min: count > 0 ? min : null,
    q25: has ? quantile(sorted, 0.25) : null,
    q50: has ? quantile(sorted, 0.5) : null,
    q75: has ? quantile(sorted, 0.75) : null,
    max: count > 0 ? max : null,
  };
}

/** Each present value's count (a coded column), by text. */
export function categoryCounts(column: Column): Map<string, number> {
  const byCode = new Float64Array(column.dictionary.length);
  for (const code of column.codes!) if (code >= 0) byCode[code]++;
  const counts = new Map<string, number>();
  column.dictionary.forEach((text, code) => {
    if (byCode[code] > 0) counts.set(text, byCode[code]);
  });
  return counts;
}

function byCountThenValue(a: [string, number], b: [string, number]): number {
  return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}

export function categoryProfile(column: Column, counts: Map<string, number>): CategoryProfile {
  const top = [...counts].sort(byCountThenValue).slice(0, 10);
  return {
    kind: 'category',
    count: column.length - column.nulls,
    nulls: column.nulls,
    distinct: counts.size,
    top: top.map(([value, count]) => ({ value, count })),
  };
}

/** numpy.histogram_bin_edges(concatenate([a, b]), bins="sturges"). */
export function sturgesEdges(a: Float64Array, b: Float64Array): Float64Array {
  const size = a.length + b.length;
  let first = Math.min(a[0] ?? Infinity, b[0] ?? Infinity);
  let last = Math.max(a[a.length - 1] ?? -Infinity, b[b.length - 1] ?? -Infinity);
  const width = (last - first) / (Math.log2(size) + 1);
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const bins = width > 0 ? Math.ceil((last - first) / width) : 1;
  return linspace(first, last, bins + 1);
}

/** numpy.linspace(start, stop, num) with its endpoint set exactly. */
function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  const step = (stop - start) / (num - 1);
  for (let i = 0; i < num; i++) out[i] = i * step + start;
  out[num - 1] = stop;
  return out;
}

/** Index of the first element not below `value` (side "left") or above it (side "right"). */
export function searchSorted(sorted: Float64Array, value: number, right: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (right ? sorted[mid] <= value : sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** numpy.histogram(values, edges): [e_k, e_k+1) for each bin, the last one closed. */
export function histogramCounts(sorted: Float64Array, edges: Float64Array): number[] {
  const cumulative = Array.from(edges, (edge, k) => searchSorted(sorted, edge, k === edges.length - 1));
  return cumulative.slice(1).map((value, k) => value - cumulative[k]);
}

function edgeLabel(value: number): string {
  return String(Number(value.toPrecision(6)));
}

export function numberHistogram(a: Float64Array, b: Float64Array): SharedHistogram | null {
  if (a.length + b.length === 0) return null;
  const edges = sturgesEdges(a, b);
  const bins: string[] = [];
  for (let k = 0; k + 1 < edges.length; k++) {
    const close = k + 2 === edges.length ? ']' : ')';
    bins.push(`[${edgeLabel(edges[k])}, ${edgeLabel(edges[k + 1])}${close}`);
  }
  return { bins, a: histogramCounts(a, edges), b: histogramCounts(b, edges) };
}

const SHOWN_CATEGORIES = 10;

export function categoryHistogram(a: Map<string, number>, b: Map<string, number>): SharedHistogram | null {
  const total = new Map(a);
  for (const [value, count] of b) total.set(value, (total.get(value) ?? 0) + count);
  if (total.size === 0) return null;
  const shown = [...total]
    .sort(byCountThenValue)
    .slice(0, SHOWN_CATEGORIES)
    .map(([value]) => value);
  const bins = [...shown];
  const countsOf = (side: Map<string, number>) => shown.map((value) => side.get(value) ?? 0);
  const histogram = { bins, a: countsOf(a), b: countsOf(b) };
  if (total.size > shown.length) {
    const sum = (side: Map<string, number>) => [...side.values()].reduce((x, y) => x + y, 0);
    bins.push('(other)');
    histogram.a.push(sum(a) - histogram.a.reduce((x, y) => x + y, 0));
    histogram.b.push(sum(b) - histogram.b.reduce((x, y) => x + y, 0));
  }
  return histogram;
}
