// The end of `npm test` (test/reporter/summary.mjs counts each suite, test/reporter/total.mjs prints
// the total): a suite that cannot start must say so in the last lines, not only in the exit status,
// and skipped tests must show their reason.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const TOTAL = path.join(REPO_ROOT, 'test', 'reporter', 'total.mjs');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-summary-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

interface Total {
  lines: string[];
  status: number | null;
}

function withoutTestContext(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  return env;
}

function total(records: object[], ...statuses: string[]): Total {
  const file = path.join(scratch, `summary-${Math.random().toString(36).slice(2)}.jsonl`);
  fs.writeFileSync(file, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  const result = spawnSync(process.execPath, [TOTAL, file, ...statuses], { encoding: 'utf8' });
  assert.equal(result.stderr, '');
  return { lines: result.stdout.trimEnd().split('\n'), status: result.status };
}

test('a suite that did not start is named with its reason just before the total, and fails the run', () => {
  const { lines, status } = total(
    [
      { suite: 'unit', passed: 400, failed: 0, skipped: 2, skipReasons: { 'no corpus at /x': 2 } },
      { suite: 'scaffold', passed: 46, failed: 10, skipped: 0, skipReasons: {} },
      { suite: 'e2e', notStarted: 'code-server install failed' },
    ],
    'unit=0',
    'scaffold=1',
    'e2e=1',
  );
  assert.deepEqual(lines, [
    'unit: 400 passed, 0 failed, 2 skipped',
    '  2 skipped: no corpus at /x',
    'scaffold: 46 passed, 10 failed, 0 skipped',
    'e2e: did not start — code-server install failed',
    '446 passed, 11 failed',
  ]);
  assert.equal(status, 1);
});

test('a suite that exited non-zero without reporting did not start; failed checks are listed', () => {
  const { lines, status } = total(
    [
      { suite: 'unit', passed: 3, failed: 0, skipped: 0 },
      { suite: 'checks', failedCheck: 'lint failed (eslint or prettier)' },
    ],
    'unit=0',
    'fidelity=7',
  );
  assert.deepEqual(lines.slice(-3), [
    'checks: lint failed (eslint or prettier)',
    'fidelity: did not start — exited with status 7 before any test ran',
    '3 passed, 2 failed',
  ]);
  assert.equal(status, 1);
  const crashed = total([{ suite: 'unit', passed: 3, failed: 0, skipped: 0 }], 'unit=1');
  assert.deepEqual(crashed.lines.slice(-2), [
    'unit: exited with status 1 although no test failed',
    '3 passed, 1 failed',
  ]);
});

test('all passing: the last line is the total and the exit status is 0', () => {
  const { lines, status } = total([{ suite: 'unit', passed: 2, failed: 0, skipped: 0 }], 'unit=0');
  assert.deepEqual(lines, ['unit: 2 passed, 0 failed, 0 skipped', '2 passed, 0 failed']);
  assert.equal(status, 0);
});

test('the summary reporter records the suite, the counts and each skip reason', () => {
  const file = path.join(scratch, 'sample.test.mjs');
  fs.writeFileSync(
    file,
    [
      "import { describe, it, test } from 'node:test';",
      "test('passes', () => {});",
      "test('fails', () => { throw new Error('no'); });",
      "test('needs the corpus', { skip: 'no corpus here' }, () => {});",
      "test('skipped inside', (t) => t.skip('not today'));",
      "describe('a skipped group', { skip: 'no corpus here' }, () => { it('one', () => {}); });",
    ].join('\n'),
  );
  const summary = path.join(scratch, 'reporter.jsonl');
  spawnSync(
    process.execPath,
    ['--test', `--test-reporter=${path.join(REPO_ROOT, 'test', 'reporter', 'summary.mjs')}`, file],
    {
      encoding: 'utf8',
      // Without NODE_TEST_CONTEXT: the inner run then reports to its own reporters, not to this one.
      env: { ...withoutTestContext(), MLOPS_LENS_SUMMARY_FILE: summary, MLOPS_LENS_SUITE: 'sample' },
    },
  );
  const records = fs
    .readFileSync(summary, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.equal(records.length, 1);
  assert.equal(records[0]!.suite, 'sample');
  assert.equal(records[0]!.passed, 1);
  assert.equal(records[0]!.failed, 1);
  const reasons = records[0]!.skipReasons as Record<string, number>;
  assert.equal(reasons['not today'], 1);
  assert.ok((reasons['no corpus here'] ?? 0) >= 1, JSON.stringify(reasons));
});
