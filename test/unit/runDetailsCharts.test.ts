// Issue 11, history charts in Run details: the `charts` and `exportChart` messages the host accepts,
// the `series` message it builds from histories read on demand (thinned when long, sent once per
// revision), the saved chart settings, and the metric rows that open a chart.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { alignSeries } from '../../src/core/compare/align';
import { decimateSeries, decimationIndexes } from '../../src/core/compare/decimate';
import { HistoryCache } from '../../src/core/compare/historyCache';
import type { MetricPoint, Run } from '../../src/core/model';
import { buildSeriesMessage, chartedMetrics, withMetrics } from '../../src/views/runDetails/history';
import {
  MAX_CHART_METRICS,
  UI_STRING_KEYS,
  parseRunDetailsMessage,
  type UiStrings,
  type WebviewMessage,
} from '../../src/views/runDetails/protocol';
import type { ChartHooks } from '../../webview/runDetails/charts';
import { defaultCharts, parseSavedCharts, wantedMetrics } from '../../webview/runDetails/chartState';
import type { Actions } from '../../webview/runDetails/dom';
import { renderSnapshot, type Snapshot } from '../../webview/runDetails/render';
import { createUiState } from '../../webview/runDetails/tables';
import { EVIL_NAME, FakeElement, asFake, fakeDocument, markedStrings } from './helpers/fakeDom';
import { makeRun } from './helpers/runs';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';

const points = (values: number[], start = 1_000): MetricPoint[] =>
  values.map((value, step) => ({ step, timestamp: start + step * 1000, value }));

function runWith(histories: Record<string, MetricPoint[]>, overrides: Partial<Run> = {}): Run {
  const metrics: Run['metrics'] = {};
  for (const [key, history] of Object.entries(histories)) metrics[key] = history.at(-1)!;
  return makeRun({ metrics, ...overrides });
}

/** A history cache over fixed histories (what the index would read). */
async function cacheFor(run: Run, histories: Record<string, MetricPoint[]>, wanted: string[]) {
  const cache = new HistoryCache(async (_run, key) => ({ points: histories[key] ?? [], problems: [] }));
  await cache.sync([withMetrics(run, chartedMetrics(run, wanted))], { rereadLive: false });
  return cache;
}

describe('run details chart messages', () => {
  it('accepts a charts request and drops repeated metrics', () => {
    assert.deepEqual(
      parseRunDetailsMessage({ type: 'charts', metrics: ['loss', 'acc', 'loss'], xAxis: 'step' }),
      {
        type: 'charts',
        metrics: ['loss', 'acc'],
        xAxis: 'step',
      },
    );
    assert.deepEqual(parseRunDetailsMessage({ type: 'charts', metrics: [], xAxis: 'relativeTime' }), {
      type: 'charts',
      metrics: [],
      xAxis: 'relativeTime',
    });
  });

  it('rejects malformed charts requests', () => {
    const bad: unknown[] = [
      { type: 'charts', metrics: ['loss'] },
      { type: 'charts', metrics: ['loss'], xAxis: 'epoch' },
      { type: 'charts', metrics: 'loss', xAxis: 'step' },
      { type: 'charts', metrics: [''], xAxis: 'step' },
      { type: 'charts', metrics: [1], xAxis: 'step' },
      { type: 'charts', metrics: ['x'.repeat(100_001)], xAxis: 'step' },
      { type: 'charts', metrics: ['loss'], xAxis: 'step', extra: true },
      {
        type: 'charts',
        metrics: Array.from({ length: MAX_CHART_METRICS + 1 }, (_, i) => `m${i}`),
        xAxis: 'step',
      },
    ];
    for (const raw of bad)
      assert.equal(parseRunDetailsMessage(raw), undefined, JSON.stringify(raw).slice(0, 80));
  });

  it('accepts a PNG export only as a PNG data URL', () => {
    const ok: WebviewMessage = { type: 'exportChart', name: 'loss', dataUrl: PNG };
    assert.deepEqual(parseRunDetailsMessage(ok), ok);
    for (const dataUrl of ['data:text/html;base64,PGI+', 'javascript:alert(1)', `${PNG}"`, 42]) {
      assert.equal(parseRunDetailsMessage({ type: 'exportChart', name: 'loss', dataUrl }), undefined);
    }
    assert.equal(parseRunDetailsMessage({ type: 'exportChart', name: '', dataUrl: PNG }), undefined);
  });
});

