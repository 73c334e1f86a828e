#!/usr/bin/env node
// Benchmark: `mlops-lens stages` against `dvc status` on every DVC project of the real-world corpus
// (/work/shared/corpus or --corpus DIR). Each project (a folder holding `.dvc/`, with a dvc.yaml or
// `.dvc` files) is copied into a fresh Git repository first, since `dvc status` needs one. Per project:
//   dvc status: median of --reps runs (DVC's hash state warm after the first run)
//   mlops-lens stages --json, cold: an empty MLOPS_LENS_INDEX_CACHE folder; warm: the cache of a previous run
//   in-process: discovery + statuses repeated in one process, as the extension does on each refresh
//     (bench/dvc-status/inprocess.ts): round 1 cold, later rounds warm
// The verdict (>= 10x) is on the in-process refresh, what the extension runs; CLI ratios are printed
// beside Node's start-up, which bounds them.
//
// Usage: node bench/dvc-corpus/bench.mjs --dvc VENV/bin/dvc [--corpus DIR] [--cli dist/cli.js]
//          [--reps 3] [--out test-output/bench/dvc-corpus.json]
// Exits 1 when a project misses the target or a command fails.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { childrenCpuMs, cliStartMs } from '../lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const TARGET = 10;

function parseArgs(argv) {
  const o = {
    corpus: resolve(root, '..', '..', 'shared', 'corpus'),
    dvc: null,
    cli: join(root, 'dist', 'cli.js'),
    reps: 3,
    out: join(root, 'test-output', 'bench', 'dvc-corpus.json'),
  };
  for (let i = 0; i < argv.length; i++) {
    const value = () => argv[++i];
    if (argv[i] === '--corpus') o.corpus = resolve(value());
    else if (argv[i] === '--dvc') o.dvc = resolve(value());
    else if (argv[i] === '--cli') o.cli = resolve(value());
    else if (argv[i] === '--reps') o.reps = Number(value());
    else if (argv[i] === '--out') o.out = resolve(value());
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!o.dvc) throw new Error('--dvc is required');
  if (!existsSync(o.corpus)) throw new Error(`no corpus at ${o.corpus} (give --corpus DIR)`);
  return o;
}

const opts = parseArgs(process.argv.slice(2));
const scratch = mkdtempSync(join(tmpdir(), 'mlops-lens-bench-corpus-'));
const log = (msg) => process.stderr.write(`${msg}\n`);
const gitEnv = {
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
};
const dvcEnv = { DVC_NO_ANALYTICS: '1', DVC_NO_UPDATE_CHECK: '1' };

