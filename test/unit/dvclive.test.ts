import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { readDvcLiveHistory, readDvcLiveValues } from '../../src/core/sources/dvclive/folder';
import { diskTree } from '../../src/core/sources/dvclive/fileTree';
import { dvcLiveFolderAt, findDvcLiveFolders, historyForKey } from '../../src/core/sources/dvclive/layout';
import { dvcLiveRunHistory, readDvcLiveStore } from '../../src/core/sources/dvclive/store';
import { parseMetricTsv } from '../../src/core/sources/dvclive/tsv';
import { corpusPath, corpusSkip } from './helpers/corpus';

const GENERATED = path.resolve(__dirname, '../fixtures/dvclive/generated');

async function folderOf(root: string, dir: string) {
  const folder = await dvcLiveFolderAt(diskTree(root), dir);
  assert.ok(folder, `${dir} is a DVCLive folder under ${root}`);
  return folder;
}

describe('parseMetricTsv', () => {
  it('reads step/value rows with and without a timestamp column, and nan/inf', () => {
    const plain = parseMetricTsv('step\tloss\n0\t1.0\n1\tnan\n2\t-inf\n', 'train/loss', 'f.tsv', 7);
    assert.deepEqual(
      plain.points.map((p) => [p.step, p.timestamp]),
      [
        [0, 7],
        [1, 7],
        [2, 7],
      ],
    );
    assert.ok(Number.isNaN(plain.points[1].value));
    assert.equal(plain.points[2].value, -Infinity);
    const stamped = parseMetricTsv('timestamp\tstep\tacc\r\n1700000000000\t3\t0.5\r\n', 'acc', 'f.tsv', 0);
    assert.deepEqual(stamped.points, [{ step: 3, timestamp: 1700000000000, value: 0.5 }]);
  });

  it('skips text values, ignores a torn last row and reports a short row in the middle', () => {
    assert.deepEqual(parseMetricTsv('step\tphase\n0\twarmup\n', 'phase', 'f.tsv', 0).points, []);
    const torn = parseMetricTsv('step\tloss\n0\t1\n1', 'loss', 'f.tsv', 0);
    assert.deepEqual(torn, { points: [{ step: 0, timestamp: 0, value: 1 }], problems: [] });
    const broken = parseMetricTsv('step\tloss\n0\n1\t2\n', 'loss', 'f.tsv', 0);
    assert.equal(broken.points.length, 1);
    assert.match(broken.problems[0].reason, /line 2/);
  });

  it('reports a header without the metric column', () => {
    const { problems } = parseMetricTsv('step\ta\tb\n0\t1\t2\n', 'loss', '/x/loss.tsv', 0);
    assert.equal(problems[0].path, '/x/loss.tsv');
  });
});

describe('DVCLive 3.x output written by the real DVCLive', () => {
  it('reads nested names, params, NaN/inf, text metrics and the collided step column', async () => {
    const root = path.join(GENERATED, 'basic');
    const folder = await folderOf(root, 'dvclive');
    assert.equal(folder.layout, '1.x+');
    assert.deepEqual(Object.keys(folder.histories).sort(), [
      'phase',
      'train/loss',
      'train/step',
      'val/acc',
      'weird',
    ]);
    const values = await readDvcLiveValues(diskTree(root), folder, 0);
    assert.deepEqual(values.problems, []);
    assert.deepEqual(values.params, {
      lr: 0.001,
      'model.name': 'cnn',
      'model.layers': [64, 32],
      augment: true,
      seed: 42,
    });
    assert.deepEqual(values.metrics['train/loss'], { value: 0.25, step: 3, timestamp: 0 });
    assert.equal(values.metrics.weird.value, 'inf');
    assert.equal(values.metrics.phase.value, 'main');
    const collided = await readDvcLiveHistory(diskTree(root), folder, 'train/step', 0);
    assert.deepEqual(
      collided.points.map((p) => [p.step, p.value]),
      [
        [0, 0],
        [1, 10],
        [2, 20],
        [3, 30],
      ],
    );
    const acc = await readDvcLiveHistory(diskTree(root), folder, 'val/acc', 0);
    assert.ok(acc.points.every((p) => (p.timestamp ?? 0) > 1.6e12));
  });

  it('makes one run per fold folder, grouped under the folder holding them', async () => {
    const store = path.join(GENERATED, 'folds');
    const folders = ['fold_0', 'fold_1', 'fold_2'].map((f) => path.join(store, f));
    const snapshot = await readDvcLiveStore(store, folders);
    assert.equal(snapshot.source, 'dvclive');
    assert.deepEqual(snapshot.problems, []);
    assert.deepEqual(
      snapshot.runs.map((r) => [r.id, r.params.fold, r.metrics.loss.value]),
      [
        ['fold_0', '0', 1 / 3],
        ['fold_1', '1', 2 / 3],
        ['fold_2', '2', 1],
      ],
    );
    const run = snapshot.runs[1];
    assert.equal(run.experimentId, store);
    assert.equal(run.runDir, folders[1]);
    assert.deepEqual(run.paramValues, { fold: 1 });
    const history = await dvcLiveRunHistory(run, 'loss');
    assert.deepEqual(
      history.points.map((p) => p.value),
      [2, 1, 2 / 3],
    );
  });

  it('continues the step count of a resumed run and keeps summary-only metrics', async () => {
    const resumed = await readDvcLiveStore(path.join(GENERATED, 'resumed'), [
      path.join(GENERATED, 'resumed', 'dvclive'),
    ]);
    const history = await dvcLiveRunHistory(resumed.runs[0], 'loss');
    assert.deepEqual(
      history.points.map((p) => p.step),
      [0, 1, 2, 3],
    );
    const only = await readDvcLiveStore(path.join(GENERATED, 'summary-only'), [
      path.join(GENERATED, 'summary-only', 'dvclive'),
    ]);
    assert.deepEqual(Object.keys(only.runs[0].metrics).sort(), ['accuracy', 'eval/f1']);
  });

  it('reports a folder that is gone', async () => {
    const snapshot = await readDvcLiveStore(GENERATED, [path.join(GENERATED, 'nowhere')]);
    assert.equal(snapshot.runs.length, 0);
    assert.equal(snapshot.problems[0].path, path.join(GENERATED, 'nowhere'));
  });
});

