// The summary at the top of the Data Diff panel: both versions' sizes, the row counts, how rows were
// aligned and the schema changes. DOM through h() only: column names and labels are user data.
import type { TableDiffSummary, TableInfo } from '../../src/views/dataDiff/protocol';
import type { UiStrings } from '../../src/views/dataDiff/protocol';
import { h } from '../shared/dom';
import { describeSchemaChange, fill, formatBytes, formatCount } from './format';

function versionLine(doc: Document, side: 'a' | 'b', info: TableInfo, strings: UiStrings): HTMLElement {
  return h(
    doc,
    'div',
    { class: `version version-${side}`, attrs: { 'data-side': side } },
    h(doc, 'span', { class: 'version-badge', text: side.toUpperCase() }),
    h(doc, 'strong', { class: 'version-label', text: info.label }),
    h(doc, 'span', {
      class: 'version-size',
      text: fill(
        strings.rowsColumns,
        formatCount(info.rows),
        formatCount(info.columns.length),
        formatBytes(info.bytes),
      ),
      attrs: { 'data-rows': String(info.rows), 'data-columns': String(info.columns.length) },
    }),
  );
}

function countTile(doc: Document, kind: string, label: string, value: number): HTMLElement {
  return h(
    doc,
    'div',
    { class: `count-tile count-${kind}`, attrs: { 'data-count': kind, 'data-value': String(value) } },
    h(doc, 'span', { class: 'count-value', text: formatCount(value) }),
    h(doc, 'span', { class: 'count-label', text: label }),
  );
}

export function alignmentText(summary: TableDiffSummary, strings: UiStrings): string {
  const alignment = summary.rows.alignment;
  if (alignment.kind === 'position') return fill(strings.alignedByPosition, alignment.reason);
  return fill(alignment.detected ? strings.alignedByDetectedKey : strings.alignedByKey, alignment.column);
}

export function renderSummary(doc: Document, summary: TableDiffSummary, strings: UiStrings): HTMLElement {
  const rows = summary.rows;
  const schema =
    summary.schema.length === 0
      ? h(doc, 'p', { class: 'schema-none', text: strings.noSchemaChanges })
      : h(
          doc,
          'ul',
          { class: 'schema-changes' },
          ...summary.schema.map((change) =>
            h(doc, 'li', {
              class: `schema-${change.kind}`,
              attrs: { 'data-kind': change.kind },
              text: describeSchemaChange(change, strings),
            }),
          ),
        );
  return h(
    doc,
    'section',
    { class: 'diff-summary', attrs: { 'aria-label': strings.tabRows } },
    h(
      doc,
      'div',
      { class: 'versions' },
      versionLine(doc, 'a', summary.a, strings),
      versionLine(doc, 'b', summary.b, strings),
    ),
    h(
      doc,
      'div',
      { class: 'count-tiles' },
      countTile(doc, 'added', strings.added, rows.added),
      countTile(doc, 'removed', strings.removed, rows.removed),
      countTile(doc, 'changed', strings.changed, rows.changed),
      countTile(doc, 'unchanged', strings.unchanged, rows.unchanged),
    ),
    h(doc, 'p', { class: 'alignment', text: alignmentText(summary, strings) }),
    schema,
    summary.approximate
      ? h(doc, 'p', { class: 'approximate', text: fill(strings.approximate, summary.approximate) })
      : null,
  );
}
