// A W&B run as its log tells it, built record by record, so that a growing log is read on from
// where the last read stopped (the state is plain data: it is cached with the index).
import * as fs from 'node:fs';
import type { MetricPoint, Problem, TypedValue } from '../../model';
import { fileHeaderProblem, FILE_HEADER, readLogRecords } from './logFile';
import { ProtobufError } from './protobuf';
import { decodeRecord, type Environment, type RunInfo, type ValueItem } from './records';
import { flatten, isObject, removePath, setPath, type JsonObject } from './values';

export interface RunLogState {
  /** Byte where the next read resumes, and the file's size and mtime when last read. */
  resumeAt: number;
  size: number;
  mtimeMs: number;
  run: RunInfo | null;
  environment: Environment;
  config: JsonObject;
  summary: JsonObject;
  exit: { exitCode: number; runtime: number } | null;
  /** The last history point of each metric key (flattened with "/"). */
  lastPoints: Record<string, MetricPoint>;
  historyRows: number;
  lastTimestamp: number | null;
  problems: Problem[];
}

export function emptyRunLog(): RunLogState {
  return {
    ...{ resumeAt: 0, size: 0, mtimeMs: 0, run: null, environment: {}, config: {}, summary: {} },
    ...{ exit: null, lastPoints: {}, historyRows: 0, lastTimestamp: null, problems: [] },
  };
}

/** Reads the log from where `previous` stopped (or from the start when the file was replaced). */
export function readRunLog(file: string, previous: RunLogState = emptyRunLog()): RunLogState {
  const stat = fs.statSync(file);
  // Only regular files are opened: a FIFO would block the reader for ever.
  if (!stat.isFile()) throw new Error('not a regular file');
  if (stat.size === previous.size && stat.mtimeMs === previous.mtimeMs) return previous;
  const grown = previous.resumeAt > 0 && stat.size >= previous.size;
  const state: RunLogState = grown ? structuredClone(previous) : emptyRunLog();
  state.size = stat.size;
  state.mtimeMs = stat.mtimeMs;
  state.problems = [];
  const bytes = readFrom(file, state.resumeAt, stat.size);
  if (state.resumeAt === 0) {
    const reason = fileHeaderProblem(bytes);
    if (reason) {
      state.problems.push({ path: file, reason });
      return state;
    }
    if (bytes.length < FILE_HEADER) return state;
  }
  const read = readLogRecords(file, bytes, state.resumeAt);
  for (const record of read.records) {
    try {
      applyRecord(state, record.data);
    } catch (error) {
      if (!(error instanceof ProtobufError)) throw error;
      state.problems.push({ path: file, reason: `record at byte ${record.offset}: ${error.message}` });
    }
  }
  state.resumeAt = read.resumeAt;
  if (read.damage) state.problems.push(read.damage);
  else if (read.partialTail)
    // A live run's log is cut inside a record now and then, until its writer writes the rest.
    state.problems.push({
      path: file,
      reason: `the log ends inside a record at byte ${read.partialTail.offset} (cut short, or still being written)`,
    });
  return state;
}

function readFrom(file: string, start: number, size: number): Uint8Array {
  const length = Math.max(0, size - start);
  const bytes = Buffer.alloc(length);
  const fd = fs.openSync(file, 'r');
  try {
    let read = 0;
    while (read < length) {
      const n = fs.readSync(fd, bytes, read, length - read, start + read);
      if (n === 0) break;
      read += n;
    }
    return bytes.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}

function applyUpdates(target: JsonObject, update: readonly ValueItem[], remove: readonly string[][]): void {
  for (const item of update) setPath(target, item.path, item.value);
  for (const path of remove) removePath(target, path);
}

function applyRecord(state: RunLogState, data: Uint8Array): void {
  const record = decodeRecord(data);
  switch (record.type) {
    case 'run':
      state.run = record.run;
      applyUpdates(state.config, record.run.config.update, record.run.config.remove);
      break;
    case 'config':
      applyUpdates(state.config, record.update, record.remove);
      break;
    case 'summary':
      applyUpdates(state.summary, record.update, record.remove);
      break;
    case 'history':
      applyHistory(state, historyRow(record.items));
      break;
    case 'exit':
      state.exit = { exitCode: record.exitCode, runtime: record.runtime };
      break;
    case 'environment':
      for (const [key, value] of Object.entries(record.environment))
        if (value !== undefined && value !== '') (state.environment as Record<string, unknown>)[key] = value;
      break;
  }
}

/** One history row's values by flattened key, W&B's own columns (`_step`, …) included. */
export function historyRow(items: readonly ValueItem[]): Map<string, TypedValue> {
  const row = new Map<string, TypedValue>();
  for (const item of items) {
    const key = item.path.join('/');
    if (isObject(item.value)) {
      if ('_type' in item.value) continue;
      for (const [leaf, value] of flatten(item.value, '/')) row.set(`${key}/${leaf}`, value);
    } else row.set(key, item.value);
  }
  return row;
}

/** A history row's numeric values as points at its `_step` (booleans as 1/0, as W&B charts them). */
export function rowPoints(row: Map<string, TypedValue>): {
  step: number;
  timestamp?: number;
  values: [string, number][];
} {
  const step = row.get('_step');
  const time = row.get('_timestamp');
  const values: [string, number][] = [];
  for (const [key, value] of row) {
    if (key.startsWith('_')) continue;
    if (typeof value === 'number') values.push([key, value]);
    else if (typeof value === 'boolean') values.push([key, Number(value)]);
  }
  return {
    step: typeof step === 'number' ? step : 0,
    ...(typeof time === 'number' ? { timestamp: Math.round(time * 1000) } : {}),
    values,
  };
}

function applyHistory(state: RunLogState, row: Map<string, TypedValue>): void {
  const { step, timestamp, values } = rowPoints(row);
  state.historyRows++;
  if (timestamp !== undefined) state.lastTimestamp = timestamp;
  for (const [key, value] of values)
    state.lastPoints[key] = timestamp === undefined ? { step, value } : { step, timestamp, value };
}