describe('DVCLive output of every version in real projects', () => {
  it(
    '0.x: flat TSVs with timestamps and a <dir>.json summary beside the folder',
    { skip: corpusSkip },
    async () => {
      const root = corpusPath('iterative__example-dvc-experiments');
      const folder = await folderOf(root, 'dvclive');
      assert.equal(folder.layout, '0.x');
      assert.equal(folder.summary, 'dvclive.json');
      assert.deepEqual(Object.keys(folder.histories).sort(), ['acc', 'loss', 'val_acc', 'val_loss']);
      const values = await readDvcLiveValues(diskTree(root), folder, 0);
      assert.equal(values.metrics.acc.value, 0.987333357334137);
      assert.equal(values.metrics.acc.step, 9);
      const loss = await readDvcLiveHistory(diskTree(root), folder, 'loss', 0);
      assert.equal(loss.points.length, 10);
      assert.deepEqual(loss.points[1], { step: 1, timestamp: 1644420792333, value: 0.13716436922550201 });
    },
  );

  it('1.x: plots/metrics with full-path headers ("eval/loss")', { skip: corpusSkip }, async () => {
    const root = corpusPath('iterative__magnetic-tiles-defect');
    const folder = await folderOf(root, 'training');
    assert.equal(folder.summary, 'training/metrics.json');
    const history = await readDvcLiveHistory(diskTree(root), folder, 'eval/loss', 0);
    assert.deepEqual(history.problems, []);
    assert.equal(history.points[0].value, 0.6481603384017944);
    assert.equal(historyForKey(folder, 'eval.loss'), 'training/plots/metrics/eval/loss.tsv');
  });

  it(
    '3.1 Lightning logger: nested summary, list params and the collided train/step.tsv',
    { skip: corpusSkip },
    async () => {
      const root = corpusPath('ArturMakowski__Sound_event_detection_system');
      const folder = await folderOf(root, 'dvclive');
      const values = await readDvcLiveValues(diskTree(root), folder, 0);
      assert.deepEqual(values.problems, []);
      assert.equal(values.metrics['val/weak/macro_F1'].value, 0.841625452041626);
      assert.deepEqual(values.params['training.batch_size'], [24, 24]);
      const step = await readDvcLiveHistory(diskTree(root), folder, 'train/step', 0);
      assert.deepEqual(step.problems, []);
      assert.equal(step.points.length, 147);
      assert.deepEqual([step.points[1].step, step.points[1].value], [1, 80]);
    },
  );

  it('finds several DVCLive folders in one tree, including one with only sklearn plots', () => {
    const files = [
      'results/train/metrics.json',
      'results/train/params.yaml',
      'results/train/plots/metrics/train/loss.tsv',
      'results/evaluate/metrics.json',
      'results/evaluate/plots/images/a.png',
      'eval/live/metrics.json',
      'eval/live/plots/sklearn/roc/test.json',
      'metrics.json',
      'plots/confusion.png',
      'logs.json',
      'logs/scalars/acc.tsv',
      'data/table.tsv',
    ];
    assert.deepEqual(
      findDvcLiveFolders(files).map((f) => [f.dir, f.layout, f.summary, f.params]),
      [
        ['eval/live', '1.x+', 'eval/live/metrics.json', null],
        ['logs', '0.x', 'logs.json', null],
        ['results/evaluate', '1.x+', 'results/evaluate/metrics.json', null],
        ['results/train', '1.x+', 'results/train/metrics.json', 'results/train/params.yaml'],
      ],
    );
  });
});
