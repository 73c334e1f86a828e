// The Runs Table's message and state validation, its page, the viewport arithmetic of the
// virtualized grid, and the stars and ticks it shares with the Runs view and Compare Runs.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { RunMarks, type MarkStore } from '../../src/extension/runMarks';
import { buildRunsTableHtml } from '../../src/views/runsTable/html';
import { DEFAULT_SORT } from '../../src/views/runsTable/model';
import {
  parseRunsTableMessage,
  parseRunsTableState,
  parseTableLayout,
  UI_STRING_KEYS,
  type UiStrings,
} from '../../src/views/runsTable/protocol';
import { parseStrings } from '../../webview/shared/strings';
import { columnWidth, nextSort, ROW_HEIGHT, visibleRange } from '../../webview/runsTable/viewport';
import { makeRun } from './helpers/runs';

describe('Runs Table messages and state', () => {
  it('accepts the messages of the protocol', () => {
    assert.deepEqual(parseRunsTableMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseRunsTableMessage({ type: 'setFilter', text: '' }), { type: 'setFilter', text: '' });
    assert.deepEqual(parseRunsTableMessage({ type: 'setSort', sort: null }), { type: 'setSort', sort: null });
    assert.deepEqual(
      parseRunsTableMessage({ type: 'setSort', sort: { column: 'metric:x', descending: true } }),
      {
        type: 'setSort',
        sort: { column: 'metric:x', descending: true },
      },
    );
    assert.deepEqual(parseRunsTableMessage({ type: 'setWidths', widths: { 'attr:name': 300 } }), {
      type: 'setWidths',
      widths: { 'attr:name': 300 },
    });
    assert.deepEqual(
      parseRunsTableMessage({ type: 'setMark', store: '/s', id: 'r', mark: 'checked', on: true }),
      { type: 'setMark', store: '/s', id: 'r', mark: 'checked', on: true },
    );
    assert.deepEqual(parseRunsTableMessage({ type: 'openRun', store: '/s', id: 'r' }), {
      type: 'openRun',
      store: '/s',
      id: 'r',
    });
  });

  it('rejects unknown types, extra or missing fields, wrong types and out-of-range widths', () => {
    const bad: unknown[] = [
      null,
      'ready',
      [],
      { type: 'nope' },
      { type: 'ready', extra: 1 },
      { type: 'setFilter' },
      { type: 'setFilter', text: 5 },
      { type: 'setFilter', text: 'x'.repeat(10_001) },
      { type: 'setSort', sort: { column: '', descending: true } },
      { type: 'setSort', sort: { column: 'a', descending: 'yes' } },
      { type: 'setWidths', widths: { a: 10 } },
      { type: 'setWidths', widths: { a: 1e9 } },
      { type: 'setWidths', widths: { a: 100.5 } },
      { type: 'setWidths', widths: [] },
      { type: 'setMark', store: '/s', id: 'r', mark: 'deleted', on: true },
      { type: 'setMark', store: '/s', id: 'r', mark: 'starred', on: 'true' },
      { type: 'setMark', store: '', id: 'r', mark: 'starred', on: true },
      { type: 'openRun', store: '/s' },
      { type: 'openRun', store: '/s', id: 'r', html: '<b>' },
      { type: 'compareChecked', runs: [] },
      { type: '__proto__' },
    ];
    for (const raw of bad) assert.equal(parseRunsTableMessage(raw), undefined, JSON.stringify(raw));
  });

  it('restores the state the webview saved, dropping what does not validate', () => {
    assert.deepEqual(
      parseRunsTableState({ scope: { store: '/s', experimentId: '2' }, filter: 'cnn', widths: { x: 90 } }),
      {
        scope: { store: '/s', experimentId: '2' },
        filter: 'cnn',
        widths: { x: 90 },
      },
    );
    assert.deepEqual(parseRunsTableState({ scope: { experimentId: '2' }, filter: 3, widths: { x: -1 } }), {
      scope: {},
      filter: '',
      widths: {},
    });
    assert.deepEqual(parseRunsTableState(undefined), { scope: {}, filter: '', widths: {} });
  });

  it('reads a saved layout, falling back part by part', () => {
    assert.deepEqual(parseTableLayout(undefined, DEFAULT_SORT), {
      columns: null,
      sort: DEFAULT_SORT,
      widths: {},
    });
    assert.deepEqual(
      parseTableLayout(
        { columns: ['metric:a', 7], sort: { column: 'metric:a', descending: false }, widths: { a: 50 } },
        DEFAULT_SORT,
      ),
      { columns: null, sort: { column: 'metric:a', descending: false }, widths: { a: 50 } },
    );
    assert.deepEqual(parseTableLayout({ columns: ['metric:a'], sort: null }, DEFAULT_SORT).columns, [
      'metric:a',
    ]);
  });

  it('builds its page with the shared CSP (scripts by nonce only, no inline styles)', () => {
    const strings = Object.fromEntries(UI_STRING_KEYS.map((k) => [k, `<${k}>`])) as UiStrings;
    const html = buildRunsTableHtml({
      nonce: 'bm9uY2Utbm9uY2Utbm9uY2U=',
      cspSource: 'vscode-resource:',
      scriptUri: 'x.js',
      styleUris: ['a.css'],
      title: 'T',
      loadingText: 'L',
      strings,
      lang: 'en',
    });
    assert.match(
      html,
      /default-src 'none'; script-src 'nonce-bm9uY2Utbm9uY2Utbm9uY2U='; style-src vscode-resource:/,
    );
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval|<style/);
    assert.ok(html.includes('&lt;filterLabel&gt;'), 'strings are escaped in the attribute');
  });
});

