// The Compare Runs webview's DOM code, run against a fake document that fails loudly on anything
// that would parse HTML: user data (run names, params, tags) must end up as text only.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { UI_STRING_KEYS, type TableRowView, type UiStrings } from '../../src/views/compare/protocol';
import { buildLayout, type LayoutActions } from '../../webview/compare/layout';
import {
  createChartCard,
  renderLegend,
  renderNotes,
  renderSeriesSummary,
} from '../../webview/compare/legend';
import type { Shown } from '../../webview/compare/shown';
import { renderTable, sortRows, type TableActions } from '../../webview/compare/table';
import { defaultViewState } from '../../webview/compare/viewState';
import {
  asFake,
  EVIL_NAME,
  EVIL_VALUE,
  fakeDocument as doc,
  markedStrings,
  type FakeElement,
} from './helpers/fakeDom';
import { runEntry } from './helpers/runs';

const strings: UiStrings = markedStrings(UI_STRING_KEYS);
/** Tags the render code may create; anything else would mean data became markup. */
const TAGS = new Set(
  (
    'div span p ul li button table thead tbody tr th td section header h3 code label input output ' +
    'vscode-tabs vscode-tab-header vscode-tab-panel vscode-single-select vscode-option vscode-checkbox vscode-textfield'
  ).split(' '),
);

function row(
  section: TableRowView['section'],
  key: string,
  cells: (string | null)[],
  extra: Partial<TableRowView> = {},
): TableRowView {
  return {
    section,
    key,
    cells,
    differs: new Set(cells).size > 1,
    direction: null,
    directionOverridden: false,
    best: [],
    ...extra,
  };
}

function shown(overrides: Partial<Shown> = {}): Shown {
  return {
    type: 'snapshot',
    runs: [
      runEntry('a', EVIL_NAME),
      runEntry('b', 'tuned', { color: 'red;background:url(x)' }),
      runEntry('c', 'long-run'),
    ],
    metrics: ['rmse'],
    series: [],
    table: [
      row('param', 'alpha', ['0.5', '0.1', null]),
      row('param', 'seed', ['1', '1', '1']),
      row('param', 'note', [EVIL_VALUE, 'x', 'y']),
      row('metric', 'rmse', ['0.9', '0.6', '0.7'], { direction: 'min', best: [1] }),
      row('tag', 'team', ['x', 'x', 'x']),
    ],
    axes: [],
    defaultParallelAxes: [],
    options: { xAxis: 'step', smoothing: 0, directions: {} },
    requested: [],
    missingRuns: 0,
    indexing: false,
    problems: [],
    strings,
    ...overrides,
  };
}

function assertInert(root: FakeElement): void {
  for (const el of root.walk()) assert.ok(TAGS.has(el.tagName), `unexpected element <${el.tagName}>`);
}

const tableActions = (log: string[] = []): TableActions => ({
  sort: (s) => log.push(`sort:${s.by}:${s.descending}`),
  toggleDirection: (r) => log.push(`direction:${r.key}`),
  openRun: (r) => log.push(`open:${r.id}`),
});

/** The table of `shown()`, all rows, sorted by key. */
const renderKeySortedTable = (log: string[] = []) =>
  renderTable(
    doc,
    shown(),
    { onlyDifferences: false, sort: { by: 'key', descending: false } },
    tableActions(log),
  );

