// The Runs Table's rows and columns for one snapshot: scope, filter, sort and column choice applied.
// Pure (no `vscode`): the panel hands in the runs and the marks, and posts what this returns.
import type { Run } from '../../core/model';
import { parseRunFilter, runMatches, type RunFilter } from '../../core/query/filter';
import { naturalCompare } from '../../core/query/numbers';
import { sortRuns, type RunSortKey } from '../../core/query/sort';
import {
  ATTRIBUTE_COLUMNS,
  cellReader,
  dataColumnIds,
  defaultColumnIds,
  isNumericColumn,
  parseColumnId,
  runDurationMs,
} from './columns';
import type { ColumnView, RowView, TableScope, TableSort } from './protocol';

export const NAME_COLUMN = 'attr:name';
export const DEFAULT_SORT: TableSort = { column: 'attr:start', descending: true };

export interface TableInput {
  /** Every run of the index; the scope picks from them. */
  runs: readonly Run[];
  scope: TableScope;
  filter: RunFilter | undefined;
  /** The user's columns (ids, in order), or null for the default set. */
  chosenColumns: readonly string[] | null;
  sort: TableSort | null;
  isStarred(run: Run): boolean;
  isChecked(run: Run): boolean;
  /** Localized labels of the attribute columns, by id. */
  attributeLabel(id: string): string;
  /** A short name of a store for the store column. */
  storeLabel(store: string): string;
  now: number;
}

export interface TableModel {
  columns: ColumnView[];
  defaultColumns: boolean;
  stores: string[];
  rows: RowView[];
  /** The rows' runs, in the rows' order. */
  runs: Run[];
  totalRuns: number;
}

/** The filter in force: the last text that parsed, and why the latest text (if other) did not. */
export interface FilterState {
  text: string;
  filter: RunFilter | undefined;
  error: string | null;
}

export const EMPTY_FILTER: FilterState = { text: '', filter: undefined, error: null };

/**
 * The filter after the user typed `text`, in the Runs view's language. Text that does not parse
 * leaves the filter as it was (the table keeps its rows) and says why; blank text clears it.
 */
export function nextFilterState(current: FilterState, text: string): FilterState {
  const trimmed = text.trim();
  if (trimmed === '') return EMPTY_FILTER;
  const parsed = parseRunFilter(trimmed);
  if (!parsed.ok) return { ...current, error: parsed.error };
  return { text: trimmed, filter: parsed.filter, error: null };
}

/** Active runs of the scope (deleted runs are left out, as in the Runs view by default). */
export function scopeRuns(runs: readonly Run[], scope: TableScope): Run[] {
  return runs.filter(
    (run) =>
      run.lifecycle === 'active' &&
      (scope.store === undefined || run.store === scope.store) &&
      (scope.experimentId === undefined || run.experimentId === scope.experimentId),
  );
}

/** Every column the chooser offers: the attributes, then the runs' metrics and params. */
export function availableColumnIds(runs: readonly Run[]): string[] {
  return [...ATTRIBUTE_COLUMNS, ...dataColumnIds(runs)];
}

/** The sort key the Runs view uses for a column, where it has one. */
function treeSortKey(column: string): RunSortKey | undefined {
  const parsed = parseColumnId(column);
  if (column === NAME_COLUMN) return { kind: 'name' };
  if (!parsed) return undefined;
  if (parsed.kind === 'metric' || parsed.kind === 'param') return { kind: parsed.kind, key: parsed.key };
  if (parsed.key === 'start') return { kind: 'startTime' };
  if (parsed.key === 'status') return { kind: 'status' };
  return undefined;
}

/**
 * Sorted copy, stable. Metrics, params, name, status and start sort as the Runs view sorts them
 * (numbers numerically, text naturally, runs lacking the value last in both directions); duration
 * experiment and store likewise. An unknown column leaves the order as it is.
 */
export function sortTableRuns(runs: readonly Run[], sort: TableSort | null, now: number): Run[] {
  if (!sort) return [...runs];
  const key = treeSortKey(sort.column);
  if (key) return sortRuns(runs, key, sort.descending);
  const direction = sort.descending ? -1 : 1;
  const decorated = runs.map((run, index) => ({ run, index, value: extraSortValue(run, sort.column, now) }));
  decorated.sort((a, b) => {
    if (a.value === undefined || b.value === undefined)
      return a.value === b.value ? a.index - b.index : a.value === undefined ? 1 : -1;
    const order =
      typeof a.value === 'number' && typeof b.value === 'number'
        ? a.value - b.value
        : naturalCompare(String(a.value), String(b.value));
    return order !== 0 ? direction * order : a.index - b.index;
  });
  return decorated.map((entry) => entry.run);
}

function extraSortValue(run: Run, column: string, now: number): number | string | undefined {
  if (column === 'attr:duration') return runDurationMs(run, now);
  if (column === 'attr:experiment') return run.experimentName;
  if (column === 'attr:store') return run.store;
  return undefined;
}

/** A column's header: the localized name of an attribute, the key of a metric or param. */
export function columnLabel(id: string, attributeLabel: (id: string) => string): string {
  return id.startsWith('attr:') ? attributeLabel(id) : id.slice(id.indexOf(':') + 1);
}

/** The user's columns that still mean something (unknown ids and the name column dropped). */
function resolveColumnIds(chosen: readonly string[] | null, runs: readonly Run[]): string[] {
  if (chosen === null) return defaultColumnIds(runs);
  const seen = new Set<string>();
  return chosen.filter((id) => {
    if (id === NAME_COLUMN || seen.has(id) || !parseColumnId(id)) return false;
    seen.add(id);
    return true;
  });
}

export function buildTableModel(input: TableInput): TableModel {
  const inScope = scopeRuns(input.runs, input.scope);
  const filter = input.filter;
  const matching = filter ? inScope.filter((run) => runMatches(filter, run)) : inScope;
  const sorted = sortTableRuns(matching, input.sort, input.now);
  const ids = resolveColumnIds(input.chosenColumns, matching);
  const columns = ids.map((id): ColumnView => ({
    id,
    kind: parseColumnId(id)?.kind ?? 'attr',
    label: columnLabel(id, input.attributeLabel),
    numeric: isNumericColumn(matching, id),
  }));
  const readers = ids.map((id) => cellReader(id, input));
  const storeIndex = new Map<string, number>();
  const rows = sorted.map((run): RowView => {
    let store = storeIndex.get(run.store);
    if (store === undefined) {
      store = storeIndex.size;
      storeIndex.set(run.store, store);
    }
    return {
      store,
      id: run.id,
      name: run.name || run.id,
      starred: input.isStarred(run),
      checked: input.isChecked(run),
      cells: readers.map((read) => read(run)),
    };
  });
  return {
    columns,
    defaultColumns: input.chosenColumns === null,
    stores: [...storeIndex.keys()],
    rows,
    runs: sorted,
    totalRuns: inScope.length,
  };
}
