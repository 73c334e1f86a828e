// Benchmark of the inline providers' core (what each hover, inlay-hint and CodeLens request runs):
// a generated 2,000-line training script (MLflow, DVCLive, wandb, Lightning and TensorBoard calls,
// f-string prefixes included) against 500 generated runs (20 metrics, 10 params each), and a
// generated dvc.yaml of 100 stages against two recorded sides. Prints the first (cold) request and
// the p50/p95 of warm ones (per-version cache warm), and after a run-index change.
// Target: p95 ≤ 20 ms per request. Usage: node --import tsx bench/inline-providers/bench.ts [--out FILE]
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  dataChange,
  describeChange,
  describeStageOuts,
  type RecordedPath,
} from '../../src/core/inline/code/dataChange';
import { scanDvcFile, type DvcFileScan } from '../../src/core/inline/code/dvcPaths';
import { TrainingCache, type DocumentRef } from '../../src/core/inline/code/trainingCache';
import { callAt, hintText } from '../../src/core/inline/code/trainingCode';
import { VersionCache } from '../../src/core/inline/versionCache';
import { sparklineDataUri } from '../../src/core/inline/sparkline';
import type { Run } from '../../src/core/model';
import { formatMetricValue } from '../../src/core/query/keyMetric';

const METRICS = Array.from({ length: 20 }, (_, i) =>
  i < 5 ? ['rmse', 'mae', 'r2', 'loss', 'acc'][i] : `val_m${i}`,
);
const PARAMS = Array.from({ length: 10 }, (_, i) => `p${i}`);
const format = (v: number | string) => (typeof v === 'number' ? formatMetricValue(v) : v);

function makeRuns(count: number): Run[] {
  return Array.from({ length: count }, (_, i): Run => ({
    source: 'mlflow-file',
    store: '/ws/mlruns',
    experimentId: String(i % 10),
    experimentName: `exp${i % 10}`,
    id: `run${i}`.padEnd(32, '0'),
    name: `run-${i}`,
    status: 'FINISHED',
    lifecycle: 'active',
    parentId: null,
    startTime: 1_700_000_000_000 + i * 60_000,
    endTime: null,
    params: Object.fromEntries(PARAMS.map((p, j) => [p, String(i * j)])),
    metrics: Object.fromEntries(
      METRICS.map((m, j) => [m, { step: 99, timestamp: 1, value: Math.sin(i + j) }]),
    ),
    tags: {},
    artifactUri: null,
    runDir: null,
    datasets: [],
    outputModelIds: [],
  }));
}

/** ~2,000 lines: imports, a Lightning module, loops logging through each library, filler code. */
function makeScript(lines: number): string {
  const out = [
    'import mlflow',
    'import wandb',
    'from dvclive import Live',
    'from torch.utils.tensorboard import SummaryWriter',
    'import lightning as L',
    '',
    'class Model(L.LightningModule):',
    '    def training_step(self, batch, idx):',
    '        self.log("loss", 1.0)',
    '        self.log_dict({"acc": 0.5, "val_m7": 0.1})',
    '        return 1',
    '',
    'def train(cfg):',
    '    writer = SummaryWriter()',
    '    run = wandb.init(config={"p1": 1})',
    '    with Live() as live, mlflow.start_run():',
  ];
  let i = 0;
  while (out.length < lines - 2) {
    const m = METRICS[i % METRICS.length];
    const p = PARAMS[i % PARAMS.length];
    switch (i % 8) {
      case 0:
        out.push(`        mlflow.log_metric("${m}", value_${i}, step=step)`);
        break;
      case 1:
        out.push(`        mlflow.log_metrics({"${m}": a, "${METRICS[(i + 1) % 20]}": b})`);
        break;
      case 2:
        out.push(`        live.log_metric("${m}", value_${i})`);
        break;
      case 3:
        out.push(`        mlflow.log_param("${p}", cfg.${p})`);
        break;
      case 4:
        out.push(`        wandb.log({"${m}": value_${i}})`);
        break;
      case 5:
        out.push(`        writer.add_scalar("${m}", value_${i}, step)`);
        break;
      case 6:
        out.push(`        mlflow.log_metric(f"val_{name}_${i}", v)`);
        break;
      default:
        out.push(`        live.log_params({"${p}": cfg.${p}})`);
    }
    for (let k = 0; k < 9 && out.length < lines - 2; k++)
      out.push(`        x_${i}_${k} = compute(x, ${k}) * 0.5  # filler`);
    i++;
  }
  out.push('', 'train(None)');
  return out.join('\n');
}

