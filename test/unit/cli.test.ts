import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'node:test';

const ROOT = path.join(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'mlflow');

function cli(args: string[], cwd = ROOT) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'main.ts'), ...args],
    {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        MLOPS_LENS_INDEX_CACHE: fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-cache-')),
      },
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('usage errors exit with 2 and print the usage', () => {
  for (const args of [[], ['frobnicate'], ['runs', '--bogus'], ['history', 'only-a-run-id']]) {
    const { status, stderr } = cli(args);
    assert.equal(status, 2, args.join(' '));
    assert.match(stderr, /Usage:/);
  }
  assert.equal(cli(['--help']).status, 0);
});

test('runs --json lists active runs; --all adds deleted ones', () => {
  const active = JSON.parse(cli(['runs', '--json', FIXTURES]).stdout) as {
    lifecycle: string;
    name: string;
  }[];
  const all = JSON.parse(cli(['runs', '--json', '--all', FIXTURES]).stdout) as { lifecycle: string }[];
  assert.ok(active.length > 0);
  assert.ok(active.every((r) => r.lifecycle === 'active'));
  assert.ok(all.length > active.length);
  assert.ok(active.some((r) => r.name === 'tuned'));
});

test('the table names the runs and counts them', () => {
  const { status, stdout } = cli(['runs', path.join(FIXTURES, 'filestore')]);
  assert.equal(status, 0);
  assert.match(stdout, /fixture-basics\s+tuned/);
  assert.match(stdout, /\d+ runs\n$/);
});

test('unreadable files are reported with path and reason, and the exit status stays 0', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-cli-'));
  fs.cpSync(path.join(FIXTURES, 'filestore'), dir, { recursive: true });
  const runs = JSON.parse(cli(['runs', '--json', dir]).stdout) as {
    name: string;
    id: string;
    experimentId: string;
  }[];
  const tuned = runs.find((r) => r.name === 'tuned')!;
  const metricFile = path.join(dir, 'mlruns', tuned.experimentId, tuned.id, 'metrics', 'rmse');
  fs.appendFileSync(metricFile, '1 2 3 4\n');
  const { status, stderr, stdout } = cli(['runs', '--json', dir]);
  assert.equal(status, 0);
  assert.ok(stderr.includes(metricFile));
  assert.match(stderr, /expected 2, 3 or 5 fields/);
  assert.equal((JSON.parse(stdout) as unknown[]).length, runs.length);
});

test('history prints the values in logged order; an unknown run exits 1', () => {
  const runs = JSON.parse(cli(['runs', '--json', path.join(FIXTURES, 'filestore')]).stdout) as {
    name: string;
    id: string;
  }[];
  const longRun = runs.find((r) => r.name === 'long-run')!;
  const points = JSON.parse(
    cli(['history', longRun.id, 'loss', path.join(FIXTURES, 'filestore'), '--json']).stdout,
  );
  assert.equal(points.length, 1000);
  assert.deepEqual(Object.keys(points[0]), ['step', 'timestamp', 'value']);
  assert.equal(cli(['history', 'nope', 'loss', FIXTURES, '--json']).status, 1);
});
