// What the shared metric charts draw (see metricCharts): the metrics, the runs, the x axis and
// the smoothing; the per-panel view settings they read and change; and what a panel gives them.
import type { ChartRunView, ChartStrings, XAxisMode } from '../../../src/views/charts/protocol';
import type { SeriesStore } from './seriesStore';
import type { Theme } from './theme';

export interface ChartsModel {
  /** The metrics with a chart, in the order shown (already filtered). */
  metrics: readonly string[];
  runs: readonly ChartRunView[];
  xAxis: XAxisMode;
  /** EMA weight; above 0 the series carry smoothed values, drawn over a faded raw line. */
  smoothing: number;
  strings: ChartStrings;
}

/** View settings the charts read, and change in place (log scale, collapsed groups). */
export interface ChartsView {
  /** Keys of the runs the legend hides. */
  hidden: string[];
  /** Metrics drawn on a log scale. */
  logScale: string[];
  /** Metric groups whose section is collapsed. */
  collapsedGroups: string[];
}

/** Puts the chart cards in the page: by default one grid, or a section per metric prefix. */
export interface CardPlacement {
  place(metrics: readonly string[], cardOf: (metric: string) => HTMLElement, strings: ChartStrings): void;
}

export interface ChartsContext {
  store: SeriesStore;
  view: () => ChartsView;
  theme: () => Theme;
  /** Called after a chart was created (the first one is what the benchmark times). */
  chartCreated: (metric: string) => void;
  /** The view state changed (to be saved). */
  changed: () => void;
  exportPng: (name: string, dataUrl: string) => void;
  /** How a metric with one value per run is shown: a bar per run (the default), or as text. */
  singleValues?: 'bars' | 'text';
  /** Where the cards go; the default groups them by prefix in collapsible sections of the grid. */
  placement?: CardPlacement;
  /** No x tick between two steps on the step axis (see lineOptions). */
  wholeSteps?: boolean;
  /** A panel's own note on a chart (shown after the charts' own, e.g. that a history was thinned). */
  note?: (metric: string) => string | undefined;
}