function makeDvcYaml(stages: number): {
  text: string;
  now: Map<string, RecordedPath>;
  base: Map<string, RecordedPath>;
} {
  const lines = ['stages:'];
  const now = new Map<string, RecordedPath>();
  const base = new Map<string, RecordedPath>();
  for (let s = 0; s < stages; s++) {
    lines.push(
      `  stage${s}:`,
      `    cmd: python step${s}.py`,
      '    deps:',
      `    - step${s}.py`,
      `    - data/in${s}.csv`,
      '    outs:',
      `    - out/${s}.pkl`,
      `    - metrics${s}.json:`,
      '        cache: false',
    );
    for (const key of [`data/in${s}.csv`, `out/${s}.pkl`, `step${s}.py`]) {
      const hash = (v: number) => ({ name: 'md5', value: `${key}${v}`.padEnd(32, '0') });
      base.set(key, { hash: hash(0), isDir: false, size: 1000 + s });
      now.set(key, { hash: hash(s % 3 === 0 ? 1 : 0), isDir: false, size: 1200 + s });
    }
  }
  return { text: lines.join('\n'), now, base };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(
  reps: number,
  work: (i: number) => unknown,
): Promise<{ p50: number; p95: number; max: number }> {
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    await work(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const r = (n: number) => Math.round(n * 100) / 100;
  return { p50: r(percentile(times, 50)), p95: r(percentile(times, 95)), max: r(times[times.length - 1]) };
}

async function time(work: () => unknown): Promise<number> {
  const start = performance.now();
  await work();
  return Math.round((performance.now() - start) * 100) / 100;
}

const REPS = 300;
const script = makeScript(2000);
const runs = makeRuns(500);
const history = Array.from({ length: 1000 }, (_, i) => Math.exp(-i / 200) + 0.05 * Math.sin(i));
const cache = new TrainingCache({ runs: () => runs });
const doc: DocumentRef = { uri: 'file:///ws/train.py', version: 1, folder: '/ws', text: () => script };
const options = { runCount: 5 };
const scriptLines = script.split('\n');

/** An inlay-hint request over a screen of 60 lines starting at `top`. */
async function inlayHints(top: number): Promise<string[]> {
  return (await cache.callValues(doc, options))
    .filter((v) => v.call.callRange.end.line >= top && v.call.callRange.end.line < top + 60)
    .map((v) => hintText(v, format));
}

/** A hover on the key literal of the n-th logging call (values, and the sparkline of 1,000 points). */
async function hover(n: number): Promise<number> {
  const values = await cache.callValues(doc, options);
  const target = values[n % values.length].call.range.start;
  const found = callAt(values, target.line, target.character + 1);
  if (!found) throw new Error('no call at a call’s key');
  return (sparklineDataUri(history) ?? '').length + found.summaries.length;
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = {};
  results.script = { lines: scriptLines.length, calls: 0, runs: runs.length };
  results.coldInlayHints = await time(() => inlayHints(0));
  (results.script as { calls: number }).calls = (await cache.callValues(doc, options)).length;
  results.warmInlayHints = await measure(REPS, (i) => inlayHints((i * 37) % 1940));
  results.warmHover = await measure(REPS, (i) => hover(i));
  cache.runsChanged();
  results.hoverAfterIndexChange = await time(() => hover(0));
  results.afterIndexChange = await measure(50, (i) => {
    cache.runsChanged();
    return inlayHints((i * 37) % 1940);
  });
  doc.version = 2;
  results.afterEdit = await time(() => inlayHints(0));

  const yaml = makeDvcYaml(100);
  const scans = new VersionCache<DvcFileScan>(10);
  const lens = (version: number) => {
    const scan = scans.get('dvc.yaml', version, () => scanDvcFile(yaml.text, 'dvc.yaml', ''));
    return scan.stages.map((stage) => {
      const outs = stage.outs.map((k) => dataChange('/nowhere', yaml.now.get(k), yaml.base.get(k)));
      const deps = stage.deps.some(
        (k) => dataChange('/nowhere', yaml.now.get(k), yaml.base.get(k)).kind !== 'unchanged',
      );
      return `${describeStageOuts(outs)}${deps ? ' · deps changed' : ''}`;
    });
  };
  results.dvcYaml = { stages: 100, lines: yaml.text.split('\n').length };
  results.coldCodeLens = await time(() => lens(1));
  results.codeLensAfterEdit = await time(() => lens(2));
  results.warmCodeLens = await measure(REPS, () => lens(1));
  results.warmDataHover = await measure(REPS, (i) => {
    const scan = scans.get('dvc.yaml', 1, () => scanDvcFile(yaml.text, 'dvc.yaml', ''));
    const entry = scan.paths[i % scan.paths.length];
    describeChange(dataChange('/nowhere', yaml.now.get(entry.key), yaml.base.get(entry.key)));
  });

  const failed = ['warmInlayHints', 'warmHover', 'warmCodeLens', 'warmDataHover'].filter(
    (k) => (results[k] as { p95: number }).p95 > 20,
  );
  results.verdict =
    failed.length === 0 ? 'p95 ≤ 20 ms for every warm request' : `over 20 ms: ${failed.join(', ')}`;
  console.log(JSON.stringify(results, null, 2));
  const outAt = process.argv.indexOf('--out');
  if (outAt > 0) {
    fs.mkdirSync(path.dirname(process.argv[outAt + 1]), { recursive: true });
    fs.writeFileSync(process.argv[outAt + 1], JSON.stringify(results, null, 2));
  }
  process.exitCode = failed.length === 0 ? 0 : 1;
}

void main();