describe('run details series', () => {
  it('reads only the histories asked for, and sends each revision once', async () => {
    const histories = { loss: points([0.9, 0.5, 0.3]), acc: points([0.6, 0.8]), lr: points([0.1]) };
    const run = runWith(histories);
    let reads = 0;
    const cache = new HistoryCache(async (_run, key) => {
      reads++;
      return { points: histories[key as keyof typeof histories], problems: [] };
    });
    const wanted = chartedMetrics(run, ['loss', 'missing']);
    assert.deepEqual(wanted, ['loss'], 'keys the run does not have are left out');
    await cache.sync([withMetrics(run, wanted)], { rereadLive: false });
    assert.equal(reads, 1, 'only the asked-for history is read');

    const sent = new Map<string, string>();
    const input = { run, metrics: wanted, xAxis: 'step' as const, history: cache.get.bind(cache), sent };
    const first = buildSeriesMessage(input);
    assert.equal(first.series.length, 1);
    const loss = first.series[0]!;
    assert.equal(loss.metric, 'loss');
    assert.equal(loss.run, 0);
    assert.equal(loss.points, 3);
    assert.deepEqual([...loss.data!.x], [0, 1, 2]);
    assert.deepEqual([...loss.data!.y], [0.9, 0.5, 0.3]);
    assert.equal(loss.data!.step, null, 'the step is the x');
    const again = buildSeriesMessage(input);
    assert.equal(again.series[0]!.data, null, 'a held revision comes without data');
    assert.equal(again.series[0]!.revision, loss.revision);

    // The webview closed the chart: it no longer holds the data, so reopening sends it again.
    buildSeriesMessage({ ...input, metrics: [] });
    assert.equal(sent.size, 0);
    assert.notEqual(buildSeriesMessage(input).series[0]!.data, null);
  });

  it('sends new data when a live run logs another value', async () => {
    const history = points([0.9, 0.5]);
    const run = runWith({ loss: history }, { status: 'RUNNING' });
    const cache = new HistoryCache(async () => ({ points: [...history], problems: [] }));
    const sync = () => cache.sync([withMetrics(run, ['loss'])], { rereadLive: true });
    await sync();
    const sent = new Map<string, string>();
    const input = { run, metrics: ['loss'], xAxis: 'step' as const, history: cache.get.bind(cache), sent };
    buildSeriesMessage(input);
    history.push({ step: 2, timestamp: 4000, value: 0.2 });
    await sync();
    const next = buildSeriesMessage(input).series[0]!;
    assert.deepEqual([...next.data!.y], [0.9, 0.5, 0.2], 'the appended value is sent');
  });

  it('shows the latest value of a metric without history, and counts relative time from the start', async () => {
    const run = runWith({ loss: points([0.9, 0.5], 5_000) }, { startTime: 1_000 });
    run.metrics['final'] = { step: 0, timestamp: 0, value: 7 };
    const cache = await cacheFor(run, { loss: points([0.9, 0.5], 5_000) }, ['loss', 'final']);
    const message = buildSeriesMessage({
      run,
      metrics: ['loss', 'final'],
      xAxis: 'relativeTime',
      history: cache.get.bind(cache),
      sent: new Map(),
    });
    const byMetric = new Map(message.series.map((s) => [s.metric, s]));
    assert.deepEqual([...byMetric.get('loss')!.data!.x], [4, 5], 'seconds since the run started');
    assert.deepEqual([...byMetric.get('loss')!.data!.step!], [0, 1]);
    const final = byMetric.get('final')!;
    assert.deepEqual([...final.data!.y], [7], 'the latest value when the store keeps no history');
    assert.deepEqual([...final.data!.x], [0], 'a value without a time stands at the start');
  });

  it('thins a long history to the limit, keeping its extremes and gaps', async () => {
    const values = Array.from({ length: 50_000 }, (_, i) => Math.sin(i / 100));
    values[12_345] = 99;
    values[40_000] = -99;
    values[30_000] = NaN;
    const run = runWith({ loss: points(values) });
    const cache = await cacheFor(run, { loss: points(values) }, ['loss']);
    const input = { run, metrics: ['loss'], xAxis: 'step' as const, history: cache.get.bind(cache) };
    const series = buildSeriesMessage({ ...input, sent: new Map(), limit: 1_000 }).series[0]!;
    assert.equal(series.points, 50_000, 'the full count is reported');
    const { x, y } = series.data!;
    assert.ok(x.length <= 1_000, `at most the limit: ${x.length}`);
    assert.ok(y.includes(99) && y.includes(-99), 'the peaks survive');
    assert.ok([...y].some(Number.isNaN), 'the gap survives');
    assert.equal(x[0], 0);
    assert.equal(x[x.length - 1], 49_999);
    assert.ok(
      [...x].every((v, i) => i === 0 || v > x[i - 1]!),
      'x stays ascending',
    );
  });
});

