#!/usr/bin/env node
// Benchmark: listing every run of a large MLflow file store.
//   (a) raw-read floor: bench/floor-read.mjs reads every file an index needs once (sync fs, one process)
//   (b) `node dist/cli.js runs --json STORE`, cold: empty MLOPS_LENS_INDEX_CACHE folder
//   (c) the same, warm: second start with that cache filled
//   (+) the same with --no-cache (for information)
//   (d) mlflow.search_runs(search_all_experiments=True) in MLflow's Python (search only, and whole process)
// All numbers are wall clock with a warm OS page cache (it cannot be dropped here): a floor pass
// runs first, untimed, to make that true for every step. Process start-up is included except in
// "mlflow search only".
//
// Usage: node bench/runs.mjs --store MLRUNS [--python VENV/bin/python] [--cli dist/cli.js]
//          [--out test-output/bench/runs.json] [--reps-floor 5] [--reps-cold 3] [--reps-warm 7]
//          [--skip-mlflow] [--skip-cli]
// Exits 1 if the CLI fails or the run counts (CLI, MLflow, floor) differ.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'; // prettier-ignore
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childrenCpuMs } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');

function parseArgs(argv) {
  const o = {
    store: null,
    python: null,
    cli: join(repo, 'dist', 'cli.js'),
    out: join(repo, 'test-output', 'bench', 'runs.json'),
    repsFloor: 5,
    repsCold: 3,
    repsWarm: 7,
    skipMlflow: false,
    skipCli: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => argv[++i];
    if (a === '--store') o.store = resolve(val());
    else if (a === '--python') o.python = val();
    else if (a === '--cli') o.cli = resolve(val());
    else if (a === '--out') o.out = resolve(val());
    else if (a === '--reps-floor') o.repsFloor = Number(val());
    else if (a === '--reps-cold') o.repsCold = Number(val());
    else if (a === '--reps-warm') o.repsWarm = Number(val());
    else if (a === '--skip-mlflow') o.skipMlflow = true;
    else if (a === '--skip-cli') o.skipCli = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!o.store) throw new Error('--store MLRUNS is required');
  if (!o.python && !o.skipMlflow) throw new Error('--python is required unless --skip-mlflow');
  return o;
}

const opts = parseArgs(process.argv.slice(2));
const scratch = mkdtempSync(join(tmpdir(), 'mlops-lens-bench-'));
const issues = [];

// CPU time (user + system) of waited-for children, from /proc/self/stat (Linux only; else null).
// On a shared machine it is steadier than wall clock, so it is reported beside it.

