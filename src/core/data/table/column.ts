// Typed columns: numbers in a Float64Array (NaN for a missing value), every other type as dictionary
// codes into a list of distinct texts (-1 for missing). No object per row: a million-row table is a
// few arrays per column. Type inference follows pandas' read_csv: a column is numeric when every
// present value parses as a number, boolean when every one is True/False, a string otherwise.
import type { ColumnType } from './types';

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  readonly length: number;
  /** Values of a 'number' column (NaN where missing); null for other types. */
  readonly numbers: Float64Array | null;
  /** Codes into `dictionary` for the other types (-1 where missing); null for numbers. */
  readonly codes: Int32Array | null;
  readonly dictionary: readonly string[];
  readonly nulls: number;
  /** Every present value of a number column is an integer (a key candidate). */
  readonly integers: boolean;
  /** A number column's sum, min and max of its present values in row order (null: not known). */
  readonly moments: { sum: number; min: number; max: number } | null;
}

/** pandas' default `na_values` (read_csv): these texts are read as a missing value. */
export const NA_TEXTS = new Set([
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
]);

/** The texts pandas reads as booleans in a column of nothing else. */
const BOOLEAN_TEXTS = new Set(['True', 'False', 'TRUE', 'FALSE', 'true', 'false']);

export function isBooleanText(text: string): boolean {
  return BOOLEAN_TEXTS.has(text);
}

const INFINITIES = new Map([
  ['inf', Infinity],
  ['+inf', Infinity],
  ['-inf', -Infinity],
  ['infinity', Infinity],
  ['+infinity', Infinity],
  ['-infinity', -Infinity],
]);

/** Returned by parseNumber for a text that is not a number. */
export const NOT_A_NUMBER = Symbol('not a number');

/** A number as pandas' parser reads it (decimal or exponent, spaces around allowed), or NOT_A_NUMBER. */
export function parseNumber(text: string): number | typeof NOT_A_NUMBER {
  const trimmed = text.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return Number(trimmed);
  return INFINITIES.get(trimmed.toLowerCase()) ?? NOT_A_NUMBER;
}

export const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
export const SAFE = 2 ** 53;

/**
 * A number from bytes [start, end) without making a string: the exact fast path (an integer
 * mantissa below 2^53 scaled by at most 10^22 is correctly rounded by one division or product),
 * else Number() on the text. NOT_A_NUMBER when the bytes are not a decimal number.
 */
export function parseNumberBytes(buf: Uint8Array, start: number, end: number): number | typeof NOT_A_NUMBER {
  let i = start;
  while (i < end && buf[i] === 0x20) i++;
  let last = end;
  while (last > i && buf[last - 1] === 0x20) last--;
  let negative = false;
  if (i < last && (buf[i] === 0x2d || buf[i] === 0x2b)) negative = buf[i++] === 0x2d;
  let mantissa = 0;
  let digits = 0;
  let exact = true;
  let scale = 0;
  while (i < last && buf[i] >= 0x30 && buf[i] <= 0x39) {
    mantissa = mantissa * 10 + (buf[i++] - 0x30);
    digits++;
  }
  if (i < last && buf[i] === 0x2e) {
    i++;
    while (i < last && buf[i] >= 0x30 && buf[i] <= 0x39) {
      mantissa = mantissa * 10 + (buf[i++] - 0x30);
      digits++;
      scale--;
    }
  }
  if (digits === 0) return slowNumber(buf, start, end);
  if (i < last && (buf[i] === 0x65 || buf[i] === 0x45)) {
    i++;
    let expNegative = false;
    if (i < last && (buf[i] === 0x2d || buf[i] === 0x2b)) expNegative = buf[i++] === 0x2d;
    let exponent = 0;
    let expDigits = 0;
    while (i < last && buf[i] >= 0x30 && buf[i] <= 0x39) {
      exponent = Math.min(exponent * 10 + (buf[i++] - 0x30), 100000);
      expDigits++;
    }
    if (expDigits === 0) return NOT_A_NUMBER;
    scale += expNegative ? -exponent : exponent;
  }
  if (i !== last) return NOT_A_NUMBER;
  if (mantissa >= SAFE) exact = false;
  if (exact && scale >= -22 && scale <= 22) {
    const value = scale < 0 ? mantissa / POW10[-scale] : mantissa * POW10[scale];
    return negative ? -value : value;
  }
  return Number(
    Buffer.from(buf.buffer, buf.byteOffset + start, end - start)
      .toString('latin1')
      .trim(),
  );
}

function slowNumber(buf: Uint8Array, start: number, end: number): number | typeof NOT_A_NUMBER {
  if (end - start > 10) return NOT_A_NUMBER;
  const text = Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1');
  return INFINITIES.get(text.trim().toLowerCase()) ?? NOT_A_NUMBER;
}

/** Grows a column value by value; the type is decided as values arrive and fixed by finish(). */
export class ColumnBuilder {
  private numbers: Float64Array;
  private codes: Int32Array | null = null;
  private readonly index = new Map<string, number>();
  private readonly dictionary: string[] = [];
  private kind: 'number' | 'boolean' | 'string' | 'datetime' = 'number';
  private present = 0;
  private integers = true;
  // Summed as values arrive, in row order: the profile's mean needs no pass of its own.
  private sum = 0;
  private min = Infinity;
  private max = -Infinity;
  private momentsKnown = true;
  length = 0;

