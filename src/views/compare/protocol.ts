// Messages of the Compare Runs webview, both directions. Shared with webview/compare (types only).
// The host posts complete snapshots after the webview's `ready`; the only thing a snapshot leaves
// out is the point data of series the webview already holds at the same revision (see SeriesPayload).
import type { SeriesPayload, XAxisMode } from '../charts/protocol';

export type { SeriesData, SeriesPayload, XAxisMode } from '../charts/protocol';
export type Direction = 'min' | 'max';
export type RunStatusView =
  'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED' | 'MODIFIED' | 'UNMODIFIED';
export type CompareTab = 'charts' | 'table' | 'scatter' | 'parallel';
export type TableFormat = 'csv' | 'markdown';

export const X_AXIS_MODES: readonly XAxisMode[] = ['step', 'wallTime', 'relativeTime'];
export const COMPARE_TABS: readonly CompareTab[] = ['charts', 'table', 'scatter', 'parallel'];

/** A compared run. `key` identifies it in every other part of the snapshot. */
export interface RunEntry {
  key: string;
  store: string;
  id: string;
  name: string;
  experimentName: string;
  status: RunStatusView;
  /** `#rrggbb` from the colour-blind-safe palette, in the panel's run order; kept while the panel lives. */
  color: string;
  /** Canvas line dash (empty = solid): set once the panel shows more runs than the palette has colours. */
  dash: number[];
}

export type RowSection = 'param' | 'metric' | 'tag';

export interface TableRowView {
  section: RowSection;
  key: string;
  /** One per run; null where the run lacks the key. Metric values at full precision. */
  cells: (string | null)[];
  differs: boolean;
  direction: Direction | null;
  /** True when the user chose the direction (otherwise it was guessed from the name). */
  directionOverridden: boolean;
  /** Indexes of the runs with the best value. */
  best: number[];
}

export interface AxisView {
  id: string;
  source: 'param' | 'metric';
  key: string;
  categories: string[] | null;
  values: (number | null)[];
}

export interface ProblemView {
  path: string;
  reason: string;
}

/** What the host computes with: the x axis, smoothing and best-value directions. */
export interface HostOptions {
  xAxis: XAxisMode;
  /** EMA weight in [0, 0.999]. */
  smoothing: number;
  directions: Record<string, Direction>;
}

export const UI_STRING_KEYS = [
  'charts',
  'table',
  'scatter',
  'parallel',
  'runs',
  'xAxis',
  'step',
  'wallTime',
  'relativeTime',
  'smoothing',
  'logScale',
  'resetZoom',
  'exportPng',
  'toggleRun',
  'noRuns',
  'chooseRuns',
  'noMetrics',
  'filterMetrics',
  'onlyDifferences',
  'copyCsv',
  'copyMarkdown',
  'exportCsv',
  'key',
  'params',
  'metrics',
  'tags',
  'best',
  'minimised',
  'maximised',
  'changeDirection',
  'sortBy',
  'xAxisLabel',
  'yAxisLabel',
  'axes',
  'notEnoughValues',
  'parallelIncomplete',
  'parallelIncompleteOne',
  'clearSelections',
  'runsSelected',
  'brushHint',
  'clearBrush',
  'missingRuns',
  'problems',
  'points',
  'openRun',
  'zoomHint',
  'copied',
  'noDifferences',
  'singleValues',
  'otherMetrics',
  'chartCount',
  'untimedRuns',
] as const;

export type UiStringKey = (typeof UI_STRING_KEYS)[number];
export type UiStrings = Record<UiStringKey, string>;

export interface Snapshot {
  type: 'snapshot';
  runs: RunEntry[];
  /** Metric keys with a chart, sorted. */
  metrics: string[];
  series: SeriesPayload[];
  table: TableRowView[];
  axes: AxisView[];
  /** Axes the parallel coordinates start with (those that vary). */
  defaultParallelAxes: string[];
  options: HostOptions;
  /** The runs asked for (found or not): what the webview saves for the serializer. */
  requested: RunRefState[];
  /** Runs asked for that are no longer in the workspace. */
  missingRuns: number;
  /** True while the index is still reading the stores (runs may not be found yet). */
  indexing: boolean;
  problems: ProblemView[];
}

export type HostMessage = Snapshot;

export type WebviewMessage =
  | { type: 'ready'; options: HostOptions }
  | { type: 'setOptions'; options: HostOptions }
  | { type: 'openRun'; store: string; id: string }
  | { type: 'copyTable'; format: TableFormat; onlyDifferences: boolean }
  | { type: 'exportTable'; onlyDifferences: boolean }
  | { type: 'exportChart'; name: string; dataUrl: string }
  | { type: 'pickRuns' };

