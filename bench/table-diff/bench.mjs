#!/usr/bin/env node
// Benchmark: a diff of two 1,000,000-row × 20-column CSV versions (generated into a temp folder by
// generate.mjs: 5,000 rows removed, 5,000 added, 10,000 edited, one column shifted).
//   floor       node reading both files once (readFileSync) and counting their lines
//   ours        diffTables + the first page of changed rows, in one node process (inprocess.ts,
//               as the Data Diff panel's worker runs it): parse, key alignment, profiles, drift
//   pandas      read_csv twice + an outer merge on the key + the changed rows (pandas_diff.py)
// The row counts of ours and pandas are checked equal first. Targets: ours ≤ 3× the floor, and
// faster than pandas. Wall clock of each process with a warm OS page cache; CPU is user + system.
// Usage: node bench/table-diff/bench.mjs [--python VENV/bin/python] [--rows 1000000] [--reps 3]
//          [--keep DIR] [--out test-output/bench/table-diff.json]
// Exits 1 if the counts differ or a command fails.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { round1, timedRun, timingSummary } from '../lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const opts = {
  python: null,
  rows: 1_000_000,
  reps: 3,
  keep: null,
  out: join(root, 'test-output', 'bench', 'table-diff.json'),
};
for (let i = 2; i < process.argv.length; i++) {
  const value = () => process.argv[++i];
  const arg = process.argv[i];
  if (arg === '--python') opts.python = resolve(value());
  else if (arg === '--rows') opts.rows = Number(value());
  else if (arg === '--reps') opts.reps = Number(value());
  else if (arg === '--keep') opts.keep = resolve(value());
  else if (arg === '--out') opts.out = resolve(value());
  else throw new Error(`unknown argument ${arg}`);
}
opts.python ??= join(
  execFileSync('bash', [join(root, 'scripts', 'python-env.sh')], { encoding: 'utf8' }).trim(),
  'bin',
  'python',
);
const log = (msg) => process.stderr.write(`${msg}\n`);
const scratch = mkdtempSync(join(tmpdir(), 'mlops-lens-bench-table-diff-'));
const data = opts.keep ?? scratch;
mkdirSync(data, { recursive: true });
const [a, b] = [join(data, 'a.csv'), join(data, 'b.csv')];

try {
  if (!existsSync(b)) {
    log(`generating two ${opts.rows}-row CSV versions in ${data}`);
    execFileSync(process.execPath, [join(here, 'generate.mjs'), data, String(opts.rows)], {
      stdio: 'inherit',
    });
  }
  const inprocessJs = join(scratch, 'inprocess.js');
  buildSync({
    entryPoints: [join(here, 'inprocess.ts')],
    bundle: true,
    platform: 'node',
    outfile: inprocessJs,
    logLevel: 'error',
  });
  log(
    `load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  const timed = (cmd, args) => timedRun(cmd, args, { cwd: root, scratch });
  const repeat = (f) => Array.from({ length: opts.reps }, f);

  log('ours and pandas: the same row counts');
  const oursRuns = [timed(process.execPath, ['--max-old-space-size=4096', inprocessJs, a, b])];
  const pandasRuns = [timed(opts.python, [join(here, 'pandas_diff.py'), a, b])];
  const ours = JSON.parse(oursRuns[0].stdout);
  const pandas = JSON.parse(pandasRuns[0].stdout);
  for (const key of ['added', 'removed', 'changed', 'unchanged']) {
    if (ours[key] !== pandas[key]) {
      log(`${key} differ: ours ${ours[key]}, pandas ${pandas[key]}`);
      process.exit(1);
    }
  }
  log(
    `same counts: ${JSON.stringify({ added: ours.added, removed: ours.removed, changed: ours.changed })}; drifted ${ours.drifted.join(', ')}`,
  );
  log(`floor x${opts.reps}`);
  const floorRuns = repeat(() => timed(process.execPath, [join(here, 'floor.mjs'), a, b]));
  log(`ours x${opts.reps - 1} more`);
  oursRuns.push(
    ...repeat(() => timed(process.execPath, ['--max-old-space-size=4096', inprocessJs, a, b])).slice(1),
  );
  log(`pandas x${opts.reps - 1} more`);
  pandasRuns.push(...repeat(() => timed(opts.python, [join(here, 'pandas_diff.py'), a, b])).slice(1));

  const floor = timingSummary(floorRuns);
  const oursT = timingSummary(oursRuns);
  const pandasT = timingSummary(pandasRuns);
  const result = {
    rows: opts.rows,
    bytes: {
      a: execFileSync('stat', ['-c', '%s', a], { encoding: 'utf8' }).trim(),
      b: execFileSync('stat', ['-c', '%s', b], { encoding: 'utf8' }).trim(),
    },
    floor,
    ours: { ...oursT, in_process_ms: round1(ours.ms) },
    pandas: { ...pandasT, in_script_ms: round1(pandas.ms) },
    ratios: {
      ours_over_floor: round1(oursT.median_ms / floor.median_ms),
      pandas_over_ours: round1(pandasT.median_ms / oursT.median_ms),
    },
    targets: { ours_over_floor_max: 3, pandas_over_ours_min: 1 },
  };
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`| what | median wall ms | median cpu ms |
|---|---|---|
| floor (read both, count lines) | ${floor.median_ms} | ${floor.cpu_median_ms} |
| ours (diffTables + first page) | ${oursT.median_ms} | ${oursT.cpu_median_ms} |
| pandas (read_csv ×2 + merge + compare) | ${pandasT.median_ms} | ${pandasT.cpu_median_ms} |

ours / floor = ${result.ratios.ours_over_floor}× (target ≤ 3×); pandas / ours = ${result.ratios.pandas_over_ours}× (target > 1×)`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
