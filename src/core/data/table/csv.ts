// CSV and TSV as pandas' read_csv reads them: a header row (a BOM before it dropped), fields quoted
// with '"' (a doubled quote inside one is a quote; a quoted field may hold delimiters and newlines),
// rows ended by LF, CRLF or CR, blank lines skipped, a row with fewer fields padded with missing
// values and one with more refused ("Expected N fields"). The delimiter is sniffed from the first
// lines. The bytes are scanned once, without a string per number: a plain decimal field of a number
// column is parsed in the same pass that finds its end.
import {
  ColumnBuilder,
  NA_TEXTS,
  NOT_A_NUMBER,
  parseNumber,
  parseNumberBytes,
  POW10,
  SAFE,
  uniqueNames,
} from './column';
import type { Table } from './table';
import { TableReadError } from './types';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const DELIMITERS = [',', '\t', ';', '|'];

/** Refuses bytes that are not text: a NUL byte or invalid UTF-8 in the first 64 KB. */
export function assertTextBytes(buf: Uint8Array, path: string): void {
  const head = buf.subarray(0, Math.min(buf.length, 65536));
  if (head.includes(0))
    throw new TableReadError(path, 'not a text table: the file holds binary data (NUL bytes)');
  // A multi-byte character cut by the 64 KB boundary is not an error: drop up to 3 trailing bytes.
  let end = head.length;
  if (end === 65536) while (end > head.length - 4 && (head[end - 1] & 0xc0) === 0x80) end--;
  if (end === 65536 && head[end - 1] >= 0xc0) end--;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
  } catch {
    throw new TableReadError(path, 'not a text table: the file is not UTF-8 text (binary data?)');
  }
}

/** The delimiter whose count per line is the same and non-zero on most of the first lines. */
export function sniffDelimiter(text: string, preferred: string): string {
  const lines = text
    .split(/\r\n|\n|\r/)
    .filter((line) => line.length > 0)
    .slice(0, 20);
  if (lines.length > 1 && text.length >= 65536) lines.pop(); // the last one may be cut
  const counts = (line: string, delimiter: string) =>
    line.replace(/"[^"]*"/g, '').split(delimiter).length - 1;
  const ordered = [preferred, ...DELIMITERS.filter((d) => d !== preferred)];
  for (const delimiter of ordered) {
    const first = counts(lines[0] ?? '', delimiter);
    if (first === 0) continue;
    const same = lines.filter((line) => counts(line, delimiter) === first).length;
    if (same >= Math.ceil(lines.length * 0.8)) return delimiter;
  }
  return preferred;
}

interface Field {
  start: number;
  end: number;
  /** The decoded text of a quoted field; null for a plain one (its bytes are the text). */
  quoted: string | null;
}

/** Reads one field at `pos`; returns the position after it (at a delimiter, a line end or the end). */
function readField(buf: Buffer, pos: number, delimiter: number, field: Field, path: string): number {
  const length = buf.length;
  if (buf[pos] !== QUOTE) {
    let i = pos;
    while (i < length) {
      const byte = buf[i];
      if (byte === delimiter || byte === LF || byte === CR) break;
      i++;
    }
    field.start = pos;
    field.end = i;
    field.quoted = null;
    return i;
  }
  let i = pos + 1;
  let text = '';
  let from = i;
  for (;;) {
    const close = buf.indexOf(QUOTE, i);
    if (close < 0) {
      throw new TableReadError(
        path,
        `a quoted field starting at byte ${pos} is never closed (EOF inside string)`,
      );
    }
    if (buf[close + 1] === QUOTE) {
      text += buf.toString('utf8', from, close + 1);
      i = from = close + 2;
      continue;
    }
    text += buf.toString('utf8', from, close);
    i = close + 1;
    break;
  }
  // Characters after the closing quote belong to the field, as pandas reads them.
  let j = i;
  while (j < length && buf[j] !== delimiter && buf[j] !== LF && buf[j] !== CR) j++;
  if (j > i) text += buf.toString('utf8', i, j);
  field.start = pos;
  field.end = j;
  field.quoted = text;
  return j;
}

