// Issue 11, Compare Runs charts: every visible run drawn and on scale at every smoothing and axis
// setting, runs without a history drawn from their latest value, one value per run as bars, and a
// tooltip that lists every run at the hovered x.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { MetricPoint, Run } from '../../src/core/model';
import type { SeriesData } from '../../src/views/compare/protocol';
import { buildSnapshot, type SnapshotInput } from '../../src/views/compare/snapshot';
import { categoryScale, numericTicks } from '../../webview/compare/axisTicks';
import { isSingleValued, lineIsOnScale, seriesBounds, unionBounds } from '../../webview/compare/chartBounds';
import { groupMetrics, metricGroup } from '../../webview/compare/chartGroups';
import { buildPoints, SeriesStore } from '../../webview/compare/seriesStore';
import { itemsAtX, nearestIndex } from '../../webview/compare/tooltipMode';
import { parseViewState } from '../../webview/compare/viewState';
import { makeRun, runEntry } from './helpers/runs';

const series = (x: number[], y: number[], smoothed: number[] | null = null): SeriesData => ({
  x: Float64Array.from(x),
  y: Float64Array.from(y),
  smoothed: smoothed ? Float64Array.from(smoothed) : null,
  step: null,
});

describe('compare chart bounds', () => {
  it('covers every visible run, raw and smoothed, whatever each chart dataset holds', () => {
    // Three runs on very different scales: the y range must reach all three.
    const runs = [
      series([0, 1, 2], [100, 90, 80], [100, 95, 88]),
      series([0, 5], [0.5, 0.2], [0.5, 0.3]),
      series([3], [-7]),
    ];
    const smoothed = seriesBounds(runs, { smoothed: true, log: false });
    assert.deepEqual(smoothed, { x: { min: 0, max: 5 }, y: { min: -7, max: 100 } });
    const log = seriesBounds(runs, { smoothed: false, log: true });
    assert.deepEqual(log.y, { min: 0.2, max: 100 }, 'a log axis covers the positive values only');
    assert.deepEqual(seriesBounds([series([0, 1], [NaN, Infinity])], { smoothed: false, log: false }), {
      x: undefined,
      y: undefined,
    });
  });

  it('combines per-series extents, computed once per revision', () => {
    assert.deepEqual(
      unionBounds([
        { x: { min: 0, max: 2 }, y: { min: 80, max: 100 } },
        undefined,
        { x: { min: 3, max: 3 }, y: { min: -7, max: -7 } },
      ]),
      { x: { min: 0, max: 3 }, y: { min: -7, max: 100 } },
    );
    const store = new SeriesStore();
    const run = runEntry('a', 'a');
    store.apply({
      runs: [run],
      series: [{ run: 0, metric: 'm', revision: '1', data: series([0, 1], [5, 6], [5, 5.5]) }],
    });
    const first = store.extent(run.key, 'm', { smoothed: true, log: false });
    assert.deepEqual(first, { x: { min: 0, max: 1 }, y: { min: 5, max: 6 } });
    assert.equal(store.extent(run.key, 'm', { smoothed: true, log: false }), first, 'cached');
  });

  it('tells a line with a point in the shown area from one that is off-scale or hidden', () => {
    const x = { min: 0, max: 10 };
    const y = { min: 0, max: 1 };
    const points = buildPoints(series([0, 5], [0.5, 0.7]), { smoothed: false, log: false });
    assert.equal(lineIsOnScale({ data: points }, x, y), true);
    assert.equal(lineIsOnScale({ data: points }, x, { min: 2, max: 3 }), false, 'off-scale');
    assert.equal(lineIsOnScale({ data: points, hidden: true }, x, y), false);
    assert.equal(lineIsOnScale({ data: [{ x: 1, y: NaN }] }, x, y), false);
  });
});

