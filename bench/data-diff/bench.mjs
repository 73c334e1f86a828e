#!/usr/bin/env node
// Benchmark: a folder diff of 100,000 files between two revisions (bench/data-diff/generate.sh).
//   dvc diff --json HEAD~1 HEAD                  the real DVC
//   mlops-lens diff --json HEAD~1 HEAD           our CLI (dist/cli.js)
//   floor (CLI)                                  node reading and parsing the two .dir manifests
//   in-process                                   dataDiff against the same floor in one warm process
// First it checks that both print the same bytes. Targets: ≥ 10× faster than dvc diff, ≤ 2× the
// floor. Wall clock with a warm OS page cache; CPU is user + system of the child.
// Usage: node bench/data-diff/bench.mjs --repo REPO --dvc VENV/bin/dvc [--cli dist/cli.js]
//          [--reps 5] [--out test-output/bench/data-diff.json]
// Exits 1 if the outputs differ or a command fails.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { cliStartMs, median, parseRepoBenchArgs, round1, timedRun, timingSummary } from '../lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const opts = parseRepoBenchArgs(process.argv.slice(2), root, 'data-diff.json');
const scratch = mkdtempSync(join(tmpdir(), 'mlops-lens-bench-data-diff-'));
const env = { DVC_NO_ANALYTICS: '1', DVC_NO_UPDATE_CHECK: '1', MLOPS_LENS_INDEX_CACHE: scratch };
const log = (msg) => process.stderr.write(`${msg}\n`);

const timed = (cmd, args) => timedRun(cmd, args, { cwd: opts.repo, env, scratch });
const round = round1;
const summary = timingSummary;
const repeat = (n, f) => Array.from({ length: n }, f);

/** The cache path of the `.dir` object a revision's data/images.dvc names. */
function manifestAt(rev) {
  const text = spawnSync('git', ['show', `${rev}:data/images.dvc`], {
    cwd: opts.repo,
    encoding: 'utf8',
  }).stdout;
  const md5 = /md5: ([0-9a-f]{32})\.dir/.exec(text)?.[1];
  if (!md5) throw new Error(`no .dir hash in ${rev}:data/images.dvc`);
  return join(opts.repo, '.dvc', 'cache', 'files', 'md5', md5.slice(0, 2), `${md5.slice(2)}.dir`);
}

const args = ['diff', '--json', 'HEAD~1', 'HEAD'];
const manifests = [manifestAt('HEAD~1'), manifestAt('HEAD')];
log(
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
log('checking: dvc diff --json and mlops-lens diff --json print the same bytes');
const dvcFirst = timed(opts.dvc, args);
const oursFirst = timed(process.execPath, [opts.cli, ...args]);
if (dvcFirst.stdout !== oursFirst.stdout) {
  writeFileSync(join(scratch, 'dvc.json'), dvcFirst.stdout);
  writeFileSync(join(scratch, 'ours.json'), oursFirst.stdout);
  log(`outputs differ: see ${scratch}`);
  process.exit(1);
}
const counts = Object.fromEntries(
  Object.entries(JSON.parse(oursFirst.stdout)).map(([k, v]) => [k, v.length]),
);
log(`same output: ${JSON.stringify(counts)}`);

const dvcReps = Math.max(1, Math.min(3, opts.reps));
log(`dvc diff x${dvcReps}`);
const dvcRuns = [dvcFirst, ...repeat(dvcReps - 1, () => timed(opts.dvc, args))];
log(`mlops-lens diff x${opts.reps}`);
const oursRuns = repeat(opts.reps, () => timed(process.execPath, [opts.cli, ...args]));
log(`floor (node reading two manifests) x${opts.reps}`);
const floorRuns = repeat(opts.reps, () => timed(process.execPath, [join(here, 'floor.mjs'), ...manifests]));

const inprocessJs = join(scratch, 'inprocess.js');
buildSync({
  entryPoints: [join(here, 'inprocess.ts')],
  bundle: true,
  platform: 'node',
  outfile: inprocessJs,
  logLevel: 'error',
});
const inprocess = JSON.parse(
  timed(process.execPath, [inprocessJs, opts.repo, ...manifests, String(opts.reps + 2)]).stdout,
);
// The first round pays for compiling; the verdict is on the warm ones.
const inDiff = median(inprocess.diff.slice(1));
const inFloor = median(inprocess.floor.slice(1));

const result = {
  files: 100_000,
  changes: counts,
  dvc: summary(dvcRuns),
  cli: summary(oursRuns),
  floor_cli: summary(floorRuns),
  cli_start_ms: round(cliStartMs(opts.cli)),
  inprocess: { diff_ms: round(inDiff), floor_ms: round(inFloor), samples_diff_ms: inprocess.diff.map(round) },
};
const vsDvc = result.dvc.median_ms / result.cli.median_ms;
const vsFloorCli = result.cli.median_ms / result.floor_cli.median_ms;
const vsFloorIn = inDiff / inFloor;
// CPU time (user + system) is steadier than wall clock on a shared machine: both are printed.
const cpuRatio = (a, b) => (a.cpu_median_ms && b.cpu_median_ms ? a.cpu_median_ms / b.cpu_median_ms : null);
const cpuVsDvc = cpuRatio(result.dvc, result.cli);
const cpuVsFloor = cpuRatio(result.cli, result.floor_cli);
result.ratios = {
  dvc_over_cli: round(vsDvc),
  dvc_over_cli_cpu: round(cpuVsDvc),
  cli_over_floor_cli: round(vsFloorCli * 10) / 10,
  cli_over_floor_cli_cpu: round(cpuVsFloor * 10) / 10,
  inprocess_over_floor: round(vsFloorIn * 10) / 10,
};
mkdirSync(dirname(opts.out), { recursive: true });
writeFileSync(opts.out, `${JSON.stringify(result, null, 2)}\n`);
rmSync(scratch, { recursive: true, force: true });

const row = (name, ms, note = '') => `${name.padEnd(44)} ${String(round(ms)).padStart(10)} ms  ${note}`;
const cpuNote = (ratio) => (ratio == null ? '' : ` (CPU: ${ratio.toFixed(2)}x)`);
console.log(`Folder diff, 100,000 files, HEAD~1 vs HEAD (${JSON.stringify(counts)})`);
console.log(row('dvc diff --json', result.dvc.median_ms));
console.log(
  row(
    'mlops-lens diff --json',
    result.cli.median_ms,
    `${vsDvc.toFixed(1)}x faster than dvc${cpuNote(cpuVsDvc)} (target >= 10x)`,
  ),
);
console.log(
  row(
    'floor: node reads + parses both manifests',
    result.floor_cli.median_ms,
    `ours = ${vsFloorCli.toFixed(2)}x the floor${cpuNote(cpuVsFloor)} (target <= 2x)`,
  ),
);
console.log(row('node + CLI start (mlops-lens --version)', result.cli_start_ms));
console.log(row('in-process dataDiff (warm)', inDiff, `${vsFloorIn.toFixed(2)}x the in-process floor`));
console.log(row('in-process floor: read + parse both', inFloor));
console.log(`written to ${opts.out}`);
