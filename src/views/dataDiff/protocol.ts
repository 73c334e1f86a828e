// Messages of the Data Diff webview, both directions. Shared with webview/dataDiff (types only).
// The host posts the diff's summary once computed, then row pages as the webview asks for them (a
// million-row diff never crosses the channel whole). Every message the webview posts, and the state
// it hands back to the serializer, is validated here before the host acts on it.
import type { RowPage, TableDiffSummary, TableInput } from '../../core/data/table/types';

// The webview sees the engine's types through this module only.
export type {
  CategoryProfile,
  ColumnDiff,
  ColumnProfile,
  DiffCell,
  DiffRow,
  DriftMeasure,
  RowPage,
  SchemaChange,
  SharedHistogram,
  TableDiffSummary,
  TableInfo,
} from '../../core/data/table/types';

/** How the user asked the rows to be aligned. */
export type AlignmentChoice = { kind: 'auto' } | { kind: 'key'; column: string } | { kind: 'position' };

/** Where the two versions came from, when opened by revision: the serializer resolves them again. */
export interface DiffSource {
  root: string;
  key: string;
  /** A revision ("HEAD", a sha, a tag), or "workspace". */
  revA: string;
  revB: string;
}

/** What the panel needs to read the same two versions again after a reload. */
export interface DiffRestore {
  a: TableInput;
  b: TableInput;
  source: DiffSource | null;
  choice: AlignmentChoice;
}

export interface ComputingMessage {
  type: 'computing';
  /** "data/iris.csv (v1 ↔ v2)". */
  title: string;
  /** Saved at once: a reload while the diff is computed reopens the same two versions. */
  restore: DiffRestore;
}

export interface SummaryMessage {
  type: 'summary';
  title: string;
  /** Increases with every diff the panel computes; a page of an older one is dropped. */
  generation: number;
  summary: TableDiffSummary;
  /** Columns present in both versions, offered as keys. */
  keyCandidates: string[];
  choice: AlignmentChoice;
  restore: DiffRestore;
  /** Milliseconds the engine took (shown, and read by the benchmark). */
  computeMs: number;
  /** The first page of each filter, so that the rows paint without a round trip. */
  firstPages: { all: RowPage; changed: RowPage };
}

export interface PageMessage {
  type: 'page';
  generation: number;
  changedOnly: boolean;
  page: RowPage;
}

export interface FailedMessage {
  type: 'failed';
  title: string;
  /** The version's file (or the tracked path) that could not be read. */
  path: string;
  reason: string;
  restore: DiffRestore | null;
}

export type HostMessage = ComputingMessage | SummaryMessage | PageMessage | FailedMessage;

export type ExportFormat = 'csv' | 'markdown';
export type ExportTarget = 'file' | 'clipboard';

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'page'; generation: number; offset: number; count: number; changedOnly: boolean }
  | { type: 'align'; choice: AlignmentChoice }
  | { type: 'export'; format: ExportFormat; target: ExportTarget }
  | { type: 'retry' };

export type DataDiffTab = 'rows' | 'profiles' | 'drift';

/** What the webview keeps with `setState`; the serializer restores the panel from `restore`. */
export interface DataDiffState {
  restore: DiffRestore | null;
  changedOnly: boolean;
  tab: DataDiffTab;
  /** The first row in view, to scroll back to it after a reload. */
  topRow: number;
}

/** Rows of one page the webview asks for (and of the first pages the summary carries). */
export const PAGE_ROWS = 200;
/** The most rows one page request may ask for. */
export const MAX_PAGE_ROWS = 2_000;
const MAX_TEXT = 4_096;
const MAX_ROW = 1e12;

export const UI_STRING_KEYS = [
  'computing',
  'rowsColumns',
  'added',
  'removed',
  'changed',
  'unchanged',
  'alignedByKey',
  'alignedByDetectedKey',
  'alignedByPosition',
  'schemaAdded',
  'schemaRemoved',
  'schemaRenamed',
  'schemaRetyped',
  'noSchemaChanges',
  'approximate',
  'keyLabel',
  'keyAuto',
  'keyPosition',
  'changedOnly',
  'saveCsv',
  'saveMarkdown',
  'copyMarkdown',
  'copyCsv',
  'tabRows',
  'tabProfiles',
  'tabDrift',
  'rowStatus',
  'rowKey',
  'loadingRows',
  'noRows',
  'rowsShown',
  'statistic',
  'delta',
  'topValues',
  'value',
  'absent',
  'histogram',
  'driftColumn',
  'driftType',
  'driftMethod',
  'driftValue',
  'driftPValue',
  'driftThreshold',
  'drifted',
  'notDrifted',
  'sortByDrift',
  'sortByColumn',
  'noDrift',
  'failedTitle',
  'retry',
  'computedIn',
  'statCount',
  'statNulls',
  'statDistinct',
  'statMean',
  'statStd',
  'statMin',
  'statQ25',
  'statQ50',
  'statQ75',
  'statMax',
] as const;

