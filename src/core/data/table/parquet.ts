// Parquet through hyparquet (pure JavaScript, no native code) and hyparquet-compressors (snappy,
// gzip, brotli, zstd, lz4). Column chunks are decoded one column at a time into typed columns; a
// file above MAX_EXACT_BYTES is read by whole row groups up to that many compressed bytes.
import type { ColumnData, FileMetaData } from 'hyparquet' with { 'resolution-mode': 'import' };
import { ColumnBuilder, valueText, type Column } from './column';
import { addValue } from './json';
import { formatBytes, MAX_EXACT_BYTES, type Table } from './table';
import { TableReadError } from './types';

type AsyncBuffer = {
  byteLength: number;
  slice(start: number, end?: number): ArrayBuffer | Promise<ArrayBuffer>;
};

/** The rows to read: all, or the row groups that fit in MAX_EXACT_BYTES of compressed data. */
function rowsToRead(metadata: FileMetaData, bytes: number): { rowEnd: number; approximate: string | null } {
  const total = Number(metadata.num_rows);
  if (bytes <= MAX_EXACT_BYTES) return { rowEnd: total, approximate: null };
  let rowEnd = 0;
  let read = 0;
  for (const group of metadata.row_groups) {
    const size = group.columns.reduce(
      (sum, chunk) => sum + Number(chunk.meta_data?.total_compressed_size ?? 0),
      0,
    );
    if (rowEnd > 0 && read + size > MAX_EXACT_BYTES) break;
    read += size;
    rowEnd += Number(group.num_rows);
  }
  return {
    rowEnd,
    approximate: `the file is ${formatBytes(bytes)}: figures cover its first ${rowEnd} of ${total} rows (whole row groups up to ${formatBytes(MAX_EXACT_BYTES)})`,
  };
}

export async function readParquet(file: AsyncBuffer, path: string, bytes: number): Promise<Table> {
  const { parquetMetadataAsync, parquetRead } = await import('hyparquet');
  const { compressors } = await import('hyparquet-compressors');
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw new TableReadError(path, `not a readable Parquet file (${(error as Error).message})`);
  }
  const topLevel = topLevelNames(metadata);
  const { rowEnd, approximate } = rowsToRead(metadata, bytes);
  const chunks = new Map<string, ColumnData[]>();
  try {
    await parquetRead({
      file,
      metadata,
      compressors,
      rowStart: 0,
      rowEnd,
      onChunk: (chunk) => {
        const list = chunks.get(chunk.columnName) ?? [];
        list.push(chunk);
        chunks.set(chunk.columnName, list);
      },
    });
  } catch (error) {
    throw new TableReadError(path, `cannot decode the Parquet data (${(error as Error).message})`);
  }
  const columns: Column[] = topLevel.map((name) => buildColumn(name, chunks.get(name) ?? [], rowEnd));
  return {
    format: 'parquet',
    bytes,
    rows: rowEnd,
    columns,
    rowTexts: (row) => columns.map((column) => valueText(column, row)),
    approximate,
  };
}

/** The top-level fields (a nested field is one column, its value shown as JSON). */
function topLevelNames(metadata: FileMetaData): string[] {
  const names: string[] = [];
  const schema = metadata.schema;
  let index = 1;
  const skip = (at: number): number => {
    let next = at + 1;
    for (let child = 0; child < (schema[at].num_children ?? 0); child++) next = skip(next);
    return next;
  };
  while (index < schema.length) {
    names.push(schema[index].name);
    index = skip(index);
  }
  return names;
}

function buildColumn(name: string, chunks: ColumnData[], rows: number): Column {
  const builder = new ColumnBuilder(name, rows);
  chunks.sort((a, b) => a.rowStart - b.rowStart);
  let row = 0;
  for (const chunk of chunks) {
    const data = chunk.columnData;
    for (let i = Math.max(0, row - chunk.rowStart); i < data.length && row < rows; i++, row++) {
      addValue(builder, data[i]);
    }
  }
  while (builder.length < rows) builder.addNull();
  return builder.finish();
}
