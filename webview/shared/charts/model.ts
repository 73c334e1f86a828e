// What the shared metric charts draw (see metricCharts): the metrics, the runs, the x axis and
// the smoothing, and the per-panel view settings they read and change.
import type { ChartRunView, ChartStrings, XAxisMode } from '../../../src/views/charts/protocol';

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
