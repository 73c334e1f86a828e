// The params/metrics/tags table: keys as rows, runs as columns; sortable by the key or by any run;
// "only differences" hides rows where every run agrees; best metric values are marked.
import type { RowSection, RunEntry, TableRowView, UiStrings } from '../../src/views/compare/protocol';
import type { Shown } from './shown';
import { h, icon } from '../shared/dom';
import { format, safeColor } from './dom';
import { formatValue } from './format';
import type { TableSort } from './viewState';

export interface TableActions {
  sort(sort: TableSort): void;
  toggleDirection(row: TableRowView): void;
  openRun(run: RunEntry): void;
}

const SECTIONS: readonly RowSection[] = ['param', 'metric', 'tag'];

function sectionTitle(section: RowSection, strings: UiStrings): string {
  if (section === 'param') return strings.params;
  return section === 'metric' ? strings.metrics : strings.tags;
}

/** Numbers before text, text in code-unit order, missing values last (in either direction). */
function compareCells(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const x = Number(a);
  const y = Number(b);
  const xNumber = a.trim() !== '' && !Number.isNaN(x);
  const yNumber = b.trim() !== '' && !Number.isNaN(y);
  if (xNumber && yNumber) return x - y;
  if (xNumber !== yNumber) return xNumber ? -1 : 1;
  return a === b ? 0 : a < b ? -1 : 1;
}

/** Rows of one section in display order. */
export function sortRows(
  rows: readonly TableRowView[],
  runs: readonly RunEntry[],
  sort: TableSort,
): TableRowView[] {
  const column = runs.findIndex((run) => run.key === sort.by);
  const sign = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    if (column < 0) return sign * (a.key === b.key ? 0 : a.key < b.key ? -1 : 1);
    const x = a.cells[column] ?? null;
    const y = b.cells[column] ?? null;
    if (x === null || y === null) return compareCells(x, y); // missing stays last
    return sign * compareCells(x, y) || (a.key < b.key ? -1 : 1);
  });
}

function sortButton(
  doc: Document,
  label: string,
  by: string,
  sort: TableSort,
  strings: UiStrings,
  actions: TableActions,
): HTMLButtonElement {
  const active = sort.by === by;
  const next: TableSort = { by, descending: active ? !sort.descending : false };
  const arrow = !active
    ? 'codicon-list-ordered'
    : sort.descending
      ? 'codicon-arrow-down'
      : 'codicon-arrow-up';
  return h(
    doc,
    'button',
    {
      class: `sort icon-button${active ? ' active' : ''}`,
      attrs: {
        type: 'button',
        title: format(strings.sortBy, label),
        'aria-label': format(strings.sortBy, label),
      },
      on: { click: () => actions.sort(next) },
    },
    icon(doc, arrow),
  );
}

function ariaSort(by: string, sort: TableSort): string {
  if (sort.by !== by) return 'none';
  return sort.descending ? 'descending' : 'ascending';
}

function headerRow(doc: Document, snap: Shown, sort: TableSort, actions: TableActions): HTMLElement {
  const { strings } = snap;
  const keyHeader = h(
    doc,
    'th',
    { class: 'key-column', attrs: { scope: 'col', 'aria-sort': ariaSort('key', sort) } },
    h(doc, 'span', { text: strings.key }),
    sortButton(doc, strings.key, 'key', sort, strings, actions),
  );
  const runHeaders = snap.runs.map((run) => {
    const swatch = h(doc, 'span', { class: run.dash.length > 0 ? 'swatch dashed' : 'swatch' });
    swatch.style.backgroundColor = safeColor(run.color);
    const name = h(
      doc,
      'button',
      {
        class: 'link run-name',
        attrs: { type: 'button', title: `${run.name}\n${run.id}\n${strings.openRun}` },
        on: { click: () => actions.openRun(run) },
      },
      run.name,
    );
    return h(
      doc,
      'th',
      {
        class: 'run-column',
        attrs: { scope: 'col', 'data-run-key': run.key, 'aria-sort': ariaSort(run.key, sort) },
      },
      h(
        doc,
        'span',
        { class: 'run-header' },
        swatch,
        name,
        sortButton(doc, run.name, run.key, sort, strings, actions),
      ),
    );
  });
  return h(doc, 'tr', {}, keyHeader, ...runHeaders);
}

