// Reads one version of a table from its bytes (a DVC cache object, a Git blob, a workspace file) by
// the format its tracked name's extension gives. A file above MAX_EXACT_BYTES is never read whole:
// CSV/TSV/JSONL are read up to that many bytes (whole rows) and marked approximate, Parquet by row
// groups, and a JSON list (which cannot be cut) is refused with the reason.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeFsError } from '../../pipeline/fileAccess';
import { parseDelimited } from './csv';
import { parseJsonLines, parseJsonRecords } from './json';
import { readParquet } from './parquet';
import { formatBytes, MAX_EXACT_BYTES, type Table } from './table';
import { TableReadError, type TableFormat, type TableInput } from './types';

const EXTENSIONS: Record<string, TableFormat> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.parquet': 'parquet',
  '.pq': 'parquet',
};

export function tableFormatOf(name: string): TableFormat | null {
  return EXTENSIONS[path.posix.extname(name).toLowerCase()] ?? null;
}

/** The label used in errors: the tracked path and the version. */
export function describeInput(input: TableInput): string {
  return `${input.name} (${input.label})`;
}

interface Source {
  size: number;
  /** The first `length` bytes. */
  head(length: number): Buffer;
  /** Bytes [start, end) for Parquet's random access. */
  slice(start: number, end: number): ArrayBuffer;
  close(): void;
}

function bufferSource(bytes: Uint8Array): Source {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    size: buf.length,
    head: (length) => buf.subarray(0, length),
    slice: (start, end) => Uint8Array.prototype.slice.call(buf, start, end).buffer as ArrayBuffer,
    close: () => undefined,
  };
}

function fileSource(file: string, where: string): Source {
  let fd: number;
  let stat: fs.Stats;
  try {
    // O_NONBLOCK: a FIFO named like a table must not block the read.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    stat = fs.fstatSync(fd);
  } catch (error) {
    throw new TableReadError(where, `cannot read ${file}: ${describeFsError(error)}`);
  }
  if (!stat.isFile()) {
    fs.closeSync(fd);
    throw new TableReadError(where, `${file} is not a regular file`);
  }
  const read = (start: number, end: number) => {
    const out = Buffer.allocUnsafe(end - start);
    let done = 0;
    while (done < out.length) {
      const n = fs.readSync(fd, out, done, out.length - done, start + done);
      if (n === 0) break;
      done += n;
    }
    return out.subarray(0, done);
  };
  return {
    size: stat.size,
    head: (length) => read(0, Math.min(length, stat.size)),
    slice: (start, end) => {
      const part = read(start, end);
      return part.buffer.slice(part.byteOffset, part.byteOffset + part.length) as ArrayBuffer;
    },
    close: () => fs.closeSync(fd),
  };
}

/** Text rows of a file: all of it, or the first MAX_EXACT_BYTES cut after the last line end. */
function textHead(source: Source): { buf: Buffer; approximate: string | null } {
  if (source.size <= MAX_EXACT_BYTES) return { buf: source.head(source.size), approximate: null };
  const head = source.head(MAX_EXACT_BYTES);
  const cut = head.lastIndexOf(0x0a);
  return {
    buf: head.subarray(0, cut < 0 ? head.length : cut + 1),
    approximate: `the file is ${formatBytes(source.size)}: figures cover its first ${formatBytes(MAX_EXACT_BYTES)} (whole rows)`,
  };
}

export async function readTable(input: TableInput): Promise<Table> {
  const where = describeInput(input);
  const format = tableFormatOf(input.name);
  if (!format) {
    throw new TableReadError(where, 'not a table format the diff reads (CSV, TSV, JSON, JSONL or Parquet)');
  }
  const source = input.bytes ? bufferSource(input.bytes) : fileSource(input.file, where);
  try {
    if (format === 'parquet') {
      const file = {
        byteLength: source.size,
        slice: (start: number, end?: number) => source.slice(start, end ?? source.size),
      };
      return await readParquet(file, where, source.size);
    }
    if (format === 'json' && source.size > MAX_EXACT_BYTES) {
      throw new TableReadError(
        where,
        `a JSON list of ${formatBytes(source.size)} is too large to read (limit ${formatBytes(MAX_EXACT_BYTES)}); JSON Lines or Parquet can be sampled`,
      );
    }
    const { buf, approximate } = textHead(source);
    const table =
      format === 'csv' || format === 'tsv'
        ? parseDelimited(buf, where, format, source.size)
        : format === 'json'
          ? parseJsonRecords(textOf(buf, where), where, source.size)
          : parseJsonLines(textOf(buf, where), where, source.size);
    table.approximate = approximate;
    return table;
  } finally {
    source.close();
  }
}

function textOf(buf: Buffer, where: string): string {
  if (buf.subarray(0, 65536).includes(0))
    throw new TableReadError(where, 'not a JSON table: binary data (NUL bytes)');
  const text = buf.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