describe('history thinning', () => {
  it('sends at most 20,000 values of a history of 200,000', async () => {
    const history = points(Array.from({ length: 200_000 }, (_, i) => 1 / (i + 1)));
    const run = runWith({ loss: history });
    const cache = await cacheFor(run, { loss: history }, ['loss']);
    const input = { run, metrics: ['loss'], xAxis: 'wallTime' as const, history: cache.get.bind(cache) };
    const series = buildSeriesMessage({ ...input, sent: new Map() }).series[0]!;
    assert.equal(series.points, 200_000);
    assert.ok(series.data!.x.length <= 20_000, `${series.data!.x.length} values sent`);
    assert.equal(series.data!.y[0], 1, 'the highest value is kept');
    assert.equal(series.data!.y.at(-1), 1 / 200_000, 'the last value is kept');
    assert.equal(series.data!.step!.length, series.data!.x.length, 'each value keeps its step');
  });

  it('keeps short series as they are', () => {
    const series = {
      x: Float64Array.from([0, 1]),
      y: Float64Array.from([1, 2]),
      step: Float64Array.from([0, 1]),
    };
    assert.equal(decimateSeries(series, 10), series);
    assert.deepEqual(decimationIndexes(Float64Array.from([1, 2, 3]), 10), [0, 1, 2]);
  });

  it('keeps the first, last, lowest, highest and first non-finite value of each bucket', () => {
    const y = Float64Array.from([5, 1, Infinity, 9, 4, 3, 8, 2, 6, 7]);
    assert.deepEqual(decimationIndexes(y, 5), [0, 1, 2, 3, 9]);
  });
});

describe('aligning histories already in order', () => {
  it('gives what the sort gives, ties on a step included', () => {
    // In file order: step 1 logged twice (timestamps ascending), then a step logged before its time.
    const ordered: MetricPoint[] = [
      { step: 0, timestamp: 10, value: 1 },
      { step: 1, timestamp: 20, value: 2 },
      { step: 1, timestamp: 20, value: 3 },
      { step: 1, timestamp: 30, value: 4 },
      { step: 2, timestamp: 40, value: 5 },
    ];
    const shuffled = [ordered[3]!, ordered[0]!, ordered[4]!, ordered[1]!, ordered[2]!];
    for (const mode of ['step', 'wallTime', 'relativeTime'] as const) {
      const fast = alignSeries(ordered, mode, 10);
      const sorted = alignSeries(shuffled, mode, 10);
      assert.deepEqual([...fast.x], [...sorted.x], mode);
      assert.deepEqual([...fast.step], [...sorted.step], mode);
    }
    assert.deepEqual(
      [...alignSeries(ordered, 'step', 0).y],
      [1, 2, 3, 4, 5],
      'equal times keep the file order',
    );
    const backwards = [ordered[0]!, { step: 1, timestamp: 5, value: 9 }, ordered[2]!];
    assert.deepEqual([...alignSeries(backwards, 'wallTime', 0).y], [9, 1, 3], 'out of order is sorted');
    const untimed = [{ step: 0, timestamp: NaN, value: 1 }, ordered[1]!];
    assert.deepEqual([...alignSeries(untimed, 'wallTime', 0).y], [2], 'a point without a time is dropped');
  });
});

describe('run details chart settings', () => {
  it('restores what is valid and defaults the rest', () => {
    assert.deepEqual(parseSavedCharts(undefined), defaultCharts());
    assert.deepEqual(parseSavedCharts({ store: 's', id: 'i', charts: 'bad' }), defaultCharts());
    assert.deepEqual(
      parseSavedCharts({
        charts: {
          open: ['loss', 3, '', 'loss'],
          plotAll: 'yes',
          xAxis: 'epoch',
          logScale: ['loss'],
          collapsedGroups: null,
        },
      }),
      { open: ['loss'], plotAll: false, xAxis: 'step', logScale: ['loss'], collapsedGroups: [] },
    );
  });

  it('asks for every metric with "Plot all", else for the open rows the run still has', () => {
    const charts = { ...defaultCharts(), open: ['gone', 'loss'] };
    assert.deepEqual(wantedMetrics(charts, ['acc', 'loss']), ['loss']);
    assert.deepEqual(wantedMetrics({ ...charts, plotAll: true }, ['acc', 'loss']), ['acc', 'loss']);
  });
});

