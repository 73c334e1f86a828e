// Messages of the Run details webview, both directions. Shared with webview/runDetails (types only).
import { isSafeRelativeArtifactPath } from '../../core/artifacts';
import { isPngDataUrl, X_AXIS_MODES, type SeriesPayload, type XAxisMode } from '../charts/protocol';

export type { SeriesData, XAxisMode } from '../charts/protocol';

export type RunStatusView =
  'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED' | 'MODIFIED' | 'UNMODIFIED';

export interface RunRef {
  store: string;
  id: string;
  name: string;
  status: RunStatusView;
}

export interface KeyValue {
  key: string;
  value: string;
}

export interface MetricView {
  key: string;
  /** Preformatted: full precision, or `NaN`, `Infinity`, `-Infinity`. */
  value: string;
  step: number | null;
  /** Epoch milliseconds. */
  timestamp: number | null;
}

export interface DatasetView {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  context: string | null;
}

/** JSON-safe view of a run: no NaN or infinities, no functions, no undefined. */
export interface RunView {
  store: string;
  id: string;
  name: string;
  status: RunStatusView;
  deleted: boolean;
  experimentId: string;
  experimentName: string;
  /** Epoch milliseconds. */
  startTime: number | null;
  endTime: number | null;
  artifactUri: string | null;
  params: KeyValue[];
  metrics: MetricView[];
  /** User tags (not `mlflow.*`), sorted by key. */
  tags: KeyValue[];
  /** `mlflow.*` tags, sorted by key. */
  systemTags: KeyValue[];
  datasets: DatasetView[];
}

/** A RUNNING run that stopped writing (src/core/query/stale.ts decides, on the host). */
export interface StaleView {
  /** Epoch milliseconds of the newest start, end or metric time. */
  lastUpdate: number;
}

export interface ArtifactEntryView {
  path: string;
  size: number;
  isDir: boolean;
}

export type ArtifactsView =
  | { kind: 'local'; root: string; entries: ArtifactEntryView[]; truncated: boolean }
  | { kind: 'remote'; uri: string }
  | { kind: 'none'; checked?: string[] }
  | { kind: 'error'; reason: string };

/** Localized user-visible strings, translated on the host with `vscode.l10n.t`. */
export const UI_STRING_KEYS = [
  'experiment',
  'runId',
  'started',
  'duration',
  'parent',
  'children',
  'copy',
  'copied',
  'params',
  'metrics',
  'tags',
  'systemTags',
  'datasets',
  'artifacts',
  'key',
  'value',
  'step',
  'timestamp',
  'name',
  'digest',
  'source',
  'context',
  'filter',
  'sortByKey',
  'empty',
  'noMatch',
  'revealInOS',
  'artifactsNone',
  'artifactsRemote',
  'artifactsError',
  'artifactsTruncated',
  'deleted',
  'running',
  'scheduled',
  'finished',
  'failed',
  'killed',
  'showChart',
  'hideChart',
  'plotAll',
  'plotAllHint',
  'xAxis',
  'wallTime',
  'relativeTime',
  'logScale',
  'resetZoom',
  'exportPng',
  'points',
  'singleValues',
  'untimedRuns',
  'otherMetrics',
  'chartCount',
  'oneChart',
  'loadingHistory',
  'sampled',
  'historyProblems',
  'workspaceModified',
  'workspaceUnmodified',
  'artifactsChecked',
  'stale',
  'staleSince',
] as const;

export type UiStringKey = (typeof UI_STRING_KEYS)[number];
export type UiStrings = Record<UiStringKey, string>;

export type HostMessage =
  | {
      type: 'snapshot';
      run: RunView;
      parent: RunRef | null;
      children: RunRef[];
      artifacts: ArtifactsView;
      /** Set when the run is RUNNING but wrote nothing for longer than the stale setting. */
      stale: StaleView | null;
      strings: UiStrings;
    }
  | { type: 'missing'; store: string; id: string; message: string }
  | SeriesMessage;

/** One metric's history; `run` is always 0 (the panel's one run). */
export interface HistorySeries extends SeriesPayload {
  /** How many values the history holds; the data holds fewer when it was thinned to send. */
  points: number;
}

