// Row alignment: by a key column (the user's, or the first column unique and complete in both
// versions, an "id"-like name first) through one hash map, or by position when there is none. The
// result is a few typed arrays in display order (B's rows, each removed row of A placed before the
// first B row matched after it); no object per row.
import { valueText, type Column } from './column';
import { distinctSorted, sortedValues } from './profile';
import type { Table } from './table';
import { TableReadError, type Alignment } from './types';

export const UNCHANGED = 0;
export const CHANGED = 1;
export const ADDED = 2;
export const REMOVED = 3;

export interface Aligned {
  alignment: Alignment;
  /** Row of A and of B of each diff row (-1 where absent), in display order. */
  aRows: Int32Array;
  bRows: Int32Array;
  status: Uint8Array;
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
}

const ID_NAME = /^(id|key|uuid|index|row_?id)$|[_\- ]id$|[a-z]Id$/i;

function columnByName(table: Table, name: string): Column | undefined {
  return table.columns.find((column) => column.name === name);
}

/** Every value present and different from the others. */
function isUnique(column: Column): boolean {
  if (column.nulls > 0 || column.length === 0) return false;
  if (column.codes) return column.dictionary.length === column.length;
  if (!column.integers) return false; // measurements unique by chance make a poor key
  // A repeated value among the first rows settles most columns without sorting them all.
  const head = new Set<number>();
  const values = column.numbers!;
  for (let i = 0; i < Math.min(values.length, 10000); i++) {
    if (head.has(values[i])) return false;
    head.add(values[i]);
  }
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  if (max - min >= 1e8) return distinctSorted(sortedValues(column)) === column.length;
  // Integers over a modest range (row ids): one bit per possible value, no sort.
  const seen = new Uint8Array(Math.floor((max - min) / 8) + 1);
  for (let i = 0; i < values.length; i++) {
    const offset = values[i] - min;
    const bit = 1 << (offset % 8);
    const at = Math.floor(offset / 8);
    if (seen[at] & bit) return false;
    seen[at] |= bit;
  }
  return true;
}

function sameKind(a: Column, b: Column): boolean {
  return (a.numbers !== null) === (b.numbers !== null) && a.type !== 'boolean' && b.type !== 'boolean';
}

/** The first column unique and complete in both versions, an id-like name first. */
export function detectKey(a: Table, b: Table): string | null {
  const candidates = b.columns.filter((column) => {
    const other = columnByName(a, column.name);
    return other !== undefined && sameKind(column, other) && isUnique(column) && isUnique(other);
  });
  return (candidates.find((column) => ID_NAME.test(column.name)) ?? candidates[0])?.name ?? null;
}

/**
 * Which pairs differ in a column both versions have (by name): differs[j] is 1 when B's row j and
 * A's row rowInA[j] (-1: none) have a different cell. One tight loop per column, no call per cell.
 */
export function differingPairs(a: Table, b: Table, rowInA: Int32Array): Uint8Array {
  const differs = new Uint8Array(rowInA.length);
  for (const cb of b.columns) {
    const ca = columnByName(a, cb.name);
    if (!ca) continue;
    if (ca.numbers && cb.numbers) {
      const x = ca.numbers;
      const y = cb.numbers;
      for (let j = 0; j < rowInA.length; j++) {
        const i = rowInA[j];
        if (i >= 0 && x[i] !== y[j] && (x[i] === x[i] || y[j] === y[j])) differs[j] = 1;
      }
    } else if (ca.codes && cb.codes) {
      const index = new Map(cb.dictionary.map((text, code) => [text, code]));
      const toB = Int32Array.from(ca.dictionary, (text) => index.get(text) ?? -2);
      const x = ca.codes;
      const y = cb.codes;
      for (let j = 0; j < rowInA.length; j++) {
        const i = rowInA[j];
        if (i >= 0 && (x[i] < 0 ? y[j] >= 0 : toB[x[i]] !== y[j])) differs[j] = 1;
      }
    } else {
      for (let j = 0; j < rowInA.length; j++) {
        const i = rowInA[j];
        if (i >= 0 && !differs[j] && valueText(ca, i) !== valueText(cb, j)) differs[j] = 1;
      }
    }
  }
  return differs;
}

function numberKeyLookup(ka: Column, kb: Column): (bRow: number) => number {
  const rows = new Map<number, number>();
  const x = ka.numbers!;
  for (let row = 0; row < x.length; row++) if (!rows.has(x[row])) rows.set(x[row], row);
  const y = kb.numbers!;
  return (j) => rows.get(y[j]) ?? -1;
}

/**
 * Integer keys over a range not much wider than the table (row ids): the row of A of each key in one
 * array indexed by the key, no hash map. Null when A's keys are not all integers of such a range.
 */
function denseKeyLookup(x: Float64Array, y: Float64Array): ((bRow: number) => number) | null {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const value = x[i];
    if (!Number.isInteger(value)) return null;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (x.length === 0 || max - min >= Math.max(4 * x.length, 65536)) return null;
  const rowOf = new Int32Array(max - min + 1).fill(-1);
  for (let row = 0; row < x.length; row++) {
    const at = x[row] - min;
    if (rowOf[at] < 0) rowOf[at] = row;
  }
  return (j) => {
    const value = y[j];
    return Number.isInteger(value) && value >= min && value <= max ? rowOf[value - min] : -1;
  };
}

