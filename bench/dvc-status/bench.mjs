#!/usr/bin/env node
// Benchmark: stage status of a DVC project with 2,000 tracked files (bench/dvc-status/generate.sh).
//   dvc status, warm: DVC's hash state (its site cache dir) filled by earlier runs
//   dvc status, cold: that state removed before each run
//   mlops-lens stages --json, cold: an empty MLOPS_LENS_INDEX_CACHE folder (no hash cache)
//   mlops-lens stages --json, warm: the hash cache written by a previous run
//   in-process: discovery + statuses repeated in one process, as the extension does on each refresh
//     (bench/dvc-status/inprocess.ts, bundled here with esbuild): round 1 cold, later rounds warm
// First it checks that both report the same statuses (`dvc status --json` against the CLI's
// per-stage dvcStatus). Wall clock and CPU (user + system of the child) with a warm OS page cache.
//
// Usage: node bench/dvc-status/bench.mjs --repo REPO --dvc VENV/bin/dvc [--cli dist/cli.js]
//          [--reps 5] [--out test-output/bench/dvc-status.json]
// Exits 1 if the statuses differ or a command fails.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { buildSync } from 'esbuild';
import { childrenCpuMs, cliStartMs, parseRepoBenchArgs } from '../lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');

const opts = parseRepoBenchArgs(process.argv.slice(2), root, 'dvc-status.json');
const scratch = mkdtempSync(join(tmpdir(), 'mlops-lens-bench-dvc-'));
const siteCache = join(dirname(opts.repo), 'dvc-site-cache');
const dvcEnv = { DVC_NO_ANALYTICS: '1', DVC_NO_UPDATE_CHECK: '1' };

