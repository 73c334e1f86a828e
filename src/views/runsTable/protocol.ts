// Messages of the Runs Table webview, both directions. Shared with webview/runsTable (types only).
// The host posts complete snapshots after the webview's `ready`; every message the webview posts is
// validated here before the host acts on it (the webview is untrusted).

/** Which runs the table lists: every store's, one store's, or one experiment's. */
export interface TableScope {
  store?: string;
  experimentId?: string;
}

export interface TableSort {
  /** A column id: `attr:name`, `attr:start`, `metric:<key>`, `param:<key>` … */
  column: string;
  descending: boolean;
}

export interface ColumnView {
  id: string;
  kind: 'attr' | 'metric' | 'param';
  /** Localized for attributes; the key for metrics and params. */
  label: string;
  /** Right-aligned, compared as numbers. */
  numeric: boolean;
}

export interface RowView {
  /** Index into the snapshot's `stores`. */
  store: number;
  id: string;
  name: string;
  starred: boolean;
  checked: boolean;
  /** One per column of the snapshot; null where the run has no value. */
  cells: (string | null)[];
}

export interface TableSnapshot {
  type: 'snapshot';
  /** What the webview saves for the serializer. */
  scope: TableScope;
  scopeLabel: string;
  /** The filter text in force (the last one that parsed). */
  filter: string;
  /** Why the filter text last sent does not parse; null when it does. */
  filterError: string | null;
  sort: TableSort | null;
  /** The sort column's label (shown in the toolbar: the column may be scrolled out of view). */
  sortLabel: string | null;
  columns: ColumnView[];
  /** True when the columns are the default set (those that vary), not the user's choice. */
  defaultColumns: boolean;
  /** Column widths in CSS pixels, by column id (the name column is `attr:name`). */
  widths: Record<string, number>;
  stores: string[];
  rows: RowView[];
  /** Runs in scope before the filter. */
  totalRuns: number;
  checkedCount: number;
  indexing: boolean;
}

export type HostMessage = TableSnapshot;

export type RunMark = 'starred' | 'checked';

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'setFilter'; text: string }
  | { type: 'setSort'; sort: TableSort | null }
  | { type: 'chooseColumns' }
  | { type: 'resetColumns' }
  | { type: 'setWidths'; widths: Record<string, number> }
  | { type: 'setMark'; store: string; id: string; mark: RunMark; on: boolean }
  | { type: 'openRun'; store: string; id: string }
  | { type: 'compareChecked' };

/** What the webview keeps with `setState`; the serializer restores the panel from it. */
export interface RunsTableState {
  scope: TableScope;
  filter: string;
  widths: Record<string, number>;
}

export const UI_STRING_KEYS = [
  'filterPlaceholder',
  'filterLabel',
  'columns',
  'resetColumns',
  'compareChecked',
  'rowCount',
  'rowCountOne',
  'sortedBy',
  'rowCountFiltered',
  'checkedCount',
  'star',
  'unstar',
  'tick',
  'openRun',
  'sortAscending',
  'sortDescending',
  'resizeColumn',
  'noRuns',
  'noMatches',
  'indexing',
  'metric',
  'param',
  'name',
] as const;

export type UiStringKey = (typeof UI_STRING_KEYS)[number];
export type UiStrings = Record<UiStringKey, string>;

const MAX_TEXT = 100_000;
const MAX_FILTER = 10_000;
const MAX_WIDTHS = 5_000;
export const MIN_WIDTH = 40;
export const MAX_WIDTH = 2_000;

