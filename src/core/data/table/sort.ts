// Sorting the values order statistics come from. A least-significant-digit radix sort on the high
// 32 bits of each double (sign, exponent and the top of the mantissa, made to order as unsigned
// integers) does in three linear passes what a comparison sort does in n·log n; values that share
// those 32 bits are then put in order among themselves (a run that is rarely long and usually is
// one repeated value). The order is Float64Array.sort's exactly (-0 before 0); no NaN.
/** Below this many values the built-in sort is as fast (the radix passes have a fixed cost). */
const RADIX_MIN = 20000;
// The keys are read through an Int32Array view of the doubles: word 2i + 1 is the high one.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const DIGITS = 2048;
const SHIFTS = [0, 11, 22];

/** Counts of each 11-bit digit of the keys, for the three passes at once. */
function digitCounts(keys: Int32Array): Int32Array {
  const counts = new Int32Array(DIGITS * 3);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    counts[key & 0x7ff]++;
    counts[DIGITS + ((key >>> 11) & 0x7ff)]++;
    counts[2 * DIGITS + (key >>> 22)]++;
  }
  return counts;
}

/** One stable pass by the 11-bit digit at `shift`, from keys/values into the spare arrays. */
function radixPass(
  keys: Int32Array,
  values: Float64Array,
  spareKeys: Int32Array,
  spareValues: Float64Array,
  counts: Int32Array,
  pass: number,
): void {
  const offset = pass * DIGITS;
  const shift = SHIFTS[pass];
  let total = 0;
  for (let d = 0; d < DIGITS; d++) {
    const count = counts[offset + d];
    counts[offset + d] = total;
    total += count;
  }
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const to = counts[offset + ((key >>> shift) & 0x7ff)]++;
    spareKeys[to] = key;
    spareValues[to] = values[i];
  }
}

/** Insertion sort of values[start, end): the runs are short. */
function insertionSort(values: Float64Array, start: number, end: number): void {
  for (let k = start + 1; k < end; k++) {
    const value = values[k];
    let at = k;
    while (at > start && values[at - 1] > value) {
      values[at] = values[at - 1];
      at--;
    }
    values[at] = value;
  }
}

/** Puts each run of values sharing one key in order (they are, unless their low bits differ). */
function orderRuns(keys: Int32Array, values: Float64Array): void {
  let start = 0;
  for (let i = 1; i <= keys.length; i++) {
    if (i < keys.length && keys[i] === keys[start]) continue;
    for (let k = start + 1; k < i; k++) {
      if (values[k] < values[k - 1]) {
        if (i - start <= 64) insertionSort(values, start, i);
        else values.subarray(start, i).sort();
        break;
      }
    }
    start = i;
  }
}

/** Sorts `values` (no NaN) in place, ascending, and returns it. */
export function sortNumbers(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < RADIX_MIN || !LITTLE_ENDIAN) return values.sort();
  const words = new Int32Array(values.buffer, values.byteOffset, n * 2);
  let keys = new Int32Array(n);
  // Negative numbers: every bit flipped (larger magnitude first); others: the sign bit set.
  for (let i = 0; i < n; i++) {
    const high = words[2 * i + 1];
    keys[i] = high ^ ((high >> 31) | 0x80000000);
  }
  const counts = digitCounts(keys);
  let current: Float64Array = values;
  let spareKeys = new Int32Array(n);
  let spareValues: Float64Array = new Float64Array(n);
  for (let pass = 0; pass < 3; pass++) {
    // A digit every key shares leaves the order as it is.
    if (counts[pass * DIGITS + ((keys[0] >>> SHIFTS[pass]) & 0x7ff)] === n) continue;
    radixPass(keys, current, spareKeys, spareValues, counts, pass);
    [keys, spareKeys] = [spareKeys, keys];
    [current, spareValues] = [spareValues, current];
  }
  if (current !== values) values.set(current);
  orderRuns(keys, values);
  return values;
}
