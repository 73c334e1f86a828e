// One event file read incrementally: a file that grew is read on from its last complete record, so
// a run being written shows its new scalars without reading the file again. The same scan feeds the
// index (last value per tag, hparams, times) and the histories (every point, read only when asked).
import * as fs from 'node:fs';
import type { MetricPoint, Problem } from '../../model';
import { ProtobufError } from '../wandb/protobuf';
import { decodeEvent, type DecodedEvent, type TagPlugins } from './events';
import { readTfRecords } from './tfrecord';

export interface ScanState {
  size: number;
  mtimeMs: number;
  resumeAt: number;
  /** Each tag's plugin, from the first value of the tag that carried metadata. */
  plugins: TagPlugins;
  /** Records that framed well but did not decode: kept, as they are not read again. */
  recordProblems: Problem[];
  /** Damage or a cut tail found by the last read: where reading stopped. */
  stop?: Problem;
}

export function emptyScan(): ScanState {
  return { size: 0, mtimeMs: 0, resumeAt: 0, plugins: {}, recordProblems: [] };
}

export function scanProblems(state: ScanState): Problem[] {
  return state.stop ? [...state.recordProblems, state.stop] : state.recordProblems;
}

function readFrom(file: string, start: number, end: number): Uint8Array {
  const bytes = Buffer.allocUnsafe(Math.max(0, end - start));
  const fd = fs.openSync(file, 'r');
  try {
    let done = 0;
    while (done < bytes.length) {
      const read = fs.readSync(fd, bytes, done, bytes.length - done, start + done);
      if (read === 0) break;
      done += read;
    }
    // A plain Uint8Array view: Buffer's own subarray (one per record) costs several times more.
    return new Uint8Array(bytes.buffer, bytes.byteOffset, done);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads `file` on from `previous` (or from the start: no previous state, or the file shrank, i.e.
 * was replaced). `fresh` copies the previous state before `onEvent` adds to it; the previous state is
 * returned as it is when the file did not change.
 */
export function scanEventFile<State extends ScanState>(
  file: string,
  previous: State | undefined,
  fresh: (from: State | undefined) => State,
  onEvent: (state: State, event: DecodedEvent) => void,
): State {
  const stat = fs.statSync(file);
  if (!stat.isFile()) throw new Error('not a regular file');
  if (previous && previous.size === stat.size && previous.mtimeMs === stat.mtimeMs) return previous;
  const base = previous && stat.size >= previous.size ? previous : undefined;
  const state = fresh(base);
  state.size = stat.size;
  state.mtimeMs = stat.mtimeMs;
  state.stop = undefined;
  const read = readTfRecords(file, readFrom(file, state.resumeAt, stat.size), state.resumeAt);
  for (const record of read.records) {
    try {
      onEvent(state, decodeEvent(record.data, state.plugins));
    } catch (error) {
      if (!(error instanceof ProtobufError)) throw error;
      state.recordProblems.push({
        path: file,
        reason: `the record at byte ${record.offset} is not a valid Event: ${error.message}`,
      });
    }
  }
  state.resumeAt = read.resumeAt;
  if (read.damage) state.stop = read.damage;
  else if (read.partialTail)
    state.stop = {
      path: file,
      reason: `ends inside a record at byte ${read.partialTail.offset}; what follows is not read yet (still being written, or cut short)`,
    };
  return state;
}

/** What the index keeps of one event file. */
export interface EventFileSummary extends ScanState {
  last: Record<string, MetricPoint>;
  hparams: Record<string, string | number | boolean | null>;
  firstWallTime: number | null;
  lastWallTime: number | null;
}

function freshSummary(from: EventFileSummary | undefined): EventFileSummary {
  if (!from) return { ...emptyScan(), last: {}, hparams: {}, firstWallTime: null, lastWallTime: null };
  return {
    ...from,
    plugins: { ...from.plugins },
    recordProblems: [...from.recordProblems],
    last: { ...from.last },
    hparams: { ...from.hparams },
  };
}

/** Latest value per tag by MLflow's rule (highest step, then the later record). */
function summarize(state: EventFileSummary, event: DecodedEvent): void {
  if (event.wallTime > 0) {
    state.firstWallTime ??= event.wallTime;
    state.lastWallTime = Math.max(state.lastWallTime ?? 0, event.wallTime);
  }
  if (event.hparams) Object.assign(state.hparams, event.hparams);
  const timestamp = event.wallTime * 1000;
  for (const { tag, value } of event.scalars) {
    const known = state.last[tag];
    if (!known || event.step >= known.step) state.last[tag] = { step: event.step, timestamp, value };
  }
}

export function readEventFileSummary(file: string, previous?: EventFileSummary): EventFileSummary {
  try {
    return scanEventFile(file, previous, freshSummary, summarize);
  } catch (error) {
    const state = freshSummary(undefined);
    state.stop = { path: file, reason: `cannot read: ${(error as Error).message}` };
    return state;
  }
}
