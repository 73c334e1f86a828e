// chart.js with only the parts the line and bar charts use (tree-shaken) and the zoom plugin;
// shared theming of scales and tooltips, and the PNG export of a chart.
import type { Theme } from './theme';
import { isMain, registerRunsAtX } from './tooltipMode';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Decimation,
  Interaction,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  zoomPlugin,
} from './vendor';

let registered = false;

/** Registers what the metric charts need (a panel may register more, e.g. Compare's scatter). */
export function registerLineCharts(): void {
  if (registered) return;
  registered = true;
  Chart.register(
    BarController,
    BarElement,
    CategoryScale,
    LineController,
    LineElement,
    PointElement,
    LinearScale,
    LogarithmicScale,
    Tooltip,
    Decimation,
    zoomPlugin,
  );
  // The faded raw line under a smoothed one is not listed (its dataset says smoothedLine: false).
  registerRunsAtX(Interaction.modes as unknown as Record<string, unknown>, (chart, index) =>
    isMain(chart.data.datasets[index]),
  );
}

/**
 * Draws a throw-away chart on a detached canvas, so that chart.js's code is compiled before the
 * first snapshot arrives (it is otherwise compiled while the user waits for the first chart).
 */
export function warmUpCharts(doc: Document): void {
  const canvas = doc.createElement('canvas');
  canvas.width = 200;
  canvas.height = 100;
  const data = Array.from({ length: 2000 }, (_, i) => ({ x: i, y: Math.sin(i / 50) }));
  const chart = new Chart(canvas, {
    type: 'line',
    data: {
      datasets: [
        { data, pointRadius: 0 },
        { data: data.slice(0, 50), borderDash: [6, 3] },
      ],
    },
    options: {
      animation: false,
      responsive: false,
      parsing: false,
      scales: { x: { type: 'linear' }, y: { type: 'linear' } },
      plugins: { decimation: { enabled: true, algorithm: 'lttb' } },
    },
  });
  chart.destroy();
}

export function applyThemeDefaults(theme: Theme): void {
  Chart.defaults.color = theme.muted;
  Chart.defaults.borderColor = theme.grid;
  Chart.defaults.font.family = theme.fontFamily;
  Chart.defaults.font.size = Math.max(10, theme.fontSize - 1);
}

export function tooltipTheme(theme: Theme) {
  return {
    backgroundColor: theme.tooltipBackground,
    titleColor: theme.tooltipForeground,
    bodyColor: theme.tooltipForeground,
    borderColor: theme.tooltipBorder,
    borderWidth: 1,
  };
}

/** Colours of one cartesian scale (axis, ticks, grid) from the theme, set in place. */
export function themeScale(scale: Record<string, unknown> | undefined, theme: Theme): void {
  if (!scale) return;
  const ticks = (scale.ticks ??= {}) as Record<string, unknown>;
  ticks.color = theme.muted;
  const grid = (scale.grid ??= {}) as Record<string, unknown>;
  grid.color = theme.grid;
  const border = (scale.border ??= {}) as Record<string, unknown>;
  border.color = theme.grid;
  const title = (scale.title ??= {}) as Record<string, unknown>;
  title.color = theme.foreground;
}

export interface LegendEntry {
  label: string;
  color: string;
  dash: number[];
}

const LEGEND_ROW = 18;
const LEGEND_COLUMN = 220;
const PADDING = 12;

/** Draws the title and a legend around a copy of the chart (chart.js's own legend is not loaded). */
function drawFrame(
  ctx: CanvasRenderingContext2D,
  source: HTMLCanvasElement,
  scale: number,
  title: string,
  legend: readonly LegendEntry[],
  theme: Theme,
): void {
  const width = ctx.canvas.width / scale;
  ctx.scale(scale, scale);
  ctx.font = `600 ${theme.fontSize + 1}px ${theme.fontFamily}`;
  ctx.fillStyle = theme.foreground;
  ctx.textBaseline = 'middle';
  ctx.fillText(title, PADDING, PADDING + LEGEND_ROW / 2, width - 2 * PADDING);
  const top = PADDING + LEGEND_ROW + 4;
  ctx.drawImage(source, 0, top, source.width / scale, source.height / scale);
  const columns = Math.max(1, Math.floor((width - 2 * PADDING) / LEGEND_COLUMN));
  ctx.font = `${theme.fontSize}px ${theme.fontFamily}`;
  ctx.lineWidth = 2;
  legend.forEach((entry, i) => {
    const x = PADDING + (i % columns) * LEGEND_COLUMN;
    const y = top + source.height / scale + 8 + Math.floor(i / columns) * LEGEND_ROW + LEGEND_ROW / 2;
    ctx.strokeStyle = entry.color;
    ctx.setLineDash(entry.dash);
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + 18, y);
    ctx.stroke();
    ctx.fillStyle = theme.foreground;
    ctx.fillText(entry.label, x + 24, y, LEGEND_COLUMN - 30);
  });
}

/** The chart as a PNG data URL on the editor background (the canvas itself is transparent), titled, with a legend. */
export function chartPng(chart: Chart, theme: Theme, title: string, legend: readonly LegendEntry[]): string {
  const source = chart.canvas;
  const scale = source.width / Math.max(1, source.clientWidth || source.width);
  const columns = Math.max(1, Math.floor((source.width / scale - 2 * PADDING) / LEGEND_COLUMN));
  const legendHeight = legend.length === 0 ? 0 : Math.ceil(legend.length / columns) * LEGEND_ROW + 12;
  const out = document.createElement('canvas');
  out.width = source.width;
  out.height = Math.ceil(source.height + (PADDING + LEGEND_ROW + 4 + legendHeight + PADDING) * scale);
  const ctx = out.getContext('2d');
  if (!ctx) return chart.toBase64Image('image/png');
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, out.width, out.height);
  drawFrame(ctx, source, scale, title, legend, theme);
  return out.toDataURL('image/png');
}
