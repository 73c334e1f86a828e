// The overlaid histogram of a column in A and B, with the look of the Compare Runs charts (the same
// chart.js build, theme colours, tooltip).
import type { ChartConfiguration } from 'chart.js' with { 'resolution-mode': 'import' };
import type { SharedHistogram } from '../../src/views/dataDiff/protocol';
import { registerLineCharts, themeScale, tooltipTheme } from '../shared/charts/chartSetup';
import type { Theme } from '../shared/charts/theme';
import { Chart } from '../shared/charts/vendor';

export type HistogramConfig = ChartConfiguration<'bar', number[], string>;

/** Translucent fill of a `#rrggbb` colour; other colour syntaxes are used as they are. */
export function translucent(color: string, alpha: number): string {
  const match = /^#([0-9a-f]{6})$/i.exec(color.trim());
  if (!match) return color;
  const n = Number.parseInt(match[1], 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

export function histogramConfig(
  histogram: SharedHistogram,
  labels: { a: string; b: string },
  colors: { a: string; b: string },
  theme: Theme,
): HistogramConfig {
  const dataset = (data: number[], label: string, color: string) => ({
    label,
    data,
    backgroundColor: translucent(color, 0.45),
    borderColor: color,
    borderWidth: 1,
    // Overlaid rather than side by side: where the versions agree the bars coincide.
    grouped: false,
    barPercentage: 1,
    categoryPercentage: 0.95,
  });
  const config: HistogramConfig = {
    type: 'bar',
    data: {
      labels: histogram.bins,
      datasets: [dataset(histogram.a, labels.a, colors.a), dataset(histogram.b, labels.b, colors.b)],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { type: 'category', ticks: { maxRotation: 45, autoSkip: true } },
        y: { type: 'linear', beginAtZero: true },
      },
      plugins: { tooltip: { ...tooltipTheme(theme), mode: 'index', intersect: false } },
    },
  };
  const scales = config.options?.scales as Record<string, Record<string, unknown>>;
  themeScale(scales.x, theme);
  themeScale(scales.y, theme);
  return config;
}

export function drawHistogram(holder: HTMLElement, config: HistogramConfig): { destroy(): void } {
  registerLineCharts();
  const canvas = holder.ownerDocument.createElement('canvas');
  holder.replaceChildren(canvas);
  return new Chart(canvas, config);
}
