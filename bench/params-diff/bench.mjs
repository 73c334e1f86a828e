#!/usr/bin/env node
// Benchmark: `dvc params diff --json` / `dvc metrics diff --json` against `mlops-lens params-diff
// --json` / `metrics-diff --json` (dist/cli.js) on the params-diff fixture (bench/params-diff/generate.sh),
// for the workspace against HEAD, HEAD~1 against HEAD and a tag against an experiment. First it checks
// that both print the same JSON (DVC's files and keys put in code-point order by DVC's own Python, as
// ours are). Target: ≥ 10× faster than DVC. Wall clock with a warm OS page cache; CPU is user +
// system of the child.
// Usage: node bench/params-diff/bench.mjs --repo REPO --dvc VENV/bin/dvc [--cli dist/cli.js]
//          [--reps 5] [--out test-output/bench/params-diff.json]
// Exits 1 if the outputs differ or a command fails.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { cliStartMs, parseRepoBenchArgs, round1, timedRun, timingSummary } from '../lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const opts = parseRepoBenchArgs(process.argv.slice(2), root, 'params-diff.json');
const scratch = mkdtempSync(join(tmpdir(), 'mlops-lens-bench-params-diff-'));
const env = { DVC_NO_ANALYTICS: '1', DVC_NO_UPDATE_CHECK: '1' };
const log = (msg) => process.stderr.write(`${msg}\n`);
const timed = (cmd, args) => timedRun(cmd, args, { cwd: opts.repo, env, scratch });
const repeat = (n, f) => Array.from({ length: n }, f);
const python = join(dirname(opts.dvc), 'python');

const CANONICAL =
  'import json, sys; d = json.load(sys.stdin); ' +
  'print(json.dumps({f: {k: d[f][k] for k in sorted(d[f])} for f in sorted(d)}))';

function canonical(text) {
  const res = spawnSync(python, ['-c', CANONICAL], { input: text, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`cannot read DVC's JSON: ${res.stderr}`);
  return res.stdout;
}

const CASES = [
  { kind: 'params', revs: [] },
  { kind: 'params', revs: ['HEAD~1', 'HEAD'] },
  { kind: 'params', revs: ['v1', 'exp-lr'] },
  { kind: 'metrics', revs: [] },
  { kind: 'metrics', revs: ['HEAD~1', 'HEAD'] },
  { kind: 'metrics', revs: ['v1', 'exp-lr'] },
];

log(
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
const result = { cases: [], cli_start_ms: round1(cliStartMs(opts.cli)) };
for (const { kind, revs } of CASES) {
  const dvcArgs = [kind, 'diff', '--json', ...revs];
  const ourArgs = [`${kind}-diff`, '--json', ...revs];
  const name = `${kind} diff ${revs.join(' ') || '(workspace)'}`;
  const dvcFirst = timed(opts.dvc, dvcArgs);
  const oursFirst = timed(process.execPath, [opts.cli, ...ourArgs]);
  if (canonical(dvcFirst.stdout) !== oursFirst.stdout) {
    writeFileSync(join(scratch, 'dvc.json'), dvcFirst.stdout);
    writeFileSync(join(scratch, 'ours.json'), oursFirst.stdout);
    log(`${name}: outputs differ: see ${scratch}`);
    process.exit(1);
  }
  const dvcRuns = [
    dvcFirst,
    ...repeat(Math.max(0, Math.min(3, opts.reps) - 1), () => timed(opts.dvc, dvcArgs)),
  ];
  const oursRuns = repeat(opts.reps, () => timed(process.execPath, [opts.cli, ...ourArgs]));
  const dvc = timingSummary(dvcRuns);
  const cli = timingSummary(oursRuns);
  const ratio = dvc.median_ms / cli.median_ms;
  const cpuRatio = dvc.cpu_median_ms && cli.cpu_median_ms ? dvc.cpu_median_ms / cli.cpu_median_ms : null;
  result.cases.push({ name, dvc, cli, dvc_over_cli: round1(ratio), dvc_over_cli_cpu: round1(cpuRatio) });
  log(`${name}: same output; dvc ${round1(dvc.median_ms)} ms, ours ${round1(cli.median_ms)} ms`);
}
// The same diffs in one warm process (the extension's case: no Node start-up, Git reader reused per call).
const inprocessJs = join(scratch, 'inprocess.js');
buildSync({
  entryPoints: [join(here, 'inprocess.ts')],
  bundle: true,
  platform: 'node',
  outfile: inprocessJs,
  logLevel: 'error',
});
const warm = JSON.parse(
  spawnSync(process.execPath, [inprocessJs, opts.repo, String(opts.reps)], { encoding: 'utf8' }).stdout,
);
result.cases.forEach((c, i) => {
  c.inprocess_ms = round1(warm[i]);
  c.dvc_over_inprocess = round1(c.dvc.median_ms / warm[i]);
});
mkdirSync(dirname(opts.out), { recursive: true });
writeFileSync(opts.out, `${JSON.stringify(result, null, 2)}\n`);
rmSync(scratch, { recursive: true, force: true });

const ms = (value) => (value === '' ? ''.padStart(12) : `${String(value).padStart(9)} ms`);
const row = (name, dvcMs, ourMs, note) => `${name.padEnd(34)} ${ms(dvcMs)} ${ms(ourMs)}  ${note}`;
console.log('dvc params/metrics diff --json against mlops-lens params-diff/metrics-diff --json');
console.log(
  `${''.padEnd(34)} ${'dvc'.padStart(12)} ${'mlops-lens'.padStart(12)}  (CLI; then in one warm process)`,
);
let failed = false;
for (const c of result.cases) {
  const cpu = c.dvc_over_cli_cpu == null ? '' : ` (CPU: ${c.dvc_over_cli_cpu}x)`;
  console.log(row(c.name, c.dvc.median_ms, c.cli.median_ms, `CLI: ${c.dvc_over_cli}x faster${cpu}`));
  const note = `in one warm process: ${c.dvc_over_inprocess}x faster (target >= 10x)`;
  console.log(row('', '', c.inprocess_ms, note));
  failed ||= c.dvc_over_inprocess < 10;
}
// A CLI call cannot beat DVC's time over Node's start-up plus loading the CLI.
console.log(`node + CLI start (mlops-lens --version): ${result.cli_start_ms} ms`);
console.log(`written to ${opts.out}`);
if (failed) log('below the 10x target in at least one case');
