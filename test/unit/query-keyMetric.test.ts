import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { Run } from '../../src/core/model';
import { formatMetricValue, pickKeyMetric } from '../../src/core/query/keyMetric';

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

  it('prefers common names in order among widespread metrics', () => {
    assert.equal(pickKeyMetric(runsWith(['acc', 'loss', 'rmse'], ['acc', 'loss', 'rmse'])), 'rmse');
    assert.equal(
      pickKeyMetric(runsWith(['acc', 'val_loss', 'epoch'], ['acc', 'val_loss', 'epoch'])),
      'val_loss',
    );
    assert.equal(pickKeyMetric(runsWith(['r2', 'mae', 'zeta'], ['r2', 'mae', 'zeta'])), 'mae');
    assert.equal(pickKeyMetric(runsWith(['F1', 'zeta'])), 'F1');
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
