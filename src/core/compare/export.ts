// The comparison table as CSV (RFC 4180) or as a Markdown table, escaped for each format.
import type { CompareRow, RowSection } from './table';

export interface ExportColumn {
  name: string;
  id: string;
}

const SECTION_PREFIX: Record<RowSection, string> = { param: 'params', metric: 'metrics', tag: 'tags' };

/** `params.alpha`, `metrics.rmse`, `tags.team`: the names MLflow's own search and exports use. */
export function qualifiedKey(row: Pick<CompareRow, 'section' | 'key'>): string {
  return `${SECTION_PREFIX[row.section]}.${row.key}`;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * One CSV field. Quoted when it holds a comma, quote, line break or outer space (quotes doubled).
 * Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading
 * apostrophe, as OWASP advises; numbers such as `-0.5` are left alone.
 */
export function csvField(text: string): string {
  const guarded = /^[=+\-@\t\r]/.test(text) && !NUMBER.test(text) ? `'${text}` : text;
  return /[",\r\n]|^\s|\s$/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** The table matrix shared by both formats: a header row, the run ids, then one row per key. */
export function tableMatrix(columns: readonly ExportColumn[], rows: readonly CompareRow[]): string[][] {
  return [
    ['key', ...columns.map((c) => c.name)],
    ['run_id', ...columns.map((c) => c.id)],
    ...rows.map((row) => [qualifiedKey(row), ...row.cells.map((cell) => cell ?? '')]),
  ];
}

export function toCsv(columns: readonly ExportColumn[], rows: readonly CompareRow[]): string {
  return tableMatrix(columns, rows)
    .map((line) => line.map(csvField).join(','))
    .join('\r\n')
    .concat('\r\n');
}

/**
 * One Markdown table cell. Backslash-escapes the characters that end a cell (`|`) or start inline
 * markup (code, emphasis, links, HTML, entities), and turns line breaks into `<br>` (the only way
 * to keep one in a cell); the text's own `<` is escaped, so it cannot become HTML.
 */
export function markdownCell(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|~&#!()]/g, (ch) => `\\${ch}`)
    .replace(/\r\n|\r|\n/g, '<br>')
    .trim();
}

export function toMarkdown(columns: readonly ExportColumn[], rows: readonly CompareRow[]): string {
  const [header = [], ...body] = tableMatrix(columns, rows);
  const line = (cells: readonly string[]): string => `| ${cells.map(markdownCell).join(' | ')} |`;
  return [line(header), `|${header.map(() => ' --- |').join('')}`, ...body.map(line)].join('\n').concat('\n');
}

/**
 * A file name for a save dialog's default, from a metric or table name: path separators, control
 * and reserved characters become `_`, and the name is kept short.
 */
export function safeFileName(name: string, extension: string): string {
  const base = name
    .replace(/[\p{Cc}<>:"/\\|?*]+/gu, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 100);
  return `${/[\p{L}\p{N}]/u.test(base) ? base : 'export'}.${extension}`;
}
