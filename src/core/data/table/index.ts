// The table-diff engine: two versions of one table read into typed columns, their schemas compared,
// their rows aligned, every column profiled in both and its drift measured. The row diff stays in
// typed arrays; page() turns only the requested rows back into text.
import { ADDED, alignRows, CHANGED, REMOVED, UNCHANGED, type Aligned } from './align';
import type { Column } from './column';
import { columnDrift } from './drift';
import {
  categoryCounts,
  categoryHistogram,
  categoryProfile,
  numberHistogram,
  numberProfile,
  sortedValues,
} from './profile';
import { readTable, describeInput } from './read';
import { detectSchemaChanges, type ColumnPairs } from './schema';
import type { Table } from './table';
import type {
  ColumnDiff,
  ColumnProfile,
  DiffRow,
  RowPage,
  RowPageRequest,
  RowStatus,
  TableDiff,
  TableDiffOptions,
  TableInfo,
  TableInput,
} from './types';

export { TableReadError } from './types';
export type * from './types';

const STATUS_NAMES: RowStatus[] = [];
STATUS_NAMES[UNCHANGED] = 'unchanged';
STATUS_NAMES[CHANGED] = 'changed';
STATUS_NAMES[ADDED] = 'added';
STATUS_NAMES[REMOVED] = 'removed';

/** The most rows one page may hold: a page crosses a message channel whole. */
export const MAX_PAGE_ROWS = 5000;

function tableInfo(input: TableInput, table: Table): TableInfo {
  return {
    label: input.label,
    format: table.format,
    bytes: table.bytes,
    rows: table.rows,
    columns: table.columns.map((column) => ({ name: column.name, type: column.type })),
  };
}

interface Side {
  profile: ColumnProfile;
  sorted: Float64Array | null;
  counts: Map<string, number> | null;
}

function profileSide(column: Column | undefined): Side | null {
  if (!column) return null;
  if (column.numbers) {
    const sorted = sortedValues(column);
    return { profile: numberProfile(column, sorted), sorted, counts: null };
  }
  const counts = categoryCounts(column);
  return { profile: categoryProfile(column, counts), sorted: null, counts };
}

function columnDiff(name: string, ca: Column | undefined, cb: Column | undefined): ColumnDiff {
  const a = profileSide(ca);
  const b = profileSide(cb);
  const empty = new Float64Array(0);
  const emptyCounts = new Map<string, number>();
  let histogram = null;
  if ((a?.sorted || !a) && (b?.sorted || !b))
    histogram = numberHistogram(a?.sorted ?? empty, b?.sorted ?? empty);
  else if ((a?.counts || !a) && (b?.counts || !b))
    histogram = categoryHistogram(a?.counts ?? emptyCounts, b?.counts ?? emptyCounts);
  const drift = a && b ? columnDrift(a, b) : [];
  return {
    name,
    a: a?.profile ?? null,
    b: b?.profile ?? null,
    histogram,
    drift,
    drifted: drift.some((measure) => measure.drifted),
  };
}

function approximateNote(a: Table, b: Table): string | null {
  const notes = [a.approximate && `A: ${a.approximate}`, b.approximate && `B: ${b.approximate}`].filter(
    Boolean,
  );
  return notes.length > 0 ? notes.join('; ') : null;
}

function pager(
  a: Table,
  b: Table,
  aligned: Aligned,
  pairs: ColumnPairs,
): (request: RowPageRequest) => RowPage {
  let changedIndex: Int32Array | null = null;
  const changedRows = () => {
    if (!changedIndex) {
      changedIndex = new Int32Array(aligned.status.length - aligned.unchanged);
      let n = 0;
      aligned.status.forEach((status, index) => {
        if (status !== UNCHANGED) changedIndex![n++] = index;
      });
    }
    return changedIndex;
  };
  const keyColumn = aligned.alignment.kind === 'key' ? aligned.alignment.column : null;
  const keyA = keyColumn === null ? -1 : a.columns.findIndex((column) => column.name === keyColumn);
  const keyB = keyColumn === null ? -1 : b.columns.findIndex((column) => column.name === keyColumn);
  return (request) => {
    const total = request.changedOnly ? changedRows().length : aligned.status.length;
    const offset = Math.max(0, Math.min(Math.floor(request.offset) || 0, total));
    const end = Math.min(
      total,
      offset + Math.max(0, Math.min(Math.floor(request.count) || 0, MAX_PAGE_ROWS)),
    );
    const rows: DiffRow[] = [];
    for (let n = offset; n < end; n++) {
      const index = request.changedOnly ? changedRows()[n] : n;
      const i = aligned.aRows[index];
      const j = aligned.bRows[index];
      const textsA = i >= 0 ? a.rowTexts(i) : null;
      const textsB = j >= 0 ? b.rowTexts(j) : null;
      const key =
        keyColumn !== null
          ? (textsB?.[keyB] ?? textsA?.[keyA] ?? '')
          : i >= 0 && j >= 0 && i !== j
            ? `${i + 1} → ${j + 1}`
            : String((j >= 0 ? j : i) + 1);
      rows.push({
        status: STATUS_NAMES[aligned.status[index]],
        key,
        cells: pairs.map(([ca, cb]) => ({
          a: textsA && ca >= 0 ? (textsA[ca] ?? null) : null,
          b: textsB && cb >= 0 ? (textsB[cb] ?? null) : null,
        })),
      });
    }
    return { offset, total, rows };
  };
}

export async function diffTables(
  a: TableInput,
  b: TableInput,
  options: TableDiffOptions = {},
): Promise<TableDiff> {
  const tableA = await readTable(a);
  const tableB = await readTable(b);
  const aligned = alignRows(tableA, tableB, options, `${describeInput(a)} → ${describeInput(b)}`);
  const { schema, names, pairs } = detectSchemaChanges(tableA, tableB, aligned);
  const profiles = pairs.map(([ia, ib], n) => columnDiff(names[n], tableA.columns[ia], tableB.columns[ib]));
  return {
    summary: {
      a: tableInfo(a, tableA),
      b: tableInfo(b, tableB),
      columns: names,
      schema,
      rows: {
        alignment: aligned.alignment,
        added: aligned.added,
        removed: aligned.removed,
        changed: aligned.changed,
        unchanged: aligned.unchanged,
      },
      profiles,
      approximate: approximateNote(tableA, tableB),
    },
    page: pager(tableA, tableB, aligned, pairs),
  };
}
