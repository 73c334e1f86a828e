// Builds the Run details panel's `series` message: the histories of the metrics the webview asked
// for, on its x axis, thinned when long (see core/compare/decimate). Pure (no vscode), so the whole
// message, revisions included, is unit-tested. Compare Runs builds its series the same way.
import { alignSeries, timeOrigin } from '../../core/compare/align';
import { decimateSeries, MAX_SENT_POINTS } from '../../core/compare/decimate';
import { freshnessToken, type HistoryEntry } from '../../core/compare/historyCache';
import type { MetricPoint, Run } from '../../core/model';
import type { SeriesData, XAxisMode } from '../charts/protocol';
import type { HistorySeries, KeyValue, SeriesMessage } from './protocol';

const MAX_PROBLEMS = 50;

export interface SeriesInput {
  run: Run;
  /** The metrics asked for; keys the run does not have are left out. */
  metrics: readonly string[];
  xAxis: XAxisMode;
  history: (run: Run, key: string) => HistoryEntry | undefined;
  /**
   * Revisions the webview holds, by metric. Read to leave out data it has, and updated with what
   * this message sends. Clear it when the webview (re)loads.
   */
  sent: Map<string, string>;
  /** Points per history sent at most. */
  limit?: number;
}

/** The metrics of `run` among `wanted`, in the run's sorted order. */
export function chartedMetrics(run: Run, wanted: Iterable<string>): string[] {
  const asked = new Set(wanted);
  return Object.keys(run.metrics)
    .filter((key) => asked.has(key))
    .sort((a, b) => (a === b ? 0 : a < b ? -1 : 1));
}

/** The run restricted to `metrics`: what the history cache reads (histories are read on demand). */
export function withMetrics(run: Run, metrics: readonly string[]): Run {
  const picked: Run['metrics'] = {};
  for (const key of metrics) picked[key] = run.metrics[key]!;
  return { ...run, metrics: picked };
}

/**
 * The history, or, when the store keeps none (a DVC experiment without plots files in the
 * workspace), the latest value, so that every metric with a value is shown.
 */
function drawnPoints(run: Run, metric: string, entry: HistoryEntry, origin: number): readonly MetricPoint[] {
  if (entry.points.length > 0) return entry.points;
  const latest = run.metrics[metric];
  if (!latest) return [];
  return [latest.timestamp !== undefined && latest.timestamp > 0 ? latest : { ...latest, timestamp: origin }];
}

/** Several points, all with the same timestamp: the store recorded no times for them. */
function isUntimed(points: readonly MetricPoint[]): boolean {
  return points.length > 1 && points.every((p) => p.timestamp === points[0]!.timestamp);
}

function seriesData(points: readonly MetricPoint[], xAxis: XAxisMode, origin: number, limit: number) {
  const aligned = decimateSeries(alignSeries(points, xAxis, origin), limit);
  const data: SeriesData = {
    x: aligned.x,
    y: aligned.y,
    smoothed: null,
    step: xAxis === 'step' ? null : aligned.step,
    ...(xAxis !== 'step' && isUntimed(points) ? { untimed: true } : {}),
  };
  return data;
}

export function buildSeriesMessage(input: SeriesInput): SeriesMessage {
  const { run, xAxis, sent } = input;
  const limit = input.limit ?? MAX_SENT_POINTS;
  const entries = chartedMetrics(run, input.metrics).flatMap((metric) => {
    const entry = input.history(run, metric);
    return entry ? [{ metric, entry }] : [];
  });
  // Relative time counts from the run's start (its first logged value when the start is unknown).
  const start =
    run.startTime !== null && Number.isFinite(run.startTime)
      ? run.startTime
      : timeOrigin(
          entries.map((e) => e.entry.points),
          null,
        );
  const relative = xAxis === 'relativeTime';
  const origin = relative ? start : 0;
  const series = entries.map(({ metric, entry }): HistorySeries => {
    const points = drawnPoints(run, metric, entry, start);
    const latest = entry.points.length === 0 ? `:${freshnessToken(run, metric)}` : '';
    const revision = `${entry.version}:${xAxis}:${limit}${relative ? `:${origin}` : ''}${latest}`;
    const held = sent.get(metric) === revision;
    sent.set(metric, revision);
    const data = held ? null : seriesData(points, xAxis, origin, limit);
    return { run: 0, metric, revision, data, points: points.length };
  });
  // The webview drops the series a message leaves out: it no longer holds them.
  const listed = new Set(series.map((s) => s.metric));
  for (const metric of [...sent.keys()]) if (!listed.has(metric)) sent.delete(metric);
  return {
    type: 'series',
    store: run.store,
    id: run.id,
    xAxis,
    series,
    problems: problemsOf(entries.map((e) => e.entry)),
  };
}

function problemsOf(entries: readonly HistoryEntry[]): KeyValue[] {
  const seen = new Map<string, KeyValue>();
  for (const entry of entries) {
    for (const problem of entry.problems) {
      seen.set(`${problem.path}\u0000${problem.reason}`, { key: problem.path, value: problem.reason });
    }
  }
  return [...seen.values()].slice(0, MAX_PROBLEMS);
}
