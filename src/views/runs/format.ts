// What the Runs tree shows of a run, as data (no VS Code): the sort key's value, how runs with the
// same name are told apart, the run's timing (finished, running or stale), the hover's sections.
import type { Run } from '../../core/model';
import { formatMetricValue } from '../../core/query/keyMetric';
import type { RunSortKey } from '../../core/query/sort';
import { isStale, lastUpdate } from '../../core/query/stale';
import { formatDuration, formatTimestamp, runDuration } from '../shared/time';
import type { NameTwin } from './runTreeModel';

export { formatDuration, formatTimestamp } from '../shared/time';

const MAX_VALUE_LENGTH = 40;

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * `key value` of the metric or param the view is sorted by (`key —` when the run has none), so
 * that the order is visible; undefined for the other sort keys (name, status and start time show
 * anyway).
 */
export function sortValueText(run: Run, sort: RunSortKey): string | undefined {
  if (sort.kind === 'metric') {
    const point = Object.hasOwn(run.metrics, sort.key) ? run.metrics[sort.key] : undefined;
    return `${sort.key} ${point ? formatMetricValue(point.value) : '—'}`;
  }
  if (sort.kind === 'param') {
    const value = Object.hasOwn(run.params, sort.key) ? run.params[sort.key] : undefined;
    return `${sort.key} ${value === undefined ? '—' : shorten(value, MAX_VALUE_LENGTH)}`;
  }
  return undefined;
}

/** What tells a run from others of the same name: its start time, or the first 8 characters of its id. */
export function twinText(run: Run, twin: NameTwin): string {
  return twin === 'time' && run.startTime !== null ? formatTimestamp(run.startTime) : run.id.slice(0, 8);
}

export type RunTiming =
  | { kind: 'unknown' }
  | { kind: 'finished'; started: string; duration: string }
  | { kind: 'running'; started: string; duration: string }
  /** RUNNING, but nothing was written for longer than the stale threshold. */
  | { kind: 'stale'; started: string; lastUpdate: string; idle: string };

export function runTiming(run: Run, now: number, staleHours: number): RunTiming {
  if (run.startTime === null) return { kind: 'unknown' };
  const started = formatTimestamp(run.startTime);
  if (isStale(run, now, staleHours)) {
    const last = lastUpdate(run) ?? run.startTime;
    return { kind: 'stale', started, lastUpdate: formatTimestamp(last), idle: formatDuration(now - last) };
  }
  const running = run.status === 'RUNNING' && run.endTime === null;
  const duration = formatDuration(runDuration(run.startTime, run.endTime, running, now));
  return { kind: running ? 'running' : 'finished', started, duration };
}

/** Entries sorted by key, at most `max` of them, and how many were left out. */
export function cappedEntries(
  entries: readonly [string, string][],
  max: number,
): { shown: [string, string][]; more: number } {
  const sorted = [...entries].sort(([a], [b]) => a.localeCompare(b));
  return { shown: sorted.slice(0, max), more: Math.max(0, sorted.length - max) };
}