/** The position after a line end at `pos` (LF, CRLF or CR). */
function skipLineEnd(buf: Buffer, pos: number): number {
  if (buf[pos] === CR) return buf[pos + 1] === LF ? pos + 2 : pos + 1;
  return buf[pos] === LF ? pos + 1 : pos;
}

/** The fields of the record at `pos` as text, and where the next record starts. */
export function recordTexts(
  buf: Buffer,
  pos: number,
  delimiter: number,
  path: string,
): { texts: string[]; next: number } {
  const texts: string[] = [];
  const field: Field = { start: 0, end: 0, quoted: null };
  for (;;) {
    pos = readField(buf, pos, delimiter, field, path);
    texts.push(field.quoted ?? buf.toString('utf8', field.start, field.end));
    if (buf[pos] === delimiter) pos++;
    else return { texts, next: skipLineEnd(buf, pos) };
  }
}

function countLines(buf: Buffer): number {
  let count = 1;
  for (let i = buf.indexOf(LF); i >= 0; i = buf.indexOf(LF, i + 1)) count++;
  return count;
}

function lineOf(buf: Buffer, pos: number): number {
  let line = 1;
  for (let i = buf.indexOf(LF); i >= 0 && i < pos; i = buf.indexOf(LF, i + 1)) line++;
  return line;
}

/** Up to 6 bytes and their count as one exact number (below 2^51). */
function packShort(buf: Buffer, start: number, end: number): number {
  let key = end - start;
  for (let i = start; i < end; i++) key = key * 256 + buf[i];
  return key;
}

type Previous = (row: number) => string | null;

function addField(builder: ColumnBuilder, buf: Buffer, field: Field, previous: Previous): void {
  if (
    field.quoted === null &&
    !builder.isNumeric &&
    field.end - field.start <= 6 &&
    field.end > field.start
  ) {
    const key = packShort(buf, field.start, field.end);
    const code = builder.shortCodes.get(key);
    if (code !== undefined) return builder.addCode(code);
    addFieldText(builder, buf, field, previous);
    if (!builder.isNumeric) builder.shortCodes.set(key, builder.lastCode);
    return;
  }
  addFieldText(builder, buf, field, previous);
}

function addFieldText(builder: ColumnBuilder, buf: Buffer, field: Field, previous: Previous): void {
  if (field.quoted === null) {
    if (field.start === field.end) return builder.addNull();
    if (builder.isNumeric) {
      const value = parseNumberBytes(buf, field.start, field.end);
      if (value !== NOT_A_NUMBER) return builder.addNumber(value);
    }
  }
  const text = field.quoted ?? buf.toString('utf8', field.start, field.end);
  if (NA_TEXTS.has(text)) return builder.addNull();
  if (field.quoted !== null && builder.isNumeric) {
    const value = parseNumber(text);
    if (value !== NOT_A_NUMBER) return builder.addNumber(value);
  }
  builder.addText(text, previous);
}

/** Where scanNumber stopped (the delimiter or line end after the field) when it read a number. */
let scannedTo = 0;

/**
 * A plain decimal field at `pos` (sign, digits, a point, digits, ended by the delimiter, a line end
 * or the end) read while finding its end, exact as parseNumberBytes' fast path; NaN when the field
 * is anything else (empty, quoted, an exponent, spaces, text), which the general path then reads.
 */
function scanNumber(buf: Buffer, pos: number, delimiter: number): number {
  const length = buf.length;
  let i = pos;
  const sign = i < length ? buf[i] : 0;
  if (sign === 0x2d || sign === 0x2b) i++;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let byte = 0;
  for (; i < length; i++) {
    byte = buf[i] - 0x30;
    if (byte < 0 || byte > 9) break;
    mantissa = mantissa * 10 + byte;
    digits++;
  }
  if (i < length && buf[i] === 0x2e) {
    for (i++; i < length; i++) {
      byte = buf[i] - 0x30;
      if (byte < 0 || byte > 9) break;
      mantissa = mantissa * 10 + byte;
      digits++;
      scale--;
    }
  }
  if (digits === 0 || mantissa >= SAFE || scale < -22) return NaN;
  if (i < length && buf[i] !== delimiter && buf[i] !== LF && buf[i] !== CR) return NaN;
  scannedTo = i;
  const value = scale < 0 ? mantissa / POW10[-scale] : mantissa;
  return sign === 0x2d ? -value : value;
}

