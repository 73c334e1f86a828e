import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { RunStyleAssigner } from '../../src/core/compare/colors';
import { freshnessToken, HistoryCache } from '../../src/core/compare/historyCache';
import type { MetricPoint, Run } from '../../src/core/model';
import { buildCompareHtml } from '../../src/views/compare/html';
import {
  parseCompareMessage,
  parseCompareState,
  parseHostOptions,
  UI_STRING_KEYS,
  type UiStrings,
} from '../../src/views/compare/protocol';
import { buildSnapshot, seriesId, type SnapshotInput } from '../../src/views/compare/snapshot';
import { makeRun } from './helpers/runs';

/** A run whose id and name are `id`. */
const run = (id: string, overrides: Partial<Run> = {}): Run => makeRun({ id, name: id, ...overrides });

const pt = (step: number, value: number): MetricPoint => ({ step, value, timestamp: 1000 + step * 10 });

/** A fake file system of histories, counting reads. */
function histories(initial: Record<string, MetricPoint[]>) {
  const files = new Map(Object.entries(initial));
  const reads: string[] = [];
  const load = async (r: Run, key: string) => {
    reads.push(`${r.id}/${key}`);
    return { points: [...(files.get(`${r.id}/${key}`) ?? [])], problems: [] };
  };
  return { files, reads, load };
}

describe('history cache', () => {
  it('reads each history once, and again only when the index shows a new latest value', async () => {
    const fs = histories({ 'a/loss': [pt(0, 1), pt(1, 0.5)] });
    const cache = new HistoryCache(fs.load);
    let a = run('a', { metrics: { loss: pt(1, 0.5) } });
    await cache.sync([a], { rereadLive: true });
    await cache.sync([a], { rereadLive: true });
    assert.deepEqual(fs.reads, ['a/loss']);
    const v1 = cache.get(a, 'loss')!.version;
    fs.files.get('a/loss')!.push(pt(2, 0.25));
    a = run('a', { metrics: { loss: pt(2, 0.25) } });
    await cache.sync([a], { rereadLive: false });
    assert.equal(fs.reads.length, 2);
    assert.equal(cache.get(a, 'loss')!.points.length, 3);
    assert.ok(cache.get(a, 'loss')!.version > v1);
  });

  it('rereads RUNNING runs on file events, keeping the version when nothing changed', async () => {
    const fs = histories({ 'live/loss': [pt(0, 1)] });
    const cache = new HistoryCache(fs.load);
    const live = run('live', { status: 'RUNNING', metrics: { loss: pt(0, 1) } });
    await cache.sync([live], { rereadLive: true });
    const version = cache.get(live, 'loss')!.version;
    await cache.sync([live], { rereadLive: false });
    assert.equal(fs.reads.length, 1, 'option changes do not reread');
    await cache.sync([live], { rereadLive: true });
    assert.equal(fs.reads.length, 2, 'a file event rereads a live run');
    assert.equal(cache.get(live, 'loss')!.version, version, 'same points, same version');
  });

  it('forgets runs that left the comparison and reports read errors as problems', async () => {
    const cache = new HistoryCache(async (r) => {
      if (r.id === 'bad') throw new Error('EACCES: permission denied');
      return { points: [pt(0, 1)], problems: [] };
    });
    const good = run('good', { metrics: { m: pt(0, 1) } });
    const bad = run('bad', { metrics: { m: pt(0, 1) } });
    await cache.sync([good, bad], { rereadLive: false });
    assert.match(cache.get(bad, 'm')!.problems[0]!.reason, /EACCES/);
    await cache.sync([bad], { rereadLive: false });
    assert.equal(cache.get(good, 'm'), undefined);
  });

  it('tokens change with status and latest point', () => {
    const a = run('a', { metrics: { m: pt(1, 0.5) } });
    assert.notEqual(freshnessToken(a, 'm'), freshnessToken({ ...a, status: 'FAILED' }, 'm'));
    assert.notEqual(freshnessToken(a, 'm'), freshnessToken({ ...a, metrics: { m: pt(1, NaN) } }, 'm'));
  });
});