function directionButton(doc: Document, row: TableRowView, strings: UiStrings, actions: TableActions) {
  const min = row.direction === 'min';
  const label = `${min ? strings.minimised : strings.maximised} — ${strings.changeDirection}`;
  return h(
    doc,
    'button',
    {
      class: `icon-button direction${row.directionOverridden ? ' overridden' : ''}`,
      attrs: { type: 'button', title: label, 'aria-label': label, 'data-direction': row.direction ?? '' },
      on: { click: () => actions.toggleDirection(row) },
    },
    icon(doc, min ? 'codicon-arrow-down' : 'codicon-arrow-up'),
  );
}

/** A number as MLflow or DVC writes one (params are text). */
const NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

function valueCell(doc: Document, row: TableRowView, index: number, strings: UiStrings): HTMLElement {
  const cell = row.cells[index] ?? null;
  if (cell === null) return h(doc, 'td', { class: 'value missing', text: '—' });
  const best = row.best.includes(index);
  const shown = row.section === 'metric' ? formatValue(Number(cell)) : cell;
  // Numbers never wrap (a line break inside 0.123456 reads as two values); text wraps at spaces.
  const numeric = row.section === 'metric' || NUMBER.test(cell);
  const classes = ['value', numeric ? 'number' : 'text', best ? 'best' : ''].filter(Boolean).join(' ');
  return h(
    doc,
    'td',
    { class: classes, attrs: { title: cell } },
    best ? icon(doc, 'codicon-star-full') : null,
    h(doc, 'span', { text: shown }),
    best ? h(doc, 'span', { class: 'visually-hidden', text: ` (${strings.best})` }) : null,
  );
}

function bodyRow(doc: Document, row: TableRowView, snap: Shown, actions: TableActions): HTMLElement {
  const header = h(
    doc,
    'th',
    { class: 'key', attrs: { scope: 'row' } },
    h(doc, 'span', { class: 'key-text', text: row.key, attrs: { title: row.key } }),
    row.section === 'metric' ? directionButton(doc, row, snap.strings, actions) : null,
  );
  return h(
    doc,
    'tr',
    {
      class: row.differs ? 'row differs' : 'row same',
      attrs: { 'data-section': row.section, 'data-key': row.key },
    },
    header,
    ...snap.runs.map((_, i) => valueCell(doc, row, i, snap.strings)),
  );
}

export interface TableOptions {
  onlyDifferences: boolean;
  sort: TableSort;
}

/** The table element, or a note when nothing is left to show. */
export function renderTable(doc: Document, snap: Shown, options: TableOptions, actions: TableActions) {
  const visible = snap.table.filter((row) => row.differs || !options.onlyDifferences);
  if (visible.length === 0) {
    return h(doc, 'p', {
      class: 'note',
      text: options.onlyDifferences ? snap.strings.noDifferences : snap.strings.noMetrics,
    });
  }
  const columns = String(snap.runs.length + 1);
  const bodies = SECTIONS.flatMap((section) => {
    const rows = visible.filter((row) => row.section === section);
    if (rows.length === 0) return [];
    const title = h(doc, 'th', {
      class: 'section-title',
      text: sectionTitle(section, snap.strings),
      attrs: { colspan: columns, scope: 'colgroup' },
    });
    return [
      h(
        doc,
        'tbody',
        { attrs: { 'data-section': section } },
        h(doc, 'tr', { class: 'section-row' }, title),
        ...sortRows(rows, snap.runs, options.sort).map((row) => bodyRow(doc, row, snap, actions)),
      ),
    ];
  });
  return h(
    doc,
    'div',
    { class: 'table-scroll' },
    h(
      doc,
      'table',
      { class: 'compare-table' },
      h(doc, 'thead', {}, headerRow(doc, snap, options.sort, actions)),
      ...bodies,
    ),
  );
}