/** Key value → row of A, for B's key column (texts when the two columns' kinds differ). */
function keyLookup(ka: Column, kb: Column): (bRow: number) => number {
  if (ka.numbers && kb.numbers) return denseKeyLookup(ka.numbers, kb.numbers) ?? numberKeyLookup(ka, kb);
  if (ka.codes && kb.codes) {
    const rowOfCode = new Int32Array(ka.dictionary.length).fill(-1);
    ka.codes.forEach((code, row) => {
      if (code >= 0 && rowOfCode[code] < 0) rowOfCode[code] = row;
    });
    const index = new Map(ka.dictionary.map((text, code) => [text, code]));
    const toA = Int32Array.from(kb.dictionary, (text) => index.get(text) ?? -1);
    const y = kb.codes;
    return (j) => (y[j] < 0 || toA[y[j]] < 0 ? -1 : rowOfCode[toA[y[j]]]);
  }
  const rows = new Map<string, number>();
  for (let row = 0; row < ka.length; row++) {
    const text = valueText(ka, row);
    if (text !== null && !rows.has(text)) rows.set(text, row);
  }
  return (j) => {
    const text = valueText(kb, j);
    return text === null ? -1 : (rows.get(text) ?? -1);
  };
}

class DiffOrder {
  readonly aRows: Int32Array;
  readonly bRows: Int32Array;
  readonly status: Uint8Array;
  length = 0;
  readonly counts = [0, 0, 0, 0];

  constructor(capacity: number) {
    this.aRows = new Int32Array(capacity);
    this.bRows = new Int32Array(capacity);
    this.status = new Uint8Array(capacity);
  }

  push(aRow: number, bRow: number, status: number): void {
    this.aRows[this.length] = aRow;
    this.bRows[this.length] = bRow;
    this.status[this.length++] = status;
    this.counts[status]++;
  }

  finish(alignment: Alignment): Aligned {
    return {
      alignment,
      aRows: this.aRows.subarray(0, this.length),
      bRows: this.bRows.subarray(0, this.length),
      status: this.status.subarray(0, this.length),
      unchanged: this.counts[UNCHANGED],
      changed: this.counts[CHANGED],
      added: this.counts[ADDED],
      removed: this.counts[REMOVED],
    };
  }
}

function alignByKey(a: Table, b: Table, key: string, detected: boolean): Aligned {
  const lookup = keyLookup(columnByName(a, key)!, columnByName(b, key)!);
  // First every match (B is in any order), then the display order: a removed row of A goes
  // before the first B row matched to a later row of A.
  const matched = new Uint8Array(a.rows);
  const rowInA = new Int32Array(b.rows);
  for (let j = 0; j < b.rows; j++) {
    const i = lookup(j);
    rowInA[j] = i >= 0 && !matched[i] ? i : -1;
    if (rowInA[j] >= 0) matched[i] = 1;
  }
  const differs = differingPairs(a, b, rowInA);
  const order = new DiffOrder(a.rows + b.rows);
  let next = 0; // the first row of A not yet placed
  for (let j = 0; j < b.rows; j++) {
    const i = rowInA[j];
    if (i < 0) {
      order.push(-1, j, ADDED);
      continue;
    }
    if (i >= next) {
      for (; next < i; next++) if (!matched[next]) order.push(next, -1, REMOVED);
      next = i + 1;
    }
    order.push(i, j, differs[j] ? CHANGED : UNCHANGED);
  }
  for (; next < a.rows; next++) if (!matched[next]) order.push(next, -1, REMOVED);
  return order.finish({ kind: 'key', column: key, detected });
}

function alignByPosition(a: Table, b: Table, reason: string): Aligned {
  const order = new DiffOrder(Math.max(a.rows, b.rows));
  const both = Math.min(a.rows, b.rows);
  const sameRow = new Int32Array(both);
  for (let row = 0; row < both; row++) sameRow[row] = row;
  const differs = differingPairs(a, b, sameRow);
  for (let row = 0; row < both; row++) order.push(row, row, differs[row] ? CHANGED : UNCHANGED);
  for (let row = both; row < b.rows; row++) order.push(-1, row, ADDED);
  for (let row = both; row < a.rows; row++) order.push(row, -1, REMOVED);
  return order.finish({ kind: 'position', reason });
}

export function alignRows(
  a: Table,
  b: Table,
  options: { key?: string; byPosition?: boolean },
  where: string,
): Aligned {
  if (options.byPosition) return alignByPosition(a, b, 'alignment by position was asked for');
  if (options.key !== undefined) {
    const ka = columnByName(a, options.key);
    const kb = columnByName(b, options.key);
    if (!ka || !kb) {
      const missing = [ka ? null : 'A', kb ? null : 'B'].filter(Boolean).join(' and ');
      throw new TableReadError(where, `the key column "${options.key}" is not in version ${missing}`);
    }
    return alignByKey(a, b, options.key, false);
  }
  const key = detectKey(a, b);
  return key !== null
    ? alignByKey(a, b, key, true)
    : alignByPosition(a, b, 'no column is unique and complete in both versions');
}
