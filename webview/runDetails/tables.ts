// Key/value tables with a filter box and a sortable key column.
import type { UiStrings } from '../../src/views/runDetails/protocol';
import { h, icon, type Child } from '../shared/dom';
import { filterRows, sortByKey } from './format';

/** View state that survives snapshots (not persisted across reloads). */
export interface UiState {
  filters: Map<string, string>;
  descending: Set<string>;
  /** `<details>` keys whose open state differs from their default. */
  toggled: Set<string>;
}

export function createUiState(): UiState {
  return { filters: new Map(), descending: new Set(), toggled: new Set() };
}

export interface Column<T> {
  label: string;
  cell: (row: T) => string;
  class?: string;
  /** What the cell shows, when more than its text (the text still sorts and filters). */
  render?: (row: T) => Child;
}

export interface TableSpec<T> {
  /** Stable id, e.g. `params`; keys the filter and sort state. */
  id: string;
  caption: string;
  rows: readonly T[];
  /** The first column is the sort key. */
  columns: readonly Column<T>[];
  filter: boolean;
  /** Content of a full-width row under `row` (e.g. the metric's chart), or null for none. */
  expand?: (row: T) => HTMLElement | null;
}

function bodyRows<T>(doc: Document, spec: TableSpec<T>, ui: UiState, strings: UiStrings): HTMLElement[] {
  const keyColumn = spec.columns[0];
  const cells = (row: T): string[] => spec.columns.map((c) => c.cell(row));
  const visible = sortByKey(
    filterRows(spec.rows, ui.filters.get(spec.id) ?? '', cells),
    (row) => (keyColumn ? keyColumn.cell(row) : ''),
    ui.descending.has(spec.id),
  );
  if (visible.length === 0) {
    const colspan = String(spec.columns.length);
    return [h(doc, 'tr', {}, h(doc, 'td', { class: 'empty', text: strings.noMatch, attrs: { colspan } }))];
  }
  return visible.flatMap((row) => {
    const cells = spec.columns.map((c) =>
      c.render
        ? h(doc, 'td', { class: c.class }, c.render(row))
        : h(doc, 'td', { class: c.class, text: c.cell(row) }),
    );
    const extra = spec.expand?.(row);
    const colspan = String(spec.columns.length);
    const expansion = extra
      ? [h(doc, 'tr', { class: 'expansion' }, h(doc, 'td', { attrs: { colspan } }, extra))]
      : [];
    return [h(doc, 'tr', {}, ...cells), ...expansion];
  });
}

function sortHeader<T>(
  doc: Document,
  spec: TableSpec<T>,
  ui: UiState,
  strings: UiStrings,
  refresh: () => void,
) {
  const descending = ui.descending.has(spec.id);
  const label = spec.columns[0]?.label ?? '';
  const th = h(doc, 'th', { attrs: { scope: 'col', 'aria-sort': descending ? 'descending' : 'ascending' } });
  const button = h(
    doc,
    'button',
    {
      class: 'sort',
      attrs: { type: 'button', title: strings.sortByKey, 'data-focus-key': `sort:${spec.id}` },
      on: {
        click: () => {
          if (ui.descending.has(spec.id)) ui.descending.delete(spec.id);
          else ui.descending.add(spec.id);
          const now = ui.descending.has(spec.id);
          th.setAttribute('aria-sort', now ? 'descending' : 'ascending');
          button.replaceChildren(label, icon(doc, now ? 'codicon-arrow-down' : 'codicon-arrow-up'));
          refresh();
        },
      },
    },
    label,
    icon(doc, descending ? 'codicon-arrow-down' : 'codicon-arrow-up'),
  );
  th.append(button);
  return th;
}

function filterBox<T>(
  doc: Document,
  spec: TableSpec<T>,
  ui: UiState,
  strings: UiStrings,
  refresh: () => void,
) {
  const input = h(doc, 'input', {
    attrs: {
      type: 'search',
      placeholder: strings.filter,
      'aria-label': `${strings.filter}: ${spec.caption}`,
      'data-focus-key': `filter:${spec.id}`,
    },
    on: {
      input: () => {
        ui.filters.set(spec.id, input.value);
        refresh();
      },
    },
  });
  input.value = ui.filters.get(spec.id) ?? '';
  return h(doc, 'div', { class: 'filter' }, icon(doc, 'codicon-filter'), input);
}

export function renderTable<T>(
  doc: Document,
  spec: TableSpec<T>,
  ui: UiState,
  strings: UiStrings,
): HTMLElement {
  if (spec.rows.length === 0) return h(doc, 'p', { class: 'empty', text: strings.empty });
  const tbody = h(doc, 'tbody');
  const refresh = (): void => tbody.replaceChildren(...bodyRows(doc, spec, ui, strings));
  refresh();
  const headers = spec.columns
    .slice(1)
    .map((c) => h(doc, 'th', { text: c.label, class: c.class, attrs: { scope: 'col' } }));
  const table = h(
    doc,
    'table',
    { class: `kv kv-${spec.id}`, attrs: { 'aria-label': spec.caption } },
    h(doc, 'thead', {}, h(doc, 'tr', {}, sortHeader(doc, spec, ui, strings, refresh), ...headers)),
    tbody,
  );
  return h(
    doc,
    'div',
    { class: 'table-block' },
    spec.filter ? filterBox(doc, spec, ui, strings, refresh) : null,
    table,
  );
}
