// What the inline providers of training code show for a logged key: the runs that logged it (newest
// first), the latest value and its run, and over the last N runs the min, the max and the best by
// the metric's direction. Built once per run-index change into a key → runs table, so that each
// hover, inlay hint or CodeLens is a map lookup (prefix keys: a scan of the table's keys).
import { metricDirection, type Direction, type DirectionOverrides } from '../../compare/best';
import type { LogCall, LogKind } from '../../logCalls/types';
import type { Run, TypedValue } from '../../model';
import { isInside } from '../../index/paths';

export interface KeyValue {
  run: Run;
  /** A metric's latest value (may be NaN or ±Infinity), or a param's value as text. */
  value: number | string;
}

export interface KeySummary {
  /** The key as logged (for a prefix call: one of the keys that start with the prefix). */
  key: string;
  kind: LogKind;
  /** Newest first, at most `runCount`; runs whose value is missing are not here. */
  values: KeyValue[];
  /** Metrics only, over `values` (finite values only). */
  min?: KeyValue;
  max?: KeyValue;
  best?: KeyValue;
  direction?: Direction;
}

/** Runs newest first: by start time, runs without one last (in their index order). */
function newestFirst(runs: readonly Run[]): Run[] {
  return runs
    .map((run, order) => ({ run, order }))
    .sort((a, b) => (b.run.startTime ?? -Infinity) - (a.run.startTime ?? -Infinity) || a.order - b.order)
    .map((entry) => entry.run);
}

function metricValue(run: Run, key: string): number | undefined {
  const point = run.metrics[key];
  if (point) return point.value;
  const typed: TypedValue | undefined = run.metricValues?.[key];
  return typeof typed === 'number' ? typed : undefined;
}

function paramValue(run: Run, key: string): string | undefined {
  return Object.hasOwn(run.params, key) ? run.params[key] : undefined;
}

/** The runs of some stores, by key: built once, asked many times. */
export class KeyTable {
  private readonly metrics = new Map<string, Run[]>();
  private readonly params = new Map<string, Run[]>();

  /** `runs`: every run of the index; only active runs of stores inside `folder` (when given) count. */
  constructor(runs: readonly Run[], folder?: string) {
    const kept = runs.filter((r) => r.lifecycle === 'active' && (!folder || isInside(r.store, folder)));
    for (const run of newestFirst(kept)) {
      for (const key of Object.keys(run.metrics)) push(this.metrics, key, run);
      for (const [key, typed] of Object.entries(run.metricValues ?? {})) {
        if (typeof typed === 'number' && !Object.hasOwn(run.metrics, key)) push(this.metrics, key, run);
      }
      for (const key of Object.keys(run.params)) push(this.params, key, run);
    }
  }

  private table(kind: LogKind): Map<string, Run[]> {
    return kind === 'metric' ? this.metrics : this.params;
  }

  /** The keys a call stands for: its own, or (prefix) every key starting with it, sorted. */
  keysOf(call: Pick<LogCall, 'kind' | 'key' | 'match'>): string[] {
    const table = this.table(call.kind);
    if (call.match === 'exact') return table.has(call.key) ? [call.key] : [];
    if (call.key === '') return [];
    return [...table.keys()].filter((key) => key.startsWith(call.key)).sort();
  }

  /** The key's values in the `runCount` newest runs that logged it, with min, max and best. */
  summary(kind: LogKind, key: string, runCount: number, overrides: DirectionOverrides = {}): KeySummary {
    const runs = this.table(kind).get(key) ?? [];
    const values: KeyValue[] = [];
    for (const run of runs) {
      if (values.length >= runCount) break;
      const value = kind === 'metric' ? metricValue(run, key) : paramValue(run, key);
      if (value !== undefined) values.push({ run, value });
    }
    const summary: KeySummary = { key, kind, values };
    if (kind === 'metric') Object.assign(summary, extremes(values, metricDirection(key, overrides)));
    return summary;
  }
}

function push(table: Map<string, Run[]>, key: string, run: Run): void {
  const list = table.get(key);
  if (list) list.push(run);
  else table.set(key, [run]);
}

function extremes(values: readonly KeyValue[], direction: Direction): Partial<KeySummary> {
  let min: KeyValue | undefined;
  let max: KeyValue | undefined;
  for (const entry of values) {
    if (typeof entry.value !== 'number' || !Number.isFinite(entry.value)) continue;
    if (!min || entry.value < (min.value as number)) min = entry;
    if (!max || entry.value > (max.value as number)) max = entry;
  }
  return { min, max, best: direction === 'min' ? min : max, direction };
}

/** A run as people name it: its name, else the start of its id. */
export function runLabel(run: Pick<Run, 'name' | 'id'>): string {
  return run.name || run.id.slice(0, 8);
}
