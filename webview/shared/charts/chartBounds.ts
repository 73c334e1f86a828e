// What a metric chart must show: the x and y extent of every visible run's values (so that no
// run is off-scale, whatever chart.js's own bookkeeping of reused datasets says), and a check of
// what was actually drawn, published on the card for tests and screen-reader summaries.
import type { ChartOptions } from 'chart.js' with { 'resolution-mode': 'import' };
import type { SeriesData } from '../../../src/views/charts/protocol';
import { drawable } from './downsample';
import type { ChartsModel, ChartsView } from './model';
import type { SeriesStore } from './seriesStore';

export interface Bounds {
  min: number;
  max: number;
}

export interface ChartBounds {
  x: Bounds | undefined;
  y: Bounds | undefined;
}

function widen(bounds: Bounds | undefined, value: number): Bounds {
  if (!bounds) return { min: value, max: value };
  if (value < bounds.min) bounds.min = value;
  if (value > bounds.max) bounds.max = value;
  return bounds;
}

/**
 * The extent of the drawable points of `series` (all of them, not only the sampled ones): y over
 * the raw values and, when smoothing, the smoothed ones; only positive values on a log axis.
 */
export function seriesBounds(
  series: readonly SeriesData[],
  options: { smoothed: boolean; log: boolean },
): ChartBounds {
  let x: Bounds | undefined;
  let y: Bounds | undefined;
  for (const data of series) {
    const lines = options.smoothed && data.smoothed ? [data.y, data.smoothed] : [data.y];
    for (const ys of lines) {
      for (let i = 0; i < ys.length; i++) {
        const value = ys[i]!;
        if (!drawable(value, options.log) || !Number.isFinite(data.x[i]!)) continue;
        y = widen(y, value);
        x = widen(x, data.x[i]!);
      }
    }
  }
  return { x, y };
}

export interface DrawnLine {
  hidden?: boolean;
  data: readonly { x: number; y: number }[];
}

/** Whether a line has a point inside the shown area (points of a hidden line never count). */
export function lineIsOnScale(line: DrawnLine, x: Bounds, y: Bounds): boolean {
  if (line.hidden) return false;
  return line.data.some(
    (p) => Number.isFinite(p.y) && p.x >= x.min && p.x <= x.max && p.y >= y.min && p.y <= y.max,
  );
}

/** True when every run with a series has at most one value, and one has a value: draw bars. */
export function isSingleValued(counts: readonly number[]): boolean {
  return counts.length > 0 && counts.every((n) => n <= 1) && counts.some((n) => n === 1);
}

/** The smallest box holding all of `extents`. */
export function unionBounds(extents: readonly (ChartBounds | undefined)[]): ChartBounds {
  let x: Bounds | undefined;
  let y: Bounds | undefined;
  for (const extent of extents) {
    if (extent?.x) x = widen(widen(x, extent.x.min), extent.x.max);
    if (extent?.y) y = widen(widen(y, extent.y.min), extent.y.max);
  }
  return { x, y };
}

/** The bounds of every run of the chart of `metric` that the legend shows (cached per series). */
export function visibleBounds(
  model: ChartsModel,
  store: SeriesStore,
  view: ChartsView,
  metric: string,
): ChartBounds {
  const hidden = new Set(view.hidden);
  const variant = { smoothed: model.smoothing > 0, log: view.logScale.includes(metric) };
  return unionBounds(
    model.runs.filter((run) => !hidden.has(run.key)).map((run) => store.extent(run.key, metric, variant)),
  );
}

/**
 * Makes the axes cover every visible run: suggested bounds widen what chart.js computes from the
 * datasets it holds, and give way to a zoom (which sets min and max).
 */
export function applyBounds(options: ChartOptions<'line'>, bounds: ChartBounds): void {
  const scales = options.scales ?? {};
  for (const axis of ['x', 'y'] as const) {
    const scale = scales[axis] as { suggestedMin?: number; suggestedMax?: number } | undefined;
    if (!scale) continue;
    scale.suggestedMin = bounds[axis]?.min;
    scale.suggestedMax = bounds[axis]?.max;
  }
}

interface DrawnChart {
  data: { datasets: readonly (DrawnLine | { data: readonly unknown[] })[] };
  scales: Record<string, Bounds | undefined>;
}

/**
 * Publishes on the card how many visible runs have a point in the shown area (`data-runs-drawn`)
 * out of how many have data (`data-runs-visible`): for tests, and to notice a run that went missing.
 * Bars: one dataset whose values are the runs'.
 */
export function publishDrawn(
  card: HTMLElement,
  chart: DrawnChart | undefined,
  kind: { bars: boolean; isMain: (dataset: unknown) => boolean },
): void {
  if (!chart) return;
  const { x, y } = chart.scales;
  const datasets = chart.data.datasets;
  let drawn = 0;
  let visible = 0;
  if (kind.bars) {
    const values = ((datasets[0]?.data ?? []) as readonly number[]).filter((v) => typeof v === 'number');
    visible = values.length;
    drawn = values.filter((v) => Number.isFinite(v)).length;
  } else if (x && y) {
    const lines = datasets.filter(
      (d): d is DrawnLine => kind.isMain(d) && !(d as DrawnLine).hidden && d.data.length > 0,
    );
    visible = lines.length;
    drawn = lines.filter((line) => lineIsOnScale(line, x, y)).length;
  }
  card.setAttribute('data-runs-drawn', String(drawn));
  card.setAttribute('data-runs-visible', String(visible));
}
