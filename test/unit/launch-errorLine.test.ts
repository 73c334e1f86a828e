// The line a failed launch's notification shows, on what real DVC, MLflow and make printed when they
// failed (test/fixtures/launch-failures/generate.sh runs them).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { firstErrorLine, outputLines } from '../../src/core/launch/errorLine';

const FIXTURES = join(__dirname, '..', 'fixtures', 'launch-failures');
const stderrOf = (name: string): string => readFileSync(join(FIXTURES, `${name}.stderr`), 'utf8');
const exitOf = (name: string): number => Number(readFileSync(join(FIXTURES, `${name}.exit`), 'utf8'));

test('DVC: its own ERROR line, not the "Having any troubles?" footer', () => {
  assert.equal(exitOf('dvc-exp-no-git-identity'), 255);
  assert.equal(
    firstErrorLine(stderrOf('dvc-exp-no-git-identity')),
    'ERROR: unexpected error - Git user name and email must be configured',
  );
  assert.match(
    firstErrorLine(stderrOf('dvc-repro-missing-dep'))!,
    /^ERROR: failed to reproduce 'evaluate': \[Errno 2\] No such file or directory: '.*src\/evaluate\.py'$/,
  );
});

test('MLflow: the message of its ERROR log line, without timestamp, logger or === frame', () => {
  assert.equal(exitOf('mlflow-missing-parameter'), 1);
  assert.equal(
    firstErrorLine(stderrOf('mlflow-missing-parameter')),
    "No value given for missing parameters: 'alpha'",
  );
  // INFO lines come first; the ERROR line names the failed run.
  assert.match(firstErrorLine(stderrOf('mlflow-command-failed'))!, /^Run \(ID '[0-9a-f]{32}'\) failed$/);
});

test("make: the recipe's Python exception comes before make's own summary", () => {
  assert.equal(exitOf('make-recipe-failed'), 2);
  assert.equal(
    firstErrorLine(stderrOf('make-recipe-failed')),
    "ModuleNotFoundError: No module named 'nosuchmodule'",
  );
  assert.equal(
    firstErrorLine(stderrOf('make-no-such-target')),
    "make: *** No rule to make target 'deploy'.  Stop.",
  );
});

test('colours and progress-bar redraws are removed; an output without error lines gives its last line', () => {
  const coloured = '\u001b[31mERROR\u001b[39m: failed to reproduce \u001b[1mtrain\u001b[0m\n';
  assert.equal(firstErrorLine(coloured), 'ERROR: failed to reproduce train');
  assert.deepEqual(outputLines('10%\r50%\r100%\ndone'), ['100%', 'done']);
  assert.equal(firstErrorLine('step 1\nalpha 2 is too large\n\n'), 'alpha 2 is too large');
  assert.equal(firstErrorLine(''), undefined);
  assert.equal(firstErrorLine('/bin/sh: 1: pyhton: not found\n'), '/bin/sh: 1: pyhton: not found');
  assert.equal(firstErrorLine(`ERROR: ${'x'.repeat(500)}`)!.length, 300);
});
