// The inline values of a training script: its logging calls (found once per document version) and,
// for each, the summaries of the keys it logs. Files too large to scan while typing are skipped
// (the caller logs it once); a file that does not tokenize (mid-typing) has no calls, not an error.
import { findLogCalls } from '../../logCalls/detect';
import type { LogCall, LogCallScan } from '../../logCalls/types';
import type { DirectionOverrides } from '../../compare/best';
import { runLabel, type KeySummary, type KeyTable } from './trainingValues';

/** Above this many characters a file is not scanned (the detector takes ~50 ms per 1,000 lines). */
export const MAX_SCANNED_CHARS = 1_000_000;
/** A prefix call (`f"val_{name}"`) shows at most this many of the keys it stands for. */
export const MAX_KEYS_PER_CALL = 3;

export type TrainingScan = LogCallScan & { skipped?: 'too large' };

/** The file's logging calls; a too-large file is reported as skipped, never scanned. */
export function scanTrainingSource(text: string): TrainingScan {
  if (text.length > MAX_SCANNED_CHARS) return { calls: [], skipped: 'too large' };
  return findLogCalls(text);
}

export interface CallValues {
  call: LogCall;
  /** The keys the call stands for that some run logged, each with its values. */
  summaries: KeySummary[];
  /** Keys beyond MAX_KEYS_PER_CALL that were left out. */
  more: number;
}

export interface ValueOptions {
  runCount: number;
  overrides?: DirectionOverrides;
}

/** Each call with the values of its keys; calls whose keys no run logged are left out. */
export function valuesForCalls(
  calls: readonly LogCall[],
  table: KeyTable,
  options: ValueOptions,
): CallValues[] {
  const result: CallValues[] = [];
  for (const call of calls) {
    const keys = table.keysOf(call);
    const summaries = keys
      .slice(0, MAX_KEYS_PER_CALL)
      .map((key) => table.summary(call.kind, key, options.runCount, options.overrides))
      .filter((s) => s.values.length > 0);
    if (summaries.length > 0)
      result.push({ call, summaries, more: Math.max(0, keys.length - MAX_KEYS_PER_CALL) });
  }
  return result;
}

/** "0.8123 · tuned" for a key; "val_acc 0.91, val_loss 0.23 · tuned +2" for a prefix call. */
export function hintText(values: CallValues, format: (value: number | string) => string): string {
  const latest = values.summaries.map((s) => s.values[0]);
  const shown =
    values.call.match === 'exact'
      ? format(latest[0].value)
      : values.summaries.map((s, i) => `${s.key} ${format(latest[i].value)}`).join(', ');
  const more = values.more > 0 ? ` +${values.more}` : '';
  return `${shown} · ${runLabel(latest[0].run)}${more}`;
}

/** The call whose key literal (or, failing that, whole call) holds the position. */
export function callAt(
  values: readonly CallValues[],
  line: number,
  character: number,
): CallValues | undefined {
  const inside = (r: LogCall['range']) =>
    (line > r.start.line || (line === r.start.line && character >= r.start.character)) &&
    (line < r.end.line || (line === r.end.line && character <= r.end.character));
  return values.find((v) => inside(v.call.range)) ?? values.find((v) => inside(v.call.callRange));
}
