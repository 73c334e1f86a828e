// Largest-Triangle-Three-Buckets over typed arrays, before any point object exists: a chart never
// holds more than a few thousand points per line, however long the history (chart.js's own LTTB
// decimation then fits them to the canvas width). Gaps (non-finite values) are kept as gaps.

/**
 * Points per line handed to chart.js, at most (TensorBoard draws 1,000 too); a zoomed-in view is
 * sampled again over its own range, so detail appears as one zooms in.
 */
export const MAX_CHART_POINTS = 1000;

/**
 * Fewer for narrow charts: one point per pixel of width, as chart.js's own LTTB decimation
 * samples by default, draws every visible wiggle.
 */
export function pointBudget(widthPx: number): number {
  const budget = Math.ceil(widthPx);
  return Math.min(MAX_CHART_POINTS, Math.max(200, Number.isFinite(budget) ? budget : MAX_CHART_POINTS));
}

/** First index in [0, n) whose x is >= `value` (x ascending). */
export function lowerBound(x: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = x.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in [0, n) whose x is > `value`. */
export function upperBound(x: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = x.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index range that covers [min, max] plus one point on each side, so lines reach the edges. */
export function visibleRange(x: ArrayLike<number>, min: number, max: number): [number, number] {
  const start = Math.max(0, lowerBound(x, min) - 1);
  const end = Math.min(x.length, upperBound(x, max) + 1);
  return [start, Math.max(start, end)];
}

/** Values a chart can draw: finite, and above zero on a logarithmic axis. */
export function drawable(value: number, positiveOnly: boolean): boolean {
  return Number.isFinite(value) && !(positiveOnly && value <= 0);
}

function bucketAverage(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  from: number,
  to: number,
  positiveOnly: boolean,
) {
  let sx = 0;
  let sy = 0;
  let count = 0;
  for (let j = from; j < to; j++) {
    const v = y[j]!;
    if (!drawable(v, positiveOnly)) continue;
    sx += x[j]!;
    sy += v;
    count++;
  }
  return count === 0 ? undefined : { x: sx / count, y: sy / count };
}

/**
 * Indexes (ascending) of at most about `threshold` points of [start, end) that keep the line's
 * shape (LTTB). All indexes when the range is small enough. A bucket with a value that cannot be
 * drawn (see `drawable`) also contributes that value's index, so that the gap survives.
 */
export function lttbIndexes(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  start: number,
  end: number,
  threshold: number,
  positiveOnly = false,
): number[] {
  const n = end - start;
  if (n <= threshold || threshold < 3) return Array.from({ length: Math.max(0, n) }, (_, i) => start + i);
  const out: number[] = [start];
  const every = (n - 2) / (threshold - 2);
  let a = start;
  for (let i = 0; i < threshold - 2; i++) {
    const from = start + Math.floor(i * every) + 1;
    const to = start + Math.floor((i + 1) * every) + 1;
    const next = bucketAverage(
      x,
      y,
      to,
      Math.min(start + Math.floor((i + 2) * every) + 1, end),
      positiveOnly,
    );
    const ax = x[a]!;
    const ay = drawable(y[a]!, positiveOnly) ? y[a]! : 0;
    const nx = next?.x ?? x[Math.min(to, end - 1)]!;
    const ny = next?.y ?? ay;
    let picked = -1;
    let gap = -1;
    let maxArea = -1;
    for (let j = from; j < to; j++) {
      const v = y[j]!;
      if (!drawable(v, positiveOnly)) {
        if (gap < 0) gap = j;
        continue;
      }
      const area = Math.abs((ax - nx) * (v - ay) - (ax - x[j]!) * (ny - ay));
      if (area > maxArea) {
        maxArea = area;
        picked = j;
      }
    }
    if (gap >= 0 && (picked < 0 || gap < picked)) out.push(gap);
    if (picked >= 0) {
      out.push(picked);
      a = picked;
    }
    if (gap > picked && picked >= 0) out.push(gap);
  }
  out.push(end - 1);
  return out;
}
