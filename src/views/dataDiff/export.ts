// The Data Diff's exports: the changed rows as CSV, the summary as CSV, and a Markdown report for a
// pull request (versions, row counts, schema changes, drifted columns, the first changed rows).
// Pure; the headings come localized from the caller. Cells are escaped for each format.
import { csvField, markdownCell } from '../../core/compare/export';
import type { DiffRow, SchemaChange, TableDiffSummary } from '../../core/data/table/types';

export interface ExportLabels {
  title: string;
  versions: string;
  rows: string;
  columns: string;
  added: string;
  removed: string;
  changed: string;
  unchanged: string;
  alignment: string;
  schema: string;
  noSchemaChanges: string;
  drift: string;
  noDrift: string;
  changedRows: string;
  moreRows: (count: number) => string;
  schemaChange: (change: SchemaChange) => string;
  status: (status: DiffRow['status']) => string;
  approximate: (why: string) => string;
}

function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

/** The header of the changed-rows CSV: status, key, then each column in A and in B. */
export function rowsCsvHeader(columns: readonly string[]): string {
  return csvLine(['status', 'key', ...columns.flatMap((c) => [`${c} (A)`, `${c} (B)`])]);
}

export function rowsCsv(rows: readonly DiffRow[]): string {
  return rows
    .map((row) =>
      csvLine([row.status, row.key, ...row.cells.flatMap((cell) => [cell.a ?? '', cell.b ?? ''])]),
    )
    .join('');
}

/** The summary as a CSV of measure, A, B (row and column counts, the row changes, schema changes). */
export function summaryCsv(summary: TableDiffSummary, alignment: string): string {
  const lines: string[][] = [
    ['measure', 'A', 'B'],
    ['label', summary.a.label, summary.b.label],
    ['rows', String(summary.a.rows), String(summary.b.rows)],
    ['columns', String(summary.a.columns.length), String(summary.b.columns.length)],
    ['bytes', String(summary.a.bytes), String(summary.b.bytes)],
    ['rows_added', '', String(summary.rows.added)],
    ['rows_removed', String(summary.rows.removed), ''],
    ['rows_changed', '', String(summary.rows.changed)],
    ['rows_unchanged', '', String(summary.rows.unchanged)],
    ['alignment', alignment, ''],
    ...summary.schema.map((c) => {
      switch (c.kind) {
        case 'added':
          return ['column_added', '', `${c.column} (${c.type})`];
        case 'removed':
          return ['column_removed', `${c.column} (${c.type})`, ''];
        case 'renamed':
          return ['column_renamed', c.from, c.to];
        case 'retyped':
          return ['column_retyped', `${c.column} (${c.from})`, `${c.column} (${c.to})`];
      }
    }),
    ...summary.profiles
      .filter((p) => p.drifted)
      .map((p) => [
        'column_drifted',
        '',
        `${p.name}: ${p.drift
          .filter((m) => m.drifted)
          .map((m) => m.method)
          .join(' ')}`,
      ]),
  ];
  return lines.map(csvLine).join('');
}

function mdTable(header: readonly string[], body: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]): string => `| ${cells.map(markdownCell).join(' | ')} |`;
  return [line(header), `|${header.map(() => ' --- |').join('')}`, ...body.map(line)];
}

function cellText(row: DiffRow, index: number): string {
  const cell = row.cells[index];
  if (!cell) return '';
  if (row.status === 'added') return cell.b ?? '';
  if (row.status === 'removed') return cell.a ?? '';
  return cell.a === cell.b ? (cell.a ?? '') : `${cell.a ?? '∅'} → ${cell.b ?? '∅'}`;
}

/** The pull-request report; `rows` are the first changed rows, `totalChanged` how many there are. */
export function markdownReport(
  name: string,
  summary: TableDiffSummary,
  alignment: string,
  rows: readonly DiffRow[],
  totalChanged: number,
  labels: ExportLabels,
): string {
  const { a, b } = summary;
  const out: string[] = [`### ${markdownCell(labels.title)}: ${markdownCell(name)}`, ''];
  out.push(
    ...mdTable(
      [labels.versions, labels.rows, labels.columns],
      [
        [`A: ${a.label}`, String(a.rows), String(a.columns.length)],
        [`B: ${b.label}`, String(b.rows), String(b.columns.length)],
      ],
    ),
    '',
  );
  const r = summary.rows;
  out.push(
    ...mdTable(
      [labels.added, labels.removed, labels.changed, labels.unchanged],
      [[String(r.added), String(r.removed), String(r.changed), String(r.unchanged)]],
    ),
    '',
    `${markdownCell(labels.alignment)}: ${markdownCell(alignment)}`,
    '',
  );
  if (summary.approximate) out.push(markdownCell(labels.approximate(summary.approximate)), '');
  out.push(`#### ${markdownCell(labels.schema)}`, '');
  if (summary.schema.length === 0) out.push(markdownCell(labels.noSchemaChanges), '');
  else out.push(...summary.schema.map((c) => `- ${markdownCell(labels.schemaChange(c))}`), '');
  out.push(`#### ${markdownCell(labels.drift)}`, '');
  const drifted = summary.profiles.filter((p) => p.drifted);
  if (drifted.length === 0) out.push(markdownCell(labels.noDrift), '');
  else
    out.push(
      ...mdTable(
        ['column', 'measure', 'value', 'p-value', 'threshold'],
        drifted.flatMap((p) =>
          p.drift
            .filter((m) => m.drifted)
            .map((m) => [
              p.name,
              m.method,
              String(m.value),
              m.pValue === undefined ? '' : String(m.pValue),
              String(m.threshold),
            ]),
        ),
      ),
      '',
    );
  if (rows.length > 0) {
    out.push(`#### ${markdownCell(labels.changedRows)}`, '');
    out.push(
      ...mdTable(
        ['', 'key', ...summary.columns],
        rows.map((row) => [
          labels.status(row.status),
          row.key,
          ...summary.columns.map((_, i) => cellText(row, i)),
        ]),
      ),
    );
    if (totalChanged > rows.length) out.push('', markdownCell(labels.moreRows(totalChanged - rows.length)));
    out.push('');
  }
  return out.join('\n');
}
