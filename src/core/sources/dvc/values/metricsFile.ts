// Metrics files as DVC reads them (dvc/repo/metrics/show.py `_read_metric`): parsed like params
// files, by extension (.json, .toml, .py, and YAML for everything else, also .csv and .tsv), then
// only numbers, strings and booleans are kept (`_extract_metrics`: lists and nulls are dropped, and
// so are mappings left empty). A file whose content is no mapping (a CSV table reads as one YAML
// string) is shown by `dvc exp show --json` as that value and gets no column in its table.
import { isMapping, isPythonFalsy, loadValuesFile, type ParamScalar, type ParsedValues } from './paramsFile';

export type MetricScalar = number | string | boolean;

/**
 * One metrics file's data as `dvc exp show --json` has it: a mapping of metrics, or the single
 * value the file holds (a number, a string), or why it could not be read. Never throws.
 */
export function readMetricsData(text: string, file: string): { data: unknown } | { error: string } {
  const loaded = loadValuesFile(text, file);
  if ('error' in loaded) return { error: loaded.error };
  const extracted = extractMetrics(loaded.data);
  return { data: extracted === undefined || isPythonFalsy(extracted) ? {} : extracted };
}

/**
 * Parses a metrics file into its mapping of metrics (DVCLive summaries). A file that cannot be
 * parsed, or whose content is no mapping, gives empty values and one problem naming the file and the
 * reason. Never throws.
 */
export function parseMetricsFile(text: string, file: string): ParsedValues {
  const read = readMetricsData(text, file);
  if ('error' in read) return { values: {}, problems: [{ path: file, reason: read.error }] };
  if (!isMapping(read.data))
    return { values: {}, problems: [{ path: file, reason: notAMappingReason(file, read.data) }] };
  return { values: read.data, problems: [] };
}

/** Why a params or metrics file shows no values: what it holds instead of a mapping. */
export function notAMappingReason(file: string, data: unknown): string {
  const holds = Array.isArray(data) ? 'a list' : typeof data === 'string' ? 'one string' : 'one value';
  const format = /\.(json|toml|py)$/i.exec(file)?.[1]?.toUpperCase() ?? 'YAML';
  return `read as ${format} (as DVC reads it) the file holds ${holds}, not a mapping of names to values`;
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