describe('compare table rendering', () => {
  it('renders run names and values as text only', () => {
    const table = asFake(renderKeySortedTable());
    assertInert(table);
    const text = table.textContent;
    assert.ok(text.includes(EVIL_NAME));
    assert.ok(text.includes(EVIL_VALUE));
    const cells = table.find((el) => el.tagName === 'td').map((td) => td.getAttribute('title'));
    assert.ok(cells.includes(EVIL_VALUE), 'the full value is the cell title (an attribute, as text)');
  });

  it('keeps numbers on one line and lets text wrap; the table scrolls in its own box (issue 11)', () => {
    const table = asFake(renderKeySortedTable());
    const cellsOf = (key: string) =>
      table
        .find((el) => el.tagName === 'tr' && el.getAttribute('data-key') === key)[0]!
        .find((el) => el.tagName === 'td' && !el.className.includes('missing'));
    assert.ok(cellsOf('rmse').every((td) => td.className.split(' ').includes('number')));
    assert.ok(
      cellsOf('alpha').every((td) => td.className.split(' ').includes('number')),
      'numeric params',
    );
    assert.ok(cellsOf('note').every((td) => td.className.split(' ').includes('text')));
    // The CSS: numbers never break, the scroll box is bounded (so the sticky header and key column
    // stick to it and its scrollbars are on screen), and the header's key cell sticks both ways.
    const css = readFileSync(join(__dirname, '..', '..', 'media', 'compare.css'), 'utf8');
    const rule = (selector: string) =>
      new RegExp(`${selector.replace(/[.]/g, '\\.')}\\s*\\{([^}]*)\\}`).exec(css)?.[1] ?? '';
    assert.match(rule('td.value.number'), /white-space:\s*nowrap/);
    assert.doesNotMatch(rule('td.value'), /overflow-wrap:\s*anywhere/);
    assert.match(rule('.table-scroll'), /max-height:/);
    assert.match(rule('.compare-table thead th.key-column'), /left:\s*0/);
  });

  it('"only differences" hides rows where all runs agree', () => {
    const keys = (only: boolean) =>
      asFake(
        renderTable(
          doc,
          shown(),
          { onlyDifferences: only, sort: { by: 'key', descending: false } },
          tableActions(),
        ),
      )
        .find((el) => el.tagName === 'tr' && el.hasAttribute('data-key'))
        .map((tr) => tr.getAttribute('data-key'));
    assert.deepEqual(keys(false), ['alpha', 'note', 'seed', 'rmse', 'team']);
    assert.deepEqual(keys(true), ['alpha', 'note', 'rmse']);
  });

  it('says so when nothing differs', () => {
    const same = shown({ table: [row('param', 'seed', ['1', '1', '1'])] });
    const node = asFake(
      renderTable(
        doc,
        same,
        { onlyDifferences: true, sort: { by: 'key', descending: false } },
        tableActions(),
      ),
    );
    assert.equal(node.textContent, strings.noDifferences);
  });

  it('marks the best value, and its buttons sort, change the direction and open runs', () => {
    const log: string[] = [];
    const table = asFake(renderKeySortedTable(log));
    const best = table.find((el) => el.tagName === 'td' && el.className.includes('best'));
    assert.equal(best.length, 1);
    assert.ok(best[0]!.textContent.startsWith('0.6'));
    assert.ok(best[0]!.textContent.includes(strings.best));
    table.find((el) => el.className.includes('direction'))[0]!.fire('click');
    table.find((el) => el.className.includes('run-name'))[0]!.fire('click');
    const sorts = table.find((el) => el.className.includes('sort'));
    sorts[0]!.fire('click');
    sorts[1]!.fire('click');
    assert.deepEqual(log, ['direction:rmse', 'open:a', 'sort:key:true', 'sort:a:false']);
    const headers = table.find((el) => el.tagName === 'th' && el.hasAttribute('aria-sort'));
    assert.deepEqual(
      headers.map((h) => h.getAttribute('aria-sort')),
      ['ascending', 'none', 'none', 'none'],
    );
  });

  it('colours swatches only with well-formed colours', () => {
    const table = asFake(renderKeySortedTable());
    const swatches = table.find((el) => el.className.startsWith('swatch'));
    assert.deepEqual(
      swatches.map((s) => s.style.backgroundColor),
      ['#4e79a7', '#888888', '#4e79a7'],
    );
  });

  it('sorts by a run column numerically, missing values last in both directions', () => {
    const runs = [runEntry('a', 'a')];
    const rows = [
      row('param', 'x', ['10']),
      row('param', 'y', ['9']),
      row('param', 'z', [null]),
      row('param', 'w', ['abc']),
    ];
    assert.deepEqual(
      sortRows(rows, runs, { by: 'a', descending: false }).map((r) => r.key),
      ['y', 'x', 'w', 'z'],
    );
    assert.deepEqual(
      sortRows(rows, runs, { by: 'a', descending: true }).map((r) => r.key),
      ['w', 'x', 'y', 'z'],
    );
    assert.deepEqual(
      sortRows(rows, runs, { by: 'key', descending: true }).map((r) => r.key),
      ['z', 'y', 'x', 'w'],
    );
  });
});

