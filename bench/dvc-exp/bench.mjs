#!/usr/bin/env node
// Benchmark: the experiments list of a DVC project with 60 experiments (bench/dvc-exp/generate.sh).
//   dvc exp show --json -n 20, cold: DVC's experiment cache (.dvc/tmp/exps/cache) removed first
//   dvc exp show --json -n 20, warm: that cache filled by the previous run
//   mlops-lens runs --json, cold: --no-cache (every commit read again from Git)
//   mlops-lens runs --json, warm: the index cache written by a previous run (commits reused)
//   engines alone, in-process (bench/dvc-exp/dvc_engine.py, engine.ts): no interpreter start-up
// The CLI lists 20 commits of the current branch by default, the same as `-n 20`. First it checks
// that both list the same rows (names, and each experiment's params). Wall clock and CPU (user +
// system of the child) with a warm OS page cache; process start-up is included on both sides.
//
// Usage: node bench/dvc-exp/bench.mjs --repo REPO --dvc VENV/bin/dvc [--cli dist/cli.js]
//          [--reps 5] [--out test-output/bench/dvc-exp.json]
// Exits 1 if the lists differ or a command fails.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { childrenCpuMs, cliStartMs, parseRepoBenchArgs } from '../lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const DEPTH = 20;

const opts = parseRepoBenchArgs(process.argv.slice(2), root, 'dvc-exp.json');
const scratch = mkdtempSync(join(tmpdir(), 'mlops-lens-bench-dvc-exp-'));
const expCache = join(opts.repo, '.dvc', 'tmp', 'exps', 'cache');
const dvcEnv = { ...process.env, DVC_NO_ANALYTICS: '1', DVC_NO_UPDATE_CHECK: '1' };

function run(command, args, env, cwd = opts.repo) {
  const cpuBefore = childrenCpuMs();
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env, maxBuffer: 512 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const cpuAfter = childrenCpuMs();
  if (result.status !== 0) {
    process.stderr.write(result.stderr?.toString() ?? '');
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
  }
  return {
    wallMs,
    cpuMs: cpuBefore === null ? null : cpuAfter - cpuBefore,
    stdout: result.stdout.toString(),
  };
}

const dvcShow = () => run(opts.dvc, ['exp', 'show', '--json', '-n', String(DEPTH)], dvcEnv);
const cacheDir = join(scratch, 'index-cache');
const cliRuns = (cached) =>
  run(process.execPath, [opts.cli, 'runs', '--json', opts.repo, ...(cached ? [] : ['--no-cache'])], {
    ...process.env,
    MLOPS_LENS_INDEX_CACHE: cacheDir,
  });

/** DVC's rows as [name, params of params.yaml flattened] (workspace, baselines, experiments). */
function dvcRows(states) {
  const rows = [];
  const flat = (data, prefix = '') =>
    Object.entries(data ?? {}).flatMap(([k, v]) =>
      v && typeof v === 'object' && !Array.isArray(v) ? flat(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v]],
    );
  const add = (name, state) =>
    rows.push([name, Object.fromEntries(flat(state.data?.params?.['params.yaml']?.data))]);
  for (const state of states) {
    if (state.rev === 'workspace') add('workspace', state);
    else add(state.name ?? state.rev.slice(0, 7), state);
    for (const exp of state.experiments ?? []) add(exp.name, exp.revs[0]);
  }
  return rows.sort((a, b) => a[0].localeCompare(b[0]));
}