/** Runs a command to completion; stdout goes to a file (no pipe back-pressure). Returns wall and CPU ms. */
function timed(cmd, args, { env = {}, stdoutFile = join(scratch, 'stdout') } = {}) {
  const fd = openSync(stdoutFile, 'w');
  const cpu0 = childrenCpuMs();
  const t0 = process.hrtime.bigint();
  const res = spawnSync(cmd, args, {
    stdio: ['ignore', fd, 'pipe'],
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu1 = childrenCpuMs();
  closeSync(fd);
  if (res.error) throw res.error;
  const cpuMs = cpu0 == null || cpu1 == null ? null : cpu1 - cpu0;
  return { ms, cpuMs, status: res.status, stderr: res.stderr.toString(), stdoutFile };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x, d = 1) => (x == null ? null : Math.round(x * 10 ** d) / 10 ** d);
/** Wall-clock statistics of timed() results, plus their median CPU time. */
const summary = (results) => {
  const samples = results.map((r) => r.ms);
  const cpu = results.map((r) => r.cpuMs);
  return {
    median_ms: round(median(samples)),
    min_ms: round(Math.min(...samples)),
    max_ms: round(Math.max(...samples)),
    samples_ms: samples.map((x) => round(x)),
    cpu_median_ms: cpu.every((x) => x != null) ? round(median(cpu)) : null,
  };
};

function dirBytes(dir) {
  let total = 0;
  if (!existsSync(dir)) return 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return total;
}

function runIdOf(r) {
  if (!r || typeof r !== 'object') return undefined;
  return r.runId ?? r.run_id ?? r.id ?? r.info?.runId ?? r.info?.run_id;
}

function log(msg) {
  process.stderr.write(`${msg}\n`);
}

// ---------------------------------------------------------------------------------------------
// Store description

const loadAtStart = loadavg();
const marker = join(dirname(opts.store), '.complete');
const generation = existsSync(marker) ? JSON.parse(readFileSync(marker, 'utf8')) : null;

// ---------------------------------------------------------------------------------------------
// (a) floor

const floorScript = join(here, 'floor-read.mjs');
log('warming the OS page cache (untimed floor pass)...');
const warmup = timed(process.execPath, [floorScript, opts.store]);
if (warmup.status !== 0) throw new Error(`floor-read failed: ${warmup.stderr}`);
const storeStats = JSON.parse(readFileSync(warmup.stdoutFile, 'utf8'));
log(`store: ${storeStats.runs} runs, ${storeStats.files} files, ${(storeStats.bytes / 1e6).toFixed(0)} MB`);

const floorSamples = [];
for (let i = 0; i < opts.repsFloor; i++)
  floorSamples.push(timed(process.execPath, [floorScript, opts.store]));
const floor = summary(floorSamples);
log(`(a) floor: ${floor.median_ms} ms (median of ${opts.repsFloor})`);

// ---------------------------------------------------------------------------------------------
// (b), (c) CLI

let cli = null;
if (!opts.skipCli) {
  if (!existsSync(opts.cli)) {
    issues.push(`CLI not found at ${opts.cli} (run npm run build)`);
  } else {
    const cliRun = (cacheDir, extra = []) => {
      const r = timed(process.execPath, [opts.cli, 'runs', '--json', ...extra, opts.store], {
        env: { MLOPS_LENS_INDEX_CACHE: cacheDir },
        stdoutFile: join(scratch, 'cli.json'),
      });
      if (r.status !== 0) throw new Error(`CLI exited with ${r.status}: ${r.stderr.slice(0, 2000)}`);
      if (r.stderr.trim()) log(`  CLI stderr: ${r.stderr.trim().split('\n').slice(0, 5).join('\n  ')}`);
      return r;
    };
    const coldSamples = [];
    let cacheDir = null;
    let lastCold = null;
    for (let i = 0; i < opts.repsCold; i++) {
      if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
      cacheDir = mkdtempSync(join(scratch, 'index-cache-'));
      lastCold = cliRun(cacheDir);
      coldSamples.push(lastCold);
    }
    const cold = summary(coldSamples);
    log(`(b) cold: ${cold.median_ms} ms (median of ${opts.repsCold})`);
    const outputBytes = statSync(lastCold.stdoutFile).size;
    const parsedCold = JSON.parse(readFileSync(lastCold.stdoutFile, 'utf8'));
    const indexCacheBytes = dirBytes(cacheDir);

    const warmSamples = [];
    let lastWarm = null;
    for (let i = 0; i < opts.repsWarm; i++) {
      lastWarm = cliRun(cacheDir);
      warmSamples.push(lastWarm);
    }
    const warm = summary(warmSamples);
    log(`(c) warm: ${warm.median_ms} ms (median of ${opts.repsWarm})`);
    // The floor writes every cached run (the CLI without --all leaves deleted ones out).
    const [cacheName] = readdirSync(cacheDir).filter((f) => f.endsWith('.v8'));
    const warmFloorRun = () => {
      const r = timed(
        process.execPath,
        [join(here, 'warm-floor.mjs'), join(cacheDir, cacheName), opts.store],
        {
          stdoutFile: join(scratch, 'warm-floor.json'),
        },
      );
      if (r.status !== 0) throw new Error(`warm-floor.mjs failed: ${r.stderr.slice(0, 2000)}`);
      return r;
    };
    const warmFloorSamples = Array.from({ length: opts.repsWarm }, warmFloorRun);
    const warmFloor = summary(warmFloorSamples);
    const warmFloorPaths = JSON.parse(warmFloorSamples[0].stderr).paths;
    log(`    warm floor: ${warmFloor.median_ms} ms (${warmFloorPaths} paths stat'ed)`);
    const warmText = readFileSync(lastWarm.stdoutFile, 'utf8');
    const parsedWarm = JSON.parse(warmText);

    const noCacheDir = mkdtempSync(join(scratch, 'index-cache-unused-'));
    const noCache = summary([cliRun(noCacheDir, ['--no-cache'])]);
    const noCacheWrote = dirBytes(noCacheDir);
    if (noCacheWrote > 0)
      issues.push(`--no-cache still wrote ${noCacheWrote} bytes into MLOPS_LENS_INDEX_CACHE`);
    log(`    --no-cache: ${noCache.median_ms} ms`);

    if (!Array.isArray(parsedCold)) throw new Error('CLI output is not a JSON array');
    const ids = parsedCold.map(runIdOf);
    const warmIds = Array.isArray(parsedWarm) ? parsedWarm.map(runIdOf) : [];
    if (!Array.isArray(parsedWarm) || parsedWarm.length !== parsedCold.length)
      issues.push(`warm run returned ${parsedWarm.length} runs, cold ${parsedCold.length}`);
    else if (ids.every(Boolean) && [...ids].sort().join() !== [...warmIds].sort().join())
      issues.push('warm and cold runs return different run ids');
    rmSync(cacheDir, { recursive: true, force: true });
    cli = {
      cold,
      warm,
      warmFloor,
      warmFloorPaths,
      noCache,
      count: parsedCold.length,
      runIds: ids.every(Boolean) ? ids : null,
      outputBytes,
      indexCacheBytes,
      sampleKeys: parsedCold[0] && typeof parsedCold[0] === 'object' ? Object.keys(parsedCold[0]) : [],
    };
  }
}

// ---------------------------------------------------------------------------------------------
// (d) MLflow

let mlflow = null;
if (!opts.skipMlflow) {
  log('(d) mlflow.search_runs(search_all_experiments=True) — this takes a while...');
  const outJson = join(scratch, 'mlflow.json');
  const r = timed(opts.python, [join(here, 'mlflow-search.py'), opts.store, outJson], {
    env: { MLFLOW_ALLOW_FILE_STORE: 'true' },
  });
  if (r.status !== 0) throw new Error(`mlflow-search.py exited with ${r.status}: ${r.stderr.slice(-3000)}`);
  const m = JSON.parse(readFileSync(outJson, 'utf8'));
  mlflow = {
    version: m.mlflow_version,
    count: m.count,
    columns: m.columns,
    search_ms: round(m.search_s * 1000),
    import_ms: round(m.import_s * 1000),
    process_ms: round(r.ms),
    process_cpu_ms: round(r.cpuMs),
    runIds: m.run_ids,
  };
  log(`    search ${mlflow.search_ms} ms, process ${mlflow.process_ms} ms`);
}

// ---------------------------------------------------------------------------------------------
// Counts, ratios, report

const counts = { floor: storeStats.runs, cli: cli?.count ?? null, mlflow: mlflow?.count ?? null };
const present = Object.entries(counts).filter(([, v]) => v != null);
const countsAgree = present.every(([, v]) => v === present[0][1]);
if (!countsAgree) issues.push(`run counts differ: ${JSON.stringify(counts)}`);
if (cli?.runIds && mlflow?.runIds) {
  const a = new Set(cli.runIds);
  const missing = mlflow.runIds.filter((id) => !a.has(id));
  const extra = cli.runIds.filter((id) => !new Set(mlflow.runIds).has(id));
  if (missing.length || extra.length)
    issues.push(`run ids differ: ${missing.length} only in MLflow, ${extra.length} only in the CLI`);
} else if (cli && !cli.runIds) {
  issues.push(`could not find a run id field in the CLI output (keys: ${cli.sampleKeys.join(', ')})`);
}

const ratios = {
  mlflowSearch_over_cold: cli && mlflow ? round(mlflow.search_ms / cli.cold.median_ms, 2) : null,
  mlflowProcess_over_cold: cli && mlflow ? round(mlflow.process_ms / cli.cold.median_ms, 2) : null,
  cold_over_floor: cli ? round(cli.cold.median_ms / floor.median_ms, 2) : null,
  warm_ms: cli ? cli.warm.median_ms : null,
  warm_over_warm_floor: cli ? round(cli.warm.median_ms / cli.warmFloor.median_ms, 2) : null,
};
const targets = {
  mlflow_over_cold_at_least_20x:
    ratios.mlflowSearch_over_cold == null ? null : ratios.mlflowSearch_over_cold >= 20,
  cold_over_floor_at_most_2x: ratios.cold_over_floor == null ? null : ratios.cold_over_floor <= 2,
  warm_under_200ms: ratios.warm_ms == null ? null : ratios.warm_ms < 200,
};

const fmt = (ms) => (ms == null ? '—' : ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const rows = [
  ['(a) raw-read floor (node, sync fs, incl. start)', floor, storeStats.runs, opts.repsFloor],
  ['(b) mlops-lens runs --json, cold index cache', cli?.cold, cli?.count, opts.repsCold],
  ['(c) mlops-lens runs --json, warm index cache', cli?.warm, cli?.count, opts.repsWarm],
  ['    warm floor (read cache, stat, write; incl. start)', cli?.warmFloor, cli?.count, opts.repsWarm],
  ['    mlops-lens runs --json --no-cache', cli?.noCache, cli?.count, 1],
  ['(d) mlflow.search_runs, search only', mlflow && { median_ms: mlflow.search_ms }, mlflow?.count, 1],
  [
    '    mlflow.search_runs, whole python process',
    mlflow && { median_ms: mlflow.process_ms, cpu_median_ms: mlflow.process_cpu_ms },
    mlflow?.count,
    1,
  ],
];
const mark = (ok) => (ok == null ? 'n/a' : ok ? 'OK' : 'MISSED');
const lines = [];
lines.push('');
lines.push(
  `MLflow file store: ${storeStats.runs} runs in ${storeStats.experiments} experiments, ${storeStats.files} files, ` +
    `${(storeStats.bytes / 1e6).toFixed(0)} MB (${opts.store})`,
);
if (generation) lines.push(`generated once by bench/generate-mlflow-store.mjs in ${generation.seconds} s`);
lines.push('All times: wall clock, warm OS page cache (it cannot be dropped here), median where reps > 1;');
lines.push('cpu = user + system time of the process (steadier than wall clock on a shared machine).');
lines.push(
  `machine: ${cpus().length} × ${cpus()[0]?.model?.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ` +
    `load average ${loadAtStart.map((x) => x.toFixed(1)).join(' ')} at start, ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} at end`,
);
lines.push('');
lines.push(
  `${'step'.padEnd(50)} ${'median'.padStart(9)} ${'min..max'.padStart(19)} ${'cpu'.padStart(9)} ${'runs'.padStart(6)} reps`,
);
for (const [name, t, count, reps] of rows) {
  const range = t?.min_ms != null && reps > 1 ? `${fmt(t.min_ms)}..${fmt(t.max_ms)}` : '';
  lines.push(
    `${name.padEnd(50)} ${fmt(t?.median_ms).padStart(9)} ${range.padStart(19)} ${fmt(t?.cpu_median_ms).padStart(9)} ${String(count ?? '—').padStart(6)} ${reps}`,
  );
}
lines.push('');
lines.push(`mlflow search / cold   = ${ratios.mlflowSearch_over_cold ?? '—'}× (target ≥ 20×)  ${mark(targets.mlflow_over_cold_at_least_20x)}`); // prettier-ignore
lines.push(`mlflow process / cold  = ${ratios.mlflowProcess_over_cold ?? '—'}×`);
lines.push(`cold / floor           = ${ratios.cold_over_floor ?? '—'}× (target ≤ 2×)  ${mark(targets.cold_over_floor_at_most_2x)}`); // prettier-ignore
lines.push(
  `warm                   = ${fmt(ratios.warm_ms)} (target < 200 ms)  ${mark(targets.warm_under_200ms)}`,
);
if (cli)
  lines.push(
    `warm / warm floor      = ${ratios.warm_over_warm_floor}× (the floor stats ${cli.warmFloorPaths} paths: fingerprints of every run)`,
  );
if (cli)
  lines.push(
    `CLI output ${(cli.outputBytes / 1e6).toFixed(1)} MB; index cache ${(cli.indexCacheBytes / 1e6).toFixed(1)} MB`,
  );
lines.push(`run counts: floor ${counts.floor}, CLI ${counts.cli ?? '—'}, MLflow ${counts.mlflow ?? '—'}`);
for (const issue of issues) lines.push(`ISSUE: ${issue}`);
process.stdout.write(lines.join('\n') + '\n');

const result = {
  benchmark: 'runs',
  createdAt: new Date().toISOString(),
  pageCache: 'warm (cannot be dropped; an untimed floor pass runs first)',
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model?.trim(),
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: loadavg(),
    memGiB: round(totalmem() / 2 ** 30),
    platform: `${platform()} ${release()}`,
    node: process.version,
  },
  store: { path: opts.store, ...storeStats, generation },
  timings: {
    floor,
    cold: cli?.cold ?? null,
    warm: cli?.warm ?? null,
    warmFloor: cli?.warmFloor ?? null,
    noCache: cli?.noCache ?? null,
    mlflowSearch: mlflow ? { median_ms: mlflow.search_ms, samples_ms: [mlflow.search_ms] } : null,
    mlflowProcess: mlflow
      ? {
          median_ms: mlflow.process_ms,
          samples_ms: [mlflow.process_ms],
          cpu_median_ms: mlflow.process_cpu_ms,
        }
      : null,
    mlflowImport: mlflow ? { median_ms: mlflow.import_ms } : null,
  },
  counts,
  ratios,
  targets,
  cli: cli && { outputBytes: cli.outputBytes, indexCacheBytes: cli.indexCacheBytes, keys: cli.sampleKeys },
  mlflow: mlflow && { version: mlflow.version, dataframeColumns: mlflow.columns },
  issues,
};
mkdirSync(dirname(opts.out), { recursive: true });
writeFileSync(opts.out, JSON.stringify(result, null, 2) + '\n');
log(`results written to ${opts.out}`);
rmSync(scratch, { recursive: true, force: true });

const failed =
  !countsAgree || issues.some((i) => i.startsWith('CLI not found') || i.startsWith('run ids differ'));
process.exit(failed ? 1 : 0);