export type UiStringKey = (typeof UI_STRING_KEYS)[number];
export type UiStrings = Record<UiStringKey, string>;

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

function isIndex(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}

export function parseAlignmentChoice(raw: unknown): AlignmentChoice | undefined {
  if (!isRecord(raw)) return undefined;
  if ((raw.kind === 'auto' || raw.kind === 'position') && hasExactKeys(raw, ['kind']))
    return { kind: raw.kind };
  if (raw.kind === 'key' && hasExactKeys(raw, ['kind', 'column']) && isText(raw.column))
    return { kind: 'key', column: raw.column };
  return undefined;
}

function parsePageRequest(raw: Record<string, unknown>): WebviewMessage | undefined {
  if (!hasExactKeys(raw, ['type', 'generation', 'offset', 'count', 'changedOnly'])) return undefined;
  if (!isIndex(raw.generation, MAX_ROW) || !isIndex(raw.offset, MAX_ROW)) return undefined;
  if (!isIndex(raw.count, MAX_PAGE_ROWS) || raw.count === 0 || typeof raw.changedOnly !== 'boolean')
    return undefined;
  return {
    type: 'page',
    generation: raw.generation,
    offset: raw.offset,
    count: raw.count,
    changedOnly: raw.changedOnly,
  };
}

/** Validates a message from the webview. Unknown types, extra fields and wrong types are rejected. */
export function parseDataDiffMessage(raw: unknown): WebviewMessage | undefined {
  if (!isRecord(raw) || typeof raw.type !== 'string') return undefined;
  switch (raw.type) {
    case 'ready':
    case 'retry':
      return hasExactKeys(raw, ['type']) ? { type: raw.type } : undefined;
    case 'page':
      return parsePageRequest(raw);
    case 'align': {
      const choice = hasExactKeys(raw, ['type', 'choice']) ? parseAlignmentChoice(raw.choice) : undefined;
      return choice ? { type: 'align', choice } : undefined;
    }
    case 'export': {
      if (!hasExactKeys(raw, ['type', 'format', 'target'])) return undefined;
      if (raw.format !== 'csv' && raw.format !== 'markdown') return undefined;
      if (raw.target !== 'file' && raw.target !== 'clipboard') return undefined;
      return { type: 'export', format: raw.format, target: raw.target };
    }
    default:
      return undefined;
  }
}

function parseTableInput(raw: unknown): TableInput | undefined {
  if (!isRecord(raw) || !isText(raw.label) || !isText(raw.file) || !isText(raw.name)) return undefined;
  return { label: raw.label, file: raw.file, name: raw.name };
}

function parseSource(raw: unknown): DiffSource | null {
  if (!isRecord(raw)) return null;
  const { root, key, revA, revB } = raw;
  if (!isText(root) || !isText(key) || !isText(revA) || !isText(revB)) return null;
  return { root, key, revA, revB };
}

export function parseRestore(raw: unknown): DiffRestore | null {
  if (!isRecord(raw)) return null;
  const a = parseTableInput(raw.a);
  const b = parseTableInput(raw.b);
  if (!a || !b) return null;
  return {
    a,
    b,
    source: parseSource(raw.source),
    choice: parseAlignmentChoice(raw.choice) ?? { kind: 'auto' },
  };
}

const TABS: readonly DataDiffTab[] = ['rows', 'profiles', 'drift'];

/** Validates the state handed back after a reload; bad parts fall back. */
export function parseDataDiffState(raw: unknown): DataDiffState {
  const state: DataDiffState = { restore: null, changedOnly: false, tab: 'rows', topRow: 0 };
  if (!isRecord(raw)) return state;
  state.restore = parseRestore(raw.restore);
  if (typeof raw.changedOnly === 'boolean') state.changedOnly = raw.changedOnly;
  const tab = TABS.find((t) => t === raw.tab);
  if (tab) state.tab = tab;
  if (isIndex(raw.topRow, MAX_ROW)) state.topRow = raw.topRow;
  return state;
}
