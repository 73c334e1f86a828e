// Table-diff summaries and rows built by hand for the Data Diff panel's tests (rendering, protocol,
// exports): the shapes of src/core/data/table/types.ts, with hostile names where it matters.
import type { ColumnDiff, DiffRow, TableDiffSummary } from '../../../src/core/data/table/types';
import { EVIL_NAME, EVIL_VALUE } from './fakeDom';

export const numberColumn: ColumnDiff = {
  name: 'amount',
  a: {
    kind: 'number',
    count: 3,
    nulls: 0,
    distinct: 3,
    mean: 2,
    std: 1,
    min: 1,
    q25: 1.5,
    q50: 2,
    q75: 2.5,
    max: 3,
  },
  b: {
    kind: 'number',
    count: 3,
    nulls: 1,
    distinct: 3,
    mean: 4.5,
    std: 1.5,
    min: 3,
    q25: 3.75,
    q50: 4.5,
    q75: 5.25,
    max: 6,
  },
  histogram: { bins: ['[1, 3.5)', '[3.5, 6]'], a: [2, 1], b: [1, 2] },
  drift: [
    { method: 'ks', value: 0.67, pValue: 0.01, threshold: 0.05, drifted: true },
    { method: 'psi', value: 0.05, threshold: 0.1, drifted: false },
  ],
  drifted: true,
};

export const evilColumn: ColumnDiff = {
  name: EVIL_NAME,
  a: {
    kind: 'category',
    count: 3,
    nulls: 0,
    distinct: 2,
    top: [
      { value: EVIL_VALUE, count: 2 },
      { value: 'x', count: 1 },
    ],
  },
  b: { kind: 'category', count: 2, nulls: 0, distinct: 1, top: [{ value: 'x', count: 2 }] },
  histogram: { bins: [EVIL_VALUE, 'x'], a: [2, 1], b: [0, 2] },
  drift: [{ method: 'jensenshannon', value: 0.02, threshold: 0.1, drifted: false }],
  drifted: false,
};

export function sampleSummary(): TableDiffSummary {
  return {
    a: {
      label: 'v1',
      format: 'csv',
      bytes: 2048,
      rows: 3,
      columns: [
        { name: 'id', type: 'number' },
        { name: 'amount', type: 'number' },
        { name: EVIL_NAME, type: 'string' },
      ],
    },
    b: {
      label: EVIL_NAME,
      format: 'csv',
      bytes: 4096,
      rows: 3,
      columns: [
        { name: 'id', type: 'number' },
        { name: 'amount', type: 'number' },
        { name: EVIL_NAME, type: 'string' },
        { name: 'extra', type: 'string' },
      ],
    },
    columns: ['id', 'amount', EVIL_NAME, 'extra'],
    schema: [
      { kind: 'added', column: 'extra', type: 'string' },
      { kind: 'renamed', from: 'old', to: EVIL_NAME },
    ],
    rows: {
      alignment: { kind: 'key', column: 'id', detected: true },
      added: 1,
      removed: 1,
      changed: 1,
      unchanged: 1,
    },
    profiles: [numberColumn, evilColumn],
    approximate: null,
  };
}

export const sampleRows: DiffRow[] = [
  {
    status: 'changed',
    key: '1',
    cells: [
      { a: '1', b: '1' },
      { a: '2', b: '5' },
      { a: EVIL_VALUE, b: 'x' },
      { a: null, b: '=cmd|x' },
    ],
  },
  {
    status: 'added',
    key: '4',
    cells: [
      { a: null, b: '4' },
      { a: null, b: '6' },
      { a: null, b: 'x' },
      { a: null, b: 'e|f' },
    ],
  },
  {
    status: 'removed',
    key: '2',
    cells: [
      { a: '2', b: null },
      { a: '1', b: null },
      { a: 'x', b: null },
      { a: null, b: null },
    ],
  },
];