/** The data rows from `pos` into the builders; returns their count (rowStarts.at: each one's start). */
function readRecords(
  buf: Buffer,
  pos: number,
  delimiter: number,
  path: string,
  builders: ColumnBuilder[],
  fallbacks: Previous[],
  rowStarts: { at: Float64Array },
): number {
  const field: Field = { start: 0, end: 0, quoted: null };
  let rows = 0;
  while (pos < buf.length) {
    if (buf[pos] === LF || buf[pos] === CR) {
      pos = skipLineEnd(buf, pos);
      continue;
    }
    if (rows >= rowStarts.at.length) {
      const grown = new Float64Array(rowStarts.at.length * 2);
      grown.set(rowStarts.at);
      rowStarts.at = grown;
    }
    rowStarts.at[rows] = pos;
    let column = 0;
    for (; ; column++) {
      if (column >= builders.length) raggedRow(buf, rowStarts.at[rows], delimiter, path, builders.length);
      const builder = builders[column];
      const value = builder.isNumeric ? scanNumber(buf, pos, delimiter) : NaN;
      if (value === value) {
        builder.addNumber(value);
        pos = scannedTo;
      } else {
        pos = readField(buf, pos, delimiter, field, path);
        addField(builder, buf, field, fallbacks[column]);
      }
      if (buf[pos] === delimiter) pos++;
      else break;
    }
    for (column++; column < builders.length; column++) builders[column].addNull();
    pos = skipLineEnd(buf, pos);
    rows++;
  }
  return rows;
}

function raggedRow(buf: Buffer, start: number, delimiter: number, path: string, expected: number): never {
  const saw = recordTexts(buf, start, delimiter, path).texts.length;
  throw new TableReadError(
    path,
    `ragged rows: expected ${expected} fields in line ${lineOf(buf, start)}, saw ${saw}`,
  );
}

/** Reads CSV/TSV bytes (already cut at a row boundary when only a part is read). */
export function parseDelimited(buf: Buffer, path: string, format: 'csv' | 'tsv', bytes: number): Table {
  assertTextBytes(buf, path);
  let pos = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const sample = buf.toString('utf8', pos, Math.min(buf.length, pos + 65536));
  const delimiterText = sniffDelimiter(sample, format === 'tsv' ? '\t' : ',');
  const delimiter = delimiterText.charCodeAt(0);
  while (pos < buf.length && (buf[pos] === LF || buf[pos] === CR)) pos = skipLineEnd(buf, pos);
  if (pos >= buf.length) throw new TableReadError(path, 'empty file: no header row (no columns to parse)');
  const header = recordTexts(buf, pos, delimiter, path);
  pos = header.next;
  const names = uniqueNames(header.texts);
  // pandas' implicit index: a first data row with one field more than the header makes the first
  // field of every row the (unnamed) index; it is kept here as a leading column named "index".
  while (pos < buf.length && (buf[pos] === LF || buf[pos] === CR)) pos = skipLineEnd(buf, pos);
  if (pos < buf.length && recordTexts(buf, pos, delimiter, path).texts.length === names.length + 1) {
    names.unshift(names.includes('index') ? 'level_0' : 'index');
  }
  const capacity = countLines(buf);
  const rowStarts = { at: new Float64Array(capacity + 1) };
  const previous = (column: number) => (row: number) =>
    recordTexts(buf, rowStarts.at[row], delimiter, path).texts[column] ?? null;
  const builders = names.map((name) => new ColumnBuilder(name, capacity));
  const fallbacks = names.map((_, i) => previous(i));
  const rows = readRecords(buf, pos, delimiter, path, builders, fallbacks, rowStarts);
  const starts = rowStarts.at;
  return {
    format,
    bytes,
    rows,
    columns: builders.map((builder) => builder.finish()),
    rowTexts: (row) => recordTexts(buf, starts[row], delimiter, path).texts,
    approximate: null,
  };
}
