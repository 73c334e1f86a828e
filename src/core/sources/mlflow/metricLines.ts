import type { MetricPoint } from '../../model';

/** Python's `float()` spellings that JavaScript's `Number()` does not read. */
export function parsePythonFloat(text: string): number {
  const lower = text.toLowerCase();
  if (lower === 'nan' || lower === '+nan' || lower === '-nan') return NaN;
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value)) throw new Error(`not a number: '${text}'`);
  return value;
}

/**
 * Parses one line of a file-store metric file. MLflow accepts 2, 3 or 5 space-separated fields
 * and, for 5-field lines (metrics tied to a dataset), reports step 0; we follow it so that what we
 * show equals what MLflow shows.
 */
export function parseMetricLine(line: string): MetricPoint {
  const parts = line.trim().split(' ');
  if (parts.length !== 2 && parts.length !== 3 && parts.length !== 5) {
    throw new Error(`expected 2, 3 or 5 fields, found ${parts.length}`);
  }
  const timestamp = Number(parts[0]);
  if (!Number.isInteger(timestamp)) throw new Error(`bad timestamp '${parts[0]}'`);
  const value = parsePythonFloat(parts[1]);
  let step = 0;
  if (parts.length === 3) {
    step = Number(parts[2]);
    if (!Number.isInteger(step)) throw new Error(`bad step '${parts[2]}'`);
  }
  return { step, timestamp, value };
}

/** Python's tuple ordering on (step, timestamp, value): the first unequal element decides. */
export function isLaterPoint(candidate: MetricPoint, current: MetricPoint): boolean {
  if (candidate.step !== current.step) return candidate.step > current.step;
  if (candidate.timestamp !== current.timestamp) return candidate.timestamp > current.timestamp;
  return candidate.value > current.value;
}

export interface ParsedMetricFile {
  points: MetricPoint[];
  /** Line numbers (1-based) that could not be read, with the reason. */
  badLines: { line: number; reason: string }[];
}

export function parseMetricFile(text: string): ParsedMetricFile {
  const points: MetricPoint[] = [];
  const badLines: { line: number; reason: string }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    try {
      points.push(parseMetricLine(line));
    } catch (error) {
      badLines.push({ line: i + 1, reason: (error as Error).message });
    }
  }
  return { points, badLines };
}

/** The value MLflow reports as a metric's latest: max by (step, timestamp, value), first wins ties. */
export function latestPoint(points: readonly MetricPoint[]): MetricPoint | undefined {
  let latest: MetricPoint | undefined;
  for (const point of points) {
    if (latest === undefined || isLaterPoint(point, latest)) latest = point;
  }
  return latest;
}
