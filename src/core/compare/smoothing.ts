// Exponential moving average as TensorBoard draws it: debiased, so that the first points are not
// pulled towards zero, and with non-finite values passed through (they are gaps, not data).

/** The largest weight accepted: at 1 the average would never move. */
export const MAX_SMOOTHING = 0.999;

export function clampSmoothing(weight: number): number {
  if (!Number.isFinite(weight) || weight <= 0) return 0;
  return Math.min(weight, MAX_SMOOTHING);
}

/**
 * Smooths `values` with weight `weight` in [0, 1). Follows TensorBoard's scalar dashboard:
 * `last = last * w + (1 - w) * value`, divided by `1 - w^n` (n = finite values so far); NaN and
 * infinities are kept as they are and do not enter the average; a constant series is left as is
 * (the debiasing would otherwise add rounding noise to a flat line).
 */
export function emaSmooth(values: ArrayLike<number>, weight: number): Float64Array {
  const w = clampSmoothing(weight);
  const out = new Float64Array(values.length);
  if (values.length === 0) return out;
  const first = values[0];
  let constant = true;
  for (let i = 1; i < values.length && constant; i++) constant = Object.is(values[i], first);
  let last = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (constant || w === 0 || !Number.isFinite(value)) {
      out[i] = value;
      continue;
    }
    last = last * w + (1 - w) * value;
    count++;
    out[i] = last / (1 - Math.pow(w, count));
  }
  return out;
}
