// The drift table: one row per column, its measures (KS, PSI, Wasserstein for numbers; chi-squared
// and Jensen–Shannon for categories) with their thresholds, flagged ones marked; sortable by drift.
import type { ColumnDiff, DriftMeasure } from '../../src/views/dataDiff/protocol';
import type { UiStrings } from '../../src/views/dataDiff/protocol';
import { h } from '../shared/dom';
import { formatStat } from './format';

export type DriftSort = 'drift' | 'column';

/** Measure names: the statistics' own names, the same in every language. */
export const METHOD_NAMES: Record<DriftMeasure['method'], string> = {
  ks: 'Kolmogorov–Smirnov',
  psi: 'PSI',
  wasserstein: 'Wasserstein',
  chi2: 'χ²',
  jensenshannon: 'Jensen–Shannon',
};

/** How far past its threshold a column's worst measure is: flagged ones first, then by that ratio. */
export function driftScore(column: ColumnDiff): number {
  let score = 0;
  for (const m of column.drift) {
    let ratio: number;
    if (m.pValue !== undefined) ratio = m.pValue > 0 ? m.threshold / m.pValue : Number.MAX_VALUE;
    else ratio = m.threshold > 0 ? m.value / m.threshold : m.value;
    if (Number.isFinite(ratio) || ratio === Number.MAX_VALUE) score = Math.max(score, ratio);
  }
  return (column.drifted ? 1e6 : 0) + Math.min(score, 1e6 - 1);
}

export function sortDrift(columns: readonly ColumnDiff[], sort: DriftSort): ColumnDiff[] {
  if (sort === 'column') return [...columns];
  return [...columns].sort((x, y) => driftScore(y) - driftScore(x) || x.name.localeCompare(y.name));
}

function measureRow(
  doc: Document,
  column: ColumnDiff,
  m: DriftMeasure,
  first: boolean,
  strings: UiStrings,
): HTMLElement {
  const span = String(column.drift.length);
  return h(
    doc,
    'tr',
    {
      class: m.drifted ? 'measure drifted' : 'measure',
      attrs: { 'data-column': column.name, 'data-method': m.method },
    },
    first
      ? h(doc, 'th', { class: 'drift-name', text: column.name, attrs: { scope: 'row', rowspan: span } })
      : null,
    h(doc, 'td', { text: METHOD_NAMES[m.method] }),
    h(doc, 'td', { class: 'num', text: formatStat(m.value) }),
    h(doc, 'td', { class: 'num', text: m.pValue === undefined ? '' : formatStat(m.pValue) }),
    h(doc, 'td', { class: 'num', text: `${m.pValue === undefined ? '>' : '<'} ${formatStat(m.threshold)}` }),
    h(doc, 'td', { class: 'flag', text: m.drifted ? strings.drifted : strings.notDrifted }),
  );
}

export function renderDriftTable(
  doc: Document,
  columns: readonly ColumnDiff[],
  sort: DriftSort,
  strings: UiStrings,
  onSort: (sort: DriftSort) => void,
): HTMLElement {
  const measured = sortDrift(columns, sort).filter((c) => c.drift.length > 0);
  const toggle = h(doc, 'button', {
    class: 'text-button drift-sort',
    text: sort === 'drift' ? strings.sortByColumn : strings.sortByDrift,
    attrs: { type: 'button' },
    on: { click: () => onSort(sort === 'drift' ? 'column' : 'drift') },
  });
  if (measured.length === 0)
    return h(doc, 'div', { class: 'drift' }, h(doc, 'p', { class: 'empty-note', text: strings.noDrift }));
  const head = h(
    doc,
    'tr',
    {},
    ...[
      strings.driftColumn,
      strings.driftMethod,
      strings.driftValue,
      strings.driftPValue,
      strings.driftThreshold,
      strings.drifted,
    ].map((text) => h(doc, 'th', { text, attrs: { scope: 'col' } })),
  );
  const body = h(doc, 'tbody', {});
  for (const column of measured)
    column.drift.forEach((m, i) => body.append(measureRow(doc, column, m, i === 0, strings)));
  return h(
    doc,
    'div',
    { class: 'drift' },
    h(doc, 'div', { class: 'drift-toolbar' }, toggle),
    h(doc, 'table', { class: 'drift-table', attrs: { 'data-sort': sort } }, h(doc, 'thead', {}, head), body),
  );
}
