// The chart.js configuration of a column's overlaid histogram in A and B, with the look of the
// Compare Runs charts (theme colours, scales, tooltip). Pure: drawn by histogram.ts.
import type { ChartConfiguration } from 'chart.js' with { 'resolution-mode': 'import' };
import type { SharedHistogram } from '../../src/views/dataDiff/protocol';
import type { Theme } from '../shared/charts/theme';

export type HistogramConfig = ChartConfiguration<'bar', number[], string>;

/** Translucent fill of a `#rrggbb` colour; other colour syntaxes are used as they are. */
export function translucent(color: string, alpha: number): string {
  const match = /^#([0-9a-f]{6})$/i.exec(color.trim());
  if (!match) return color;
  const n = Number.parseInt(match[1], 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** Grid and border colours of a scale, as the shared charts theme them (chartSetup.themeScale). */
function themedScale(theme: Theme) {
  return { grid: { color: theme.grid }, border: { color: theme.grid } };
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
        x: {
          type: 'category',
          ...themedScale(theme),
          ticks: { color: theme.muted, maxRotation: 45, autoSkip: true },
        },
        y: { type: 'linear', beginAtZero: true, ...themedScale(theme), ticks: { color: theme.muted } },
      },
      plugins: {
        tooltip: {
          backgroundColor: theme.tooltipBackground,
          titleColor: theme.tooltipForeground,
          bodyColor: theme.tooltipForeground,
          borderColor: theme.tooltipBorder,
          borderWidth: 1,
          mode: 'index',
          intersect: false,
        },
      },
    },
  };
  return config;
}
