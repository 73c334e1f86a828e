// Point data of the compared series, kept across snapshots: a snapshot leaves out the data of a
// series whose revision the webview already holds, and charts reuse the point arrays built for it.
import type { SeriesData, SeriesPayload } from '../../../src/views/charts/protocol';
import { seriesBounds, type ChartBounds } from './chartBounds';
import { drawable, lttbIndexes, MAX_CHART_POINTS, visibleRange } from './downsample';

/** One point as chart.js takes it with `parsing: false`; `step` is for the tooltip. */
export interface ChartPoint {
  x: number;
  y: number;
  step: number;
}

export interface PointVariant {
  smoothed: boolean;
  log: boolean;
}

interface StoredSeries {
  revision: string;
  data: SeriesData;
  /** Point arrays built from `data`, by variant. */
  points: Map<string, ChartPoint[]>;
  /** Extents of `data`, by variant (see chartBounds). */
  extents: Map<string, ChartBounds>;
}

export function seriesKey(runKey: string, metric: string): string {
  return `${runKey}\u0000${metric}`;
}

/**
 * chart.js points for one series over the x range [min, max] (the whole series without one),
 * sampled down to about `limit` points. Values the axis cannot draw are gaps (NaN).
 */
export function buildPoints(
  data: SeriesData,
  variant: PointVariant,
  range?: { min: number; max: number },
  limit = MAX_CHART_POINTS,
): ChartPoint[] {
  const ys = variant.smoothed && data.smoothed ? data.smoothed : data.y;
  const { x, step } = data;
  const [start, end] = range ? visibleRange(x, range.min, range.max) : [0, x.length];
  const indexes = lttbIndexes(x, ys, start, end, limit, variant.log);
  const points = new Array<ChartPoint>(indexes.length);
  for (let k = 0; k < indexes.length; k++) {
    const i = indexes[k]!;
    const y = ys[i]!;
    points[k] = { x: x[i]!, y: drawable(y, variant.log) ? y : NaN, step: step ? step[i]! : x[i]! };
  }
  return points;
}

export interface ApplyResult {
  /** Series whose data changed (new or new revision). */
  changed: Set<string>;
  /** Series the host believes we hold but we do not: the webview must ask for everything again. */
  lost: string[];
}

export class SeriesStore {
  private readonly series = new Map<string, StoredSeries>();

  apply(snapshot: { runs: readonly { key: string }[]; series: readonly SeriesPayload[] }): ApplyResult {
    const changed = new Set<string>();
    const lost: string[] = [];
    const present = new Set<string>();
    for (const payload of snapshot.series) {
      const run = snapshot.runs[payload.run];
      if (!run) continue;
      const key = seriesKey(run.key, payload.metric);
      present.add(key);
      const stored = this.series.get(key);
      if (payload.data) {
        if (stored?.revision !== payload.revision) changed.add(key);
        this.series.set(key, {
          revision: payload.revision,
          data: payload.data,
          points: new Map(),
          extents: new Map(),
        });
      } else if (stored?.revision !== payload.revision) {
        lost.push(key);
      }
    }
    for (const key of [...this.series.keys()]) if (!present.has(key)) this.series.delete(key);
    return { changed, lost };
  }

  has(runKey: string, metric: string): boolean {
    return this.series.has(seriesKey(runKey, metric));
  }

  revision(runKey: string, metric: string): string | undefined {
    return this.series.get(seriesKey(runKey, metric))?.revision;
  }

  /**
   * Points of the whole series (cached per variant and budget), or of the x range a zoomed chart
   * shows, sampled to at most `limit` points.
   */
  points(
    runKey: string,
    metric: string,
    variant: PointVariant,
    range?: { min: number; max: number },
    limit = MAX_CHART_POINTS,
  ): ChartPoint[] {
    const stored = this.series.get(seriesKey(runKey, metric));
    if (!stored) return [];
    if (range) return buildPoints(stored.data, variant, range, limit);
    const id = `${variant.smoothed ? 's' : 'r'}${variant.log ? 'l' : ''}${limit}`;
    let points = stored.points.get(id);
    if (!points) {
      points = buildPoints(stored.data, variant, undefined, limit);
      stored.points.set(id, points);
    }
    return points;
  }

  /** The series as the host sent it (for bounds over every point, not only the sampled ones). */
  data(runKey: string, metric: string): SeriesData | undefined {
    return this.series.get(seriesKey(runKey, metric))?.data;
  }

  /**
   * How many different (step, value) points the series has, counted up to `limit`: a value logged
   * several times at one step (as autologging does) is still one value.
   */
  distinctPoints(runKey: string, metric: string, limit = 2): number {
    const data = this.series.get(seriesKey(runKey, metric))?.data;
    if (!data) return 0;
    const steps = data.step ?? data.x;
    const seen = new Set<string>();
    for (let i = 0; i < data.y.length && seen.size < limit; i++) seen.add(`${steps[i]}|${data.y[i]}`);
    return seen.size;
  }

  /** The x and y extent of the whole series, computed once per revision and variant. */
  extent(runKey: string, metric: string, variant: PointVariant): ChartBounds | undefined {
    const stored = this.series.get(seriesKey(runKey, metric));
    if (!stored) return undefined;
    const id = `${variant.smoothed ? 's' : 'r'}${variant.log ? 'l' : ''}`;
    let extent = stored.extents.get(id);
    if (!extent) {
      extent = seriesBounds([stored.data], variant);
      stored.extents.set(id, extent);
    }
    return extent;
  }

  count(runKey: string, metric: string): number {
    return this.series.get(seriesKey(runKey, metric))?.data.x.length ?? 0;
  }

  /** The last point in x order: the value a training run reached most recently. */
  last(runKey: string, metric: string): { value: number; step: number } | undefined {
    const data = this.series.get(seriesKey(runKey, metric))?.data;
    const n = data?.x.length ?? 0;
    if (!data || n === 0) return undefined;
    return { value: data.y[n - 1]!, step: data.step ? data.step[n - 1]! : data.x[n - 1]! };
  }
}
