// The running state of launches (issue 9: a failed `dvc exp run` left "train running…" in the tree
// and the CodeLens). Every order in which VS Code reports a task's end must clear it, and report
// the end once with the exit code the wrapper recorded.
import assert from 'node:assert/strict';
import test from 'node:test';
import type { LaunchResult } from '../../src/core/launch/launchProcess';
import { LaunchTracker } from '../../src/core/launch/launchTracker';

const TRAIN = '/repo/dvc.yaml\u0000train';
const failed: LaunchResult = {
  exitCode: 255,
  stderr: 'ERROR: unexpected error - Git user name and email must be configured\n',
};

test('process end, then task end: running clears at once, one report with the result', () => {
  const tracker = new LaunchTracker();
  tracker.start('run-1', TRAIN);
  assert.equal(tracker.isRunning(TRAIN), true);
  const first = tracker.end('run-1', 255, () => failed);
  assert.deepEqual(first, { changed: true, end: { exitCode: 255, result: failed } });
  assert.equal(tracker.isRunning(TRAIN), false);
  assert.deepEqual(
    tracker.end('run-1', undefined, () => assert.fail('read again')),
    { changed: false },
  );
});

test('task end first, without an exit code: the result file gives it; the process end adds nothing', () => {
  const tracker = new LaunchTracker();
  tracker.start('run-1', TRAIN);
  assert.deepEqual(
    tracker.end('run-1', undefined, () => failed),
    {
      changed: true,
      end: { exitCode: 255, result: failed },
    },
  );
  assert.equal(tracker.isRunning(TRAIN), false);
  assert.deepEqual(
    tracker.end('run-1', 255, () => undefined),
    { changed: false },
  );
});

test('terminated before the wrapper wrote a result: not running; reported when the exit code comes', () => {
  const tracker = new LaunchTracker();
  tracker.start('run-1', TRAIN);
  assert.deepEqual(
    tracker.end('run-1', undefined, () => undefined),
    { changed: true },
  );
  assert.equal(tracker.isRunning(TRAIN), false);
  assert.deepEqual(
    tracker.end('run-1', 130, () => undefined),
    {
      changed: false,
      end: { exitCode: 130, result: undefined },
    },
  );
});

test('an end without a start (events lost or late) still reports; two runs of a stage overlap correctly', () => {
  const tracker = new LaunchTracker();
  assert.deepEqual(
    tracker.end('lost', 0, () => undefined),
    { changed: false, end: { exitCode: 0, result: undefined } },
  );
  tracker.start('a', TRAIN);
  tracker.start('b', TRAIN);
  tracker.end('a', 1, () => undefined);
  assert.equal(tracker.isRunning(TRAIN), true, 'b still runs train');
  tracker.end('b', 0, () => undefined);
  assert.equal(tracker.isRunning(TRAIN), false);
  // The same task run again (same run id) is reported again.
  tracker.start('a', TRAIN);
  assert.equal(tracker.end('a', 0, () => undefined).end?.exitCode, 0);
});

test('no end event at all, or a start after the end: the exited process ends the launch', () => {
  const tracker = new LaunchTracker();
  const alive = new Set([101, 102]);
  tracker.start('a', TRAIN, 101);
  tracker.start('b', '/repo/dvc.yaml\u0000evaluate', 102);
  assert.equal(tracker.watching, true);
  assert.deepEqual(
    tracker.gone((pid) => alive.has(pid)),
    [],
  );
  alive.delete(101);
  assert.deepEqual(
    tracker.gone((pid) => alive.has(pid)),
    ['a'],
  );
  assert.deepEqual(
    tracker.end('a', undefined, () => failed),
    {
      changed: true,
      end: { exitCode: 255, result: failed },
    },
  );
  assert.equal(tracker.isRunning(TRAIN), false);
  tracker.end('b', 0, () => undefined);
  assert.equal(tracker.watching, false, 'nothing left to watch');
});
