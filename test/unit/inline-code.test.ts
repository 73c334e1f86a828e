// The core of the inline providers: logged keys → values of the runs, prefix keys from f-strings,
// best by direction, the sparkline, and the data-change summary on the data-versions fixture.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cacheDirOf } from '../../src/core/data/cache';
import { DataRepo, workspaceTree } from '../../src/core/data/versions';
import {
  dataChange,
  describeChange,
  describeStageOuts,
  formatBytes,
} from '../../src/core/inline/code/dataChange';
import { scanDvcFile } from '../../src/core/inline/code/dvcPaths';
import { lockDeps, recordedOuts, type RecordedMap } from '../../src/core/inline/code/recorded';
import { TrainingCache } from '../../src/core/inline/code/trainingCache';
import {
  callAt,
  hintText,
  scanTrainingSource,
  valuesForCalls,
} from '../../src/core/inline/code/trainingCode';
import { KeyTable } from '../../src/core/inline/code/trainingValues';
import { reduceToColumns, sparklineDataUri, sparklineSvg } from '../../src/core/inline/sparkline';
import { formatMetricValue } from '../../src/core/query/keyMetric';
import { makeRun } from './helpers/runs';

const repoRoot = path.resolve(__dirname, '..', '..');
const point = (value: number, step = 0) => ({ step, value, timestamp: 1 });
const format = (v: number | string) => (typeof v === 'number' ? formatMetricValue(v) : v);

const runs = [
  makeRun({
    id: 'r1',
    name: 'baseline',
    startTime: 100,
    metrics: { rmse: point(0.9), acc: point(0.7) },
    params: { alpha: '0.1' },
  }),
  makeRun({
    id: 'r2',
    name: 'tuned',
    startTime: 300,
    metrics: { rmse: point(0.6), val_loss: point(0.4), val_acc: point(0.8) },
  }),
  makeRun({
    id: 'r3',
    name: 'wide',
    startTime: 200,
    metrics: { rmse: point(1.2), acc: point(0.9) },
    params: { alpha: '0.5' },
  }),
  makeRun({ id: 'r4', name: 'gone', startTime: 400, lifecycle: 'deleted', metrics: { rmse: point(0.1) } }),
  makeRun({
    id: 'r5',
    name: 'elsewhere',
    store: '/other/mlruns',
    startTime: 500,
    metrics: { rmse: point(5) },
  }),
];

const SCRIPT = [
  'import mlflow',
  'with mlflow.start_run():',
  '    mlflow.log_param("alpha", 0.5)',
  '    mlflow.log_metric("rmse", 0.7)',
  '    for name in ["loss", "acc"]:',
  '        mlflow.log_metric(f"val_{name}", 1.0)',
  '    mlflow.log_metric(key, 1.0)',
  '    mlflow.log_metric("never_logged", 1.0)',
].join('\n');

