// The Compare Runs webview's pure parts: chart data (points, sampling, ranges), the series store,
// saved view state, page strings and formatting.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { UI_STRING_KEYS, type SeriesData } from '../../src/views/compare/protocol';
import {
  lowerBound,
  lttbIndexes,
  MAX_CHART_POINTS,
  pointBudget,
  upperBound,
  visibleRange,
} from '../../webview/compare/downsample';
import { formatDuration, formatValue, formatX, matchesFilter } from '../../webview/compare/format';
import { buildPoints, SeriesStore } from '../../webview/compare/seriesStore';
import { parseStrings, STRING_KEYS } from '../../webview/compare/shown';
import { readTheme } from '../../webview/compare/theme';
import { defaultViewState, parseSavedRuns, parseViewState } from '../../webview/compare/viewState';
import { runEntry } from './helpers/runs';

describe('compare view state and strings', () => {
  it('restores what is valid and defaults the rest', () => {
    const view = parseViewState({
      tab: 'scatter',
      options: { xAxis: 'bogus', smoothing: 5, directions: { loss: 'max', acc: 'sideways' } },
      onlyDifferences: 'yes',
      hidden: ['a', 3],
      sort: { by: 'a', descending: true },
    });
    assert.equal(view.tab, 'scatter');
    assert.deepEqual(view.options, { xAxis: 'step', smoothing: 0, directions: { loss: 'max' } });
    assert.equal(view.onlyDifferences, false);
    assert.deepEqual(view.hidden, ['a']);
    assert.deepEqual(view.sort, { by: 'a', descending: true });
    assert.equal(view.parallelAxes, null);
    assert.deepEqual(parseViewState('garbage'), defaultViewState());
    assert.deepEqual(parseSavedRuns({ runs: [{ store: 's', id: 'i' }, { store: 1 }] }), [
      { store: 's', id: 'i' },
    ]);
  });

  it('knows every string key of the protocol', () => {
    assert.deepEqual([...STRING_KEYS].sort(), [...UI_STRING_KEYS].sort());
  });

  it('reads the page strings, falling back to keys', () => {
    assert.equal(parseStrings('{"charts":"Diagramme"}', UI_STRING_KEYS).charts, 'Diagramme');
    assert.equal(parseStrings('{"charts":1}', UI_STRING_KEYS).charts, 'charts');
    assert.equal(parseStrings('not json', UI_STRING_KEYS).table, 'table');
  });
});

