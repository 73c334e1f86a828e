// Schema changes between two versions: columns added, removed, retyped, and renamed (a column only
// A has and one only B has holding the same values on every aligned row, or else standing at the
// same position with the same type).
import type { Aligned } from './align';
import { valueText, type Column } from './column';
import type { Table } from './table';
import type { SchemaChange } from './types';

/** For each column of the union: its index in A and in B (-1 where absent). */
export type ColumnPairs = [number, number][];

function sameValues(ca: Column, cb: Column, aligned: Aligned): boolean {
  let compared = 0;
  for (let n = 0; n < aligned.status.length; n++) {
    const i = aligned.aRows[n];
    const j = aligned.bRows[n];
    if (i < 0 || j < 0) continue;
    if (valueText(ca, i) !== valueText(cb, j)) return false;
    compared++;
  }
  return compared > 0;
}

/** Pairs each column only A has with one only B has that looks like the same column renamed. */
function findRenames(
  a: Table,
  b: Table,
  onlyA: number[],
  onlyB: number[],
  aligned: Aligned,
): Map<number, number> {
  const renames = new Map<number, number>(); // B index → A index
  const free = new Set(onlyA);
  const tests = [
    (ia: number, ib: number) =>
      a.columns[ia].type === b.columns[ib].type && sameValues(a.columns[ia], b.columns[ib], aligned),
    (ia: number, ib: number) => ia === ib && a.columns[ia].type === b.columns[ib].type,
  ];
  for (const test of tests) {
    for (const ib of onlyB) {
      if (renames.has(ib)) continue;
      const ia = [...free].find((candidate) => test(candidate, ib));
      if (ia === undefined) continue;
      renames.set(ib, ia);
      free.delete(ia);
    }
  }
  return renames;
}

export function detectSchemaChanges(
  a: Table,
  b: Table,
  aligned: Aligned,
): { schema: SchemaChange[]; names: string[]; pairs: ColumnPairs } {
  const indexInA = new Map(a.columns.map((column, index) => [column.name, index]));
  const namesInB = new Set(b.columns.map((column) => column.name));
  const onlyA = a.columns.flatMap((column, index) => (namesInB.has(column.name) ? [] : [index]));
  const onlyB = b.columns.flatMap((column, index) => (indexInA.has(column.name) ? [] : [index]));
  const renames = findRenames(a, b, onlyA, onlyB, aligned);
  const renamedA = new Set(renames.values());
  const schema: SchemaChange[] = [];
  const names: string[] = [];
  const pairs: ColumnPairs = [];
  b.columns.forEach((column, ib) => {
    const ia = indexInA.get(column.name) ?? renames.get(ib) ?? -1;
    names.push(column.name);
    pairs.push([ia, ib]);
    if (ia < 0) {
      schema.push({ kind: 'added', column: column.name, type: column.type });
      return;
    }
    const before = a.columns[ia];
    if (before.name !== column.name) schema.push({ kind: 'renamed', from: before.name, to: column.name });
    if (before.type !== column.type && before.type !== 'empty' && column.type !== 'empty') {
      schema.push({ kind: 'retyped', column: column.name, from: before.type, to: column.type });
    }
  });
  for (const ia of onlyA) {
    if (renamedA.has(ia)) continue;
    const column = a.columns[ia];
    names.push(column.name);
    pairs.push([ia, -1]);
    schema.push({ kind: 'removed', column: column.name, type: column.type });
  }
  return { schema, names, pairs };
}