function isRecord(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

function hasExactKeys(raw: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(raw);
  return own.length === keys.length && keys.every((key) => Object.hasOwn(raw, key));
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT;
}

/** Widths by column id: integers from MIN_WIDTH to MAX_WIDTH; anything else rejects the whole map. */
export function parseWidths(raw: unknown): Record<string, number> | undefined {
  if (!isRecord(raw)) return undefined;
  const entries = Object.entries(raw);
  if (entries.length > MAX_WIDTHS) return undefined;
  for (const [key, value] of entries) {
    if (!isText(key) || typeof value !== 'number' || !Number.isInteger(value)) return undefined;
    if (value < MIN_WIDTH || value > MAX_WIDTH) return undefined;
  }
  // fromEntries defines own properties: a `__proto__` key stays a key, never a prototype.
  return Object.fromEntries(entries) as Record<string, number>;
}

export function parseSort(raw: unknown): TableSort | null | undefined {
  if (raw === null) return null;
  if (!isRecord(raw) || !hasExactKeys(raw, ['column', 'descending'])) return undefined;
  if (!isText(raw.column) || typeof raw.descending !== 'boolean') return undefined;
  return { column: raw.column, descending: raw.descending };
}

function parseRunRef(raw: Record<string, unknown>): { store: string; id: string } | undefined {
  return isText(raw.store) && isText(raw.id) ? { store: raw.store, id: raw.id } : undefined;
}

const BARE_TYPES = ['ready', 'chooseColumns', 'resetColumns', 'compareChecked'] as const;

/** Validates a message from the webview. Unknown types, extra fields and wrong types are rejected. */
export function parseRunsTableMessage(raw: unknown): WebviewMessage | undefined {
  if (!isRecord(raw) || typeof raw.type !== 'string') return undefined;
  const bare = BARE_TYPES.find((type) => type === raw.type);
  if (bare) return hasExactKeys(raw, ['type']) ? { type: bare } : undefined;
  switch (raw.type) {
    case 'setFilter':
      if (!hasExactKeys(raw, ['type', 'text']) || typeof raw.text !== 'string') return undefined;
      return raw.text.length <= MAX_FILTER ? { type: 'setFilter', text: raw.text } : undefined;
    case 'setSort': {
      if (!hasExactKeys(raw, ['type', 'sort'])) return undefined;
      const sort = parseSort(raw.sort);
      return sort === undefined ? undefined : { type: 'setSort', sort };
    }
    case 'setWidths': {
      if (!hasExactKeys(raw, ['type', 'widths'])) return undefined;
      const widths = parseWidths(raw.widths);
      return widths ? { type: 'setWidths', widths } : undefined;
    }
    case 'openRun': {
      const ref = hasExactKeys(raw, ['type', 'store', 'id']) ? parseRunRef(raw) : undefined;
      return ref ? { type: 'openRun', ...ref } : undefined;
    }
    case 'setMark': {
      if (!hasExactKeys(raw, ['type', 'store', 'id', 'mark', 'on'])) return undefined;
      const ref = parseRunRef(raw);
      if (!ref || (raw.mark !== 'starred' && raw.mark !== 'checked') || typeof raw.on !== 'boolean')
        return undefined;
      return { type: 'setMark', ...ref, mark: raw.mark, on: raw.on };
    }
    default:
      return undefined;
  }
}

/** Validates the webview state handed back to the serializer after a reload; bad parts fall back. */
export function parseRunsTableState(raw: unknown): RunsTableState {
  const state: RunsTableState = { scope: {}, filter: '', widths: {} };
  if (!isRecord(raw)) return state;
  if (isRecord(raw.scope)) {
    if (isText(raw.scope.store)) state.scope.store = raw.scope.store;
    if (state.scope.store !== undefined && isText(raw.scope.experimentId))
      state.scope.experimentId = raw.scope.experimentId;
  }
  if (typeof raw.filter === 'string' && raw.filter.length <= MAX_FILTER) state.filter = raw.filter;
  state.widths = parseWidths(raw.widths) ?? {};
  return state;
}

/** The table's layout, kept in the workspace state: it applies to every Runs Table of the workspace. */
export interface TableLayout {
  /** The user's columns in order, or null for the default (varying) set. */
  columns: string[] | null;
  sort: TableSort | null;
  widths: Record<string, number>;
}

const MAX_COLUMNS = 5_000;

/** Validates a saved layout (the state may come from an older version); bad parts fall back. */
export function parseTableLayout(raw: unknown, fallbackSort: TableSort): TableLayout {
  const layout: TableLayout = { columns: null, sort: fallbackSort, widths: {} };
  if (!isRecord(raw)) return layout;
  if (Array.isArray(raw.columns) && raw.columns.length <= MAX_COLUMNS && raw.columns.every(isText))
    layout.columns = [...(raw.columns as string[])];
  const sort = parseSort(raw.sort);
  if (sort !== undefined) layout.sort = sort;
  layout.widths = parseWidths(raw.widths) ?? {};
  return layout;
}
