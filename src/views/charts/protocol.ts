// Chart data that more than one webview receives (Compare Runs, Run details): the metric histories
// as typed arrays and the x axis they are placed on. Shared with webview/shared/charts (types only).

export type XAxisMode = 'step' | 'wallTime' | 'relativeTime';

export const X_AXIS_MODES: readonly XAxisMode[] = ['step', 'wallTime', 'relativeTime'];

/** Point data of one (run, metric), as typed arrays: NaN and infinities survive, JSON would not. */
export interface SeriesData {
  /** On the chosen x axis: step, epoch ms, or seconds since the run's first value. Ascending. */
  x: Float64Array;
  y: Float64Array;
  /** The smoothed values, when smoothing is on. */
  smoothed: Float64Array | null;
  /** Steps for tooltips, when x is not the step. */
  step: Float64Array | null;
  /**
   * On a time axis: the history has several points but one timestamp (DVC plots without a
   * timestamp column get the file's time for every row), so all its values stand at one x.
   */
  untimed?: boolean;
}

export interface SeriesPayload {
  /** Index into the message's runs. */
  run: number;
  metric: string;
  /** Changes whenever the data would; the webview keeps data per (run key, metric, revision). */
  revision: string;
  /** Null when the webview already received this revision since its last `ready`. */
  data: SeriesData | null;
}

/** A run as the charts draw it. */
export interface ChartRunView {
  key: string;
  name: string;
  /** `#rrggbb`. */
  color: string;
  /** Canvas line dash (empty = solid). */
  dash: number[];
}

/** The user-visible strings the shared chart code shows (already localized by the host). */
export interface ChartStrings {
  step: string;
  logScale: string;
  resetZoom: string;
  exportPng: string;
  /** `{0} points`. */
  points: string;
  /** Why a chart shows bars (one value per run), or a single value as text. */
  singleValues: string;
  /** `{0} runs have no times …`. */
  untimedRuns: string;
  otherMetrics: string;
  /** `{0} charts`. */
  chartCount: string;
  /** `1 chart`, for a section of one chart (a panel without it says `{0} charts` with 1). */
  oneChart?: string;
}

/** A PNG of a chart; a 4K canvas compresses to a few MB. */
const MAX_DATA_URL = 32 * 1024 * 1024;
const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/;

/** A chart's PNG as the webview sends it for "Export PNG", or undefined when it is anything else. */
export function isPngDataUrl(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_DATA_URL && PNG_DATA_URL.test(value);
}