describe('run details metric rows', () => {
  const strings: UiStrings = markedStrings(UI_STRING_KEYS);
  const snap: Snapshot = {
    type: 'snapshot',
    run: {
      store: '/p/mlruns',
      id: 'r1',
      name: 'run',
      status: 'FINISHED',
      deleted: false,
      experimentId: '1',
      experimentName: 'exp',
      startTime: 0,
      endTime: 1,
      artifactUri: null,
      params: [],
      metrics: [
        { key: 'loss', value: '0.3', step: 2, timestamp: null },
        { key: EVIL_NAME, value: '1', step: 0, timestamp: null },
      ],
      tags: [],
      systemTags: [],
      datasets: [],
    },
    parent: null,
    children: [],
    artifacts: { kind: 'none' },
    stale: null,
    strings,
  };

  function page(open: string[]) {
    const toggled: string[] = [];
    const slot = new FakeElement('div');
    const hooks: ChartHooks = {
      isOpen: (metric) => open.includes(metric),
      toggle: (metric) => toggled.push(metric),
      slot: () => slot as unknown as HTMLElement,
      toolbar: () => new FakeElement('div') as unknown as HTMLElement,
      plotAll: () => new FakeElement('details') as unknown as HTMLElement,
    };
    const actions: Actions = { post: () => undefined, announce: () => undefined };
    const nodes = renderSnapshot(fakeDocument, snap, createUiState(), actions, 0, hooks).map(asFake);
    const root = new FakeElement('main');
    root.append(...nodes);
    return { root, toggled, slot };
  }

  it('gives each metric a button that opens its chart under the row', () => {
    const { root, toggled, slot } = page(['loss']);
    const buttons = root.find((el) => el.className === 'chart-toggle');
    assert.equal(buttons.length, 2);
    const loss = buttons.find((b) => b.textContent === 'loss')!;
    assert.equal(loss.getAttribute('aria-expanded'), 'true');
    assert.equal(loss.getAttribute('title'), '«hideChart»'.replace('{0}', 'loss'));
    const evil = buttons.find((b) => b.textContent === EVIL_NAME)!;
    assert.equal(evil.getAttribute('aria-expanded'), 'false');
    assert.ok(!root.serialize().includes('<img'), 'a metric key that is HTML stays text');
    evil.fire('click');
    assert.deepEqual(toggled, [EVIL_NAME]);
    const expansions = root.find((el) => el.className === 'expansion');
    assert.equal(expansions.length, 1, 'only the open row has a chart row');
    assert.ok(expansions[0]!.find((el) => el === slot).length === 1, 'the chart row holds the slot');
    assert.ok(
      root.find((el) => el.tagName === 'details').length >= 1,
      'the "Plot all" section is on the page',
    );
  });

  it('keeps the key cell text the metric key (filters and tests read it)', () => {
    const { root } = page([]);
    const keys = root.find((el) => el.tagName === 'td' && el.className === 'key').map((td) => td.textContent);
    assert.deepEqual(keys.sort(), [EVIL_NAME, 'loss'].sort());
  });
});

describe('shared chart sources (webview/shared/charts)', () => {
  const dir = path.join(__dirname, '../../webview/shared/charts');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  const sourceOf = (file: string) => readFileSync(path.join(dir, file), 'utf8');

  it('never parse strings as HTML', () => {
    assert.ok(files.includes('metricCharts.ts'));
    for (const file of files) {
      assert.doesNotMatch(
        sourceOf(file),
        /innerHTML|outerHTML|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment|\beval\(|new Function/,
        file,
      );
    }
  });

  it('import only chart packages, shared webview code and the chart protocol types', () => {
    for (const file of files) {
      for (const [statement, specifier] of sourceOf(file).matchAll(
        /^(?:import|export)\s[^;']*?from\s'([^']+)'[^;]*;/gm,
      )) {
        if (!specifier!.startsWith('.')) continue; // chart.js types, bundled by esbuild
        if (/^\.\.?\/[a-zA-Z]+$/.test(specifier!)) continue; // this folder, or webview/shared
        assert.equal(specifier, '../../../src/views/charts/protocol', `${file}: ${statement}`);
        assert.match(statement, /^(import|export) type /, `${file}: ${statement}`);
      }
    }
  });
});
