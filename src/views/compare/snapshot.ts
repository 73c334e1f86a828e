// Builds the Compare Runs snapshot from the core model and the cached histories. Pure (no vscode),
// so the whole message, revisions included, is unit-tested.
import { alignSeries, timeOrigin } from '../../core/compare/align';
import { buildAxes, defaultPcpAxes } from '../../core/compare/axes';
import { DASH_PATTERNS, RunStyleAssigner } from '../../core/compare/colors';
import { freshnessToken, type HistoryEntry } from '../../core/compare/historyCache';
import { emaSmooth } from '../../core/compare/smoothing';
import { buildCompareRows } from '../../core/compare/table';
import type { MetricPoint, Run } from '../../core/model';
import { runKey } from '../runs/runTreeModel';
import type {
  HostOptions,
  ProblemView,
  RunEntry,
  RunRefState,
  SeriesData,
  SeriesPayload,
  Snapshot,
  TableRowView,
} from './protocol';

const MAX_PROBLEMS = 50;

export interface SnapshotInput {
  runs: readonly Run[];
  requested: readonly RunRefState[];
  missingRuns: number;
  indexing: boolean;
  history: (run: Run, key: string) => HistoryEntry | undefined;
  options: HostOptions;
  /**
   * Series revisions the webview holds (series id → revision). Read to leave out data it has,
   * and updated with what this snapshot sends. Clear it when the webview (re)loads.
   */
  sent: Map<string, string>;
  /** The panel's run colours (kept while the panel lives); a fresh one colours runs in order. */
  styles?: RunStyleAssigner;
}

export function seriesId(run: Pick<Run, 'store' | 'id'>, metric: string): string {
  return `${runKey(run)}\u0000${metric}`;
}

export function toRunEntries(runs: readonly Run[], assigner = new RunStyleAssigner()): RunEntry[] {
  const styles = assigner.assign(runs);
  return runs.map((run, i) => ({
    key: runKey(run),
    store: run.store,
    id: run.id,
    name: run.name || run.id,
    experimentName: run.experimentName,
    status: run.status,
    color: styles[i]!.color,
    dash: [...(DASH_PATTERNS[styles[i]!.dash] ?? [])],
  }));
}

function seriesData(points: readonly MetricPoint[], options: HostOptions, origin: number): SeriesData {
  const aligned = alignSeries(points, options.xAxis, origin);
  return {
    x: aligned.x,
    y: aligned.y,
    smoothed: options.smoothing > 0 ? emaSmooth(aligned.y, options.smoothing) : null,
    step: options.xAxis === 'step' ? null : aligned.step,
    ...(options.xAxis !== 'step' && isUntimed(points) ? { untimed: true } : {}),
  };
}

/** Several points, all with the same timestamp: the store recorded no times for them. */
function isUntimed(points: readonly MetricPoint[]): boolean {
  return points.length > 1 && points.every((p) => p.timestamp === points[0]!.timestamp);
}

/**
 * The points to draw: the history, or, when the store has none (a DVC experiment whose plots files
 * are not in the workspace, an MLflow run logged by a tool that keeps no history), the latest
 * value the table shows, so that every run with a value is drawn.
 */
function drawnPoints(run: Run, metric: string, entry: HistoryEntry, origin: number): readonly MetricPoint[] {
  if (entry.points.length > 0) return entry.points;
  const latest = run.metrics[metric];
  if (!latest) return [];
  // Values without a time (a DVC workspace): on a time axis, the run's own start instead.
  return [latest.timestamp !== undefined && latest.timestamp > 0 ? latest : { ...latest, timestamp: origin }];
}

function runSeries(run: Run, index: number, input: SnapshotInput): SeriesPayload[] {
  const entries = Object.keys(run.metrics)
    .sort()
    .flatMap((metric) => {
      const entry = input.history(run, metric);
      return entry ? [{ metric, entry }] : [];
    });
  const relative = input.options.xAxis === 'relativeTime';
  // When the run's clock starts: its first logged value, else its start time.
  const start = timeOrigin(
    entries.map((e) => e.entry.points),
    run.startTime,
  );
  const origin = relative ? start : 0;
  return entries.map(({ metric, entry }) => {
    const id = seriesId(run, metric);
    const { xAxis, smoothing } = input.options;
    // Without a history the latest value is drawn: it is part of what the revision stands for.
    const latest = entry.points.length === 0 ? `:${freshnessToken(run, metric)}` : '';
    const revision = `${entry.version}:${xAxis}:${smoothing}${relative ? `:${origin}` : ''}${latest}`;
    if (input.sent.get(id) === revision) return { run: index, metric, revision, data: null };
    input.sent.set(id, revision);
    return {
      run: index,
      metric,
      revision,
      data: seriesData(drawnPoints(run, metric, entry, start), input.options, origin),
    };
  });
}

function tableRows(runs: readonly Run[], options: HostOptions): TableRowView[] {
  return buildCompareRows(runs, options.directions).map((row) => ({
    section: row.section,
    key: row.key,
    cells: row.cells,
    differs: row.differs,
    direction: row.direction,
    directionOverridden:
      row.section === 'metric' && Object.prototype.hasOwnProperty.call(options.directions, row.key),
    best: row.best,
  }));
}

function problemsOf(runs: readonly Run[], input: SnapshotInput): ProblemView[] {
  const seen = new Map<string, ProblemView>();
  for (const run of runs) {
    for (const key of Object.keys(run.metrics)) {
      for (const problem of input.history(run, key)?.problems ?? []) {
        seen.set(`${problem.path}\u0000${problem.reason}`, { path: problem.path, reason: problem.reason });
      }
    }
  }
  return [...seen.values()].slice(0, MAX_PROBLEMS);
}

export function buildSnapshot(input: SnapshotInput): Snapshot {
  const { runs } = input;
  const series = runs.flatMap((run, index) => runSeries(run, index, input));
  const metrics = [...new Set(series.map((s) => s.metric))].sort();
  const axes = buildAxes(runs);
  return {
    type: 'snapshot',
    runs: toRunEntries(runs, input.styles),
    metrics,
    series,
    table: tableRows(runs, input.options),
    axes,
    defaultParallelAxes: defaultPcpAxes(axes),
    options: input.options,
    requested: input.requested.map((ref) => ({ store: ref.store, id: ref.id })),
    missingRuns: input.missingRuns,
    indexing: input.indexing,
    problems: problemsOf(runs, input),
  };
}
