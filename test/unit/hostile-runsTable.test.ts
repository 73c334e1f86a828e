// Hostile input to the Runs Table: run names, params and metric keys that are HTML or script, 10,000
// of them, saved state of the wrong shape, and messages a compromised webview could post. The grid's
// DOM code runs against a fake document that throws on anything that would parse HTML.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { syntheticTableRuns } from '../../bench/runsTable/data';
import type { Run } from '../../src/core/model';
import { RunMarks } from '../../src/extension/runMarks';
import { DEFAULT_SORT } from '../../src/views/runsTable/model';
import {
  parseRunsTableMessage,
  parseRunsTableState,
  parseTableLayout,
  UI_STRING_KEYS,
  type RowView,
  type RunMark,
  type TableSnapshot,
} from '../../src/views/runsTable/protocol';
import { buildTableSnapshot } from '../../src/views/runsTable/snapshot';
import { RunsGrid } from '../../webview/runsTable/grid';
import { OVERSCAN, ROW_HEIGHT } from '../../webview/runsTable/viewport';
import { EVIL_NAME, EVIL_VALUE, FakeElement, markedStrings, type FakeChild } from './helpers/fakeDom';

/** The fake element plus the layout and tree members the grid reads (no layout engine: fixed sizes). */
class GridElement extends FakeElement {
  parent: GridElement | undefined;
  offsetTop = 0;
  scrollTop = 0;
  clientHeight = 480;
  checked = false;
  readonly classList = {
    toggle: (name: string, on?: boolean): void => {
      const classes = new Set(this.className.split(' ').filter(Boolean));
      if (on ?? !classes.has(name)) classes.add(name);
      else classes.delete(name);
      this.className = [...classes].join(' ');
    },
    add: (name: string): void => this.classList.toggle(name, true),
    remove: (name: string): void => this.classList.toggle(name, false),
  };
  override append(...nodes: (FakeChild | string)[]): void {
    for (const node of nodes) {
      if (node instanceof GridElement && node.tagName === '#fragment') this.append(...node.children);
      else {
        if (node instanceof GridElement) node.parent = this;
        super.append(node);
      }
    }
  }
  remove(): void {
    if (this.parent) this.parent.children = this.parent.children.filter((c) => c !== this);
  }
  closest(): null {
    return null;
  }
}

const doc = {
  createElement: (tag: string) => new GridElement(tag.toLowerCase()),
  createDocumentFragment: () => new GridElement('#fragment'),
} as unknown as Document;

function hostileRuns(count: number): Run[] {
  return syntheticTableRuns(count).map((run, i) => ({
    ...run,
    name: i % 2 === 0 ? EVIL_NAME : `${EVIL_VALUE}${i}`,
    params: { ...run.params, [EVIL_NAME]: `${EVIL_VALUE}${i % 7}` },
    metrics: { ...run.metrics, [EVIL_VALUE]: { step: 0, timestamp: 0, value: i } },
  }));
}

function snapshotOf(runs: readonly Run[]): TableSnapshot {
  return buildTableSnapshot({
    runs,
    scope: {},
    scopeLabel: EVIL_NAME,
    filter: undefined,
    filterText: '',
    filterError: null,
    chosenColumns: null,
    sort: DEFAULT_SORT,
    widths: {},
    isStarred: () => false,
    isChecked: () => false,
    attributeLabel: (id) => id,
    storeLabel: (store) => store,
    now: 0,
    checkedCount: 0,
    indexing: false,
  });
}

describe('Runs Table: hostile run data', () => {
  const runs = hostileRuns(10_000);
  const snapshot = snapshotOf(runs);
  const marks: [RowView, RunMark, boolean][] = [];
  const grid = new RunsGrid(doc, markedStrings(UI_STRING_KEYS), {
    sort: () => undefined,
    resize: () => undefined,
    mark: (row, mark, on) => marks.push([row, mark, on]),
    open: () => undefined,
  });
  grid.setData(snapshot, {});
  const root = grid.element as unknown as GridElement;

  it('puts HTML names, keys and values in the DOM as text only, and renders only the rows in view', () => {
    const rows = root.find((el) => el.className.startsWith('grid-row'));
    const expected = Math.ceil(480 / ROW_HEIGHT) + 1 + OVERSCAN;
    assert.equal(rows.length, expected, '10,000 rows, but only those in view (and a few more) in the DOM');
    assert.equal(grid.renderedRows, expected);
    const html = root.serialize();
    assert.ok(!html.includes('<img'), 'no element from data');
    assert.ok(!html.includes('<script'), 'no script from data');
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the name is shown as text');
    const tags = new Set(root.find(() => true).map((el) => el.tagName));
    assert.deepEqual([...tags].sort(), ['button', 'div', 'input', 'span']);
    const headers = root
      .find((el) => el.getAttribute('role') === 'columnheader')
      .map((el) => el.getAttribute('data-column'));
    assert.ok(headers.includes(`param:${EVIL_NAME}`) && headers.includes(`metric:${EVIL_VALUE}`));
  });

  it('sets widths through the CSSOM only (the CSP forbids style attributes)', () => {
    const first = root.find((el) => el.className.startsWith('grid-row'))[0];
    assert.ok(first && first.style.top === '0px' && /^\d+px$/.test(first.style.width ?? ''));
    assert.equal(first.getAttribute('style'), null);
  });

  it('keeps the snapshot small enough to post: cells are capped', () => {
    const long = snapshotOf([{ ...runs[0], params: { huge: 'x'.repeat(1_000_000) } }]);
    const cell = long.rows[0]?.cells[long.columns.findIndex((c) => c.id === 'param:huge')];
    assert.ok(cell !== undefined && cell !== null && cell.length <= 201);
  });
});

describe('Runs Table: hostile messages and state', () => {
  it('rejects messages that smuggle fields, prototypes or huge payloads', () => {
    const bad: unknown[] = [
      JSON.parse('{"type":"ready","__proto__":{"x":1}}'),
      {
        type: 'setWidths',
        widths: Object.fromEntries(Array.from({ length: 6_000 }, (_, i) => [`c${i}`, 100])),
      },
      { type: 'setFilter', text: 'a'.repeat(20_000) },
      { type: 'openRun', store: 'x'.repeat(200_000), id: 'r' },
      { type: 'setMark', store: '/s', id: 'r', mark: 'checked', on: 1 },
      { type: 'setSort', sort: { column: 'metric:x', descending: true, extra: 1 } },
    ];
    for (const raw of bad) assert.equal(parseRunsTableMessage(raw), undefined);
  });

  it('restores nothing from a saved state of the wrong shape', () => {
    for (const raw of [null, 7, 'x', [], { scope: [], filter: {}, widths: 'x' }, { scope: { store: 5 } }])
      assert.deepEqual(parseRunsTableState(raw), { scope: {}, filter: '', widths: {} });
    assert.deepEqual(parseTableLayout({ columns: 'all', sort: 'x', widths: null }, DEFAULT_SORT), {
      columns: null,
      sort: DEFAULT_SORT,
      widths: {},
    });
  });

  it('ignores star and tick state that is not a list of strings', () => {
    const store = {
      get: <T>(key: string, fallback: T): T =>
        (key === 'mlopsLens.checkedRuns' ? [1, null, '/s\u0000r', { a: 1 }] : fallback) as T,
      update: () => Promise.resolve(),
    };
    const marks = new RunMarks(store);
    assert.equal(marks.isChecked({ store: '/s', id: 'r' }), true);
    assert.equal(marks.isStarred({ store: '/s', id: 'r' }), false);
  });
});
