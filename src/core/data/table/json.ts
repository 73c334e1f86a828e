// JSON tables: an array of records (`[{"a": 1}, …]`, pandas' orient="records") or JSON Lines (one
// record per line, pandas' lines=True). Columns are the keys in order of first appearance; a key a
// record lacks is a missing value there.
import { ColumnBuilder, valueText, type Column } from './column';
import type { Table } from './table';
import { TableReadError } from './types';

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

class RecordColumns {
  private readonly builders = new Map<string, ColumnBuilder>();
  rows = 0;

  constructor(private readonly capacity: number) {}

  add(record: Record<string, unknown>): void {
    for (const [key, value] of Object.entries(record)) {
      let builder = this.builders.get(key);
      if (!builder) {
        builder = new ColumnBuilder(key, this.capacity);
        for (let row = 0; row < this.rows; row++) builder.addNull();
        this.builders.set(key, builder);
      }
      addValue(builder, value);
    }
    this.rows++;
    for (const builder of this.builders.values()) if (builder.length < this.rows) builder.addNull();
  }

  finish(format: 'json' | 'jsonl', bytes: number): Table {
    const columns: Column[] = [...this.builders.values()].map((builder) => builder.finish());
    return {
      format,
      bytes,
      rows: this.rows,
      columns,
      rowTexts: (row) => columns.map((column) => valueText(column, row)),
      approximate: null,
    };
  }
}

export function addValue(builder: ColumnBuilder, value: unknown): void {
  if (value === null || value === undefined) builder.addNull();
  else if (typeof value === 'number') {
    if (Number.isNaN(value)) builder.addNull();
    else builder.addNumber(value);
  } else if (typeof value === 'bigint') builder.addNumber(Number(value));
  else if (typeof value === 'string') builder.addText(value);
  else if (typeof value === 'boolean') builder.addTyped(value ? 'True' : 'False', 'boolean');
  else if (value instanceof Date) builder.addTyped(value.toISOString(), 'datetime');
  else builder.addText(JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
}

export function parseJsonRecords(text: string, path: string, bytes: number): Table {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new TableReadError(path, `invalid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(data)) throw new TableReadError(path, 'not a table: the JSON is not a list of records');
  const columns = new RecordColumns(data.length);
  for (let index = 0; index < data.length; index++) {
    const record: unknown = data[index];
    if (!isRecord(record))
      throw new TableReadError(path, `not a table: item ${index} of the JSON list is not a record`);
    columns.add(record);
  }
  return columns.finish('json', bytes);
}

export function parseJsonLines(text: string, path: string, bytes: number): Table {
  const lines = text.split('\n');
  const columns = new RecordColumns(lines.length);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index].trim();
    if (line === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      throw new TableReadError(path, `invalid JSON on line ${index + 1} (${(error as Error).message})`);
    }
    if (!isRecord(record))
      throw new TableReadError(path, `not a table: line ${index + 1} is not a JSON record`);
    columns.add(record);
  }
  return columns.finish('jsonl', bytes);
}