describe('compare chart data', () => {
  const data = (y: number[], step: number[] | null = null): SeriesData => ({
    x: Float64Array.from(y.map((_, i) => i)),
    y: Float64Array.from(y),
    smoothed: Float64Array.from(y.map((v) => v / 2)),
    step: step ? Float64Array.from(step) : null,
  });

  it('turns series into chart.js points with gaps, smoothing and log-safe values', () => {
    const series = data([1, NaN, -1, Infinity, 4], [10, 11, 12, 13, 14]);
    const raw = buildPoints(series, { smoothed: false, log: false });
    assert.deepEqual(
      raw.map((p) => p.x),
      [0, 1, 2, 3, 4],
    );
    assert.deepEqual(
      raw.map((p) => p.step),
      [10, 11, 12, 13, 14],
    );
    assert.ok(Number.isNaN(raw[1]!.y) && Number.isNaN(raw[3]!.y));
    assert.equal(raw[2]!.y, -1);
    assert.ok(
      Number.isNaN(buildPoints(series, { smoothed: false, log: true })[2]!.y),
      'log axis: -1 is a gap',
    );
    assert.equal(buildPoints(series, { smoothed: true, log: false })[4]!.y, 2);
  });

  it('samples long series down (LTTB), keeping ends, peaks and gaps', () => {
    const n = 10_000;
    const y = Array.from({ length: n }, (_, i) => Math.sin(i / 300));
    y[5000] = 50;
    y[7000] = NaN;
    const x = Float64Array.from(y.map((_, i) => i));
    const indexes = lttbIndexes(x, Float64Array.from(y), 0, n, 500);
    assert.ok(indexes.length <= 502, `${indexes.length} points`);
    assert.equal(indexes[0], 0);
    assert.equal(indexes.at(-1), n - 1);
    assert.ok(indexes.includes(5000), 'the peak survives');
    assert.ok(indexes.includes(7000), 'the gap survives');
    assert.deepEqual(
      [...indexes].sort((a, b) => a - b),
      indexes,
      'ascending',
    );
    assert.deepEqual(
      lttbIndexes(x, Float64Array.from(y), 10, 20, 500),
      Array.from({ length: 10 }, (_, i) => 10 + i),
    );
  });

  it('draws about one point per pixel, within bounds', () => {
    assert.equal(pointBudget(430), 430);
    assert.equal(pointBudget(0), 200);
    assert.equal(pointBudget(5000), MAX_CHART_POINTS);
    assert.equal(pointBudget(NaN), MAX_CHART_POINTS);
  });

  it('finds the points of a zoomed range, one beyond each edge', () => {
    const x = [0, 1, 2, 2, 3, 5, 8];
    assert.equal(lowerBound(x, 2), 2);
    assert.equal(upperBound(x, 2), 4);
    assert.deepEqual(visibleRange(x, 2, 4), [1, 6]);
    assert.deepEqual(visibleRange(x, -10, 100), [0, 7]);
  });

  it('keeps series across snapshots and notices data it should have but lacks', () => {
    const store = new SeriesStore();
    const runs = [runEntry('a', 'a')];
    const payload = { run: 0, metric: 'loss', revision: '1:step:0', data: data([3, 2, 1]) };
    assert.deepEqual([...store.apply({ runs, series: [payload] }).changed], ['a\u0000loss']);
    assert.equal(store.count('a', 'loss'), 3);
    assert.deepEqual(store.last('a', 'loss'), { value: 1, step: 2 });
    const same = store.apply({ runs, series: [{ ...payload, data: null }] });
    assert.equal(same.changed.size + same.lost.length, 0);
    assert.strictEqual(
      store.points('a', 'loss', { smoothed: false, log: false }),
      store.points('a', 'loss', { smoothed: false, log: false }),
    );
    assert.deepEqual(store.apply({ runs, series: [{ ...payload, revision: '2:step:0', data: null }] }).lost, [
      'a\u0000loss',
    ]);
    store.apply({ runs, series: [] });
    assert.equal(store.has('a', 'loss'), false);
  });

  it('formats values, durations and axis ticks', () => {
    assert.equal(formatValue(0.123456789), '0.123457');
    assert.equal(formatValue(42), '42');
    assert.equal(formatValue(1e-7), '1e-7');
    assert.equal(formatValue(NaN), 'NaN');
    assert.equal(formatValue(-Infinity), '-Infinity');
    assert.equal(formatDuration(5.25), '5.25s');
    assert.equal(formatDuration(65), '1m 05s');
    assert.equal(formatDuration(7380), '2h 03m');
    assert.equal(formatX('step', 1000), '1000');
    assert.equal(formatX('relativeTime', 90), '1m 30s');
    assert.match(formatX('wallTime', Date.UTC(2025, 0, 1, 12, 0, 5), 60_000), /^\d\d:\d\d:05$/);
    assert.ok(matchesFilter('val/loss', 'LOSS val'));
    assert.ok(!matchesFilter('val/loss', 'acc'));
  });
});

describe('compare chart theme', () => {
  it('takes colours and fonts from the --vscode-* variables, with fallbacks', () => {
    const vars: Record<string, string> = {
      '--vscode-foreground': ' #123456 ',
      '--vscode-panel-border': '#abcdef',
      '--vscode-font-size': '15px',
    };
    const theme = readTheme({ getPropertyValue: (name: string) => vars[name] ?? '' });
    assert.equal(theme.foreground, '#123456');
    assert.equal(theme.grid, '#abcdef', 'the first variable the theme sets');
    assert.equal(theme.fontSize, 15);
    assert.equal(theme.background, '#1e1e1e', 'a fallback when the theme sets nothing');
  });
});