/** Runs a command in the repo; stdout to a file. Returns wall and CPU ms and the output. */
function timed(cmd, args, env = {}) {
  const stdoutFile = join(scratch, 'stdout');
  const fd = openSync(stdoutFile, 'w');
  const cpu0 = childrenCpuMs();
  const t0 = process.hrtime.bigint();
  const res = spawnSync(cmd, args, {
    cwd: opts.repo,
    stdio: ['ignore', fd, 'pipe'],
    env: { ...process.env, ...env },
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu1 = childrenCpuMs();
  closeSync(fd);
  if (res.error) throw res.error;
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${res.status}: ${res.stderr}`);
  return {
    ms,
    cpuMs: cpu0 == null || cpu1 == null ? null : cpu1 - cpu0,
    stdout: readFileSync(stdoutFile, 'utf8'),
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x) => (x == null ? null : Math.round(x * 10) / 10);
const summary = (runs) => ({
  median_ms: round(median(runs.map((r) => r.ms))),
  cpu_median_ms: runs.every((r) => r.cpuMs != null) ? round(median(runs.map((r) => r.cpuMs))) : null,
  samples_ms: runs.map((r) => round(r.ms)),
});
const log = (msg) => process.stderr.write(`${msg}\n`);
const freshCacheDir = () => mkdtempSync(join(scratch, 'cache-'));
const cli = (cacheDir) =>
  timed(process.execPath, [opts.cli, 'stages', '--json', opts.repo], { MLOPS_LENS_INDEX_CACHE: cacheDir });

/** The CLI's per-stage dvcStatus shaped like `dvc status --json` (stages of the root dvc.yaml). */
function cliAsDvcJson(stdout) {
  const status = {};
  for (const item of JSON.parse(stdout)) {
    if (item.kind === 'dvc' && item.dvcfile === join(opts.repo, 'dvc.yaml') && item.dvcStatus.length > 0) {
      status[item.name] = item.dvcStatus;
    }
  }
  return status;
}

log('checking that both report the same statuses...');
const expected = JSON.parse(timed(opts.dvc, ['status', '--json'], dvcEnv).stdout);
const ours = cliAsDvcJson(cli(freshCacheDir()).stdout);
if (!isDeepStrictEqual(ours, expected)) {
  log(`statuses differ:\n dvc:  ${JSON.stringify(expected)}\n ours: ${JSON.stringify(ours)}`);
  process.exit(1);
}
const stagesChanged = Object.keys(expected).length;

log(`dvc status, warm (${opts.reps} runs)...`);
const dvcWarm = Array.from({ length: opts.reps }, () => timed(opts.dvc, ['status'], dvcEnv));
log(`dvc status, cold (${opts.reps} runs)...`);
const dvcCold = Array.from({ length: opts.reps }, () => {
  rmSync(siteCache, { recursive: true, force: true });
  return timed(opts.dvc, ['status'], dvcEnv);
});
log(`mlops-lens stages, cold (${opts.reps} runs)...`);
const oursCold = Array.from({ length: opts.reps }, () => cli(freshCacheDir()));
log(`mlops-lens stages, warm (${opts.reps} runs)...`);
const warmDir = freshCacheDir();
cli(warmDir);
const oursWarm = Array.from({ length: opts.reps }, () => cli(warmDir));

log('in-process refreshes (7 rounds)...');
const inprocessJs = join(scratch, 'inprocess.js');
buildSync({
  entryPoints: [join(here, 'inprocess.ts')],
  bundle: true,
  platform: 'node',
  outfile: inprocessJs,
  logLevel: 'error',
});
const rounds = JSON.parse(timed(process.execPath, [inprocessJs, opts.repo, '7']).stdout).rounds;
const inprocess = {
  first_ms: round(rounds[0].ms),
  first_cpu_ms: round(rounds[0].cpuMs),
  warm: summary(rounds.slice(1)),
};

const results = {
  repo: opts.repo,
  tracked_files: 2000,
  stages_changed: stagesChanged,
  machine: { cpus: cpus().length, load_at_end: loadavg().map(round) },
  dvc_status_warm: summary(dvcWarm),
  dvc_status_cold: summary(dvcCold),
  mlops_lens_cold: summary(oursCold),
  mlops_lens_warm: summary(oursWarm),
  in_process: inprocess,
};
const ratio = (a, b) => (a && b ? Math.round((a / b) * 10) / 10 : null);
results.ratios = {
  warm_wall: ratio(results.dvc_status_warm.median_ms, results.mlops_lens_warm.median_ms),
  cold_wall: ratio(results.dvc_status_cold.median_ms, results.mlops_lens_cold.median_ms),
  warm_cpu: ratio(results.dvc_status_warm.cpu_median_ms, results.mlops_lens_warm.cpu_median_ms),
  cold_cpu: ratio(results.dvc_status_cold.cpu_median_ms, results.mlops_lens_cold.cpu_median_ms),
  in_process_warm_wall: ratio(results.dvc_status_warm.median_ms, inprocess.warm.median_ms),
  in_process_warm_cpu: ratio(results.dvc_status_warm.cpu_median_ms, inprocess.warm.cpu_median_ms),
  in_process_first_wall: ratio(results.dvc_status_cold.median_ms, inprocess.first_ms),
};
results.cli_start_ms = round(cliStartMs(opts.cli));
mkdirSync(dirname(opts.out), { recursive: true });
writeFileSync(opts.out, `${JSON.stringify(results, null, 2)}\n`);
rmSync(scratch, { recursive: true, force: true });

const row = (label, s) =>
  `  ${label.padEnd(34)} ${String(s.median_ms).padStart(8)} ms  cpu ${String(s.cpu_median_ms).padStart(8)} ms`;
console.log(`DVC stage status, 2,000 tracked files (${stagesChanged} stages changed; same statuses as DVC)`);
console.log(row('dvc status (warm state)', results.dvc_status_warm));
console.log(row('dvc status (cold state)', results.dvc_status_cold));
console.log(row('mlops-lens stages (cold hash cache)', results.mlops_lens_cold));
console.log(row('mlops-lens stages (warm hash cache)', results.mlops_lens_warm));
console.log(
  `  in-process refresh (extension)     first ${inprocess.first_ms} ms (cpu ${inprocess.first_cpu_ms}), then ${inprocess.warm.median_ms} ms  cpu ${inprocess.warm.cpu_median_ms} ms`,
);
const r = results.ratios;
console.log(
  `  ratio CLI warm: ${r.warm_wall}x wall, ${r.warm_cpu}x cpu   CLI cold: ${r.cold_wall}x wall, ${r.cold_cpu}x cpu`,
);
const inProcessOk = r.in_process_warm_wall >= 10 && r.in_process_first_wall >= 10;
console.log(
  `  ratio in-process refresh (what the extension runs): first ${r.in_process_first_wall}x, then ${r.in_process_warm_wall}x wall, ${r.in_process_warm_cpu}x cpu   (target >= 10x)  ${inProcessOk ? 'OK' : 'MISSED'}`,
);
console.log(`  \`mlops-lens --version\` alone takes ${results.cli_start_ms} ms (Node's start-up)`);
console.log(`  written to ${opts.out}`);
