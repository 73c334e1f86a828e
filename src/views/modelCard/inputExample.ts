// An MLflow input example as a table. `Model.log_input_example` writes `input_example.json` in
// MLflow's serving formats (mlflow/models/utils.py `_Example`): pandas `split` orient
// ({columns, data, index?}), possibly wrapped as {dataframe_split: …}; records ([{…}] or
// {dataframe_records: […]}); tensors ({inputs: …} / {instances: …} or a bare (nested) list).
// What does not parse as one of these is shown raw.

export interface ExampleTable {
  columns: string[];
  /** Cells as text (user data: the webview sets them as text only). */
  rows: string[][];
  /** Rows left out past the cap. */
  omittedRows: number;
}

export type InputExampleView =
  | { kind: 'table'; format: string; table: ExampleTable }
  | { kind: 'raw'; text: string; truncated: boolean; reason: string }
  | { kind: 'none' };

export const MAX_EXAMPLE_ROWS = 50;
export const MAX_EXAMPLE_COLUMNS = 50;
export const MAX_RAW_CHARS = 4000;
const MAX_CELL_CHARS = 200;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function cellText(value: unknown): string {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS)}…` : text;
}

function capped(columns: string[], rows: unknown[][]): ExampleTable {
  const shownColumns = columns.slice(0, MAX_EXAMPLE_COLUMNS);
  return {
    columns: shownColumns,
    rows: rows.slice(0, MAX_EXAMPLE_ROWS).map((row) => shownColumns.map((_, i) => cellText(row[i]))),
    omittedRows: Math.max(0, rows.length - MAX_EXAMPLE_ROWS),
  };
}

function fromSplit(value: Record<string, unknown>): ExampleTable | undefined {
  const { columns, data } = value;
  if (!Array.isArray(data) || !data.every(Array.isArray)) return undefined;
  const rows = data as unknown[][];
  const width = Math.max(0, ...rows.map((r) => r.length));
  const names = Array.isArray(columns)
    ? columns.map((c) => cellText(c))
    : Array.from({ length: width }, (_, i) => String(i));
  return capped(names, rows);
}

function fromRecords(value: unknown[]): ExampleTable | undefined {
  if (value.length === 0 || !value.every(isRecord)) return undefined;
  const columns: string[] = [];
  for (const record of value as Record<string, unknown>[])
    for (const key of Object.keys(record)) if (!columns.includes(key)) columns.push(key);
  return capped(
    columns,
    (value as Record<string, unknown>[]).map((r) => columns.map((c) => r[c])),
  );
}

/** A tensor: a list of rows (each a scalar or a list), or a mapping of named tensors. */
function fromTensor(value: unknown): ExampleTable | undefined {
  if (Array.isArray(value)) {
    const rows = value.map((row) => (Array.isArray(row) ? row : [row]));
    const width = Math.max(0, ...rows.map((r) => r.length));
    return capped(
      Array.from({ length: width }, (_, i) => `[${i}]`),
      rows,
    );
  }
  if (isRecord(value)) {
    const columns = Object.keys(value);
    const lists = columns.map((c) => (Array.isArray(value[c]) ? (value[c] as unknown[]) : [value[c]]));
    const length = Math.max(0, ...lists.map((l) => l.length));
    return capped(
      columns,
      Array.from({ length }, (_, i) => lists.map((l) => l[i])),
    );
  }
  return undefined;
}

function tableOf(parsed: unknown): { format: string; table: ExampleTable } | undefined {
  if (isRecord(parsed)) {
    if (isRecord(parsed.dataframe_split)) {
      const table = fromSplit(parsed.dataframe_split);
      return table && { format: 'dataframe_split', table };
    }
    if (Array.isArray(parsed.dataframe_records)) {
      const table = fromRecords(parsed.dataframe_records);
      return table && { format: 'dataframe_records', table };
    }
    for (const key of ['inputs', 'instances'] as const)
      if (key in parsed) {
        const table = fromTensor(parsed[key]);
        return table && { format: key, table };
      }
    if ('data' in parsed) {
      const table = fromSplit(parsed);
      return table && { format: 'split', table };
    }
    return undefined;
  }
  if (Array.isArray(parsed)) {
    const records = fromRecords(parsed);
    if (records) return { format: 'records', table: records };
    const table = fromTensor(parsed);
    return table && { format: 'tensor', table };
  }
  return undefined;
}

/** The input example file's text (already read, capped by the caller) as a table, or raw. */
export function parseInputExample(text: string, fileTruncated = false): InputExampleView {
  const raw = (reason: string): InputExampleView => ({
    kind: 'raw',
    text: text.slice(0, MAX_RAW_CHARS),
    truncated: fileTruncated || text.length > MAX_RAW_CHARS,
    reason,
  });
  if (fileTruncated) return raw('too large to parse');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return raw(`not valid JSON: ${(error as Error).message}`);
  }
  const found = tableOf(parsed);
  return found ? { kind: 'table', ...found } : raw('not a table MLflow writes');
}
