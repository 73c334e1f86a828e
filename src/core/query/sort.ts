// Sorting runs for the tree and the runs table.

import { RUN_STATUSES, type Run } from '../model';
import { naturalCompare, parseNumeric } from './numbers';

export type RunSortKey =
  { kind: 'startTime' | 'name' | 'status' } | { kind: 'metric' | 'param'; key: string };

/** A run's sort value: a number, a string, NaN, or missing. */
type SortValue =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'nan' }
  | { kind: 'missing' };

const MISSING: SortValue = { kind: 'missing' };

function sortValue(run: Run, key: RunSortKey): SortValue {
  switch (key.kind) {
    case 'startTime':
      return run.startTime === null ? MISSING : { kind: 'number', value: run.startTime };
    case 'name':
      return !run.name ? MISSING : { kind: 'string', value: run.name };
    case 'status':
      return { kind: 'number', value: RUN_STATUSES.indexOf(run.status) };
    case 'metric': {
      if (!Object.hasOwn(run.metrics, key.key)) return MISSING;
      const value = run.metrics[key.key].value;
      return Number.isNaN(value) ? { kind: 'nan' } : { kind: 'number', value };
    }
    case 'param': {
      if (!Object.hasOwn(run.params, key.key)) return MISSING;
      const text = run.params[key.key];
      const value = parseNumeric(text);
      return value === undefined ? { kind: 'string', value: text } : { kind: 'number', value };
    }
  }
}

/** Rank of values that do not take part in the direction: present, then NaN, then missing. */
function tailRank(value: SortValue): number {
  return value.kind === 'missing' ? 2 : value.kind === 'nan' ? 1 : 0;
}

/** Ascending order of present values: numbers (numerically) before strings (naturally). */
function comparePresent(a: SortValue, b: SortValue): number {
  if (a.kind === 'number' && b.kind === 'number') return a.value === b.value ? 0 : a.value < b.value ? -1 : 1;
  if (a.kind === 'string' && b.kind === 'string') return naturalCompare(a.value, b.value);
  return a.kind === 'number' ? -1 : 1;
}

/**
 * Returns a sorted copy. The sort is stable; runs lacking the key come last in both
 * directions, after runs whose metric is NaN. Statuses sort in lifecycle order
 * (RUNNING, SCHEDULED, FINISHED, FAILED, KILLED); names sort naturally ("run-2" before
 * "run-10") with unnamed runs last. Params compare as numbers when they are numbers;
 * numeric params come before the others, which sort naturally.
 */
export function sortRuns(runs: readonly Run[], key: RunSortKey, descending: boolean): Run[] {
  const decorated = runs.map((run, index) => ({ run, index, value: sortValue(run, key) }));
  const direction = descending ? -1 : 1;
  decorated.sort((a, b) => {
    const tail = tailRank(a.value) - tailRank(b.value);
    if (tail !== 0) return tail;
    const order = tailRank(a.value) === 0 ? direction * comparePresent(a.value, b.value) : 0;
    return order !== 0 ? order : a.index - b.index;
  });
  return decorated.map((entry) => entry.run);
}

/** Every metric and param key that occurs in the runs, each sorted naturally and unique. */
export function sortKeysAvailable(runs: readonly Run[]): { metrics: string[]; params: string[] } {
  const metrics = new Set<string>();
  const params = new Set<string>();
  for (const run of runs) {
    for (const key of Object.keys(run.metrics)) metrics.add(key);
    for (const key of Object.keys(run.params)) params.add(key);
  }
  const sorted = (keys: Set<string>): string[] => [...keys].sort(naturalCompare);
  return { metrics: sorted(metrics), params: sorted(params) };
}
