import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { Run } from '../../src/core/model';
import { formatMetricValue, isParamEcho, keyMetricRank, pickKeyMetric } from '../../src/core/query/keyMetric';

function makeRun(id: string, metricKeys: string[]): Run {
  return {
    source: 'mlflow-file',
    store: '/tmp/mlruns',
    experimentId: '3',
    experimentName: 'tuning',
    id,
    name: `run-${id}`,
    status: 'FINISHED',
    lifecycle: 'active',
    parentId: null,
    startTime: 1_700_000_000_000,
    endTime: 1_700_000_001_000,
    params: { seed: '1' },
    metrics: Object.fromEntries(
      metricKeys.map((key) => [key, { step: 0, timestamp: 1_700_000_000_500, value: 1 }]),
    ),
    tags: { 'mlflow.runName': `run-${id}` },
    artifactUri: null,
    runDir: `/tmp/mlruns/3/${id}`,
    datasets: [],
    outputModelIds: [],
  };
}

function runsWith(...metricKeysPerRun: string[][]): Run[] {
  return metricKeysPerRun.map((keys, index) => makeRun(String(index), keys));
}

describe('pickKeyMetric', () => {
  it('returns undefined without metrics', () => {
    assert.equal(pickKeyMetric([]), undefined);
    assert.equal(pickKeyMetric(runsWith([], [])), undefined);
    assert.equal(pickKeyMetric(runsWith([]), 'rmse'), undefined);
  });

  it('uses the preferred metric when any run has it', () => {
    const runs = runsWith(['rmse', 'epoch'], ['rmse'], ['rmse', 'custom']);
    assert.equal(pickKeyMetric(runs, 'custom'), 'custom');
    assert.equal(pickKeyMetric(runs, 'absent'), 'rmse');
  });

  it('prefers evaluation scores in kind order among widespread metrics', () => {
    assert.equal(pickKeyMetric(runsWith(['acc', 'loss', 'rmse'], ['acc', 'loss', 'rmse'])), 'rmse');
    assert.equal(pickKeyMetric(runsWith(['r2', 'mae', 'zeta'], ['r2', 'mae', 'zeta'])), 'mae');
    assert.equal(pickKeyMetric(runsWith(['F1', 'zeta'])), 'F1');
  });

  it('ranks an evaluation score above a loss, whatever their prefixes (issue 11)', () => {
    // Before: `val_loss` won over `acc` by a fixed list of names.
    assert.equal(pickKeyMetric(runsWith(['acc', 'val_loss', 'epoch'], ['acc', 'val_loss', 'epoch'])), 'acc');
    assert.equal(
      pickKeyMetric(runsWith(['val/box_loss', 'metrics/mAP_0.5', 'train/box_loss'])),
      'metrics/mAP_0.5',
    );
  });

  it('prefers a common name most runs have over a rarer one', () => {
    const runs = runsWith(['loss'], ['loss'], ['loss', 'rmse'], ['loss'], ['loss']);
    assert.equal(pickKeyMetric(runs), 'loss');
  });

  it('prefers a common name over a slightly more widespread other metric', () => {
    const runs = runsWith(['epoch', 'loss'], ['epoch', 'loss'], ['epoch', 'loss'], ['epoch']);
    assert.equal(pickKeyMetric(runs), 'loss');
  });

  it('falls back to the metric most runs have, ties alphabetical', () => {
    assert.equal(pickKeyMetric(runsWith(['zeta', 'beta'], ['zeta'], ['gamma'])), 'zeta');
    assert.equal(pickKeyMetric(runsWith(['zeta', 'beta'], ['zeta', 'beta'])), 'beta');
  });
});