describe('compare bars and tooltips', () => {
  it('counts a value logged several times at one step once', () => {
    const store = new SeriesStore();
    const runs = [runEntry('a', 'a'), runEntry('b', 'b')];
    const dup = series([0, 0, 0], [0.02, 0.02, 0.02]);
    const curve = series([0, 1, 2], [3, 2, 1]);
    store.apply({
      runs,
      series: [
        { run: 0, metric: 'r2', revision: '1', data: dup },
        { run: 1, metric: 'r2', revision: '1', data: curve },
      ],
    });
    assert.equal(store.distinctPoints(runs[0]!.key, 'r2'), 1);
    assert.equal(store.distinctPoints(runs[1]!.key, 'r2'), 2, 'counted up to two');
  });

  it('draws bars when every run has at most one value', () => {
    assert.equal(isSingleValued([1, 1, 1]), true);
    assert.equal(isSingleValued([1, 0, 1]), true, 'a run without the value gets no bar');
    assert.equal(isSingleValued([1, 2]), false);
    assert.equal(isSingleValued([0, 0]), false);
    assert.equal(isSingleValued([]), false);
  });

  it('lists every line that covers the hovered x, each at its nearest point', () => {
    const px = (xs: number[]) => xs.map((x) => ({ x }));
    assert.equal(nearestIndex(px([0, 10, 20]), 14), 1);
    assert.equal(nearestIndex(px([0, 10, 20]), 16), 2);
    assert.equal(nearestIndex([], 3), -1);
    const lines = [
      { datasetIndex: 0, elements: px([0, 10, 20, 30]) },
      { datasetIndex: 1, elements: px([0, 100]) }, // sparse: two points
      { datasetIndex: 2, elements: px([200, 300]) }, // starts later
      { datasetIndex: 3, elements: [] },
    ];
    assert.deepEqual(itemsAtX(lines, 22), [
      { datasetIndex: 0, index: 2 },
      { datasetIndex: 1, index: 0 },
    ]);
    assert.deepEqual(
      itemsAtX(lines, 205).map((i) => i.datasetIndex),
      [2],
    );
  });
});

describe('compare snapshot without histories', () => {
  const latest = (value: number): MetricPoint => ({ step: 3, timestamp: 5000, value });
  const input = (runs: Run[]): SnapshotInput => ({
    runs,
    requested: runs,
    missingRuns: 0,
    indexing: false,
    // As for DVC experiments whose plots files are not in the workspace: no points at all.
    history: () => ({ points: [], problems: [], version: 1, token: '' }),
    options: { xAxis: 'step', smoothing: 0.8, directions: {} },
    sent: new Map(),
  });

  it('draws a run that has a value but no history from its latest value (issue 11)', () => {
    const master = makeRun({ id: 'master', name: 'master', metrics: { acc: latest(0.9) } });
    const workspace = makeRun({ id: 'workspace', name: 'workspace', metrics: { acc: latest(0.8) } });
    const snap = buildSnapshot(input([master, workspace]));
    assert.equal(snap.series.length, 2);
    for (const payload of snap.series) {
      assert.equal(payload.data?.x.length, 1, 'one point per run, not an empty chart');
      assert.equal(payload.data?.x[0], 3, 'at the step of the latest value');
    }
    assert.deepEqual(
      snap.series.map((s) => s.data?.y[0]),
      [0.9, 0.8],
    );
  });

  it('sends the point again when the latest value changes', () => {
    const run = makeRun({ id: 'r', metrics: { acc: latest(0.5) } });
    const sent = new Map<string, string>();
    buildSnapshot({ ...input([run]), sent });
    const next = makeRun({ id: 'r', metrics: { acc: { ...latest(0.6), step: 4 } } });
    const again = buildSnapshot({ ...input([next]), sent });
    assert.equal(again.series[0]?.data?.y[0], 0.6);
  });
});