/** Runs a command; returns wall and CPU ms and the output (throws when it fails). */
function timed(cmd, args, cwd, env = {}) {
  const cpu0 = childrenCpuMs();
  const t0 = process.hrtime.bigint();
  const res = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu1 = childrenCpuMs();
  if (res.error) throw res.error;
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${res.status}: ${res.stderr}`);
  return { ms, cpuMs: cpu0 == null || cpu1 == null ? null : cpu1 - cpu0, stdout: res.stdout.toString() };
}

/** Folders holding `.dvc/` (nested ones are projects of their own) that have something to report. */
function findProjects(dir, out = []) {
  const entries = readdirSync(dir, { withFileTypes: true });
  const isProject = entries.some((e) => e.isDirectory() && e.name === '.dvc');
  if (isProject && hasPipelineFiles(dir, true)) out.push(dir);
  for (const e of entries)
    if (e.isDirectory() && !e.name.startsWith('.')) findProjects(join(dir, e.name), out);
  return out;
}

function hasPipelineFiles(dir, top) {
  const entries = readdirSync(dir, { withFileTypes: true });
  if (!top && entries.some((e) => e.isDirectory() && e.name === '.dvc')) return false;
  if (entries.some((e) => e.isFile() && (e.name === 'dvc.yaml' || /.\.dvc$/.test(e.name)))) return true;
  return entries.some(
    (e) => e.isDirectory() && !e.name.startsWith('.') && hasPipelineFiles(join(dir, e.name), false),
  );
}

/** A copy of the project in a new Git repository with everything committed. */
function gitCopy(project, index) {
  const repo = join(scratch, `p${index}`);
  cpSync(project, repo, { recursive: true });
  // Nested projects are copied too; their `.dvc/` would make them DVC subrepos of this repo.
  timed('git', ['init', '-q', '-b', 'main'], repo, gitEnv);
  timed('git', ['add', '-A'], repo, gitEnv);
  timed('git', ['commit', '-q', '-m', 'corpus'], repo, gitEnv);
  return repo;
}

const firstLine = (error) =>
  String(error.message)
    .split('\n')
    .find((line) => line.includes(': '))
    ?.replace(/^.*exited \d+: /, '')
    .slice(0, 90) ?? String(error).slice(0, 90);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x) => (x == null ? null : Math.round(x * 10) / 10);
const ratio = (a, b) => (a && b ? Math.round((a / b) * 10) / 10 : null);

const inprocessJs = join(scratch, 'inprocess.js');
buildSync({
  entryPoints: [join(root, 'bench', 'dvc-status', 'inprocess.ts')],
  bundle: true,
  platform: 'node',
  outfile: inprocessJs,
  logLevel: 'error',
});

function benchProject(project, index) {
  const repo = gitCopy(project, index);
  const stages = JSON.parse(timed(process.execPath, [opts.cli, 'stages', '--json', repo], repo).stdout);
  const dvcItems = stages.filter((s) => s.kind === 'dvc').length;
  try {
    timed(opts.dvc, ['status'], repo, dvcEnv); // fills DVC's hash state once
  } catch (error) {
    // e.g. DVC 3 rejects the DVC 0.x stage files of the 2019 snapshot: nothing to compare with.
    return { project: relative(opts.corpus, project), dvc_stages: dvcItems, skipped: firstLine(error) };
  }
  const dvc = Array.from({ length: opts.reps }, () => timed(opts.dvc, ['status'], repo, dvcEnv).ms);
  const cli = (cacheDir) =>
    timed(process.execPath, [opts.cli, 'stages', '--json', repo], repo, { MLOPS_LENS_INDEX_CACHE: cacheDir })
      .ms;
  const cold = Array.from({ length: opts.reps }, () => cli(mkdtempSync(join(scratch, 'cache-'))));
  const warmDir = mkdtempSync(join(scratch, 'cache-'));
  cli(warmDir);
  const warm = Array.from({ length: opts.reps }, () => cli(warmDir));
  const rounds = JSON.parse(timed(process.execPath, [inprocessJs, repo, '7'], repo).stdout).rounds;
  const result = {
    project: relative(opts.corpus, project),
    dvc_stages: dvcItems,
    dvc_status_ms: round(median(dvc)),
    cli_cold_ms: round(median(cold)),
    cli_warm_ms: round(median(warm)),
    in_process_first_ms: round(rounds[0].ms),
    in_process_warm_ms: round(median(rounds.slice(1).map((r) => r.ms))),
  };
  result.ratio_cli_cold = ratio(result.dvc_status_ms, result.cli_cold_ms);
  result.ratio_cli_warm = ratio(result.dvc_status_ms, result.cli_warm_ms);
  result.ratio_in_process_first = ratio(result.dvc_status_ms, result.in_process_first_ms);
  result.ratio_in_process_warm = ratio(result.dvc_status_ms, result.in_process_warm_ms);
  return result;
}

const projects = findProjects(opts.corpus);
log(`${projects.length} DVC projects in ${opts.corpus} (${opts.reps} runs each)`);
const results = [];
for (const [index, project] of projects.entries()) {
  log(`  ${relative(opts.corpus, project)}`);
  results.push(benchProject(project, index));
}
const cliStart = round(cliStartMs(opts.cli));
const measured = results.filter((r) => !r.skipped);
const missed = measured.filter(
  (r) => !(r.ratio_in_process_warm >= TARGET && r.ratio_in_process_first >= TARGET),
);
mkdirSync(dirname(opts.out), { recursive: true });
const machine = { cpus: cpus().length, load_at_end: loadavg().map(round) };
writeFileSync(
  opts.out,
  `${JSON.stringify({ corpus: opts.corpus, machine, cli_start_ms: cliStart, results }, null, 2)}\n`,
);
rmSync(scratch, { recursive: true, force: true });

const cell = (value, width) => String(value).padStart(width);
console.log(`DVC corpus projects: dvc status against mlops-lens stages (wall ms, medians of ${opts.reps})`);
console.log(
  `  ${'project'.padEnd(58)} ${cell('stages', 6)} ${cell('dvc', 7)} ${cell('cli cold', 8)} ${cell('cli warm', 8)} ${cell('in-proc 1st', 11)} ${cell('in-proc', 8)} ${cell('ratio', 7)}`,
);
for (const r of results) {
  if (r.skipped) {
    console.log(
      `  ${r.project.padEnd(58)} ${cell(r.dvc_stages, 6)}   skipped: dvc status fails: ${r.skipped}`,
    );
    continue;
  }
  console.log(
    `  ${r.project.padEnd(58)} ${cell(r.dvc_stages, 6)} ${cell(r.dvc_status_ms, 7)} ${cell(r.cli_cold_ms, 8)} ${cell(r.cli_warm_ms, 8)} ${cell(r.in_process_first_ms, 11)} ${cell(r.in_process_warm_ms, 8)} ${cell(`${r.ratio_in_process_warm}x`, 7)}`,
  );
}
console.log(
  `  ratio = dvc status / in-process refresh (what the extension runs); CLI ratios are in the JSON and bounded by Node's start-up (${cliStart} ms for \`mlops-lens --version\`)`,
);
console.log(
  `  target >= ${TARGET}x on every measured project (${measured.length}) (first and warm refresh): ${missed.length === 0 ? 'OK' : `MISSED on ${missed.map((r) => r.project).join(', ')}`}`,
);
console.log(`  written to ${opts.out}`);
if (missed.length > 0) process.exitCode = 1;