describe('training code: keys → values', () => {
  const table = new KeyTable(runs, '/w');
  const { calls } = scanTrainingSource(SCRIPT);
  const values = valuesForCalls(calls, table, { runCount: 5 });

  it('takes the latest value from the newest run of the folder that logged the key', () => {
    const rmse = values.find((v) => v.call.key === 'rmse');
    assert.ok(rmse);
    assert.deepEqual(
      rmse.summaries[0].values.map((v) => [v.run.name, v.value]),
      [
        ['tuned', 0.6],
        ['wide', 1.2],
        ['baseline', 0.9],
      ],
      'newest first; the deleted run and the other folder’s store are left out',
    );
    assert.equal(hintText(rmse, format), '0.6 · tuned');
  });

  it('matches f-strings with a literal prefix as prefixes, and skips keys that are not literals or never logged', () => {
    const prefix = values.find((v) => v.call.match === 'prefix');
    assert.ok(prefix);
    assert.equal(prefix.call.key, 'val_');
    assert.deepEqual(
      prefix.summaries.map((s) => s.key),
      ['val_acc', 'val_loss'],
    );
    assert.equal(hintText(prefix, format), 'val_acc 0.8, val_loss 0.4 · tuned');
    assert.deepEqual(
      values.map((v) => v.call.key),
      ['alpha', 'rmse', 'val_'],
    );
  });

  it('shows params as logged', () => {
    const alpha = values.find((v) => v.call.key === 'alpha');
    assert.equal(alpha && hintText(alpha, format), '0.5 · wide');
  });

  it('picks the best by the metric’s direction: the lowest rmse, the highest acc', () => {
    const rmse = table.summary('metric', 'rmse', 5);
    assert.equal(rmse.direction, 'min');
    assert.equal(rmse.best?.run.name, 'tuned');
    assert.equal(rmse.min?.value, 0.6);
    assert.equal(rmse.max?.run.name, 'wide');
    const acc = table.summary('metric', 'acc', 5);
    assert.equal(acc.direction, 'max');
    assert.equal(acc.best?.run.name, 'wide');
  });

  it('keeps only the N newest runs', () => {
    assert.deepEqual(
      table.summary('metric', 'rmse', 2).values.map((v) => v.run.name),
      ['tuned', 'wide'],
    );
  });

  it('finds the call under the cursor by its key literal, then by the whole call', () => {
    const line = SCRIPT.split('\n').findIndex((l) => l.includes('"rmse"'));
    const onKey = callAt(values, line, SCRIPT.split('\n')[line].indexOf('rmse'));
    assert.equal(onKey?.call.key, 'rmse');
    assert.equal(callAt(values, line, 5)?.call.key, 'rmse');
    assert.equal(callAt(values, 0, 0), undefined);
  });

  it('scans a document version once, and rebuilds values (not the scan) when the runs change', async () => {
    let reads = 0;
    let current = runs;
    const cache = new TrainingCache({ runs: () => current });
    const doc = { uri: 'file:///w/train.py', version: 1, folder: '/w', text: () => (reads++, SCRIPT) };
    const first = await cache.callValues(doc, { runCount: 5 });
    assert.equal(
      await cache.callValues(doc, { runCount: 5 }),
      first,
      'the same answer object while nothing changed',
    );
    current = [makeRun({ id: 'r9', name: 'newest', startTime: 900, metrics: { rmse: point(0.5) } })];
    cache.runsChanged();
    const after = await cache.callValues(doc, { runCount: 5 });
    assert.equal(
      hintText(
        after.find((v) => v.call.key === 'rmse')!,
        format,
      ),
      '0.5 · newest',
    );
    assert.equal(reads, 1, 'the text was scanned once');
    await cache.callValues({ ...doc, version: 2 }, { runCount: 5 });
    assert.equal(reads, 2, 'a new version is scanned again');
  });
});

describe('sparkline', () => {
  it('draws a path through the finite values and marks the last one', () => {
    const svg = sparklineSvg([1, 3, NaN, 2, Infinity]);
    assert.ok(svg);
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.equal((svg.match(/[ML]/g) ?? []).length, 3, 'three finite points');
    assert.match(svg, /<circle /);
  });

  it('has nothing to draw with fewer than two finite values', () => {
    assert.equal(sparklineSvg([NaN, 1]), undefined);
    assert.equal(sparklineDataUri([]), undefined);
  });

  it('is a base64 data: URI of the SVG', () => {
    const uri = sparklineDataUri([1, 2, 3]);
    assert.ok(uri);
    assert.ok(uri.startsWith('data:image/svg+xml;base64,'));
    assert.equal(Buffer.from(uri.split(',')[1], 'base64').toString('utf8'), sparklineSvg([1, 2, 3]));
  });

  it('keeps each column’s min and max of a long history (spikes survive)', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => (i === 5000 ? 100 : 1));
    const reduced = reduceToColumns(values, 80);
    assert.ok(reduced.length <= 160);
    assert.ok(reduced.includes(100));
  });
});

