import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'node:test';
import { RunIndex } from '../../src/core/index/runIndex';
import { discoverStores } from '../../src/core/index/discover';
import { isMlflowFileStore, readFileStore, updateFileStore } from '../../src/core/sources/mlflow/fileStore';
import { copyMlflowFixtures, MLFLOW_FIXTURES, runNamed } from './helpers/mlflowFixtures';

const FIXTURES = MLFLOW_FIXTURES;

test('a file store is recognised by MLflow’s rule; an artifact-only mlruns is not', () => {
  assert.ok(isMlflowFileStore(path.join(FIXTURES, 'filestore', 'mlruns')));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-artifacts-only-'));
  fs.mkdirSync(path.join(dir, '1', 'abc', 'artifacts'), { recursive: true });
  assert.equal(isMlflowFileStore(dir), false);
});

test('discovery finds the file store and the SQLite store, not the artifact folders', async () => {
  const stores = await discoverStores([FIXTURES]);
  const kinds = stores.map((s) => `${s.kind}:${path.relative(FIXTURES, s.path)}`);
  assert.ok(kinds.includes('mlflow-file:filestore/mlruns'));
  assert.ok(kinds.includes('mlflow-sqlite:sqlite/mlflow.db'));
  assert.ok(!kinds.some((k) => k.includes('mlartifacts')));
});

test('reads nested runs, deleted runs and experiments, slash keys and NaN metrics', async () => {
  const { snapshot } = await readFileStore(path.join(FIXTURES, 'filestore', 'mlruns'));
  const runs = snapshot.runs;
  const parent = runNamed(runs, 'parent');
  assert.equal(runNamed(runs, 'child-a').parentId, parent.id);
  assert.equal(runNamed(runs, 'grandchild').parentId, runNamed(runs, 'child-b').id);
  assert.equal(runNamed(runs, 'deleted-run').lifecycle, 'deleted');
  assert.ok(runs.some((r) => r.experimentName === 'fixture-deleted' && r.lifecycle === 'deleted'));
  assert.ok('train/loss' in runNamed(runs, 'slash-keys').metrics);
  assert.ok(
    Number.isNaN(
      Object.values(runNamed(runs, 'weird-values').metrics).find((m) => Number.isNaN(m.value))!.value,
    ),
  );
  assert.equal(runNamed(runs, 'live-training').status, 'RUNNING');
  assert.equal(runNamed(runs, 'failed-run').status, 'FAILED');
  assert.deepEqual(snapshot.problems, []);
});

test('appending a metric line to a live run updates only that run', async () => {
  const dir = copyMlflowFixtures();
  const store = path.join(dir, 'filestore', 'mlruns');
  const first = await readFileStore(store);
  const live = runNamed(first.snapshot.runs, 'live-training');
  const file = path.join(live.runDir!, 'metrics', 'loss');
  fs.appendFileSync(file, `${Date.now()} 0.123 99\n`);
  const { snapshot, state } = await updateFileStore(store, first.state, [file]);
  assert.deepEqual(runNamed(snapshot.runs, 'live-training').metrics.loss.step, 99);
  assert.equal(runNamed(snapshot.runs, 'live-training').metrics.loss.value, 0.123);
  const other = runNamed(first.snapshot.runs, 'baseline');
  assert.equal(runNamed(snapshot.runs, 'baseline'), other, 'unchanged runs are reused, not reread');
  assert.equal(Object.keys(state.runs).length, Object.keys(first.state.runs).length);
});

test('a bad metric line and a broken meta.yaml become problems, not crashes', async () => {
  const dir = copyMlflowFixtures();
  const store = path.join(dir, 'filestore', 'mlruns');
  const first = await readFileStore(store);
  const baseline = runNamed(first.snapshot.runs, 'baseline');
  const tuned = runNamed(first.snapshot.runs, 'tuned');
  fs.appendFileSync(path.join(baseline.runDir!, 'metrics', 'rmse'), 'not a metric line\n');
  fs.writeFileSync(path.join(tuned.runDir!, 'meta.yaml'), 'status: [unclosed\n');
  const { snapshot } = await readFileStore(store);
  assert.ok(
    snapshot.problems.some((p) => p.path.endsWith(path.join('metrics', 'rmse')) && /line \d+/.test(p.reason)),
  );
  assert.ok(snapshot.problems.some((p) => p.path === path.join(tuned.runDir!, 'meta.yaml')));
  assert.ok(!snapshot.runs.some((r) => r.id === tuned.id));
  assert.ok(snapshot.runs.some((r) => r.id === baseline.id));
});

test('the persistent cache is reused on the next start and invalidated by changes', async () => {
  const dir = copyMlflowFixtures();
  const cacheFile = path.join(dir, 'cache', 'index.v8');
  const first = new RunIndex({ roots: [dir], cacheFile });
  await first.refresh();
  assert.ok(fs.existsSync(cacheFile));
  const runsBefore = first.allRuns().length;
  const tuned = runNamed(first.allRuns(), 'tuned');
  fs.writeFileSync(path.join(tuned.runDir!, 'tags', 'team'), 'vision');
  const second = new RunIndex({ roots: [dir], cacheFile });
  await second.refresh();
  assert.equal(second.allRuns().length, runsBefore);
  const fileTuned = second.allRuns().find((r) => r.id === tuned.id)!;
  assert.equal(fileTuned.tags.team, 'vision');
});

test('metric history is read on demand in logged order', async () => {
  const index = new RunIndex({ roots: [FIXTURES] });
  await index.refresh();
  for (const run of index.allRuns().filter((r) => r.name === 'long-run')) {
    const { points } = await index.history(run, 'loss');
    assert.equal(points.length, 1000, run.source);
    assert.equal(points[999].step, 999);
  }
});