describe('compare protocol', () => {
  const options = { xAxis: 'step', smoothing: 0.6, directions: { loss: 'max' } };

  it('accepts each well-formed message', () => {
    // Directions come back without a prototype: compare them as JSON.
    const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
    assert.deepEqual(plain(parseCompareMessage({ type: 'ready', options })), { type: 'ready', options });
    assert.deepEqual(plain(parseCompareMessage({ type: 'setOptions', options })), {
      type: 'setOptions',
      options,
    });
    assert.deepEqual(parseCompareMessage({ type: 'pickRuns' }), { type: 'pickRuns' });
    assert.deepEqual(parseCompareMessage({ type: 'openRun', store: '/s', id: 'r' }), {
      type: 'openRun',
      store: '/s',
      id: 'r',
    });
    assert.deepEqual(parseCompareMessage({ type: 'copyTable', format: 'markdown', onlyDifferences: true }), {
      type: 'copyTable',
      format: 'markdown',
      onlyDifferences: true,
    });
    assert.deepEqual(parseCompareMessage({ type: 'exportTable', onlyDifferences: false }), {
      type: 'exportTable',
      onlyDifferences: false,
    });
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    assert.deepEqual(parseCompareMessage({ type: 'exportChart', name: 'loss', dataUrl: png }), {
      type: 'exportChart',
      name: 'loss',
      dataUrl: png,
    });
  });

  it('rejects unknown types, extra fields, wrong types and out-of-range values', () => {
    const bad: unknown[] = [
      null,
      'ready',
      [],
      { type: 'eval' },
      { type: 'pickRuns', extra: 1 },
      { type: 'ready', options: { ...options, xAxis: 'epoch' } },
      { type: 'ready', options: { ...options, smoothing: 1 } },
      { type: 'ready', options: { ...options, smoothing: '0.5' } },
      { type: 'ready', options: { ...options, directions: { loss: 'down' } } },
      { type: 'ready', options: { ...options, extra: true } },
      { type: 'openRun', store: '', id: 'r' },
      { type: 'copyTable', format: 'html', onlyDifferences: true },
      { type: 'exportTable', onlyDifferences: 'yes' },
      { type: 'exportChart', name: 'x', dataUrl: 'data:text/html;base64,PHNjcmlwdD4=' },
      { type: 'exportChart', name: 'x', dataUrl: 'javascript:alert(1)' },
      { type: 'exportChart', name: 'x', dataUrl: 'data:image/png;base64,<script>' },
    ];
    for (const message of bad) assert.equal(parseCompareMessage(message), undefined, JSON.stringify(message));
  });

  it('keeps a "__proto__" metric name as data, not as a prototype', () => {
    const parsed = parseHostOptions(
      JSON.parse('{"xAxis":"step","smoothing":0,"directions":{"__proto__":"min"}}'),
    );
    assert.ok(parsed);
    assert.equal(Object.getPrototypeOf(parsed.directions), null);
    assert.equal(parsed.directions['__proto__'], 'min');
  });

  it('restores the runs from the saved state, or nothing', () => {
    assert.deepEqual(parseCompareState({ runs: [{ store: '/s', id: 'a' }], view: {} }), [
      { store: '/s', id: 'a' },
    ]);
    assert.equal(parseCompareState({ runs: [{ store: '/s' }] }), undefined);
    assert.equal(parseCompareState(undefined), undefined);
  });
});

describe('compare HTML shell', () => {
  const strings = Object.fromEntries(
    UI_STRING_KEYS.map((k) => [k, `${k} "</main><script>alert(1)</script>`]),
  ) as UiStrings;
  const html = buildCompareHtml({
    nonce: 'q1w2e3r4t5y6u7i8o9p0AA==',
    cspSource: 'https://*.vscode-cdn.net',
    scriptUri: 'https://x.vscode-cdn.net/dist/webview/compare.js',
    styleUris: ['https://x.vscode-cdn.net/media/compare.css'],
    title: '<img src=x onerror=alert(1)>',
    loadingText: 'Loading…',
    strings,
    lang: 'en',
  });

  it('has the strict CSP and one script, by nonce', () => {
    const csp = /content="([^"]*)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /^default-src 'none'; script-src 'nonce-q1w2e3r4t5y6u7i8o9p0AA=='; style-src /);
    assert.doesNotMatch(csp, /unsafe-/);
    assert.equal(html.match(/<script/g)?.length, 1);
  });

  it('carries the strings as an escaped attribute that parses back', () => {
    assert.doesNotMatch(html, /<img|<\/main><script/);
    const attribute = /data-strings="([^"]*)"/.exec(html)?.[1] ?? '';
    const decoded = attribute
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    assert.deepEqual(JSON.parse(decoded), strings);
  });
});

