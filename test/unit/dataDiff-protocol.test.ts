// The Data Diff webview's messages and saved state: what the host accepts from the (untrusted)
// webview, and what it restores after a reload.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { MAX_PAGE_ROWS, parseDataDiffMessage, parseDataDiffState } from '../../src/views/dataDiff/protocol';
import { buildDataDiffHtml } from '../../src/views/dataDiff/html';
import { isTableFile, keyCandidates, optionsOf } from '../../src/views/dataDiff/model';
import { sampleSummary } from './helpers/tableDiffSamples';

describe('parseDataDiffMessage', () => {
  it('accepts the messages the webview sends', () => {
    assert.deepEqual(parseDataDiffMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseDataDiffMessage({ type: 'retry' }), { type: 'retry' });
    const page = { type: 'page', generation: 2, offset: 400, count: 200, changedOnly: true };
    assert.deepEqual(parseDataDiffMessage(page), page);
    assert.deepEqual(parseDataDiffMessage({ type: 'align', choice: { kind: 'key', column: 'id' } }), {
      type: 'align',
      choice: { kind: 'key', column: 'id' },
    });
    assert.deepEqual(parseDataDiffMessage({ type: 'align', choice: { kind: 'position' } }), {
      type: 'align',
      choice: { kind: 'position' },
    });
    assert.deepEqual(parseDataDiffMessage({ type: 'export', format: 'markdown', target: 'clipboard' }), {
      type: 'export',
      format: 'markdown',
      target: 'clipboard',
    });
  });

  it('rejects unknown types, extra fields, wrong types and oversized pages', () => {
    const bad: unknown[] = [
      null,
      'ready',
      [],
      { type: 'ready', extra: 1 },
      { type: 'openFile', path: '/etc/passwd' },
      { type: 'page', generation: 1, offset: -1, count: 10, changedOnly: false },
      { type: 'page', generation: 1, offset: 0, count: MAX_PAGE_ROWS + 1, changedOnly: false },
      { type: 'page', generation: 1, offset: 0, count: 0, changedOnly: false },
      { type: 'page', generation: 1, offset: 0.5, count: 10, changedOnly: false },
      { type: 'page', generation: 1, offset: 0, count: 10, changedOnly: 'yes' },
      { type: 'align', choice: { kind: 'key' } },
      { type: 'align', choice: { kind: 'key', column: '' } },
      { type: 'align', choice: { kind: 'key', column: 'x'.repeat(5000) } },
      { type: 'align', choice: { kind: 'sql', column: 'x' } },
      { type: 'export', format: 'html', target: 'file' },
      { type: 'export', format: 'csv', target: '/tmp/x.csv' },
    ];
    for (const raw of bad) assert.equal(parseDataDiffMessage(raw), undefined, JSON.stringify(raw));
  });
});

describe('parseDataDiffState', () => {
  it('keeps a valid state and falls back part by part', () => {
    const restore = {
      a: { label: 'v1', file: '/w/.dvc/cache/files/md5/ab/cdef', name: 'data/iris.csv' },
      b: { label: 'Workspace', file: '/w/data/iris.csv', name: 'data/iris.csv' },
      source: { root: '/w', key: 'data/iris.csv', revA: 'v1', revB: 'workspace' },
      choice: { kind: 'key', column: 'id' },
    };
    const state = parseDataDiffState({ restore, changedOnly: true, tab: 'drift', topRow: 120 });
    assert.deepEqual(state, { restore, changedOnly: true, tab: 'drift', topRow: 120 });
    const broken = parseDataDiffState({
      restore: { ...restore, a: { label: 1 } },
      changedOnly: 'y',
      tab: 'x',
      topRow: -3,
    });
    assert.deepEqual(broken, { restore: null, changedOnly: false, tab: 'rows', topRow: 0 });
    const noSource = parseDataDiffState({
      restore: { ...restore, source: { root: '/w' }, choice: { kind: 'bad' } },
    });
    assert.equal(noSource.restore?.source, null);
    assert.deepEqual(noSource.restore?.choice, { kind: 'auto' });
    assert.deepEqual(parseDataDiffState(undefined).restore, null);
  });
});

describe('panel helpers', () => {
  it('isTableFile knows the engine formats by extension', () => {
    for (const key of ['data/a.csv', 'A.TSV', 'x/y.json', 'y.jsonl', 'z.parquet'])
      assert.equal(isTableFile(key), true, key);
    for (const key of ['model.pkl', 'data/images', 'notes.txt', 'csv'])
      assert.equal(isTableFile(key), false, key);
  });

  it('maps the alignment choice to the engine options', () => {
    assert.deepEqual(optionsOf({ kind: 'auto' }), {});
    assert.deepEqual(optionsOf({ kind: 'position' }), { byPosition: true });
    assert.deepEqual(optionsOf({ kind: 'key', column: 'id' }), { key: 'id' });
  });

  it('offers as keys the columns both versions have', () => {
    const summary = sampleSummary();
    assert.deepEqual(keyCandidates(summary), ['id', 'amount', summary.columns[2]]);
  });
});

describe('buildDataDiffHtml', () => {
  it('allows nothing by default, scripts by nonce only, and carries the strings as text', () => {
    const html = buildDataDiffHtml({
      nonce: 'bm9uY2Utbm9uY2Utbm9uY2U',
      cspSource: 'https://webview.test',
      scriptUri: 'https://webview.test/dist/webview/dataDiff.js',
      styleUris: ['https://webview.test/media/dataDiff.css'],
      title: 'Data Diff',
      loadingText: 'Loading…',
      strings: { computing: '<img src=x onerror=alert(1)>' } as never,
      lang: 'en',
    });
    assert.match(html, /default-src 'none'; script-src 'nonce-bm9uY2Utbm9uY2Utbm9uY2U'/);
    assert.ok(!html.includes('<img'), 'strings escaped in the attribute');
    assert.ok(!/<style|style="/.test(html), 'no inline style');
    assert.equal((html.match(/<script/g) ?? []).length, 1);
  });
});