export interface RunRefState {
  store: string;
  id: string;
}

/** What the webview keeps with `setState`: the runs (for the serializer) and its own view settings. */
export interface CompareState {
  runs: RunRefState[];
  view: unknown;
}

export const DEFAULT_OPTIONS: HostOptions = { xAxis: 'step', smoothing: 0, directions: {} };

const MAX_TEXT = 100_000;
const MAX_RUNS = 10_000;
const MAX_DIRECTIONS = 10_000;
/** A PNG of a chart; a 4K canvas compresses to a few MB. */
const MAX_DATA_URL = 32 * 1024 * 1024;
const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/;

function isRecord(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

function hasExactKeys(raw: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(raw);
  return own.length === keys.length && keys.every((key) => Object.prototype.hasOwnProperty.call(raw, key));
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT;
}

function parseDirections(raw: unknown): Record<string, Direction> | undefined {
  if (!isRecord(raw)) return undefined;
  const entries = Object.entries(raw);
  if (entries.length > MAX_DIRECTIONS) return undefined;
  const directions: Record<string, Direction> = Object.create(null) as Record<string, Direction>;
  for (const [key, value] of entries) {
    if (!isText(key) || (value !== 'min' && value !== 'max')) return undefined;
    directions[key] = value;
  }
  return directions;
}

export function parseHostOptions(raw: unknown): HostOptions | undefined {
  if (!isRecord(raw) || !hasExactKeys(raw, ['xAxis', 'smoothing', 'directions'])) return undefined;
  const { xAxis, smoothing } = raw;
  if (!X_AXIS_MODES.includes(xAxis as XAxisMode)) return undefined;
  if (typeof smoothing !== 'number' || !(smoothing >= 0 && smoothing <= 0.999)) return undefined;
  const directions = parseDirections(raw.directions);
  return directions ? { xAxis: xAxis as XAxisMode, smoothing, directions } : undefined;
}

function parseWithOptions(
  raw: Record<string, unknown>,
  type: 'ready' | 'setOptions',
): WebviewMessage | undefined {
  if (!hasExactKeys(raw, ['type', 'options'])) return undefined;
  const options = parseHostOptions(raw.options);
  return options ? { type, options } : undefined;
}

/** Validates a message from the (untrusted) webview. Unknown types, extra fields and wrong types are rejected. */
export function parseCompareMessage(raw: unknown): WebviewMessage | undefined {
  if (!isRecord(raw)) return undefined;
  switch (raw.type) {
    case 'ready':
    case 'setOptions':
      return parseWithOptions(raw, raw.type);
    case 'pickRuns':
      return hasExactKeys(raw, ['type']) ? { type: 'pickRuns' } : undefined;
    case 'openRun':
      if (!hasExactKeys(raw, ['type', 'store', 'id']) || !isText(raw.store) || !isText(raw.id))
        return undefined;
      return { type: 'openRun', store: raw.store, id: raw.id };
    case 'copyTable':
      if (!hasExactKeys(raw, ['type', 'format', 'onlyDifferences'])) return undefined;
      if (raw.format !== 'csv' && raw.format !== 'markdown') return undefined;
      if (typeof raw.onlyDifferences !== 'boolean') return undefined;
      return { type: 'copyTable', format: raw.format, onlyDifferences: raw.onlyDifferences };
    case 'exportTable':
      if (!hasExactKeys(raw, ['type', 'onlyDifferences']) || typeof raw.onlyDifferences !== 'boolean')
        return undefined;
      return { type: 'exportTable', onlyDifferences: raw.onlyDifferences };
    case 'exportChart':
      return parseExportChart(raw);
    default:
      return undefined;
  }
}

function parseExportChart(raw: Record<string, unknown>): WebviewMessage | undefined {
  if (!hasExactKeys(raw, ['type', 'name', 'dataUrl']) || !isText(raw.name)) return undefined;
  const { dataUrl } = raw;
  if (typeof dataUrl !== 'string' || dataUrl.length > MAX_DATA_URL || !PNG_DATA_URL.test(dataUrl))
    return undefined;
  return { type: 'exportChart', name: raw.name, dataUrl };
}

/** Validates the webview state handed back to the serializer after a reload. */
export function parseCompareState(raw: unknown): RunRefState[] | undefined {
  if (!isRecord(raw) || !Array.isArray(raw.runs) || raw.runs.length > MAX_RUNS) return undefined;
  const runs: RunRefState[] = [];
  for (const ref of raw.runs) {
    if (!isRecord(ref) || !isText(ref.store) || !isText(ref.id)) return undefined;
    runs.push({ store: ref.store, id: ref.id });
  }
  return runs;
}