describe('data change summary (data-versions fixture)', () => {
  let work: string;
  let root: string;
  let head: RecordedMap;
  let v1: RecordedMap;
  let now: RecordedMap;

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-inline-'));
    execFileSync('tar', ['-xzf', path.join(repoRoot, 'test/fixtures/data-versions/repo.tar.gz'), '-C', work]);
    root = path.join(work, 'repo');
    const repo = new DataRepo(root);
    try {
      head = await recordedOuts(await repo.treeAt(await repo.resolve('HEAD')), root);
      v1 = await recordedOuts(await repo.treeAt(await repo.resolve('v1')), root);
    } finally {
      repo.close();
    }
    now = await recordedOuts(workspaceTree(root), root);
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  const change = (key: string, base: RecordedMap) =>
    dataChange(cacheDirOf(root), now.get(key), base.get(key));

  it('counts the files a tracked folder gained and changed since HEAD, with both sizes', () => {
    // Uncommitted: wine_data.csv edited and sub/wine_again.csv added, then `dvc add data/tables`.
    const tables = change('data/tables', head);
    assert.deepEqual(tables.files, { added: 1, deleted: 0, modified: 1 });
    assert.equal(
      describeChange(tables),
      `+1 file, 1 modified; ${formatBytes(head.get('data/tables')!.size!)} → ${formatBytes(now.get('data/tables')!.size!)}`,
    );
  });

  it('counts added, deleted and modified files since v1 (a rename is one of each side)', () => {
    // v2: physiological_copy added, breast_cancer removed, linnerud_exercise → exercise, wine edited.
    assert.deepEqual(change('data/tables', v1).files, { added: 3, deleted: 2, modified: 1 });
    assert.match(describeChange(change('data/tables', v1)), /^\+3 files, −2, 1 modified; /);
  });

  it('says unchanged, new and content changed', () => {
    assert.equal(describeChange(change('data/iris.csv', head)), 'unchanged');
    assert.equal(describeChange(change('data/notes.txt', head)), 'new since the baseline; 15 B');
    assert.match(describeChange(change('data/iris.csv', v1)), /^content changed; .+ → .+$/);
  });

  it('sums a stage’s outputs for its lens', () => {
    const stage = describeStageOuts([change('features', v1), change('stats.csv', v1)]);
    assert.match(stage, /^\+3 files, −3, 1 modified(, [−+][\d.]+ (B|KB))?$/);
    assert.equal(describeStageOuts([change('features', head)]), '');
  });

  it('finds the dep and out paths of dvc.yaml, dvc.lock and a .dvc file, with their stage', async () => {
    const yaml = scanDvcFile(fs.readFileSync(path.join(root, 'dvc.yaml'), 'utf8'), 'dvc.yaml', '');
    assert.deepEqual(
      yaml.stages.map((s) => [s.name, s.line, s.deps, s.outs]),
      [['prepare', 1, ['prepare.py', 'data/iris.csv'], ['features', 'stats.csv']]],
    );
    const features = yaml.paths.find((p) => p.key === 'features');
    assert.deepEqual(features?.range, { start: { line: 9, character: 6 }, end: { line: 9, character: 14 } });
    const dotDvc = scanDvcFile(fs.readFileSync(path.join(root, 'data/tables.dvc'), 'utf8'), '.dvc', 'data');
    assert.deepEqual(
      dotDvc.paths.map((p) => [p.key, p.role]),
      [['data/tables', 'out']],
    );
    const lock = scanDvcFile(fs.readFileSync(path.join(root, 'dvc.lock'), 'utf8'), 'dvc.lock', '');
    assert.deepEqual(lock.paths.map((p) => p.key).sort(), [
      'data/iris.csv',
      'features',
      'prepare.py',
      'stats.csv',
    ]);
    const deps = await lockDeps(workspaceTree(root), '');
    assert.equal(deps.get('prepare.py')?.hash?.name, 'md5');
  });
});
