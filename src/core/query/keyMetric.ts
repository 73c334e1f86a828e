// The one metric shown next to each run, and how its value is printed.
//
// The key metric rule (README "Key metric"): the user's `mlopsLens.keyMetric` setting wins when any
// run has that metric. Otherwise only metrics that at least half as many runs have as the most
// widespread metric are considered, and among them:
//   1. never a counter or schedule value (`epoch`, `step`, `best_iteration`, `stopped_iteration`,
//      `global_step`, `lr`, `x/lr0`, `momentum` …), and never a value copied from a params file
//      (a DVC metrics file that is a hyperparameter file, such as YOLOv5's `hyp.yaml` copy, or a
//      metric named like one of the run's params) — these say nothing about the model's quality;
//   2. quality metrics first: evaluation scores (rmse, mAP, accuracy, f1, auc, mae, r2, mse,
//      precision, recall, iou, dice, bleu …) before losses (loss, cross-entropy, log loss, nll …);
//   3. within one kind, validation/test (`val_`, `validation-`, `test/`, `eval.` …) before
//      unprefixed names, and those before training (`train_`, `training/` …);
//   4. then the kind's rank in QUALITY_KINDS; ties by the natural order of the names.
//   Without any quality metric: the remaining metric most runs have (ties by natural order).
// Names are split into words (`nameParts`: `val_binary_crossentropy` → val, binary, crossentropy;
// `metrics/mAP_0.5` → metrics, map, 0, 5) and matched word by word, case-insensitively.

import type { Run } from '../model';
import { naturalCompare } from './numbers';

/**
 * Kinds of quality metric, most preferred first: evaluation scores, then losses (QUALITY_GROUP).
 * Each kind lists the name words that mean it.
 */
const QUALITY_KINDS: readonly (readonly [kind: string, words: readonly string[]])[] = [
  ['rmse', ['rmse']],
  ['map', ['map', 'map50', 'map5095', 'map75']],
  ['accuracy', ['accuracy', 'acc', 'top1']],
  ['f1', ['f1', 'f1score', 'fscore', 'fbeta']],
  ['auc', ['auc', 'rocauc', 'auroc', 'prauc', 'auprc']],
  ['mae', ['mae']],
  ['r2', ['r2']],
  ['mse', ['mse']],
  ['error', ['mape', 'smape', 'rmsle', 'msle', 'medae', 'error', 'err', 'wer', 'cer']],
  ['precision', ['precision', 'prec']],
  ['recall', ['recall', 'sensitivity', 'specificity']],
  ['overlap', ['iou', 'miou', 'jaccard', 'dice', 'bleu', 'rouge', 'meteor', 'psnr', 'ssim', 'ndcg', 'mrr']],
  ['score', ['score']],
  ['loss', ['loss', 'losses', 'crossentropy', 'logloss', 'xent', 'nll', 'hinge', 'perplexity', 'ppl']],
];
/** Kinds from here on are losses: ranked after every evaluation score. */
const FIRST_LOSS_KIND = QUALITY_KINDS.findIndex(([kind]) => kind === 'loss');
const KIND_OF_WORD = new Map(QUALITY_KINDS.flatMap(([, words], rank) => words.map((w) => [w, rank])));

const VALIDATION_WORDS = new Set([
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
const TRAINING_WORDS = new Set(['train', 'training', 'trn']);

/** Words of counters and schedule values: never the key metric (unless a quality word is there too). */
const COUNTER_WORDS = new Set([
  'epoch',
  'epochs',
  'step',
  'steps',
  'iteration',
  'iterations',
  'iter',
  'iters',
  'batch',
  'batches',
  'lr',
  'learning',
  'momentum',
  'warmup',
  'timestamp',
]);
/** `lr0`, `lr1`, `lr_pg0` (YOLO's parameter groups) as one word. */
const COUNTER_WORD = /^lr(?:pg)?\d*$/;

/** A DVC metrics file that is a hyperparameter file (YOLOv5 copies hyp.yaml and opt.yaml beside its results). */
const PARAMS_FILE = /(?:^|\/)(?:hyp[^/]*|h?params|hyperparams?|opt|args|config|cfg)\.(?:ya?ml|json|toml)$/i;
/** DVC's `file:key` column names: the file part. */
const FILE_PREFIX = /^.*\.(?:ya?ml|json|toml|py|csv|tsv):/i;

/** Lower-case words of a metric name, split at anything not a letter or digit. */
export function metricWords(key: string): string[] {
  return key
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

interface Rank {
  /** 0: evaluation score, 1: loss, 2: other metric (fallback). */
  group: number;
  /** 0: validation or test, 1: neither, 2: training. */
  role: number;
  kind: number;
}

/** How good a key metric `key` makes; undefined when it must never be one. */
export function keyMetricRank(key: string): Rank | undefined {
  const words = metricWords(key);
  const kinds = words.map((w) => KIND_OF_WORD.get(w)).filter((k): k is number => k !== undefined);
  const role = words.some((w) => VALIDATION_WORDS.has(w))
    ? 0
    : words.some((w) => TRAINING_WORDS.has(w))
      ? 2
      : 1;
  if (kinds.length === 0) {
    const counter = words.some((w) => COUNTER_WORDS.has(w) || COUNTER_WORD.test(w));
    return counter ? undefined : { group: 2, role, kind: QUALITY_KINDS.length };
  }
  const kind = Math.min(...kinds);
  return { group: kind >= FIRST_LOSS_KIND ? 1 : 0, role, kind };
}

/** The name without DVC's `file:` prefix. */
function leafName(key: string): string {
  return key.replace(FILE_PREFIX, '');
}

/**
 * A metric that only repeats a param: read from a hyperparameter file (DVC metrics files named like
 * `hyp.yaml`), or named like one of the run's params.
 */
export function isParamEcho(run: Pick<Run, 'params' | 'metricSources'>, key: string): boolean {
  const file = run.metricSources?.[key];
  if (file !== undefined && PARAMS_FILE.test(file)) return true;
  const leaf = leafName(key);
  return Object.keys(run.params).some((param) => leafName(param) === leaf);
}

function compareRanks(a: Rank, b: Rank): number {
  return a.group - b.group || a.role - b.role || a.kind - b.kind;
}

/**
 * The metric to show in each run's description (see the rule at the top of this file); `preferred`
 * (the setting) when any run has it. Undefined when no run has a metric that may be the key one.
 */
export function pickKeyMetric(runs: readonly Run[], preferred?: string): string | undefined {
  const counts = new Map<string, number>();
  const echoes = new Set<string>();
  for (const run of runs) {
    for (const key of Object.keys(run.metrics)) {
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (isParamEcho(run, key)) echoes.add(key);
    }
  }
  if (preferred !== undefined && counts.has(preferred)) return preferred;
  const candidates = new Map<string, { count: number; rank: Rank }>();
  for (const [key, count] of counts) {
    const rank = echoes.has(key) ? undefined : keyMetricRank(key);
    if (rank) candidates.set(key, { count, rank });
  }
  if (candidates.size === 0) return undefined;
  const most = Math.max(...[...candidates.values()].map((c) => c.count));
  const widespread = [...candidates].filter(([, c]) => c.count * 2 >= most);
  const quality = widespread.filter(([, c]) => c.rank.group < 2);
  if (quality.length > 0)
    return quality.sort(([ka, a], [kb, b]) => compareRanks(a.rank, b.rank) || naturalCompare(ka, kb))[0][0];
  const mostCommon = [...candidates].filter(([, c]) => c.count === most).map(([key]) => key);
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
