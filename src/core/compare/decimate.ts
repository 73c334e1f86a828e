// Thins a long aligned history before it is sent to a webview: a run that logged a million values
// must not become 24 MB of typed arrays per message. Each bucket of consecutive points keeps its
// first and last point, its lowest and highest value, and its first value that cannot be drawn
// (NaN, ±Infinity), so the drawn line keeps every peak, the y range stays exact, and gaps survive.
import type { AlignedSeries } from './align';

/** Points per history sent to a webview at most; the chart samples again to its width. */
export const MAX_SENT_POINTS = 20_000;

function pickBucket(y: Float64Array, from: number, to: number, out: number[]): void {
  let low = -1;
  let high = -1;
  let gap = -1;
  for (let i = from; i < to; i++) {
    const value = y[i]!;
    if (!Number.isFinite(value)) {
      if (gap < 0) gap = i;
      continue;
    }
    if (low < 0 || value < y[low]!) low = i;
    if (high < 0 || value > y[high]!) high = i;
  }
  const picked = new Set([from, to - 1, low, high, gap].filter((i) => i >= 0));
  out.push(...[...picked].sort((a, b) => a - b));
}

/** Indexes of the points kept: all of them when there are at most `limit`, else ≤ `limit`, ascending. */
export function decimationIndexes(y: Float64Array, limit = MAX_SENT_POINTS): number[] {
  const n = y.length;
  if (n <= limit) return Array.from({ length: n }, (_, i) => i);
  const buckets = Math.max(1, Math.floor(limit / 5));
  const out: number[] = [];
  for (let b = 0; b < buckets; b++) {
    pickBucket(y, Math.floor((b * n) / buckets), Math.floor(((b + 1) * n) / buckets), out);
  }
  return out;
}

/** The series itself when short enough, else the points `decimationIndexes` keeps. */
export function decimateSeries(series: AlignedSeries, limit = MAX_SENT_POINTS): AlignedSeries {
  if (series.x.length <= limit) return series;
  const kept = decimationIndexes(series.y, limit);
  const pick = (values: Float64Array): Float64Array => Float64Array.from(kept, (i) => values[i]!);
  return { x: pick(series.x), y: pick(series.y), step: pick(series.step) };
}
