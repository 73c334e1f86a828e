// Metrics files as DVC reads them (dvc/repo/metrics/show.py): parsed like params files, then only
// numbers, strings and booleans are kept (`_extract_metrics`: lists and nulls are dropped, and so
// are mappings left empty). CSV and TSV files are read as a header and its last row.
import * as path from 'node:path';
import { formatOf, isMapping, parseByFormat, type ParamScalar, type ParsedValues } from './paramsFile';

export type MetricScalar = number | string | boolean;

/**
 * Parses a metrics file. JSON, YAML, TOML (and `.py`) by extension as DVC does; `.csv`/`.tsv` as a
 * table whose last row holds the metrics (DVC 0.x's "header: true" tables; DVC 3 no longer parses
 * these and would show the text or an error). Never throws: problems carry the file and the reason.
 * `file` names a single-value file's metric, so pass the path as it should be shown.
 */
export function parseMetricsFile(text: string, file: string): ParsedValues {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.csv' || extension === '.tsv')
    return parseDelimited(text, file, extension === '.tsv' ? '\t' : ',');
  let parsed: unknown;
  try {
    parsed = parseByFormat(text, formatOf(file));
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { values: {}, problems: [{ path: file, reason: `cannot parse metrics: ${message}` }] };
  }
  const extracted = extractMetrics(parsed);
  if (extracted === undefined) return { values: {}, problems: [] };
  // A file holding one value shows as one metric named by the file (`{fname: item}` in exp show).
  if (!isMapping(extracted)) return { values: { [file]: extracted }, problems: [] };
  return { values: extracted, problems: [] };
}

/** `_extract_metrics`: scalars stay, mappings are filtered recursively, anything else goes. */
function extractMetrics(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (!isMapping(value)) return undefined;
  const kept: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const extracted = extractMetrics(item);
    if (extracted !== undefined && !(isMapping(extracted) && Object.keys(extracted).length === 0))
      kept[key] = extracted;
  }
  return kept;
}

function parseDelimited(text: string, file: string, delimiter: string): ParsedValues {
  const rows = splitRows(text, delimiter).filter((row) => row.some((cell) => cell.trim() !== ''));
  if (rows.length < 2)
    return {
      values: {},
      problems: rows.length === 0 ? [] : [{ path: file, reason: 'a header but no rows' }],
    };
  const [header] = rows;
  const last = rows[rows.length - 1];
  const values: Record<string, unknown> = {};
  header.forEach((name, column) => {
    const cell = last[column];
    if (name.trim() !== '' && cell !== undefined && cell.trim() !== '')
      values[name.trim()] = parseNumberCell(cell);
  });
  return { values, problems: [] };
}

/** RFC 4180 rows, as Python's csv module reads them: quoted cells may hold delimiters and newlines. */
export function splitRows(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === delimiter) {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      rows.push([...row, cell]);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** Numbers as Python's float() reads them (nan, inf, -inf, 1e-3, 1_000); anything else stays text. */
export function parseNumberCell(cell: string): number | string {
  const text = cell.trim();
  const lower = text.toLowerCase();
  if (/^[+-]?nan$/.test(lower)) return NaN;
  if (/^[+-]?inf(inity)?$/.test(lower)) return lower.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:e[+-]?\d(?:_?\d)*)?$/i.test(text))
    return Number(text.replace(/_/g, ''));
  return cell;
}

/** Metrics flattened with dots as DVC shows them (or "/" for DVCLive's own metric names). */
export function flattenMetrics(
  values: Record<string, unknown>,
  separator = '.',
): Record<string, MetricScalar> {
  const flat: Record<string, MetricScalar> = {};
  const walk = (prefix: string, node: Record<string, unknown>): void => {
    for (const [key, value] of Object.entries(node)) {
      const name = prefix ? `${prefix}${separator}${key}` : key;
      if (isMapping(value)) walk(name, value);
      else if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean')
        flat[name] = value;
    }
  };
  walk('', values);
  return flat;
}

/** A metric as a number for charts and sorting: numbers as they are, booleans as 1/0, else null. */
export function metricNumber(value: ParamScalar | undefined): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}