describe('compare legend, notes and cards', () => {
  it('lists runs as pressed toggles with their names as text', () => {
    const toggled: string[] = [];
    const items = renderLegend(doc, shown().runs, new Set(['b']), strings, (r) => toggled.push(r.key)).map(
      asFake,
    );
    items.forEach(assertInert);
    assert.equal(items[0]!.textContent, EVIL_NAME);
    const buttons = items.map((li) => li.find((el) => el.tagName === 'button')[0]!);
    assert.deepEqual(
      buttons.map((b) => b.getAttribute('aria-pressed')),
      ['true', 'false', 'true'],
    );
    buttons[1]!.fire('click');
    assert.deepEqual(toggled, ['b']);
  });

  it('shows missing runs and unreadable files as text', () => {
    const notes = renderNotes(
      doc,
      shown({ missingRuns: 2, problems: [{ path: EVIL_NAME, reason: EVIL_VALUE }] }),
    ).map(asFake);
    notes.forEach(assertInert);
    assert.equal(notes.length, 2);
    assert.ok(notes[0]!.textContent.includes('«missingRuns»'));
    assert.ok(notes[1]!.textContent.includes(`${EVIL_NAME}: ${EVIL_VALUE}`));
  });

  it('gives each chart a card with a per-run point count', () => {
    const card = createChartCard(doc, EVIL_NAME, strings, true, {
      toggleLog: () => undefined,
      resetZoom: () => undefined,
      exportPng: () => undefined,
    });
    assertInert(asFake(card.card));
    assert.equal(card.card.getAttribute('data-metric'), EVIL_NAME);
    assert.equal(card.logButton.getAttribute('aria-pressed'), 'true');
    const items = renderSeriesSummary(
      doc,
      [{ run: runEntry('a', EVIL_NAME), points: 6, last: { value: 0.123, step: 5 } }],
      strings,
    ).map(asFake);
    assert.equal(items[0]!.getAttribute('data-points'), '6');
    assert.equal(items[0]!.textContent, `${EVIL_NAME}: 0.123 («step» 5), «points»`);
  });
});

describe('compare layout', () => {
  const noop = (): void => undefined;
  const actions = (log: string[]): LayoutActions => ({
    selectTab: (t) => log.push(`tab:${t}`),
    setXAxis: (m) => log.push(`x:${m}`),
    setSmoothing: (w, final) => log.push(`smooth:${w}:${final}`),
    setMetricFilter: (t) => log.push(`filter:${t}`),
    setOnlyDifferences: (on) => log.push(`diff:${on}`),
    copyTable: (f) => log.push(`copy:${f}`),
    exportTable: () => log.push('export'),
    pickRuns: noop,
  });

  it('builds the tabs and controls from the saved view state', () => {
    const log: string[] = [];
    const view = {
      ...defaultViewState(),
      tab: 'table' as const,
      onlyDifferences: true,
      options: { xAxis: 'wallTime' as const, smoothing: 0.6, directions: {} },
    };
    const layout = buildLayout(doc, strings, view, actions(log));
    const root = asFake(layout.root);
    assertInert(root);
    assert.equal(layout.tabs.getAttribute('selected-index'), '1');
    const selected = root.find((el) => el.tagName === 'vscode-option' && el.hasAttribute('selected'));
    assert.deepEqual(
      selected.map((o) => o.getAttribute('value')),
      ['wallTime'],
    );
    const checkbox = root.find((el) => el.getAttribute('id') === 'only-differences')[0]!;
    assert.ok(checkbox.hasAttribute('checked'));
    checkbox.fire('change', { currentTarget: { checked: false } });
    root.find((el) => el.getAttribute('id') === 'copy-markdown')[0]!.fire('click');
    root
      .find((el) => el.getAttribute('type') === 'range')[0]!
      .fire('change', { currentTarget: { value: '0.8' } });
    asFake(layout.tabs).fire('vsc-tabs-select', { detail: { selectedIndex: 3 } });
    assert.deepEqual(log, ['diff:false', 'copy:markdown', 'smooth:0.8:true', 'tab:parallel']);
  });
});
