// The Data Diff webview's pure parts and DOM code: the virtual window over a million rows, the page
// cache, number formatting, and the summary, profile and drift renders against a fake document that
// fails loudly on anything that would parse HTML (column names and cells are user data).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { UI_STRING_KEYS, type UiStrings } from '../../src/views/dataDiff/protocol';
import { driftScore, renderDriftTable, sortDrift } from '../../webview/dataDiff/drift';
import { fill, formatBytes, formatCount, formatDelta, formatStat } from '../../webview/dataDiff/format';
import { histogramConfig, translucent } from '../../webview/dataDiff/histogramConfig';
import { PageCache } from '../../webview/dataDiff/pages';
import { renderProfileCard, topValueRows } from '../../webview/dataDiff/profiles';
import { rowNode } from '../../webview/dataDiff/rows';
import { renderSummary } from '../../webview/dataDiff/summary';
import {
  contentHeight,
  MAX_SCROLL_PX,
  pagesFor,
  ROW_HEIGHT,
  rowWindow,
  scrollTopFor,
} from '../../webview/dataDiff/viewport';
import { asFake, EVIL_NAME, EVIL_VALUE, fakeDocument as doc, markedStrings } from './helpers/fakeDom';
import { evilColumn, numberColumn, sampleRows, sampleSummary } from './helpers/tableDiffSamples';

const strings: UiStrings = markedStrings(UI_STRING_KEYS);

function assertNoMarkup(html: string): void {
  assert.ok(!html.includes('<img'), html);
  assert.ok(!html.includes('<script'), html);
}

describe('rowWindow', () => {
  it('renders the rows in view and a few more, not a million', () => {
    const view = rowWindow(0, 600, 1_000_000);
    assert.equal(view.first, 0);
    assert.ok(view.count > 600 / ROW_HEIGHT && view.count < 60, String(view.count));
    assert.equal(view.top, 0);
  });

  it('caps the scroll height and still reaches the last row', () => {
    const rows = 1_000_000;
    assert.equal(contentHeight(rows), MAX_SCROLL_PX);
    const end = rowWindow(MAX_SCROLL_PX, 600, rows);
    assert.equal(end.first + end.count, rows);
    const middle = rowWindow((MAX_SCROLL_PX - 600) / 2, 600, rows);
    const visible = middle.first + 6;
    assert.ok(Math.abs(visible - rows / 2) < 30, String(visible));
  });

  it('lays rows out exactly when the table fits', () => {
    const view = rowWindow(10 * ROW_HEIGHT + 5, 240, 1000);
    assert.equal(view.first, 4);
    assert.equal(view.top, 4 * ROW_HEIGHT);
    assert.equal(contentHeight(1000), 1000 * ROW_HEIGHT);
  });

  it('scrollTopFor is the inverse of rowWindow', () => {
    for (const rows of [500, 1_000_000]) {
      const top = scrollTopFor(rows / 4, 600, rows);
      const view = rowWindow(top, 600, rows);
      assert.ok(Math.abs(view.first + Math.min(6, view.first) - rows / 4) <= 1, `${rows}: ${view.first}`);
    }
    assert.equal(scrollTopFor(10, 600, 5), 0);
  });

  it('handles no rows', () => {
    assert.deepEqual(rowWindow(100, 600, 0), { first: 0, count: 0, top: 0, contentHeight: 0 });
    assert.deepEqual(pagesFor(0, 0), []);
  });
});

describe('PageCache', () => {
  it('asks once for each missing page and serves its rows', () => {
    const cache = new PageCache(1, false, 10);
    assert.deepEqual(pagesFor(5, 20, 10), [0, 1, 2]);
    assert.deepEqual(cache.missing([0, 1]), [
      { offset: 0, count: 10 },
      { offset: 10, count: 10 },
    ]);
    assert.deepEqual(cache.missing([0, 1]), [], 'asked already');
    assert.equal(cache.accept({ offset: 10, total: 30, rows: sampleRows }), true);
    assert.equal(cache.row(11), sampleRows[1]);
    assert.equal(cache.row(0), undefined);
    assert.equal(cache.total, 30);
    assert.equal(cache.accept({ offset: 20, total: 30, rows: sampleRows }), false, 'never asked');
    assert.equal(cache.accept({ offset: 5, total: 30, rows: sampleRows }), false, 'not a page boundary');
  });

  it('keeps a bounded number of pages', () => {
    const cache = new PageCache(1, true, 1);
    for (let p = 0; p < 200; p++) {
      cache.missing([p]);
      cache.accept({ offset: p, total: 200, rows: [sampleRows[0]] });
    }
    assert.ok(cache.size <= 60, String(cache.size));
    assert.ok(cache.row(199));
    assert.equal(cache.row(0), undefined);
  });

  it('takes the first page the summary carries without asking', () => {
    const cache = new PageCache(1, false, 3);
    cache.seed({ offset: 0, total: 3, rows: sampleRows });
    assert.equal(cache.row(2), sampleRows[2]);
    assert.deepEqual(cache.missing([0]), []);
  });
});

