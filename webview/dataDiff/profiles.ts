// A card per column: its statistics in A and B with the change, the top values of a category, and
// the overlaid histogram of both versions (drawn when the card scrolls into view).
import type { CategoryProfile, ColumnDiff } from '../../src/views/dataDiff/protocol';
import type { UiStrings } from '../../src/views/dataDiff/protocol';
import { h } from '../shared/dom';
import { formatDelta, formatStat, statKeys, statLabel, statOf } from './format';

function statsTable(doc: Document, column: ColumnDiff, strings: UiStrings): HTMLElement {
  const head = h(
    doc,
    'tr',
    {},
    h(doc, 'th', { text: strings.statistic, attrs: { scope: 'col' } }),
    h(doc, 'th', { text: 'A', attrs: { scope: 'col' } }),
    h(doc, 'th', { text: 'B', attrs: { scope: 'col' } }),
    h(doc, 'th', { text: strings.delta, attrs: { scope: 'col' } }),
  );
  const body = h(doc, 'tbody', {});
  for (const key of statKeys(column.a, column.b)) {
    const a = statOf(column.a, key);
    const b = statOf(column.b, key);
    body.append(
      h(
        doc,
        'tr',
        { attrs: { 'data-stat': key } },
        h(doc, 'th', { text: statLabel(key, strings), attrs: { scope: 'row' } }),
        h(doc, 'td', { class: 'num', text: column.a ? formatStat(a) : strings.absent }),
        h(doc, 'td', { class: 'num', text: column.b ? formatStat(b) : strings.absent }),
        h(doc, 'td', { class: 'num delta', text: formatDelta(a, b) }),
      ),
    );
  }
  return h(doc, 'table', { class: 'stats-table' }, h(doc, 'thead', {}, head), body);
}

/** The union of both versions' top values, by count in B then A. */
export function topValueRows(
  a: CategoryProfile | null,
  b: CategoryProfile | null,
): { value: string; a: number | null; b: number | null }[] {
  const rows = new Map<string, { value: string; a: number | null; b: number | null }>();
  for (const t of a?.top ?? []) rows.set(t.value, { value: t.value, a: t.count, b: null });
  for (const t of b?.top ?? []) {
    const row = rows.get(t.value) ?? { value: t.value, a: null, b: null };
    row.b = t.count;
    rows.set(t.value, row);
  }
  return [...rows.values()].sort(
    (x, y) => (y.b ?? 0) - (x.b ?? 0) || (y.a ?? 0) - (x.a ?? 0) || x.value.localeCompare(y.value),
  );
}

function topValuesTable(doc: Document, column: ColumnDiff, strings: UiStrings): HTMLElement | null {
  const a = column.a?.kind === 'category' ? column.a : null;
  const b = column.b?.kind === 'category' ? column.b : null;
  if (!a && !b) return null;
  const body = h(doc, 'tbody', {});
  for (const row of topValueRows(a, b)) {
    body.append(
      h(
        doc,
        'tr',
        {},
        h(doc, 'td', { class: 'top-value', text: row.value, attrs: { title: row.value } }),
        h(doc, 'td', { class: 'num', text: formatStat(row.a) }),
        h(doc, 'td', { class: 'num', text: formatStat(row.b) }),
        h(doc, 'td', { class: 'num delta', text: formatDelta(row.a ?? 0, row.b ?? 0) }),
      ),
    );
  }
  const head = h(
    doc,
    'tr',
    {},
    h(doc, 'th', { text: strings.value, attrs: { scope: 'col' } }),
    h(doc, 'th', { text: 'A', attrs: { scope: 'col' } }),
    h(doc, 'th', { text: 'B', attrs: { scope: 'col' } }),
    h(doc, 'th', { text: strings.delta, attrs: { scope: 'col' } }),
  );
  return h(
    doc,
    'div',
    { class: 'top-values' },
    h(doc, 'h4', { text: strings.topValues }),
    h(doc, 'table', { class: 'stats-table' }, h(doc, 'thead', {}, head), body),
  );
}

function typeText(column: ColumnDiff): string {
  const a = column.a?.kind ?? '—';
  const b = column.b?.kind ?? '—';
  return a === b ? a : `${a} → ${b}`;
}

export interface ProfileCard {
  card: HTMLElement;
  /** Where the histogram's canvas goes; null when the column has none. */
  chartHolder: HTMLElement | null;
  column: ColumnDiff;
}

/** Which colour is which version (chart.js's own legend is not loaded). */
function histogramLegend(doc: Document, labels: { a: string; b: string }): HTMLElement {
  const item = (side: 'a' | 'b'): HTMLElement =>
    h(
      doc,
      'span',
      { class: `legend-${side}` },
      h(doc, 'span', { class: 'swatch', attrs: { 'aria-hidden': 'true' } }),
      h(doc, 'span', { text: labels[side] }),
    );
  return h(doc, 'div', { class: 'histogram-legend' }, item('a'), item('b'));
}

export function renderProfileCard(
  doc: Document,
  column: ColumnDiff,
  strings: UiStrings,
  legend: { a: string; b: string } = { a: 'A', b: 'B' },
): ProfileCard {
  const chartHolder = column.histogram
    ? h(doc, 'div', {
        class: 'canvas-holder',
        attrs: { role: 'img', 'aria-label': `${strings.histogram}: ${column.name}` },
      })
    : null;
  const card = h(
    doc,
    'section',
    {
      class: column.drifted ? 'chart-card profile-card drifted' : 'chart-card profile-card',
      attrs: { 'data-column': column.name, 'aria-label': column.name },
    },
    h(
      doc,
      'header',
      {},
      h(doc, 'h3', { text: column.name, attrs: { title: column.name } }),
      h(doc, 'span', { class: 'column-type', text: typeText(column) }),
      column.drifted ? h(doc, 'span', { class: 'drift-flag', text: strings.drifted }) : null,
    ),
    h(
      doc,
      'div',
      { class: 'profile-body' },
      statsTable(doc, column, strings),
      topValuesTable(doc, column, strings),
    ),
    chartHolder ? histogramLegend(doc, legend) : null,
    chartHolder,
  );
  return { card, chartHolder, column };
}
