// The contract between the table-diff core (src/core/data/table/), the `mlops-lens table-diff`
// command line and the Data Diff panel. Two versions of one table (CSV/TSV, JSON/JSONL, Parquet)
// are read, their schemas compared, their rows aligned (by a key column or by position), every
// column profiled in both versions and its drift measured. Row pages are served on demand so a
// million-row diff never crosses a message channel whole.

export type TableFormat = 'csv' | 'tsv' | 'json' | 'jsonl' | 'parquet';

/** A column's type as pandas would infer it after reading (int and float are both 'number'). */
export type ColumnType = 'number' | 'string' | 'boolean' | 'datetime' | 'empty';

export interface ColumnInfo {
  name: string;
  type: ColumnType;
}

/** One side of the diff as read. */
export interface TableInfo {
  /** The label shown for this version ("HEAD", "a1b2c3d", "Workspace"). */
  label: string;
  format: TableFormat;
  bytes: number;
  rows: number;
  columns: ColumnInfo[];
}

export type SchemaChange =
  | { kind: 'added'; column: string; type: ColumnType }
  | { kind: 'removed'; column: string; type: ColumnType }
  /** Same values (or the same position and type) under a new name. */
  | { kind: 'renamed'; from: string; to: string }
  | { kind: 'retyped'; column: string; from: ColumnType; to: ColumnType };

export type Alignment =
  | { kind: 'key'; column: string; detected: boolean }
  /** No unique column in both versions (or the user asked for it): row i of A against row i of B. */
  | { kind: 'position'; reason: string };

export interface RowSummary {
  alignment: Alignment;
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
}

export type RowStatus = 'added' | 'removed' | 'changed' | 'unchanged';

/** A cell as text, exactly as the file holds it (null when the row or column is absent there). */
export interface DiffCell {
  a: string | null;
  b: string | null;
}

export interface DiffRow {
  status: RowStatus;
  /** The key value, or the 1-based row numbers "12 → 14" when aligned by position. */
  key: string;
  /** Aligned with TableDiffSummary.columns. */
  cells: DiffCell[];
}

export interface NumberProfile {
  kind: 'number';
  count: number;
  nulls: number;
  distinct: number;
  mean: number | null;
  /** Sample standard deviation (ddof = 1), as pandas' describe. */
  std: number | null;
  min: number | null;
  q25: number | null;
  q50: number | null;
  q75: number | null;
  max: number | null;
}

export interface CategoryProfile {
  kind: 'category';
  count: number;
  nulls: number;
  distinct: number;
  /** Most frequent values, most frequent first (ties by value), at most 10. */
  top: { value: string; count: number }[];
}

export type ColumnProfile = NumberProfile | CategoryProfile;

/** Histogram of both versions over the same bins (numbers) or the same categories. */
export interface SharedHistogram {
  /** Bin labels: "[0, 0.5)" ranges for numbers, the category for strings ("(other)" last). */
  bins: string[];
  a: number[];
  b: number[];
}

export interface DriftMeasure {
  /** 'ks' (statistic, p-value), 'psi', 'wasserstein', 'chi2' (statistic, p-value), 'jensenshannon'. */
  method: 'ks' | 'psi' | 'wasserstein' | 'chi2' | 'jensenshannon';
  value: number;
  pValue?: number;
  /** The documented threshold this measure is flagged above (or below, for p-values). */
  threshold: number;
  drifted: boolean;
}

export interface ColumnDiff {
  /** The column's name in B (in A when removed). */
  name: string;
  a: ColumnProfile | null;
  b: ColumnProfile | null;
  histogram: SharedHistogram | null;
  drift: DriftMeasure[];
  /** True when any drift measure is flagged. */
  drifted: boolean;
}

export interface TableDiffSummary {
  a: TableInfo;
  b: TableInfo;
  /** The union of both versions' columns, B's order first, then those only A has. */
  columns: string[];
  schema: SchemaChange[];
  rows: RowSummary;
  profiles: ColumnDiff[];
  /** Set when statistics came from a sample or a streamed pass; says which and why. */
  approximate: string | null;
}

export interface RowPageRequest {
  offset: number;
  count: number;
  /** Only added, removed and changed rows. */
  changedOnly: boolean;
}

export interface RowPage {
  offset: number;
  /** Rows matching the request's filter in all. */
  total: number;
  rows: DiffRow[];
}

/** A computed diff kept where it was computed (a worker); pages are cut from it on request. */
export interface TableDiff {
  summary: TableDiffSummary;
  page(request: RowPageRequest): RowPage;
}

export interface TableDiffOptions {
  /** Align by this column; when absent a unique column present in both is detected. */
  key?: string;
  /** Force alignment by position. */
  byPosition?: boolean;
}

/** Why a version could not be read as a table: shown with the path in the panel and on stderr. */
export class TableReadError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

/** One version of a table to read: where its bytes are and what it is called. */
export interface TableInput {
  /** Shown for this version ("HEAD", "a1b2c3d", "Workspace"). */
  label: string;
  /** The bytes on disk: a DVC cache object, a file written from a Git blob, or the workspace file. */
  file: string;
  /** The tracked path ("data/train.csv"); its extension gives the format. */
  name: string;
  /** The version's bytes when they are in memory (a Git blob): read instead of `file`, nothing written. */
  bytes?: Uint8Array;
}

/**
 * The engine's entry point, implemented in src/core/data/table/index.ts:
 *   export function diffTables(a: TableInput, b: TableInput, options?: TableDiffOptions): Promise<TableDiff>
 * It throws TableReadError for a version that cannot be read as a table.
 */
export type DiffTables = (a: TableInput, b: TableInput, options?: TableDiffOptions) => Promise<TableDiff>;