describe('formatting', () => {
  it('formats counts, statistics, deltas and sizes', () => {
    assert.equal(formatCount(1_000_000), '1,000,000');
    assert.equal(formatCount(-1234), '-1,234');
    assert.equal(formatStat(null), '—');
    assert.equal(formatStat(0.123456789), '0.123457');
    assert.equal(formatStat(1e-7), '1.000e-7');
    assert.equal(formatStat(12), '12');
    assert.equal(formatDelta(2, 4.5), '+2.5');
    assert.equal(formatDelta(3, 1), '-2');
    assert.equal(formatDelta(1, 1), '');
    assert.equal(formatDelta(null, 1), '');
    assert.equal(formatDelta(0.1, 0.3), '+0.2');
    assert.equal(formatBytes(2048), '2.0 KB');
    assert.equal(fill('{0} of {1}', 1, 'x'), '1 of x');
  });
});

describe('renders', () => {
  it('the summary shows both versions, the counts and the schema changes as text', () => {
    const node = asFake(renderSummary(doc, sampleSummary(), strings));
    const html = node.serialize();
    assertNoMarkup(html);
    const counts = Object.fromEntries(
      node
        .find((el) => el.hasAttribute('data-count'))
        .map((el) => [el.getAttribute('data-count'), el.getAttribute('data-value')]),
    );
    assert.deepEqual(counts, { added: '1', removed: '1', changed: '1', unchanged: '1' });
    assert.ok(node.textContent.includes(EVIL_NAME), 'the label is shown as text');
    assert.equal(node.find((el) => el.getAttribute('data-kind') === 'added').length, 1);
    assert.ok(node.textContent.includes('«alignedByDetectedKey»'));
  });

  it('a changed row shows old → new, added and removed rows their one side', () => {
    const changed = asFake(rowNode(doc, sampleRows[0], 0, strings));
    assertNoMarkup(changed.serialize());
    assert.equal(changed.find((el) => el.getAttribute('class') === 'cell changed-cell').length, 3);
    assert.ok(changed.textContent.includes(`${EVIL_VALUE} → x`));
    const added = asFake(rowNode(doc, sampleRows[1], 1, strings));
    assert.equal(added.getAttribute('data-status'), 'added');
    assert.ok(added.textContent.includes('e|f'));
    const removed = asFake(rowNode(doc, sampleRows[2], 2, strings));
    assert.equal(removed.find((el) => el.getAttribute('class') === 'cell changed-cell').length, 0);
  });

  it('a profile card lists statistics with deltas, and a category its top values', () => {
    const card = renderProfileCard(doc, numberColumn, strings);
    const html = asFake(card.card).serialize();
    assert.ok(html.includes('data-stat="q75"'));
    assert.ok(asFake(card.card).textContent.includes('+2.5'), 'mean 2 → 4.5');
    assert.ok(card.chartHolder);
    const evil = renderProfileCard(doc, evilColumn, strings);
    assertNoMarkup(asFake(evil.card).serialize());
    assert.deepEqual(topValueRows(evilColumn.a as never, evilColumn.b as never), [
      { value: 'x', a: 1, b: 2 },
      { value: EVIL_VALUE, a: 2, b: null },
    ]);
  });

  it('the drift table puts drifted columns first, or keeps the column order', () => {
    assert.ok(driftScore(numberColumn) > driftScore(evilColumn));
    assert.deepEqual(
      sortDrift([evilColumn, numberColumn], 'drift').map((c) => c.name),
      ['amount', EVIL_NAME],
    );
    assert.deepEqual(
      sortDrift([evilColumn, numberColumn], 'column').map((c) => c.name),
      [EVIL_NAME, 'amount'],
    );
    let sorted = '';
    const table = asFake(
      renderDriftTable(doc, [evilColumn, numberColumn], 'drift', strings, (s) => (sorted = s)),
    );
    assertNoMarkup(table.serialize());
    assert.equal(table.find((el) => el.getAttribute('class') === 'measure drifted').length, 1);
    table.find((el) => el.tagName === 'button')[0]?.fire('click');
    assert.equal(sorted, 'column');
  });

  it('the histogram overlays A and B over the same bins', () => {
    const theme = {
      foreground: '#ccc',
      muted: '#999',
      grid: '#333',
      background: '#111',
      fontFamily: 'x',
      fontSize: 13,
      selection: '#000',
      tooltipBackground: '#000',
      tooltipForeground: '#fff',
      tooltipBorder: '#444',
      accent: '#00f',
    };
    const config = histogramConfig(
      numberColumn.histogram!,
      { a: 'A', b: 'B' },
      { a: '#3794ff', b: '#d18616' },
      theme,
    );
    assert.deepEqual(config.data.labels, ['[1, 3.5)', '[3.5, 6]']);
    assert.deepEqual(
      config.data.datasets.map((d) => d.data),
      [
        [2, 1],
        [1, 2],
      ],
    );
    assert.equal(translucent('#3794ff', 0.5), 'rgba(55, 148, 255, 0.5)');
    assert.equal(translucent('var(--x)', 0.5), 'var(--x)');
  });
});