function ourRows(runs) {
  return runs
    .filter((r) => r.source === 'dvc')
    .map((r) => [
      r.name,
      Object.fromEntries(Object.entries(r.params).filter(([k]) => /^(train|model)\./.test(k))),
    ])
    .sort((a, b) => a[0].localeCompare(b[0]));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(label, reps, prepare, command) {
  const samples = [];
  for (let i = 0; i < reps; i++) {
    prepare();
    samples.push(command());
  }
  return {
    label,
    reps,
    wallMs: median(samples.map((s) => s.wallMs)),
    cpuMs: samples[0].cpuMs === null ? null : median(samples.map((s) => s.cpuMs)),
  };
}

try {
  // Same rows first (and a warm page cache for everything timed after).
  rmSync(expCache, { recursive: true, force: true });
  const expected = dvcRows(JSON.parse(dvcShow().stdout));
  const actual = ourRows(JSON.parse(cliRuns(false).stdout));
  const experiments = expected.length;
  if (!isDeepStrictEqual(actual, expected)) {
    console.error('the experiment lists differ:', JSON.stringify({ expected, actual }).slice(0, 2000));
    process.exitCode = 1;
  }
  const results = [
    measure(
      'dvc exp show --json, cold',
      opts.reps,
      () => rmSync(expCache, { recursive: true, force: true }),
      dvcShow,
    ),
    measure('dvc exp show --json, warm', opts.reps, () => undefined, dvcShow),
    measure(
      'mlops-lens runs --json, cold (--no-cache)',
      opts.reps,
      () => undefined,
      () => cliRuns(false),
    ),
    measure(
      'mlops-lens runs --json, warm',
      opts.reps,
      () => cliRuns(true),
      () => cliRuns(true),
    ),
  ];
  const [dvcCold, dvcWarm, oursCold, oursWarm] = results;
  const ratios = { cold: dvcCold.wallMs / oursCold.wallMs, warm: dvcWarm.wallMs / oursWarm.wallMs };
  // Engines alone, in one process each (no interpreter start-up): DVC's collect vs our reader.
  const python = join(dirname(opts.dvc), 'python');
  const engineReps = String(Math.max(3, Math.min(opts.reps, 5)));
  const dvcEngine = JSON.parse(
    run(python, [join(here, 'dvc_engine.py'), opts.repo, engineReps, String(DEPTH)], dvcEnv).stdout,
  );
  const ourEngine = JSON.parse(
    run(
      process.execPath,
      // Ours takes milliseconds: more rounds give a steadier median (DVC's take seconds each).
      ['--import', 'tsx', join(here, 'engine.ts'), opts.repo, '15'],
      process.env,
      root,
    ).stdout,
  );
  const engineRatios = { cold: dvcEngine.cold / ourEngine.cold, warm: dvcEngine.warm / ourEngine.warm };
  console.log(
    `DVC experiments list: ${experiments} rows (workspace, baselines, experiments), median of ${opts.reps}`,
  );
  for (const r of results)
    console.log(
      `  ${r.label.padEnd(44)} ${r.wallMs.toFixed(0).padStart(7)} ms wall ${r.cpuMs === null ? '' : `${r.cpuMs.toFixed(0).padStart(7)} ms cpu`}`,
    );
  const startMs = cliStartMs(opts.cli);
  const verdict = (ok) => (ok ? 'OK' : 'MISSED');
  console.log(
    `  engines in-process (what the extension runs): dvc ${dvcEngine.cold.toFixed(0)} / ${dvcEngine.warm.toFixed(0)} ms, ours ${ourEngine.cold.toFixed(0)} / ${ourEngine.warm.toFixed(0)} ms (cold / warm): ${engineRatios.cold.toFixed(1)}× / ${engineRatios.warm.toFixed(1)}× (target ≥ 10×)  ${verdict(engineRatios.cold >= 10 && engineRatios.warm >= 10)}`,
  );
  console.log(
    `  CLI / CLI: cold ${ratios.cold.toFixed(1)}×, warm ${ratios.warm.toFixed(1)}×; \`mlops-lens --version\` alone takes ${startMs.toFixed(0)} ms (Node's start-up), so warm cannot pass ${(dvcWarm.wallMs / startMs).toFixed(1)}×`,
  );
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(
    opts.out,
    `${JSON.stringify({ rows: experiments, results, ratios, cliStartMs: startMs, engines: { dvc: dvcEngine, ours: ourEngine, ratios: engineRatios }, cpus: cpus().length, loadavg: loadavg() }, null, 2)}\n`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