describe('Runs Table viewport', () => {
  it('reads the strings the host put in the page, a missing one as its key', () => {
    const strings = parseStrings(JSON.stringify({ name: 'Nombre', star: 5 }), UI_STRING_KEYS);
    assert.equal(strings.name, 'Nombre');
    assert.equal(strings.star, 'star');
    assert.equal(parseStrings('{not json', UI_STRING_KEYS).tick, 'tick');
  });

  it('renders only the rows in view plus the overscan', () => {
    assert.deepEqual(visibleRange(0, 480, 10_000), { start: 0, end: 29 });
    const middle = visibleRange(5_000 * ROW_HEIGHT, 480, 10_000);
    assert.deepEqual(middle, { start: 4_992, end: 5_029 });
    assert.deepEqual(visibleRange(1e9, 480, 10_000).end, 10_000);
    assert.deepEqual(visibleRange(0, 480, 0), { start: 0, end: 0 });
    assert.deepEqual(visibleRange(-50, 480, 5), { start: 0, end: 5 });
  });

  it('gives kind-based widths unless the user set one', () => {
    assert.equal(columnWidth({ id: 'attr:name', numeric: false }, {}), 240);
    assert.equal(columnWidth({ id: 'metric:x', numeric: true }, {}), 100);
    assert.equal(columnWidth({ id: 'metric:x', numeric: true }, { 'metric:x': 77 }), 77);
  });

  it('flips the sort on the same column and starts ascending on another', () => {
    assert.deepEqual(nextSort(null, 'metric:a'), { column: 'metric:a', descending: false });
    assert.deepEqual(nextSort({ column: 'metric:a', descending: false }, 'metric:a'), {
      column: 'metric:a',
      descending: true,
    });
    assert.deepEqual(nextSort({ column: 'metric:a', descending: true }, 'param:b'), {
      column: 'param:b',
      descending: false,
    });
  });
});

describe('RunMarks (stars and ticks shared by the Runs view, Compare Runs and the Runs Table)', () => {
  function memoryStore(initial: Record<string, unknown> = {}): MarkStore & { data: Record<string, unknown> } {
    const data = { ...initial };
    return {
      data,
      get: <T>(key: string, fallback: T): T => (key in data ? (data[key] as T) : fallback),
      update: (key: string, value: unknown) => {
        data[key] = value;
        return Promise.resolve();
      },
    };
  }

  it('reads the keys the Runs view has always saved, and tells listeners after saving', async () => {
    const run = makeRun({ store: '/s', id: 'r1' });
    const other = makeRun({ store: '/s', id: 'r2' });
    const store = memoryStore({ 'mlopsLens.checkedRuns': ['/s\u0000r1'] });
    const marks = new RunMarks(store);
    assert.equal(marks.isChecked(run), true);
    const heard: unknown[] = [];
    marks.onDidChange((change) => heard.push({ ...change, saved: store.data['mlopsLens.checkedRuns'] }));
    await marks.update('checked', [
      [other, true],
      [run, false],
    ]);
    assert.deepEqual(heard, [{ mark: 'checked', added: true, saved: ['/s\u0000r2'] }]);
    assert.deepEqual(marks.marked('checked', [run, other]), [other]);
    await marks.set('starred', [run], true);
    assert.deepEqual(store.data['mlopsLens.starredRuns'], ['/s\u0000r1']);
    await marks.clear('checked');
    assert.deepEqual(heard.at(-1), { mark: 'checked', added: false, saved: [] });
  });

  it('ignores a saved value of the wrong shape', () => {
    const marks = new RunMarks(memoryStore({ 'mlopsLens.starredRuns': 'oops' }));
    assert.equal(marks.isStarred(makeRun()), false);
  });
});
