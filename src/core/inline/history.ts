// A key's history for its hover: its value in the last commits and experiments (`dvc exp show`
// rows) with the key metric each got, the best marked, and the points of a sparkline.
import { bestIndexes, guessDirection, type Direction } from '../compare/best';
import type { Run } from '../model';
import { pickKeyMetric } from '../query/keyMetric';
import { formatParamValue, getParam, isMapping } from '../sources/dvc/values/paramsFile';
import type { ExpRow } from '../sources/dvcExperiments/experiments';
import { dvcSnapshot } from '../sources/dvcExperiments/runs';

export interface HistoryLine {
  /** The workspace, a commit's short sha and subject, or the experiment's name. */
  label: string;
  kind: ExpRow['kind'];
  rev: string;
  /** The key's value as `dvc exp show` prints it. */
  value: string;
  /** The value as a number (for the sparkline), when it is one. */
  number?: number;
  /** The key metric (for a metric's own history: the metric itself). */
  metric?: number;
  best: boolean;
  isBaseline: boolean;
}

export interface History {
  /** The key metric's name (params only). */
  metric?: string;
  direction?: Direction;
  lines: HistoryLine[];
}

export interface HistoryOptions {
  /** How many rows at most (the newest first). */
  limit: number;
  /** The baseline's commit sha, marked in the table. */
  baselineSha?: string;
  /** The user's key metric setting. */
  preferredMetric?: string;
}

/** A params file key's values with the key metric of each row that has the key. */
export function paramHistory(
  root: string,
  rows: readonly ExpRow[],
  file: string,
  key: string,
  options: HistoryOptions,
): History {
  const { runs, metric } = keyMetricOf(root, rows, options.preferredMetric || undefined);
  const lines: HistoryLine[] = [];
  rows.forEach((row, i) => {
    if (lines.length >= options.limit) return;
    const value = valueIn(row.data.params[file]?.data, key);
    if (value === undefined) return;
    const metricValue = metric === undefined ? undefined : runs[i]?.metrics[metric]?.value;
    lines.push(line(row, value, typeof metricValue === 'number' ? metricValue : undefined, options));
  });
  const direction = metric === undefined ? undefined : guessDirection(metric);
  if (direction) markBest(lines, direction);
  return { metric, direction, lines };
}

/** The rows as runs and their key metric, worked out once per read of the rows (hovers reuse it). */
const keyMetrics = new WeakMap<readonly ExpRow[], Map<string, { runs: Run[]; metric?: string }>>();

function keyMetricOf(
  root: string,
  rows: readonly ExpRow[],
  preferred: string | undefined,
): { runs: Run[]; metric?: string } {
  const known = keyMetrics.get(rows) ?? new Map<string, { runs: Run[]; metric?: string }>();
  keyMetrics.set(rows, known);
  const key = `${root}\0${preferred ?? ''}`;
  let found = known.get(key);
  if (!found) {
    const runs = dvcSnapshot(root, rows, false).runs;
    found = { runs, metric: pickKeyMetric(runs, preferred) };
    known.set(key, found);
  }
  return found;
}

/** A metrics file key's values over the rows that have it. */
export function metricHistory(
  rows: readonly ExpRow[],
  file: string,
  key: string,
  options: HistoryOptions,
): History {
  const lines: HistoryLine[] = [];
  for (const row of rows) {
    if (lines.length >= options.limit) break;
    const value = valueIn(row.data.metrics[file]?.data, key);
    if (value === undefined) continue;
    lines.push(line(row, value, typeof value === 'number' ? value : undefined, options));
  }
  const direction = guessDirection(key);
  markBest(lines, direction);
  return { direction, lines };
}

function valueIn(data: unknown, key: string): unknown {
  if (!isMapping(data)) return undefined;
  return key === '' ? undefined : getParam(data, key);
}

function line(row: ExpRow, value: unknown, metric: number | undefined, options: HistoryOptions): HistoryLine {
  const label =
    row.kind === 'baseline' ? `${row.rev.slice(0, 7)}${row.subject ? ` ${row.subject}` : ''}` : row.name;
  return {
    label,
    kind: row.kind,
    rev: row.rev,
    value: formatParamValue(value),
    number: typeof value === 'number' && Number.isFinite(value) ? value : undefined,
    metric,
    best: false,
    isBaseline: options.baselineSha !== undefined && row.rev === options.baselineSha,
  };
}

function markBest(lines: HistoryLine[], direction: Direction): void {
  for (const index of bestIndexes(
    lines.map((l) => l.metric),
    direction,
  ))
    lines[index].best = true;
}

export interface HistoryLabels {
  revision: string;
  value: string;
  metric: string;
  best: string;
  baseline: string;
}

/** The hover's Markdown table (cells escaped; the best row and the baseline's marked). */
export function historyTable(
  history: History,
  labels: HistoryLabels,
  formatMetric: (v: number) => string,
): string {
  const withMetric = history.lines.some((l) => l.metric !== undefined) && history.metric !== undefined;
  const header = [labels.revision, labels.value, ...(withMetric ? [labels.metric] : [])];
  const rows = history.lines.map((l) => {
    const name = `${escapeCell(l.label)}${l.isBaseline ? ` _(${labels.baseline})_` : ''}`;
    const cells = [name, `\`${escapeCell(l.value)}\``];
    if (withMetric) cells.push(l.metric === undefined ? '—' : formatMetric(l.metric));
    if (l.best) cells[cells.length - 1] += ` ★ ${labels.best}`;
    return `| ${cells.join(' | ')} |`;
  });
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows].join('\n');
}

export function escapeCell(text: string): string {
  const short = text.length > 60 ? `${text.slice(0, 59)}…` : text;
  return short.replace(/[\\|`*_[\]<>]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');
}