/**
 * The histories the webview asked for (`charts`), complete: a series it holds at the same revision
 * comes without data. Posted again whenever one of them changes (a live run).
 */
export interface SeriesMessage {
  type: 'series';
  store: string;
  id: string;
  xAxis: XAxisMode;
  series: HistorySeries[];
  /** Files that could not be read, `path: reason`. */
  problems: KeyValue[];
}

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'openRun'; store: string; id: string }
  | { type: 'openArtifact'; path: string }
  | { type: 'revealArtifacts' }
  | { type: 'copy'; text: string }
  /** The metrics whose histories the webview shows now (replaces what it asked for before). */
  | { type: 'charts'; metrics: string[]; xAxis: XAxisMode }
  | { type: 'exportChart'; name: string; dataUrl: string };

/** What the webview keeps with `setState`, restored by the panel serializer. */
export interface RunDetailsState {
  store: string;
  id: string;
  /** The webview's own chart settings (it validates them when it reads them back). */
  charts?: SavedCharts;
}

/** Which charts the Run details webview shows, kept across reloads and hidden tabs. */
export interface SavedCharts {
  /** Metrics whose row shows its chart. */
  open: string[];
  plotAll: boolean;
  xAxis: XAxisMode;
  logScale: string[];
  collapsedGroups: string[];
}

const MAX_TEXT = 100_000;
/** Metrics one `charts` message may ask for (a run with more is still plotted, up to this). */
export const MAX_CHART_METRICS = 10_000;

function isRecord(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

function hasExactKeys(raw: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(raw);
  return own.length === keys.length && keys.every((key) => Object.prototype.hasOwnProperty.call(raw, key));
}

function isText(value: unknown, allowEmpty = false): value is string {
  return typeof value === 'string' && value.length <= MAX_TEXT && (allowEmpty || value.length > 0);
}

/** Validates a message from the (untrusted) webview. Unknown types, extra fields and wrong types are rejected. */
export function parseRunDetailsMessage(raw: unknown): WebviewMessage | undefined {
  if (!isRecord(raw)) return undefined;
  switch (raw.type) {
    case 'ready':
      return hasExactKeys(raw, ['type']) ? { type: 'ready' } : undefined;
    case 'revealArtifacts':
      return hasExactKeys(raw, ['type']) ? { type: 'revealArtifacts' } : undefined;
    case 'openRun':
      if (!hasExactKeys(raw, ['type', 'store', 'id']) || !isText(raw.store) || !isText(raw.id))
        return undefined;
      return { type: 'openRun', store: raw.store, id: raw.id };
    case 'openArtifact':
      if (!hasExactKeys(raw, ['type', 'path']) || !isText(raw.path)) return undefined;
      return isSafeRelativeArtifactPath(raw.path) ? { type: 'openArtifact', path: raw.path } : undefined;
    case 'copy':
      if (!hasExactKeys(raw, ['type', 'text']) || !isText(raw.text, true)) return undefined;
      return { type: 'copy', text: raw.text };
    case 'charts':
      return parseCharts(raw);
    case 'exportChart':
      if (!hasExactKeys(raw, ['type', 'name', 'dataUrl']) || !isText(raw.name)) return undefined;
      return isPngDataUrl(raw.dataUrl)
        ? { type: 'exportChart', name: raw.name, dataUrl: raw.dataUrl }
        : undefined;
    default:
      return undefined;
  }
}

function parseCharts(raw: Record<string, unknown>): WebviewMessage | undefined {
  if (!hasExactKeys(raw, ['type', 'metrics', 'xAxis'])) return undefined;
  const { metrics, xAxis } = raw;
  if (!X_AXIS_MODES.includes(xAxis as XAxisMode)) return undefined;
  if (!Array.isArray(metrics) || metrics.length > MAX_CHART_METRICS) return undefined;
  if (!metrics.every((m) => isText(m))) return undefined;
  return { type: 'charts', metrics: [...new Set(metrics as string[])], xAxis: xAxis as XAxisMode };
}

/** Validates the webview state handed back to the serializer after a reload. */
export function parseRunDetailsState(raw: unknown): RunDetailsState | undefined {
  if (!isRecord(raw) || !isText(raw.store) || !isText(raw.id)) return undefined;
  return { store: raw.store, id: raw.id };
}
