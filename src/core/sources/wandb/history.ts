// A W&B run's metric histories from its log. Histories are not kept in the index; the last few
// logs read are remembered, and a log that grew is read on from where it stopped.
import * as fs from 'node:fs';
import type { MetricPoint, Problem } from '../../model';
import { fileHeaderProblem, FILE_HEADER, readLogRecords } from './logFile';
import { ProtobufError } from './protobuf';
import { decodeRecord } from './records';
import { historyRow, rowPoints } from './runLog';

interface Histories {
  size: number;
  mtimeMs: number;
  resumeAt: number;
  series: Map<string, MetricPoint[]>;
  problems: Problem[];
}

const REMEMBERED = 4;
const memo = new Map<string, Histories>();

/** Every numeric history of the log, by key flattened with "/". */
export function readHistories(file: string): Histories {
  const stat = fs.statSync(file);
  if (!stat.isFile()) throw new Error('not a regular file');
  let known = memo.get(file);
  if (known && known.size === stat.size && known.mtimeMs === stat.mtimeMs) return known;
  if (!known || stat.size < known.size || known.resumeAt === 0)
    known = { size: 0, mtimeMs: 0, resumeAt: 0, series: new Map(), problems: [] };
  const bytes = fs.readFileSync(file).subarray(known.resumeAt);
  const next: Histories = { ...known, size: stat.size, mtimeMs: stat.mtimeMs, problems: [] };
  if (next.resumeAt === 0) {
    const reason = fileHeaderProblem(bytes);
    if (reason || bytes.length < FILE_HEADER) {
      if (reason) next.problems.push({ path: file, reason });
      return remember(file, next);
    }
  }
  const read = readLogRecords(file, bytes, next.resumeAt);
  for (const record of read.records) {
    try {
      const decoded = decodeRecord(record.data, true);
      if (decoded.type !== 'history') continue;
      const { step, timestamp, values } = rowPoints(historyRow(decoded.items));
      for (const [key, value] of values) {
        let points = next.series.get(key);
        if (!points) next.series.set(key, (points = []));
        points.push(timestamp === undefined ? { step, value } : { step, timestamp, value });
      }
    } catch (error) {
      if (!(error instanceof ProtobufError)) throw error;
      next.problems.push({ path: file, reason: `record at byte ${record.offset}: ${error.message}` });
    }
  }
  next.resumeAt = read.resumeAt;
  if (read.damage) next.problems.push(read.damage);
  return remember(file, next);
}

function remember(file: string, histories: Histories): Histories {
  memo.delete(file);
  memo.set(file, histories);
  while (memo.size > REMEMBERED) memo.delete(memo.keys().next().value as string);
  return histories;
}

export function wandbMetricHistory(
  file: string,
  key: string,
): { points: MetricPoint[]; problems: Problem[] } {
  try {
    const histories = readHistories(file);
    return { points: [...(histories.series.get(key) ?? [])], problems: histories.problems };
  } catch (error) {
    return {
      points: [],
      problems: [{ path: file, reason: `cannot read history: ${(error as Error).message}` }],
    };
  }
}
