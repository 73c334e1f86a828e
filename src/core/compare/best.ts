// Which value of a metric is best: the smallest for losses and errors, the largest otherwise.
// The direction is guessed from the metric's name; users can override it per metric.

export type Direction = 'min' | 'max';
export type DirectionOverrides = Readonly<Record<string, Direction>>;

/**
 * Name parts of metrics that are minimised. A metric is minimised when one of its name parts (see
 * `nameParts`: `val_`, `test_`, `train/`, `eval.` … prefixes are simply other parts) is here, or
 * starts with one of MINIMISED_PREFIXES, or ends with one of MINIMISED_SUFFIXES; scikit-learn's
 * negated scorers (`neg_…`) are maximised again. Everything else is maximised.
 */
const MINIMISED = new Set([
  // losses and errors
  'loss',
  'losses',
  'error',
  'errors',
  'err',
  'rmse',
  'mse',
  'mae',
  'mape',
  'smape',
  'rmsle',
  'msle',
  'medae',
  'nll',
  'logloss',
  'crossentropy',
  'xent',
  'hinge',
  'brier',
  'ece',
  'wer',
  'cer',
  'ter',
  'bpd',
  'bpc',
  'perplexity',
  'ppl',
  // false positives / negatives, miss and false-alarm rates
  'fn',
  'fp',
  'fns',
  'fpr',
  'fnr',
  'fdr',
  'eer',
  'far',
  'frr',
  'miss',
  'misses',
  'missrate',
  'misclassified',
  'misclassification',
  // distances and divergences
  'distance',
  'divergence',
  'kl',
  'kld',
  'jsd',
  'fid',
  'cost',
  'regret',
  // time, latency, durations, sizes
  'latency',
  'duration',
  'runtime',
  'time',
  'seconds',
  'secs',
  'sec',
  'ms',
  'size',
  'bytes',
  'kb',
  'mb',
  'gb',
  'memory',
]);

/** Word starts that mark a minimised metric: `err`, `errs`, `error_rate`, `errors`. */
const MINIMISED_PREFIXES = ['err'];

/** Suffixes that mark a minimised metric even when written as one word (`trainloss`, `valerror`). */
const MINIMISED_SUFFIXES = ['loss', 'error', 'rmse', 'mse', 'mae', 'perplexity', 'crossentropy', 'latency'];

/** Two-word names (`cross_entropy`, `log_loss`, `false_positives`, `miss_rate`) joined into one part. */
const MINIMISED_PAIRS: readonly (readonly [string, RegExp])[] = [
  ['cross', /^entropy$/],
  ['log', /^loss$/],
  ['false', /^(positives?|negatives?|alarms?|rejects?|accepts?|discovery|omission)$/],
  ['miss', /^rates?$/],
  ['type', /^(i|ii|1|2)$/],
];

/** Splits `val_loss`, `valLoss`, `eval/loss.mean` into lower-case words. */
export function nameParts(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((part) => part !== '');
}

/**
 * Guesses whether smaller or larger is better from the metric's name. Scikit-learn's negated
 * scorers (`neg_mean_squared_error`) are maximised: the sign was flipped so that larger is better.
 */
export function guessDirection(key: string): Direction {
  const parts = nameParts(key);
  const minimised =
    parts.some(
      (part) =>
        MINIMISED.has(part) ||
        MINIMISED_PREFIXES.some((prefix) => part.startsWith(prefix)) ||
        MINIMISED_SUFFIXES.some((suffix) => part.endsWith(suffix)),
    ) ||
    parts.some((part, i) =>
      MINIMISED_PAIRS.some(([first, second]) => part === first && second.test(parts[i + 1] ?? '')),
    );
  if (!minimised) return 'max';
  return parts.includes('neg') || parts.includes('negative') ? 'max' : 'min';
}

export function metricDirection(key: string, overrides: DirectionOverrides): Direction {
  const override = Object.prototype.hasOwnProperty.call(overrides, key) ? overrides[key] : undefined;
  return override ?? guessDirection(key);
}

/**
 * Indexes of the best values (all of them when tied). Missing and non-finite values never win; no
 * index is returned when fewer than two runs have a finite value, since nothing was compared.
 */
export function bestIndexes(values: readonly (number | null | undefined)[], direction: Direction): number[] {
  let best: number | undefined;
  let finite = 0;
  for (const value of values) {
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    finite++;
    if (best === undefined || (direction === 'min' ? value < best : value > best)) best = value;
  }
  if (best === undefined || finite < 2) return [];
  const indexes: number[] = [];
  values.forEach((value, index) => {
    if (value === best) indexes.push(index);
  });
  return indexes;
}