  constructor(
    readonly name: string,
    capacity: number,
  ) {
    this.numbers = new Float64Array(Math.max(capacity, 16));
  }

  get isNumeric(): boolean {
    return this.kind === 'number';
  }

  private ensure(): void {
    const capacity = this.kind === 'number' ? this.numbers.length : this.codes!.length;
    if (this.length < capacity) return;
    const size = Math.max(16, this.length * 2);
    if (this.kind === 'number') {
      const grown = new Float64Array(size);
      grown.set(this.numbers);
      this.numbers = grown;
    } else if (this.codes) {
      const grown = new Int32Array(size);
      grown.set(this.codes);
      this.codes = grown;
    }
  }

  /** Codes of short texts by their packed bytes (CSV): a repeated category costs no new string. */
  readonly shortCodes = new Map<number, number>();

  /** The code of the last value added (-1 when it was missing); only for a text column. */
  get lastCode(): number {
    return this.codes![this.length - 1];
  }

  /** A value already coded (a code lastCode returned for this column). */
  addCode(code: number): void {
    this.ensure();
    this.codes![this.length++] = code;
    if (code >= 0) this.present++;
  }

  addNull(): void {
    this.ensure();
    if (this.kind === 'number') this.numbers[this.length++] = NaN;
    else this.codes![this.length++] = -1;
  }

  addNumber(value: number): void {
    if (this.kind !== 'number') {
      this.addText(numberText(value));
      return;
    }
    if (this.length >= this.numbers.length) this.ensure();
    this.numbers[this.length++] = value;
    this.present++;
    if (this.integers && !Number.isInteger(value)) this.integers = false;
    if (value !== value) this.momentsKnown = false;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  /** A non-numeric text: the column stops being numeric (earlier values are given as `previous`). */
  addText(text: string, previous?: (row: number) => string | null): void {
    if (this.kind === 'number') this.becomeText(isBooleanText(text) ? 'boolean' : 'string', previous);
    else if (this.kind === 'boolean' && !isBooleanText(text)) this.kind = 'string';
    this.ensure();
    this.codes![this.length++] = this.codeOf(text);
    this.present++;
  }

  /** A value that fixes the type (a Parquet timestamp, a JSON boolean). */
  addTyped(text: string, kind: 'boolean' | 'datetime', previous?: (row: number) => string | null): void {
    if (this.kind === 'number') this.becomeText(kind, previous);
    else if (this.kind !== kind) this.kind = 'string';
    this.ensure();
    this.codes![this.length++] = this.codeOf(text);
    this.present++;
  }

  private codeOf(text: string): number {
    let code = this.index.get(text);
    if (code === undefined) {
      code = this.dictionary.length;
      this.dictionary.push(text);
      this.index.set(text, code);
    }
    return code;
  }

  private becomeText(
    kind: 'boolean' | 'string' | 'datetime',
    previous?: (row: number) => string | null,
  ): void {
    const codes = new Int32Array(Math.max(this.numbers.length, 16));
    const hadPresent = this.present > 0;
    for (let row = 0; row < this.length; row++) {
      const value = this.numbers[row];
      if (Number.isNaN(value)) codes[row] = -1;
      else codes[row] = this.codeOf(previous?.(row) ?? numberText(value));
    }
    this.codes = codes;
    this.numbers = new Float64Array(0);
    this.kind = hadPresent ? 'string' : kind;
  }

  finish(): Column {
    const type: ColumnType = this.present === 0 ? 'empty' : this.kind;
    const numeric = this.kind === 'number';
    return {
      name: this.name,
      type,
      length: this.length,
      numbers: numeric ? this.numbers.subarray(0, this.length) : null,
      codes: numeric ? null : this.codes!.subarray(0, this.length),
      dictionary: this.dictionary,
      nulls: this.length - this.present,
      integers: numeric && this.integers,
      moments: numeric && this.momentsKnown ? { sum: this.sum, min: this.min, max: this.max } : null,
    };
  }
}

/** A number as Python prints it for a float that holds an integer ("3.0" stays "3" here: JSON's form). */
export function numberText(value: number): string {
  return Number.isFinite(value) ? String(value) : value > 0 ? 'inf' : value < 0 ? '-inf' : 'NaN';
}

/** The text of a column's value at `row`, null when missing. */
export function valueText(column: Column, row: number): string | null {
  if (row < 0 || row >= column.length) return null;
  if (column.numbers) {
    const value = column.numbers[row];
    return Number.isNaN(value) ? null : numberText(value);
  }
  const code = column.codes![row];
  return code < 0 ? null : column.dictionary[code];
}

/** pandas' names for a header: "Unnamed: i" for an empty one, ".1", ".2" after a repeated one. */
export function uniqueNames(header: readonly string[]): string[] {
  const seen = new Map<string, number>();
  const taken = new Set(header);
  return header.map((raw, i) => {
    const name = raw === '' ? `Unnamed: ${i}` : raw;
    const count = seen.get(name) ?? 0;
    seen.set(name, count + 1);
    if (count === 0) return name;
    let suffix = count;
    while (taken.has(`${name}.${suffix}`)) suffix++;
    taken.add(`${name}.${suffix}`);
    return `${name}.${suffix}`;
  });
}