describe('compare snapshot', () => {
  const loss = [pt(0, 1), pt(1, NaN), pt(2, 0.25)];
  const a = run('a', { name: '<b>a</b>', params: { lr: '0.1' }, metrics: { loss: pt(2, 0.25) } });
  const b = run('b', { params: { lr: '0.1' }, metrics: { loss: pt(0, 2), acc: pt(0, 0.5) } });
  const versions = new Map<string, number>([
    ['a/loss', 1],
    ['b/loss', 2],
    ['b/acc', 3],
  ]);
  const data: Record<string, MetricPoint[]> = { 'a/loss': loss, 'b/loss': [pt(0, 2)], 'b/acc': [pt(0, 0.5)] };
  const input = (overrides: Partial<SnapshotInput> = {}): SnapshotInput => ({
    runs: [a, b],
    requested: [a, b, { store: '/w/mlruns', id: 'gone' }],
    missingRuns: 1,
    indexing: false,
    history: (r, key) => {
      const points = data[`${r.id}/${key}`];
      return points
        ? { points, problems: [], version: versions.get(`${r.id}/${key}`)!, token: '' }
        : undefined;
    },
    options: { xAxis: 'step', smoothing: 0, directions: {} },
    sent: new Map(),
    ...overrides,
  });

  it('holds every part of the comparison', () => {
    const snap = buildSnapshot(input());
    assert.deepEqual(
      snap.runs.map((r) => r.name),
      ['<b>a</b>', 'b'],
    );
    assert.match(snap.runs[0]!.color, /^#[0-9a-f]{6}$/);
    assert.deepEqual(snap.metrics, ['acc', 'loss']);
    assert.equal(snap.series.length, 3);
    const aLoss = snap.series.find((s) => s.run === 0 && s.metric === 'loss')!;
    assert.ok(aLoss.data);
    assert.ok(aLoss.data.x instanceof Float64Array);
    assert.ok(Number.isNaN(aLoss.data.y[1]!), 'NaN survives as a typed array value');
    assert.equal(aLoss.data.step, null, 'x is the step');
    assert.equal(aLoss.data.smoothed, null);
    assert.deepEqual(snap.table.find((r) => r.key === 'lr')!.differs, false);
    assert.deepEqual(snap.table.find((r) => r.key === 'loss')!.best, [0]);
    assert.deepEqual(
      snap.axes.map((x) => x.id),
      ['param:lr', 'metric:acc', 'metric:loss'],
    );
    assert.equal(snap.requested.length, 3);
    assert.equal(snap.missingRuns, 1);
  });

  it('leaves out the data of series the webview holds, and sends them again when they change', () => {
    const sent = new Map<string, string>();
    buildSnapshot(input({ sent }));
    assert.equal(sent.size, 3);
    const again = buildSnapshot(input({ sent }));
    assert.ok(again.series.every((s) => s.data === null));
    versions.set('a/loss', 9);
    const live = buildSnapshot(input({ sent }));
    assert.deepEqual(
      live.series.filter((s) => s.data !== null).map((s) => `${s.run}/${s.metric}`),
      ['0/loss'],
    );
    const smoothed = buildSnapshot(
      input({ sent, options: { xAxis: 'relativeTime', smoothing: 0.5, directions: {} } }),
    );
    assert.ok(
      smoothed.series.every((s) => s.data !== null),
      'new axis and smoothing: everything again',
    );
    const series = smoothed.series.find((s) => s.run === 0 && s.metric === 'loss')!.data!;
    assert.deepEqual([...series.x], [0, 0.01, 0.02], 'seconds since the run’s first value');
    assert.deepEqual([...series.step!], [0, 1, 2]);
    assert.ok(series.smoothed && series.smoothed.length === 3);
    assert.ok(sent.has(seriesId(a, 'loss')));
  });

  it('colours the panel’s runs from its own assigner: distinct, and the same across snapshots', () => {
    const styles = new RunStyleAssigner();
    const first = buildSnapshot(input({ styles }));
    assert.notEqual(first.runs[0]!.color, first.runs[1]!.color);
    const c = run('c', { metrics: { loss: pt(0, 3) } });
    const next = buildSnapshot(input({ styles, runs: [c, b, a] }));
    const color = (snap: typeof first, id: string) => snap.runs.find((r) => r.id === id)!.color;
    assert.equal(color(next, 'a'), color(first, 'a'));
    assert.equal(color(next, 'b'), color(first, 'b'));
    assert.equal(new Set(next.runs.map((r) => r.color)).size, 3);
  });

  it('marks user-chosen directions', () => {
    const snap = buildSnapshot(
      input({ options: { xAxis: 'step', smoothing: 0, directions: { loss: 'max' } } }),
    );
    const row = snap.table.find((r) => r.key === 'loss')!;
    assert.equal(row.direction, 'max');
    assert.equal(row.directionOverridden, true);
    assert.deepEqual(row.best, [1]);
  });
});
