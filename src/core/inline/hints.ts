// Inline hints from a file's changes: where each shows (after the value as written) and what it
// says — a param's baseline value, a metric's change with whether it got better. The wording is the
// extension's (localised); this decides placement, values and verdicts.
import type { ValueChange } from '../paramsDiff/diff';
import { numberOf } from '../paramsDiff/pyData';
import { guessDirection, type Direction } from '../compare/best';
import { isPyDict, pyStr, type PyValue } from '../sources/dvc/pyValue';
import { spanFor, type ValueSpans } from './locate';
import type { FileChanges } from './sides';

export type Verdict = 'better' | 'worse' | 'same';

export interface InlineHint {
  /** The changed key (the first, when several changes fall on one value written whole). */
  key: string;
  /** Offset the hint is shown after: the end of the value. */
  offset: number;
  valueStart: number;
  /** The baseline's value as `dvc params diff` prints it; null when the key is new. */
  old: string | null;
  /** Metrics: the change, signed ("+0.004"), when both sides are numbers. */
  delta?: string;
  verdict?: Verdict;
  direction?: Direction;
  /** Every key whose change this hint stands for. */
  keys: string[];
}

export interface PlacedHints {
  hints: InlineHint[];
  /** Changed keys the text does not show (removed since the baseline). */
  removed: string[];
  /** Every change, as the diff counts them. */
  count: number;
}

/** A value as DVC's diff table prints it (None as "None", floats as Python writes them). */
export function shownValue(value: PyValue): string {
  return pyStr(value);
}

export function placeHints(kind: 'params' | 'metrics', changes: FileChanges, spans: ValueSpans): PlacedHints {
  const byOffset = new Map<number, InlineHint>();
  const removed: string[] = [];
  for (const [key, change] of Object.entries(changes)) {
    const span = change.new === null ? undefined : spanFor(spans, key);
    if (!span) {
      removed.push(key);
      continue;
    }
    const known = byOffset.get(span.valueEnd);
    if (known) {
      known.keys.push(key);
      continue;
    }
    const hint: InlineHint = {
      key,
      offset: span.valueEnd,
      valueStart: span.valueStart,
      old: change.old === null ? null : shownValue(change.old),
      keys: [key],
    };
    if (kind === 'metrics') Object.assign(hint, metricChange(key, change));
    byOffset.set(span.valueEnd, hint);
  }
  const hints = [...byOffset.values()].sort((a, b) => a.offset - b.offset);
  return { hints, removed, count: Object.keys(changes).length };
}

function metricChange(key: string, change: ValueChange): Partial<InlineHint> {
  const diff = change.diff === undefined ? undefined : numberOf(change.diff)?.value;
  if (diff === undefined) return {};
  const direction = guessDirection(key);
  return { delta: formatDelta(diff), direction, verdict: verdictOf(diff, direction) };
}

export function verdictOf(diff: number, direction: Direction): Verdict {
  if (diff === 0 || Number.isNaN(diff)) return 'same';
  return diff > 0 === (direction === 'max') ? 'better' : 'worse';
}

/** "+0.004", "-12", "+1.2e-05": up to 4 significant digits, always signed. */
export function formatDelta(diff: number): string {
  if (!Number.isFinite(diff)) return String(diff);
  const magnitude = Math.abs(diff);
  const text =
    magnitude !== 0 && (magnitude < 1e-4 || magnitude >= 1e15)
      ? diff.toExponential(3).replace(/\.?0+e/, 'e')
      : String(Number(diff.toPrecision(4)));
  return diff > 0 ? `+${text}` : text;
}

/** Flattened dotted keys of a side's data (mappings entered, anything else a leaf). */
export function flattenValues(
  data: PyValue,
  prefix = '',
  out: Record<string, PyValue> = {},
): Record<string, PyValue> {
  if (!isPyDict(data)) return out;
  for (const [key, value] of Object.entries(data)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (isPyDict(value)) flattenValues(value, name, out);
    else out[name] = value;
  }
  return out;
}

/** The run's entry for a file key: the same dotted name, else the one entry with the same last name. */
export function matchRunKey<T>(entries: Readonly<Record<string, T>>, key: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(entries, key)) return key;
  const leaf = key.slice(key.lastIndexOf('.') + 1);
  const matches = Object.keys(entries).filter((name) => name.slice(name.lastIndexOf('.') + 1) === leaf);
  return matches.length === 1 ? matches[0] : undefined;
}

/**
 * Changes against an MLflow run: its params are the text Python's str() gave the values, its
 * metrics numbers. Keys the run did not log are not changes (the run says nothing about them).
 */
export function runBaselineChanges(
  kind: 'params' | 'metrics',
  workspace: PyValue,
  run: { params: Readonly<Record<string, string>>; metrics: Readonly<Record<string, number>> },
): FileChanges {
  const changes: FileChanges = {};
  for (const [key, value] of Object.entries(flattenValues(workspace))) {
    if (kind === 'params') {
      const name = matchRunKey(run.params, key);
      if (name === undefined) continue;
      const logged = run.params[name];
      if (!sameParam(logged, value)) changes[key] = { old: logged, new: value };
    } else {
      const name = matchRunKey(run.metrics, key);
      const current = numberOf(value)?.value;
      if (name === undefined || current === undefined) continue;
      const logged = run.metrics[name];
      if (logged !== current) changes[key] = { old: logged, new: value, diff: current - logged };
    }
  }
  return changes;
}

function sameParam(logged: string, value: PyValue): boolean {
  const number = numberOf(value);
  if (number && typeof value !== 'boolean' && logged.trim() !== '' && Number.isFinite(Number(logged)))
    return Number(logged) === number.value;
  return logged === pyStr(value);
}