describe('pickKeyMetric: the issue 11 rules', () => {
  it('never picks a counter: best_iteration loses to validation-rmse (xgboost autolog)', () => {
    // Before: no common name matched, so the alphabetically first metric won: best_iteration.
    assert.equal(
      pickKeyMetric(runsWith(['best_iteration', 'stopped_iteration', 'validation-rmse'])),
      'validation-rmse',
    );
    for (const counter of [
      'epoch',
      'step',
      'global_step',
      'trainer/global_step',
      'best_epoch',
      'x/lr0',
      'lr',
      'learning_rate',
      'momentum',
      'n_iter',
    ])
      assert.equal(keyMetricRank(counter), undefined, counter);
    assert.equal(
      pickKeyMetric(runsWith(['epoch', 'best_iteration'], ['epoch'])),
      undefined,
      'only counters: none',
    );
    assert.notEqual(keyMetricRank('epoch_loss'), undefined, 'a loss per epoch is a loss');
  });

  it('prefers validation and test over unprefixed over training names of one kind', () => {
    assert.equal(pickKeyMetric(runsWith(['rmse', 'validation-rmse', 'train_rmse'])), 'validation-rmse');
    assert.equal(pickKeyMetric(runsWith(['train_mae', 'test_mae', 'train_r2', 'test_r2'])), 'test_mae');
    assert.equal(pickKeyMetric(runsWith(['accuracy', 'val_accuracy', 'loss', 'val_loss'])), 'val_accuracy');
    assert.equal(pickKeyMetric(runsWith(['train/loss', 'eval.loss'])), 'eval.loss');
    assert.equal(
      pickKeyMetric(runsWith(['binary_crossentropy', 'val_binary_crossentropy', 'fn', 'val_fp'])),
      'val_binary_crossentropy',
    );
  });

  it('never picks a value from a params file: the hyp.yaml copy YOLOv5 writes (anchor_t)', () => {
    // Before: anchor_t won over metrics.mAP_0.5 (alphabetically first, no common name matched).
    const run = makeRun('y', ['anchor_t', 'lrf', 'metrics.mAP_0.5', 'metrics.precision', 'val.box_loss']);
    run.metricSources = { anchor_t: 'runs/train/hyp.yaml', lrf: 'runs/train/hyp.yaml' };
    assert.equal(pickKeyMetric([run]), 'metrics.mAP_0.5');
    assert.equal(isParamEcho(run, 'anchor_t'), true);
    assert.equal(isParamEcho(run, 'metrics.mAP_0.5'), false);
    // Only param echoes and counters left: no key metric rather than a hyperparameter.
    const echoes = makeRun('z', ['anchor_t', 'epoch']);
    echoes.metricSources = { anchor_t: 'runs/train/opt.yaml' };
    assert.equal(pickKeyMetric([echoes]), undefined);
  });

  it('treats a metric named like one of the run’s params as a copy of it', () => {
    const run = makeRun('p', ['runs/train/hyp.yaml:lr0', 'zeta']);
    run.params = { 'hyp.yaml:lr0': '0.01' };
    assert.equal(isParamEcho(run, 'runs/train/hyp.yaml:lr0'), true);
    assert.equal(pickKeyMetric([run]), 'zeta');
    assert.equal(isParamEcho(run, 'zeta'), false);
  });

  it('keeps the setting’s metric even when the rule would never pick it', () => {
    assert.equal(pickKeyMetric(runsWith(['epoch', 'rmse']), 'epoch'), 'epoch');
  });
});

describe('formatMetricValue', () => {
  const cases: [number, string][] = [
    [NaN, 'NaN'],
    [Infinity, '∞'],
    [-Infinity, '-∞'],
    [0, '0'],
    [-0, '0'],
    [42, '42'],
    [-7, '-7'],
    [123456789, '123456789'],
    [0.5, '0.5'],
    [0.123456, '0.1235'],
    [12.3456, '12.35'],
    [-1.23456, '-1.235'],
    [1234.567, '1235'],
    [12345.678, '12346'],
    [0.00012345, '0.0001234'],
    [0.00001234, '1.234e-5'],
    [1e-5, '1e-5'],
    [-2.5e-9, '-2.5e-9'],
    [2e20, '2e+20'],
    [1.23456e16, '1.235e+16'],
  ];
  for (const [value, expected] of cases) {
    it(`formats ${value} as ${expected}`, () => {
      assert.equal(formatMetricValue(value), expected);
    });
  }
});
