// Options of the metric line charts: linear or log y, x ticks in the axis' unit, the tooltip that
// lists every run at the hovered x (sorted by value), and zoom/pan that resample the lines.
import type { ChartOptions, Scale, TooltipItem } from 'chart.js' with { 'resolution-mode': 'import' };
import type { XAxisMode } from '../../../src/views/charts/protocol';
import { themeScale, tooltipTheme } from './chartSetup';
import { formatValue, formatX } from './format';
import type { ChartPoint } from './seriesStore';
import type { Theme } from './theme';
import { isMain, RUNS_AT_X } from './tooltipMode';

/** Tick labels measured to lay out an axis (chart.js measures every one by default). */
const TICK_SAMPLES = 8;

export interface LineOptionsInput {
  mode: XAxisMode;
  log: boolean;
  theme: Theme;
  stepLabel: string;
  /** Steps are whole numbers: no x tick between two steps (0.5, 1.5 …) on the step axis. */
  wholeSteps?: boolean;
  /** After a zoom, pan or reset: the lines are sampled again over what is shown. */
  rangeChanged: () => void;
}

function tooltipLabel(item: TooltipItem<'line'>, stepLabel: string): string {
  const step = (item.raw as ChartPoint).step;
  return `${item.dataset.label ?? ''}: ${formatValue(item.parsed.y ?? NaN)} (${stepLabel} ${step})`;
}

export function lineChartOptions(input: LineOptionsInput): ChartOptions<'line'> {
  const { mode, log, theme, stepLabel } = input;
  const options: ChartOptions<'line'> = {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    interaction: { mode: RUNS_AT_X as 'nearest', intersect: false, axis: 'x' },
    scales: {
      x: {
        type: 'linear',
        ticks: {
          maxRotation: 0,
          sampleSize: TICK_SAMPLES,
          ...(input.wholeSteps && mode === 'step' ? { precision: 0 } : {}),
          callback(this: Scale, value: number | string) {
            return formatX(mode, Number(value), this.max - this.min);
          },
        },
      },
      y: {
        type: log ? 'logarithmic' : 'linear',
        ticks: { sampleSize: TICK_SAMPLES, callback: (value: number | string) => formatValue(Number(value)) },
      },
    },
    plugins: {
      // Lines are sampled to about one point per pixel before chart.js sees them; its own
      // decimation would swap each dataset's data for a copy of its own.
      decimation: { enabled: false },
      tooltip: {
        ...tooltipTheme(theme),
        filter: (item) => isMain(item.dataset),
        itemSort: (a, b) => (b.parsed.y ?? -Infinity) - (a.parsed.y ?? -Infinity),
        callbacks: {
          title: (items) => (items[0] ? formatX(mode, items[0].parsed.x ?? NaN, 0) : ''),
          label: (item: TooltipItem<'line'>) => tooltipLabel(item, stepLabel),
        },
      },
      zoom: zoomOptions(theme, input.rangeChanged),
    },
  };
  themeScale(options.scales?.x as Record<string, unknown>, theme);
  themeScale(options.scales?.y as Record<string, unknown>, theme);
  return options;
}

/** Drag to zoom, Shift+drag to pan, Ctrl+wheel or pinch to zoom; lines are resampled afterwards. */
function zoomOptions(theme: Theme, rangeChanged: () => void) {
  return {
    pan: { enabled: true, mode: 'xy' as const, modifierKey: 'shift' as const, onPanComplete: rangeChanged },
    zoom: {
      mode: 'xy' as const,
      onZoomComplete: rangeChanged,
      wheel: { enabled: true, modifierKey: 'ctrl' as const },
      pinch: { enabled: true },
      drag: { enabled: true, threshold: 5, backgroundColor: theme.selection },
    },
  };
}
