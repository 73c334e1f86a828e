#!/usr/bin/env node
// Writes a synthetic MLflow file store (`mlruns/`) exactly in the on-disk format MLflow 3.x writes
// (see docs: FORMATS.md section 1; checked against MLflow 3.17.2 by bench/check-mlflow-store.py).
//
// Deterministic: every id, name, timestamp and value comes from a PRNG seeded by
// (seed, experiment index, run index), so the output does not depend on the number of workers.
//
// Usage:
//   node bench/generate-mlflow-store.mjs
//       Ensures the cached 10k-run store exists and prints its mlruns folder:
//       ${MLOPS_LENS_CACHE:-$HOME/.cache/mlops-lens}/bench/mlflow-10k-v1/mlruns
//       (generated once; `.complete` marks a finished store; --force regenerates).
//   node bench/generate-mlflow-store.mjs --out DIR --experiments 2 --runs 10 [--expect FILE]
//       Always (re)writes DIR/mlruns; --expect writes the runs as MLflow should read them back (JSON).
// Options: --experiments N (10) --runs N per experiment (1000) --params N (20) --metrics N (10)
//          --steps N (100) --seed S --workers N --force
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

// Bump when the generated content changes, so cached stores are regenerated.
export const GENERATOR_VERSION = 'v1';

const DEFAULTS = {
  experiments: 10,
  runs: 1000,
  params: 20,
  metrics: 10,
  steps: 100,
  seed: 'mlops-lens-bench',
};

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

function seedWords(text) {
  const h = createHash('sha256').update(text).digest();
  return [h.readUInt32LE(0), h.readUInt32LE(4), h.readUInt32LE(8), h.readUInt32LE(12)];
}