describe('compare snapshot of histories without times', () => {
  it('flags, on a time axis, a history whose points share one timestamp (DVC plots without times)', () => {
    const points: MetricPoint[] = [0, 1, 2].map((step) => ({ step, timestamp: 7000, value: 1 / (step + 1) }));
    const run = makeRun({ id: 'dvc', metrics: { loss: points[2]! } });
    const snap = (xAxis: 'step' | 'relativeTime') =>
      buildSnapshot({
        runs: [run],
        requested: [run],
        missingRuns: 0,
        indexing: false,
        history: () => ({ points, problems: [], version: 1, token: '' }),
        options: { xAxis, smoothing: 0, directions: {} },
        sent: new Map(),
      }).series[0]!.data!;
    assert.equal(snap('relativeTime').untimed, true);
    assert.deepEqual([...snap('relativeTime').x], [0, 0, 0], 'all at one x: the card says why');
    assert.equal(snap('step').untimed, undefined);
  });

  it('places a latest value without a time at the run’s start on a time axis, not at 1970', () => {
    const run = makeRun({
      id: 'exp',
      startTime: 9000,
      metrics: { acc: { step: 2, timestamp: 0, value: 0.9 } },
    });
    const loss: MetricPoint[] = [{ step: 0, timestamp: 9500, value: 1 }];
    const data = buildSnapshot({
      runs: [run],
      requested: [run],
      missingRuns: 0,
      indexing: false,
      history: (_r, key) => ({ points: key === 'loss' ? loss : [], problems: [], version: 1, token: '' }),
      options: { xAxis: 'relativeTime', smoothing: 0, directions: {} },
      sent: new Map(),
    }).series.find((s) => s.metric === 'acc')!.data!;
    assert.deepEqual([...data.x], [0]);
  });
});

describe('compare chart groups', () => {
  it('groups charts by prefix: before a slash, or a split name before _ . -', () => {
    assert.equal(metricGroup('train/loss'), 'train');
    assert.equal(metricGroup('eval/rouge/L'), 'eval');
    assert.equal(metricGroup('val_loss'), 'val');
    assert.equal(metricGroup('test.acc'), 'test');
    assert.equal(metricGroup('loss'), '');
    assert.equal(metricGroup('learning_rate'), '', 'only split names group without a slash');
    assert.equal(metricGroup('/abs'), '');
    assert.equal(metricGroup('val_'), '');
  });

  it('makes one section per prefix, ungrouped first, or none when one group would hold all', () => {
    const metrics = ['acc', 'eval/f1', 'loss', 'train/loss', 'val_acc', 'val_loss', 'eval/loss'];
    assert.deepEqual(groupMetrics(metrics), [
      { name: '', metrics: ['acc', 'loss'] },
      { name: 'eval', metrics: ['eval/f1', 'eval/loss'] },
      { name: 'train', metrics: ['train/loss'] },
      { name: 'val', metrics: ['val_acc', 'val_loss'] },
    ]);
    assert.equal(groupMetrics(['loss', 'acc']), null);
    assert.equal(groupMetrics(['train/a', 'train/b']), null);
  });

  it('remembers collapsed groups in the saved view state', () => {
    assert.deepEqual(parseViewState({ collapsedGroups: ['val', 3] }).collapsedGroups, ['val']);
    assert.deepEqual(parseViewState({}).collapsedGroups, []);
  });
});

describe('compare scatter and parallel-coordinates axes', () => {
  it('puts one labelled tick on each category (the ticks used to start at -0.5, unlabelled)', () => {
    const categories = ['[128, 64, 32]', '[256]', '[64, 32]'];
    const axis = categoryScale(categories);
    assert.deepEqual([axis.min, axis.max], [-0.5, 2.5]);
    const scale = { ticks: [{ value: -0.5 }, { value: 0.5 }, { value: 1.5 }, { value: 2.5 }] };
    axis.afterBuildTicks(scale);
    assert.deepEqual(
      scale.ticks.map((t) => t.value),
      [0, 1, 2],
    );
    const label = (v: number) => axis.ticks.callback.call({} as never, v);
    assert.deepEqual([0, 1, 2].map(label), categories);
    assert.equal(label(0.5), '');
  });

  it('gives integer params whole-number ticks only', () => {
    assert.deepEqual(numericTicks([3, 4, null, 3]), { precision: 0 });
    assert.deepEqual(numericTicks([0.1, 3]), {});
    assert.deepEqual(numericTicks([null]), {});
  });
});
