// DVCLive metric histories: one TSV per metric, written with csv.DictWriter (delimiter "\t").
// Columns by version: 0.x `timestamp step <full/name>`; 1.x `step <full/name>` (timestamp only when
// asked); 2.x and later `[timestamp] step <basename>`. When a metric's basename is "step" its column
// collides with the step column and DVCLive writes only `step` (the value; the step is lost).
import type { MetricPoint, Problem } from '../../model';
import { parseNumberCell, splitRows } from '../dvc/values/metricsFile';

export interface MetricHistory {
  points: MetricPoint[];
  problems: Problem[];
}

/**
 * Parses one metric TSV. `metricName` is the name as logged ("train/loss"); `fallbackTimestamp`
 * stands in where the file has no timestamp column. Rows with a non-numeric value are skipped (DVCLive
 * also logs strings); a torn last row of a file being written is ignored without a problem.
 */
export function parseMetricTsv(
  text: string,
  metricName: string,
  file: string,
  fallbackTimestamp: number,
): MetricHistory {
  const complete = text.endsWith('\n');
  const rows = splitRows(text, '\t').filter((row) => row.length > 1 || row[0] !== '');
  const problems: Problem[] = [];
  if (rows.length === 0) return { points: [], problems };
  const header = rows[0].map((cell) => cell.trim());
  const columns = valueColumns(header, metricName);
  if (!columns) {
    problems.push({
      path: file,
      reason: `no value column for '${metricName}' in header '${header.join(' ')}'`,
    });
    return { points: [], problems };
  }
  const points: MetricPoint[] = [];
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i];
    const point = toPoint(row, columns, i - 1, fallbackTimestamp);
    if (point) points.push(point);
    else if (row.length !== header.length && !(i === rows.length - 1 && !complete))
      problems.push({
        path: file,
        reason: `line ${i + 1} has ${row.length} columns, the header ${header.length}`,
      });
  }
  return { points, problems };
}

interface Columns {
  value: number;
  /** -1 when the step column was overwritten by the value (collided names). */
  step: number;
  timestamp: number;
}

function valueColumns(header: string[], metricName: string): Columns | null {
  const timestamp = header.indexOf('timestamp');
  const step = header.indexOf('step');
  const basename = metricName.split('/').pop() ?? metricName;
  const others = header.map((_, i) => i).filter((i) => i !== timestamp && i !== step);
  const byName = [metricName, basename].map((name) => others.find((i) => header[i] === name));
  const value = byName.find((i) => i !== undefined) ?? (others.length === 1 ? others[0] : undefined);
  if (value !== undefined) return { value, step, timestamp };
  if (basename === 'step' && step !== -1) return { value: step, step: -1, timestamp };
  return null;
}

function toPoint(
  row: string[],
  columns: Columns,
  index: number,
  fallbackTimestamp: number,
): MetricPoint | null {
  const cell = row[columns.value];
  if (cell === undefined) return null;
  const value = parseNumberCell(cell);
  if (typeof value !== 'number') return null;
  const step = columns.step === -1 ? index : Number(row[columns.step]);
  const timestamp = columns.timestamp === -1 ? fallbackTimestamp : Number(row[columns.timestamp]);
  if (!Number.isFinite(step) || !Number.isFinite(timestamp)) return null;
  return { step, timestamp, value };
}
