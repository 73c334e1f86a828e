import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'node:test';
import { loadIndexCache, saveIndexCache } from '../../src/core/index/indexCache';
import { RunIndex } from '../../src/core/index/runIndex';
import type { CachedRun } from '../../src/core/sources/mlflow/cachedRun';
import { copyMlflowFixtures, runNamed } from './helpers/mlflowFixtures';

const ROOT = path.join(__dirname, '..', '..');

const text = (bytes: Uint8Array | null) => (bytes === null ? null : Buffer.from(bytes).toString('utf8'));

test('the cache file gives back every store: runs, their JSON bytes, fingerprints and problems', async () => {
  const dir = copyMlflowFixtures();
  const cacheFile = path.join(dir, 'cache', 'index.v8');
  const index = new RunIndex({ roots: [dir], cacheFile });
  await index.refresh();
  const saved = (index as unknown as { stores: Map<string, unknown> }).stores;
  const loaded = loadIndexCache(cacheFile);
  assert.deepEqual([...loaded.keys()], [...saved.keys()]);
  for (const [key, entry] of loaded) {
    const original = saved.get(key) as typeof entry;
    assert.equal(entry.kind, original.kind, key);
    if (entry.kind !== 'mlflow-file' || original.kind !== 'mlflow-file') continue;
    assert.deepEqual(Object.keys(entry.state.experiments), Object.keys(original.state.experiments));
    for (const [runDir, run] of Object.entries(original.state.runs)) {
      const back: CachedRun | undefined = entry.state.runs[runDir];
      assert.ok(back, runDir);
      assert.equal(text(back.json), text(run.json), runDir);
      assert.deepEqual(back.sortKey, run.sortKey);
      assert.deepEqual(back.problems, run.problems);
      assert.equal(back.fingerprint.base, run.fingerprint.base);
      assert.equal(back.fingerprint.paths, run.fingerprint.paths);
      assert.deepEqual(Array.from(back.fingerprint.stamp), Array.from(run.fingerprint.stamp));
    }
  }
});

test('a truncated, foreign or missing cache file counts as empty', async () => {
  const dir = copyMlflowFixtures();
  const cacheFile = path.join(dir, 'index.v8');
  const index = new RunIndex({ roots: [dir], cacheFile });
  await index.refresh();
  const whole = fs.readFileSync(cacheFile);
  assert.ok(loadIndexCache(cacheFile).size > 0);
  fs.writeFileSync(cacheFile, whole.subarray(0, whole.length - 10));
  assert.equal(loadIndexCache(cacheFile).size, 0, 'truncated');
  fs.writeFileSync(cacheFile, 'not a cache');
  assert.equal(loadIndexCache(cacheFile).size, 0, 'foreign');
  assert.equal(loadIndexCache(path.join(dir, 'absent.v8')).size, 0, 'missing');
  saveIndexCache(path.join(dir, 'index.v8', 'cannot-be-a-folder'), new Map());
});

test('a warm start finds new keys of a finished run; a reread also sees values appended to its metrics', async () => {
  const dir = copyMlflowFixtures();
  const cacheFile = path.join(dir, 'cache', 'index.v8');
  const first = new RunIndex({ roots: [dir], cacheFile });
  await first.refresh();
  const baseline = runNamed(
    first.allRuns().filter((r) => r.source === 'mlflow-file'),
    'baseline',
  );
  assert.equal(baseline.status, 'FINISHED');
  const reopened = async (options: { reread?: boolean } = {}) => {
    const index = new RunIndex({ roots: [dir], cacheFile });
    await index.refresh(options);
    return index.findRun(baseline.store, baseline.id)!;
  };
  // MlflowClient.log_metric on a finished run, to a key it has: the cache takes its values as final.
  fs.appendFileSync(path.join(baseline.runDir!, 'metrics', 'rmse'), '1700000000001 0.01 1000000\n');
  assert.equal((await reopened()).metrics.rmse.step, baseline.metrics.rmse.step);
  assert.equal((await reopened({ reread: true })).metrics.rmse.step, 1000000);
  // ... to a new key: the metrics folder changes, and the run is read again.
  fs.writeFileSync(path.join(baseline.runDir!, 'metrics', 'test_rmse'), '1700000000000 0.42 0\n');
  assert.equal((await reopened()).metrics.test_rmse?.value, 0.42);
});

test('runs --json prints the same bytes cold and warm, with and without deleted runs', () => {
  const dir = copyMlflowFixtures();
  const env = { ...process.env, MLOPS_LENS_INDEX_CACHE: path.join(dir, 'cache') };
  const cli = (args: string[]) => {
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'main.ts'), 'runs', '--json', ...args, dir],
      { encoding: 'utf8', env },
    );
    assert.equal(result.status, 0, result.stderr);
    return result.stdout;
  };
  for (const flags of [['--all'], []]) {
    const cold = cli(flags);
    const warm = cli(flags);
    assert.equal(warm, cold, flags.join(' '));
    const runs = JSON.parse(warm) as { lifecycle: string }[];
    assert.ok(runs.length > 3);
    assert.equal(
      runs.some((r) => r.lifecycle === 'deleted'),
      flags.includes('--all'),
    );
  }
});
