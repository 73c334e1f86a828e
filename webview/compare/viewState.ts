// The webview's own settings (tab, log scales, hidden runs, …), kept with setState across reloads.
// Restored state is input like any other: parsed with defaults, never trusted as is.
import type {
  CompareTab,
  Direction,
  HostOptions,
  RunRefState,
  XAxisMode,
} from '../../src/views/compare/protocol';
import { parseBrushes, type ParallelBrush } from './parallelBrush';

export const COMPARE_TABS: readonly CompareTab[] = ['charts', 'table', 'scatter', 'parallel'];
export const X_AXIS_MODES: readonly XAxisMode[] = ['step', 'wallTime', 'relativeTime'];

export interface TableSort {
  /** `key` sorts by the key column; otherwise a run key sorts by that run's values. */
  by: string;
  descending: boolean;
}

export interface ViewState {
  tab: CompareTab;
  options: HostOptions;
  onlyDifferences: boolean;
  /** Metrics whose chart has a logarithmic y axis. */
  logScale: string[];
  /** Runs hidden from the charts (by run key). */
  hidden: string[];
  metricFilter: string;
  sort: TableSort;
  scatterX: string | null;
  scatterY: string | null;
  /** Axis ids of the parallel coordinates; null until the user chooses (then the defaults apply). */
  parallelAxes: string[] | null;
  /** Ranges chosen on the parallel coordinates' axes (in data space). */
  parallelBrushes: ParallelBrush[];
  /** Chart groups (metric prefixes) the user collapsed. */
  collapsedGroups: string[];
}

export interface SavedState {
  runs: RunRefState[];
  view: ViewState;
}

export function defaultViewState(): ViewState {
  return {
    tab: 'charts',
    options: { xAxis: 'step', smoothing: 0, directions: {} },
    onlyDifferences: false,
    logScale: [],
    hidden: [],
    metricFilter: '',
    sort: { by: 'key', descending: false },
    scatterX: null,
    scatterY: null,
    parallelAxes: null,
    parallelBrushes: [],
    collapsedGroups: [],
  };
}

type Raw = Record<string, unknown>;

const isRaw = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').slice(0, 10_000) : [];

const stringOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function parseOptions(raw: unknown): HostOptions {
  const fallback = defaultViewState().options;
  if (!isRaw(raw)) return fallback;
  const xAxis = X_AXIS_MODES.includes(raw.xAxis as XAxisMode) ? (raw.xAxis as XAxisMode) : 'step';
  const smoothing =
    typeof raw.smoothing === 'number' && raw.smoothing >= 0 && raw.smoothing <= 0.999 ? raw.smoothing : 0;
  const directions: Record<string, Direction> = {};
  if (isRaw(raw.directions)) {
    for (const [key, value] of Object.entries(raw.directions)) {
      if (value === 'min' || value === 'max') directions[key] = value;
    }
  }
  return { xAxis, smoothing, directions };
}

export function parseViewState(raw: unknown): ViewState {
  const state = defaultViewState();
  if (!isRaw(raw)) return state;
  const sort = isRaw(raw.sort) ? raw.sort : {};
  return {
    tab: COMPARE_TABS.includes(raw.tab as CompareTab) ? (raw.tab as CompareTab) : state.tab,
    options: parseOptions(raw.options),
    onlyDifferences: raw.onlyDifferences === true,
    logScale: strings(raw.logScale),
    hidden: strings(raw.hidden),
    metricFilter: typeof raw.metricFilter === 'string' ? raw.metricFilter : '',
    sort: {
      by: typeof sort.by === 'string' ? sort.by : 'key',
      descending: sort.descending === true,
    },
    scatterX: stringOrNull(raw.scatterX),
    scatterY: stringOrNull(raw.scatterY),
    parallelAxes: Array.isArray(raw.parallelAxes) ? strings(raw.parallelAxes) : null,
    parallelBrushes: parseBrushes(raw.parallelBrushes),
    collapsedGroups: strings(raw.collapsedGroups),
  };
}

export function parseSavedRuns(raw: unknown): RunRefState[] {
  if (!isRaw(raw) || !Array.isArray(raw.runs)) return [];
  return raw.runs.flatMap((ref: unknown) =>
    isRaw(ref) && typeof ref.store === 'string' && typeof ref.id === 'string'
      ? [{ store: ref.store, id: ref.id }]
      : [],
  );
}
