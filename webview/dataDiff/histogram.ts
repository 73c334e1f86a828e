// Draws a column's overlaid histogram with the chart.js build the Compare Runs charts use.
import { registerLineCharts } from '../shared/charts/chartSetup';
import { Chart } from '../shared/charts/vendor';
import type { HistogramConfig } from './histogramConfig';

export function drawHistogram(holder: HTMLElement, config: HistogramConfig): { destroy(): void } {
  registerLineCharts();
  const canvas = holder.ownerDocument.createElement('canvas');
  holder.replaceChildren(canvas);
  return new Chart(canvas, config);
}
