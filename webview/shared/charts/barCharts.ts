// Metrics with one value per run (a final score, a count) are drawn as bars, one per run in the
// run's colour: a lone dot per run on a made-up x axis from -1 to 1 told nothing.
import type { ChartConfiguration, TooltipItem } from 'chart.js' with { 'resolution-mode': 'import' };
import type { ChartRunView } from '../../../src/views/charts/protocol';
import { themeScale, tooltipTheme } from './chartSetup';
import { drawable } from './downsample';
import { formatValue } from './format';
import type { ChartsModel } from './model';
import { isSingleValued } from './chartBounds';
import type { SeriesStore } from './seriesStore';
import type { Theme } from './theme';

export interface BarItem {
  run: ChartRunView;
  value: number;
  step: number;
}

export type BarConfig = ChartConfiguration<'bar', number[], string>;

export function barChartConfig(
  items: readonly BarItem[],
  options: { theme: Theme; strings: { step: string }; log: boolean },
): BarConfig {
  const { theme, strings, log } = options;
  const config: BarConfig = {
    type: 'bar',
    data: {
      labels: items.map((item) => item.run.name),
      datasets: [
        {
          data: items.map((item) => (drawable(item.value, log) ? item.value : NaN)),
          backgroundColor: items.map((item) => item.run.color),
          borderColor: items.map((item) => item.run.color),
          borderWidth: 1,
          maxBarThickness: 48,
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { type: 'category', ticks: { maxRotation: 45, autoSkip: true } },
        y: {
          type: log ? 'logarithmic' : 'linear',
          beginAtZero: !log,
          ticks: { callback: (value: number | string) => formatValue(Number(value)) },
        },
      },
      plugins: {
        tooltip: {
          ...tooltipTheme(theme),
          callbacks: {
            label: (item: TooltipItem<'bar'>) => {
              const bar = items[item.dataIndex];
              return bar ? `${formatValue(bar.value)} (${strings.step} ${bar.step})` : '';
            },
          },
        },
      },
    },
  };
  themeScale(config.options?.scales?.x as Record<string, unknown>, theme);
  themeScale(config.options?.scales?.y as Record<string, unknown>, theme);
  return config;
}

/** True when every run has at most one value of `metric`: one bar per run. */
export function wantsBars(model: ChartsModel, store: SeriesStore, metric: string): boolean {
  const counts = model.runs
    .filter((run) => store.has(run.key, metric))
    .map((run) => store.distinctPoints(run.key, metric));
  return isSingleValued(counts);
}

/** One bar per visible run that has the value, in the panel's run order. */
export function barItems(
  model: ChartsModel,
  store: SeriesStore,
  hidden: ReadonlySet<string>,
  metric: string,
): BarItem[] {
  return model.runs.flatMap((run) => {
    const last = hidden.has(run.key) ? undefined : store.last(run.key, metric);
    return last ? [{ run, value: last.value, step: last.step }] : [];
  });
}
