#!/usr/bin/env node
// Benchmark: listing 1,000 registered models × 20 versions of an MLflow file store.
// `mlops-lens models STORE --json --no-runs --no-cache` (dist/cli.js, a cold process each time) and
// the core reader in this process, against MlflowClient.search_model_versions on the same store
// (bench/models/mlflow-search.py: the call alone, after MLflow is imported). The store is made once
// by bench/models/generate.py (MLflow registers the first model, the others are copies of its folder)
// into ${MLOPS_LENS_CACHE:-~/.cache/mlops-lens}/bench/models-1000x20-v1. Target: ≥ 10× faster than
// MLflow. Exits 1 if the two list different versions.
// Usage: node bench/models/bench.mjs [--reps 5] [--skip-mlflow]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const args = process.argv.slice(2);
const reps = Number(args[args.indexOf('--reps') + 1]) || 5;
const log = (msg) => process.stderr.write(`${msg}\n`);
const MODELS = 1000;
const VERSIONS = 20;

const venv = execFileSync('bash', [join(root, 'scripts', 'python-env.sh')], { encoding: 'utf8' }).trim();
const python = join(venv, 'bin', 'python');
const cache = process.env.MLOPS_LENS_CACHE || join(homedir(), '.cache', 'mlops-lens');
const folder = join(cache, 'bench', `models-${MODELS}x${VERSIONS}-v1`);
const store = join(folder, 'mlruns');
if (!existsSync(join(folder, '.complete'))) {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  log(`== generating ${MODELS} models × ${VERSIONS} versions in ${store}`);
  execFileSync(python, [join(here, 'generate.py'), store, String(MODELS), String(VERSIONS)], {
    cwd: folder,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  writeFileSync(join(folder, '.complete'), '');
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cli = join(root, 'dist', 'cli.js');
log(
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
const cliTimes = [];
let listed;
for (let i = 0; i < reps; i++) {
  const started = process.hrtime.bigint();
  const res = spawnSync(process.execPath, [cli, 'models', store, '--json', '--no-runs', '--no-cache'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  cliTimes.push(Number(process.hrtime.bigint() - started) / 1e6);
  if (res.status !== 0) throw new Error(`mlops-lens models failed: ${res.stderr}`);
  listed ??= JSON.parse(res.stdout);
}
const ours = listed.registeredModels.flatMap((m) => m.versions.map((v) => `${m.name}/${v.version}`)).sort();

const inProcess = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '-e',
    `const { readFileRegistry } = require(${JSON.stringify(join(root, 'src/core/models/fileRegistry.ts'))});
     const times = [];
     for (let i = 0; i < ${reps}; i++) { const t = performance.now(); readFileRegistry(${JSON.stringify(store)}); times.push(performance.now() - t); }
     console.log(JSON.stringify(times));`,
  ],
  { cwd: root, encoding: 'utf8' },
);
const inProcessTimes = inProcess.status === 0 ? JSON.parse(inProcess.stdout) : [];

const result = {
  models: MODELS,
  versions: ours.length,
  cli_ms: Math.round(median(cliTimes)),
  in_process_ms: inProcessTimes.length ? Math.round(median(inProcessTimes.slice(1))) : null,
};
if (!args.includes('--skip-mlflow')) {
  log('== MlflowClient.search_model_versions (once)');
  const mlflow = JSON.parse(
    execFileSync(python, [join(here, 'mlflow-search.py'), store], { encoding: 'utf8', maxBuffer: 1 << 30 }),
  );
  result.mlflow_ms = Math.round(mlflow.seconds * 1000);
  result.ratio_cli = Math.round((mlflow.seconds * 1000) / result.cli_ms);
  if (JSON.stringify(mlflow.ids) !== JSON.stringify(ours)) {
    log(`different versions: MLflow ${mlflow.versions}, mlops-lens ${ours.length}`);
    process.exitCode = 1;
  }
}
log(
  `models: ${result.versions} versions; mlops-lens models (cold CLI) ${result.cli_ms} ms, in process ${result.in_process_ms} ms` +
    (result.mlflow_ms === undefined
      ? ''
      : `; MLflow search_model_versions ${result.mlflow_ms} ms → ${result.ratio_cli}× faster (target ≥ 10×)`),
);
mkdirSync(join(root, 'test-output', 'bench'), { recursive: true });
writeFileSync(join(root, 'test-output', 'bench', 'models.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result));