/** sfc32: small, fast, good enough for synthetic data. */
function makeRng(text) {
  let [a, b, c, d] = seedWords(text);
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  return {
    u32: next,
    float: () => next() / 4294967296,
    int: (lo, hi) => lo + (next() % (hi - lo + 1)),
    pick: (list) => list[next() % list.length],
    hex: (n) => {
      let s = '';
      while (s.length < n) s += next().toString(16).padStart(8, '0');
      return s.slice(0, n);
    },
    gauss: () => {
      const u = 1 - next() / 4294967296;
      const v = next() / 4294967296;
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Python-compatible text

/** Python's repr(float) / str(float): shortest round-trip digits, Python's exponent rules. */
export function pyFloat(x) {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = x.toExponential().split('e');
  const exp = Number(expText);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

// PyYAML's implicit resolvers (YAML 1.1): a str matching one of these must be quoted.
const YAML_IMPLICIT = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:~|null|Null|NULL|)$/,
  /^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?/,
  /^(?:<<|=)$/,
];

/** A YAML scalar as PyYAML's SafeDumper writes it, for the limited values this generator emits. */
function yamlScalar(v) {
  if (v === null) return 'null';
  if (typeof v === 'number') return String(v);
  const plain = /^[A-Za-z0-9_./][A-Za-z0-9_./:@+-]*$/.test(v) && !v.endsWith(':');
  if (!plain || YAML_IMPLICIT.some((re) => re.test(v))) return `'${v.replace(/'/g, "''")}'`;
  return v;
}

/** yaml.dump(d, default_flow_style=False, sort_keys=True) for a flat dict (plus `tags: []`). */
function yamlDump(obj) {
  return (
    Object.keys(obj)
      .sort()
      .map((k) => {
        const v = obj[k];
        if (Array.isArray(v)) return `${k}: []`;
        return `${k}: ${yamlScalar(v)}`;
      })
      .join('\n') + '\n'
  );
}

// ---------------------------------------------------------------------------------------------
// Content model

// prettier-ignore
const ADJECTIVES = [
  'able', 'bold', 'brave', 'calm', 'clean', 'clever', 'dashing', 'eager', 'fancy', 'gentle', 'grumpy',
  'honest', 'jolly', 'kind', 'lucky', 'merciful', 'nimble', 'polite', 'proud', 'quick', 'sassy',
  'silent', 'skillful', 'sneaky', 'tasteful', 'thundering', 'unique', 'upbeat', 'vaunted', 'wise',
];
// prettier-ignore
const NOUNS = [
  'ant', 'bass', 'bat', 'bear', 'carp', 'cat', 'colt', 'crab', 'crow', 'deer', 'doe', 'eel', 'finch',
  'fox', 'gnat', 'goat', 'hare', 'hawk', 'hen', 'lamb', 'lark', 'mole', 'moth', 'mule', 'newt', 'owl',
  'ox', 'pig', 'ram', 'seal', 'shark', 'slug', 'snail', 'sow', 'squid', 'stag', 'toad', 'wasp', 'whale',
  'wolf', 'worm', 'yak', 'zebra',
];

const PARAM_SPECS = [
  ['learning_rate', (r) => pyFloat(r.pick([1e-2, 3e-3, 1e-3, 3e-4, 1e-4, 3e-5, 1e-5]))],
  ['batch_size', (r) => String(r.pick([16, 32, 64, 128, 256]))],
  ['optimizer', (r) => r.pick(['adam', 'adamw', 'sgd', 'rmsprop', 'lion'])],
  ['epochs', (r) => String(r.int(5, 100))],
  ['seed', (r) => String(r.int(0, 99999))],
  ['model', (r) => r.pick(['resnet18', 'resnet50', 'vit-b/16', 'bert-base-uncased', 'mlp', 'xgboost'])],
  ['dropout', (r) => pyFloat(r.pick([0, 0.1, 0.2, 0.3, 0.5]))],
  ['weight_decay', (r) => pyFloat(r.pick([0, 1e-4, 0.01, 0.05]))],
  ['hidden_size', (r) => String(r.pick([128, 256, 512, 768, 1024]))],
  ['num_layers', (r) => String(r.int(2, 24))],
  ['warmup_steps', (r) => String(r.pick([0, 100, 500, 1000]))],
  ['scheduler', (r) => r.pick(['cosine', 'linear', 'constant', 'step'])],
  ['momentum', (r) => pyFloat(r.pick([0.9, 0.95, 0.99]))],
  ['dataset', (r) => r.pick(['cifar10', 'imagenet-1k', 'mnist', 's3://data/train.parquet'])],
  ['augment', (r) => r.pick(['True', 'False'])],
  ['precision', (r) => r.pick(['fp32', 'bf16-mixed', '16-mixed'])],
  ['grad_clip', (r) => pyFloat(r.pick([0.5, 1, 5]))],
  ['label_smoothing', (r) => pyFloat(r.pick([0, 0.05, 0.1]))],
  ['max_seq_len', (r) => String(r.pick([128, 256, 512]))],
  ['activation', (r) => r.pick(['relu', 'gelu', 'silu', 'tanh'])],
];

const f32 = Math.fround;
// Metric keys with '/' become nested folders (metrics/train/loss), as in MLflow.
// prettier-ignore
const METRIC_SPECS = [
  ['train/loss', (s, n, p) => f32(p.a * Math.exp(-p.b * (s / n)) + 0.05 + 0.02 * p.noise())],
  ['train/accuracy', (s, n, p) => f32(Math.min(1, 0.1 + 0.85 * (1 - Math.exp(-4 * p.b * (s / n))) + 0.01 * p.noise()))],
  ['val/loss', (s, n, p) => f32(p.a * Math.exp(-0.8 * p.b * (s / n)) + 0.1 + 0.03 * p.noise())],
  ['val/accuracy', (s, n, p) => f32(Math.min(1, 0.1 + 0.8 * (1 - Math.exp(-3 * p.b * (s / n))) + 0.015 * p.noise()))],
  ['lr', (s, n, p) => 1e-6 + (p.lr - 1e-6) * 0.5 * (1 + Math.cos((Math.PI * s) / n))], // reaches 1e-06 (exponent form)
  ['epoch', (s) => s],
  ['grad_norm', (s, n, p) => f32(Math.abs(2 * Math.exp(-s / n) + 0.3 * p.noise()))],
  ['throughput', (s, n, p) => Math.round((1000 + 300 * p.b + 20 * p.noise()) * 10) / 10],
  ['f1', (s, n, p) => Math.round(Math.min(1, 0.2 + 0.7 * (1 - Math.exp(-3 * p.b * (s / n)))) * 1e4) / 1e4],
  ['gpu_memory_mb', (s, n, p) => Math.round(8000 + 4000 * p.b)],
];

function metricSpecs(count) {
  const specs = [];
  for (let i = 0; i < count; i++) {
    const [key, fn] = METRIC_SPECS[i % METRIC_SPECS.length];
    specs.push([i < METRIC_SPECS.length ? key : `${key}_${Math.floor(i / METRIC_SPECS.length)}`, fn]);
  }
  return specs;
}

function paramSpecs(count) {
  const specs = [];
  for (let i = 0; i < count; i++) {
    const [key, fn] = PARAM_SPECS[i % PARAM_SPECS.length];
    specs.push([i < PARAM_SPECS.length ? key : `${key}_${Math.floor(i / PARAM_SPECS.length)}`, fn]);
  }
  return specs;
}

const BASE_TIME = 1735689600000; // 2025-01-01T00:00:00Z

function experimentsOf(cfg, storeDir) {
  const exps = [{ id: '0', name: 'Default', index: -1 }];
  for (let e = 0; e < cfg.experiments; e++) {
    const r = makeRng(`${cfg.seed}:exp:${e}`);
    let id = String(r.int(1, 9));
    while (id.length < 18) id += String(r.int(0, 9));
    exps.push({ id, name: `bench-experiment-${String(e).padStart(2, '0')}`, index: e });
  }
  const rootUri = pathToFileURL(storeDir).href;
  for (const exp of exps) {
    exp.artifactLocation = `${rootUri}/${exp.id}`;
    exp.creationTime = BASE_TIME + (exp.index + 1) * 86400000;
  }
  return exps;
}

function experimentMeta(exp) {
  return yamlDump({
    artifact_location: exp.artifactLocation,
    creation_time: exp.creationTime,
    effective_trace_archival_retention: null,
    experiment_id: exp.id,
    last_update_time: exp.creationTime,
    lifecycle_stage: 'active',
    name: exp.name,
    trace_location: null,
    workspace: 'default',
  });
}

/** Writes one run's folder; returns its summary when `collect` (for --expect). */
function writeRun(cfg, exp, runIndex, collect) {
  const r = makeRng(`${cfg.seed}:run:${exp.index}:${runIndex}`);
  const runId = r.hex(32);
  const runName = `${r.pick(ADJECTIVES)}-${r.pick(NOUNS)}-${r.int(0, 999)}`;
  const user = r.pick(['alice', 'bob', 'carol', 'dave']);
  const startTime = exp.creationTime + 3600000 + runIndex * 60000 + r.int(0, 59999);
  const stepMs = r.int(200, 5000);
  const roll = r.float();
  const status = roll < 0.85 ? 3 : roll < 0.93 ? 4 : roll < 0.98 ? 5 : 1; // FINISHED FAILED KILLED RUNNING
  const params = {};
  for (const [key, fn] of paramSpecs(cfg.params)) params[key] = fn(r);
  const shape = { a: 1 + 2 * r.float(), b: 1 + 3 * r.float(), lr: Number(params.learning_rate ?? 1e-3) };
  shape.noise = () => r.gauss();
  // Runs 1..3 of every group of 10 are children of run 0 of the group (nested runs, e.g. a sweep).
  const parentIndex = runIndex % 10 >= 1 && runIndex % 10 <= 3 ? runIndex - (runIndex % 10) : -1;
  const parentId = parentIndex >= 0 ? makeRng(`${cfg.seed}:run:${exp.index}:${parentIndex}`).hex(32) : null;

  const runDir = join(cfg.storeDir, exp.id, runId);
  mkdirSync(runDir);
  for (const sub of ['artifacts', 'metrics', 'params', 'tags']) mkdirSync(join(runDir, sub));
  const madeDirs = new Set();

  const metrics = {};
  let lastTs = startTime;
  const specs = metricSpecs(cfg.metrics);
  for (let m = 0; m < specs.length; m++) {
    const [key, fn] = specs[m];
    const lines = new Array(cfg.steps);
    let last = null;
    for (let s = 0; s < cfg.steps; s++) {
      const ts = startTime + (s + 1) * stepMs + m;
      const value = fn(s, cfg.steps, shape);
      lines[s] = `${ts} ${pyFloat(value)} ${s}\n`;
      last = { value, step: s, timestamp: ts };
      if (ts > lastTs) lastTs = ts;
    }
    const slash = key.lastIndexOf('/');
    if (slash > 0) {
      const dir = join(runDir, 'metrics', key.slice(0, slash));
      if (!madeDirs.has(dir)) {
        mkdirSync(dir, { recursive: true });
        madeDirs.add(dir);
      }
    }
    writeFileSync(join(runDir, 'metrics', key), lines.join(''));
    if (collect && last) metrics[key] = { ...last, history: cfg.steps };
  }
  const endTime = status === 1 ? null : lastTs + r.int(100, 5000);

  for (const [key, value] of Object.entries(params)) writeFileSync(join(runDir, 'params', key), value);

  const tags = {
    'mlflow.runName': runName,
    'mlflow.user': user,
    'mlflow.source.name': r.pick(['train.py', 'scripts/train.py', 'notebooks/explore.ipynb']),
    'mlflow.source.type': 'LOCAL',
    'mlflow.source.git.commit': r.hex(40),
  };
  if (parentId) tags['mlflow.parentRunId'] = parentId;
  for (const [key, value] of Object.entries(tags)) writeFileSync(join(runDir, 'tags', key), value);

  writeFileSync(
    join(runDir, 'meta.yaml'),
    yamlDump({
      artifact_uri: `${exp.artifactLocation}/${runId}/artifacts`,
      end_time: endTime,
      entry_point_name: '',
      experiment_id: exp.id,
      lifecycle_stage: 'active',
      run_id: runId,
      run_name: runName,
      source_name: '',
      source_type: 4,
      source_version: '',
      start_time: startTime,
      status,
      tags: [],
      user_id: user,
    }),
  );
  const files = 1 + specs.length + Object.keys(params).length + Object.keys(tags).length;
  if (!collect) return { files };
  return {
    files,
    run_id: runId,
    experiment_id: exp.id,
    run_name: runName,
    user_id: user,
    status: ['', 'RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'][status],
    start_time: startTime,
    end_time: endTime,
    artifact_uri: `${exp.artifactLocation}/${runId}/artifacts`,
    params,
    tags,
    metrics,
  };
}

/** Writes the runs of `chunks` ([experiment index, first run, end run]); returns file count and summaries. */
function writeChunks(cfg, exps, chunks, collect) {
  const runs = [];
  let files = 0;
  for (const [expIndex, from, to] of chunks) {
    const exp = exps.find((x) => x.index === expIndex);
    for (let i = from; i < to; i++) {
      const { files: n, ...summary } = writeRun(cfg, exp, i, collect);
      files += n;
      if (collect) runs.push(summary);
    }
  }
  return { files, runs };
}

// ---------------------------------------------------------------------------------------------
// Driver

function parseArgs(argv) {
  const opts = { ...DEFAULTS, out: null, expect: null, force: false, workers: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--out') opts.out = resolve(val());
    else if (a === '--expect') opts.expect = resolve(val());
    else if (a === '--seed') opts.seed = val();
    else if (a === '--force') opts.force = true;
    else if (['--experiments', '--runs', '--params', '--metrics', '--steps', '--workers'].includes(a))
      opts[a.slice(2)] = Number(val());
    else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

async function generate(opts, targetDir) {
  const t0 = performance.now();
  const tmpDir = `${targetDir}.tmp-${process.pid}`;
  rmSync(tmpDir, { recursive: true, force: true });
  const finalStore = join(targetDir, 'mlruns');
  // Paths inside meta.yaml name the final location; files are written to tmpDir and renamed.
  const cfg = {
    seed: opts.seed,
    experiments: opts.experiments,
    runs: opts.runs,
    params: opts.params,
    metrics: opts.metrics,
    steps: opts.steps,
    storeDir: join(tmpDir, 'mlruns'),
  };
  const exps = experimentsOf(cfg, finalStore);
  mkdirSync(cfg.storeDir, { recursive: true });
  mkdirSync(join(cfg.storeDir, '.trash'));
  for (const exp of exps) {
    mkdirSync(join(cfg.storeDir, exp.id));
    writeFileSync(join(cfg.storeDir, exp.id, 'meta.yaml'), experimentMeta(exp));
  }

  const CHUNK = 100;
  const chunks = [];
  for (let e = 0; e < cfg.experiments; e++)
    for (let from = 0; from < cfg.runs; from += CHUNK)
      chunks.push([e, from, Math.min(cfg.runs, from + CHUNK)]);

  const total = cfg.experiments * cfg.runs;
  const workers = opts.expect ? 1 : (opts.workers ?? Math.max(2, Math.min(8, availableParallelism())));
  let summaries = [];
  let files = exps.length;
  if (workers <= 1 || total < 500) {
    const done = writeChunks(cfg, exps, chunks, Boolean(opts.expect));
    summaries = done.runs;
    files += done.files;
  } else {
    const shares = Array.from({ length: workers }, () => []);
    // Whole experiments per worker: workers creating entries in the same folder contend on its lock.
    chunks.forEach((c) => shares[c[0] % workers].push(c));
    await Promise.all(
      shares.map(
        (share) =>
          new Promise((res, rej) => {
            const w = new Worker(new URL(import.meta.url), { workerData: { cfg, exps, chunks: share } });
            w.on('message', (n) => (files += n));
            w.once('error', rej);
            w.once('exit', (code) => (code === 0 ? res() : rej(new Error(`worker exited with ${code}`))));
          }),
      ),
    );
  }

  if (opts.expect) {
    const experiments = exps.map((x) => ({
      experiment_id: x.id,
      name: x.name,
      artifact_location: x.artifactLocation,
    }));
    writeFileSync(opts.expect, JSON.stringify({ experiments, runs: summaries }, null, 1));
  }
  rmSync(targetDir, { recursive: true, force: true });
  renameSync(tmpDir, targetDir);
  const seconds = (performance.now() - t0) / 1000;
  const marker = {
    generator: GENERATOR_VERSION,
    config: { ...cfg, storeDir: finalStore },
    runs: total,
    files,
    seconds: Math.round(seconds * 100) / 100,
    workers,
    createdAt: new Date().toISOString(),
  };
  writeFileSync(join(targetDir, '.complete'), JSON.stringify(marker, null, 2) + '\n');
  process.stderr.write(
    `generated ${total} runs (${files} files) in ${seconds.toFixed(1)} s (${workers} workers) -> ${finalStore}\n`,
  );
  return finalStore;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.out) {
    process.stdout.write((await generate(opts, opts.out)) + '\n');
    return;
  }
  const cache = process.env.MLOPS_LENS_CACHE || join(homedir(), '.cache', 'mlops-lens');
  const n = opts.experiments * opts.runs;
  const isDefault = ['experiments', 'runs', 'params', 'metrics', 'steps', 'seed'].every(
    (k) => opts[k] === DEFAULTS[k],
  );
  const label = isDefault ? `mlflow-10k-${GENERATOR_VERSION}` : `mlflow-${n}-${GENERATOR_VERSION}-custom`;
  const targetDir = join(cache, 'bench', label);
  const marker = join(targetDir, '.complete');
  if (!opts.force && existsSync(marker)) {
    const m = JSON.parse(readFileSync(marker, 'utf8'));
    process.stderr.write(`using cached store (generated in ${m.seconds} s at ${m.createdAt})\n`);
    process.stdout.write(join(targetDir, 'mlruns') + '\n');
    return;
  }
  mkdirSync(join(cache, 'bench'), { recursive: true });
  process.stdout.write((await generate(opts, targetDir)) + '\n');
}

if (isMainThread) {
  main().catch((err) => {
    process.stderr.write(`${err.stack || err}\n`);
    process.exit(1);
  });
} else {
  const { cfg, exps, chunks } = workerData;
  parentPort?.postMessage(writeChunks(cfg, exps, chunks, false).files);
  parentPort?.close();
}
