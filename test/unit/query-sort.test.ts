import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { MetricPoint, Run } from '../../src/core/model';
import { sortKeysAvailable, sortRuns, type RunSortKey } from '../../src/core/query/sort';

type RunOverrides = Partial<Omit<Run, 'metrics'>> & { metrics?: Record<string, number> };

function point(value: number): MetricPoint {
  return { step: 3, timestamp: 1_700_000_000_000, value };
}

function makeRun(id: string, overrides: RunOverrides = {}): Run {
  const { metrics = {}, ...rest } = overrides;
  return {
    source: 'mlflow-sqlite',
    store: '/tmp/mlflow.db',
    experimentId: '0',
    experimentName: 'Default',
    id,
    name: `run-${id}`,
    status: 'FINISHED',
    lifecycle: 'active',
    parentId: null,
    startTime: 1_700_000_000_000,
    endTime: 1_700_000_100_000,
    params: {},
    metrics: Object.fromEntries(Object.entries(metrics).map(([key, value]) => [key, point(value)])),
    tags: {},
    artifactUri: `mlflow-artifacts:/0/${id}/artifacts`,
    runDir: null,
    datasets: [],
    outputModelIds: [],
    ...rest,
  };
}

function ids(runs: readonly Run[]): string[] {
  return runs.map((run) => run.id);
}

function sortedIds(runs: readonly Run[], key: RunSortKey, descending = false): string[] {
  return ids(sortRuns(runs, key, descending));
}

describe('sortRuns: metrics', () => {
  const runs = [
    makeRun('a', { metrics: { rmse: 0.5 } }),
    makeRun('b', { metrics: {} }),
    makeRun('c', { metrics: { rmse: NaN } }),
    makeRun('d', { metrics: { rmse: 0.1 } }),
    makeRun('e', { metrics: { rmse: Infinity } }),
    makeRun('f', { metrics: { rmse: -Infinity } }),
    makeRun('g', { metrics: { rmse: 0.5 } }),
  ];
  const key: RunSortKey = { kind: 'metric', key: 'rmse' };

  it('sorts ascending with NaN then missing last', () => {
    assert.deepEqual(sortedIds(runs, key), ['f', 'd', 'a', 'g', 'e', 'c', 'b']);
  });

  it('sorts descending with NaN then missing still last, ties stable', () => {
    assert.deepEqual(sortedIds(runs, key, true), ['e', 'a', 'g', 'd', 'f', 'c', 'b']);
  });

  it('keeps the original order of runs that all lack the key', () => {
    assert.deepEqual(sortedIds(runs, { kind: 'metric', key: 'f1' }), ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    assert.deepEqual(sortedIds(runs, { kind: 'metric', key: 'f1' }, true), [
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
      'g',
    ]);
  });

  it('does not modify its input and ignores inherited keys', () => {
    const before = ids(runs);
    sortRuns(runs, key, true);
    assert.deepEqual(ids(runs), before);
    assert.deepEqual(sortedIds(runs, { kind: 'metric', key: 'constructor' }), before);
  });

  it('handles an empty list', () => {
    assert.deepEqual(sortRuns([], key, false), []);
  });
});

describe('sortRuns: params', () => {
  const runs = [
    makeRun('a', { params: { lr: '0.01', opt: 'sgd' } }),
    makeRun('b', { params: { lr: '1e-3', opt: 'Adam' } }),
    makeRun('c', { params: { opt: 'adamw' } }),
    makeRun('d', { params: { lr: '0.1', opt: 'layer10' } }),
    makeRun('e', { params: { lr: '0.10', opt: 'layer9' } }),
    makeRun('f', { params: { lr: 'auto' } }),
  ];

  it('compares numeric params numerically ("0.1" = "0.10", "1e-3" < "0.01")', () => {
    assert.deepEqual(sortedIds(runs, { kind: 'param', key: 'lr' }), ['b', 'a', 'd', 'e', 'f', 'c']);
  });

  it('puts numbers before other values; descending reverses them, missing stays last', () => {
    assert.deepEqual(sortedIds(runs, { kind: 'param', key: 'lr' }, true), ['f', 'd', 'e', 'a', 'b', 'c']);
  });

  it('compares other params naturally ("layer9" before "layer10"), missing last', () => {
    assert.deepEqual(sortedIds(runs, { kind: 'param', key: 'opt' }), ['b', 'c', 'e', 'd', 'a', 'f']);
    assert.deepEqual(sortedIds(runs, { kind: 'param', key: 'opt' }, true), ['a', 'd', 'e', 'c', 'b', 'f']);
  });
});

describe('sortRuns: attributes', () => {
  it('sorts by start time, runs without one last in both directions', () => {
    const runs = [
      makeRun('a', { startTime: 300 }),
      makeRun('b', { startTime: null }),
      makeRun('c', { startTime: 100 }),
      makeRun('d', { startTime: 200 }),
    ];
    assert.deepEqual(sortedIds(runs, { kind: 'startTime' }), ['c', 'd', 'a', 'b']);
    assert.deepEqual(sortedIds(runs, { kind: 'startTime' }, true), ['a', 'd', 'c', 'b']);
  });

  it('sorts names naturally, unnamed runs last', () => {
    const runs = [
      makeRun('a', { name: 'run-10' }),
      makeRun('b', { name: '' }),
      makeRun('c', { name: 'run-2' }),
      makeRun('d', { name: 'alpha' }),
    ];
    assert.deepEqual(sortedIds(runs, { kind: 'name' }), ['d', 'c', 'a', 'b']);
    assert.deepEqual(sortedIds(runs, { kind: 'name' }, true), ['a', 'c', 'd', 'b']);
  });

  it('sorts statuses in lifecycle order, stable within a status', () => {
    const runs = [
      makeRun('a', { status: 'KILLED' }),
      makeRun('b', { status: 'FINISHED' }),
      makeRun('c', { status: 'RUNNING' }),
      makeRun('d', { status: 'FAILED' }),
      makeRun('e', { status: 'FINISHED' }),
      makeRun('f', { status: 'SCHEDULED' }),
    ];
    assert.deepEqual(sortedIds(runs, { kind: 'status' }), ['c', 'f', 'b', 'e', 'd', 'a']);
    assert.deepEqual(sortedIds(runs, { kind: 'status' }, true), ['a', 'd', 'b', 'e', 'f', 'c']);
  });
});

describe('sortKeysAvailable', () => {
  it('lists unique metric and param keys in natural order', () => {
    const runs = [
      makeRun('a', { metrics: { rmse: 1, 'val/loss': 2 }, params: { layer10: 'x', alpha: '1' } }),
      makeRun('b', { metrics: { rmse: 3, acc: NaN }, params: { layer9: 'y', alpha: '2' } }),
      makeRun('c'),
    ];
    assert.deepEqual(sortKeysAvailable(runs), {
      metrics: ['acc', 'rmse', 'val/loss'],
      params: ['alpha', 'layer9', 'layer10'],
    });
  });

  it('returns empty lists for no runs', () => {
    assert.deepEqual(sortKeysAvailable([]), { metrics: [], params: [] });
  });
});
