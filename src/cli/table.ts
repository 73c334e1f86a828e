import * as path from 'node:path';
import type { Run } from '../core/model';
import { formatMetricValue, pickKeyMetric } from '../core/query/keyMetric';
import { escapeField } from './output';

const MAX_NAME = 32;

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function formatStart(ms: number | null): string {
  if (ms === null) return '-';
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 16);
}

/** A readable table: one line per run, grouped by store and experiment, with the key metric. */
export function formatRunTable(runs: readonly Run[], cwd: string): string {
  if (runs.length === 0) return 'No runs found.\n';
  const keyMetric = pickKeyMetric(runs);
  const header = [
    'STORE',
    'EXPERIMENT',
    'RUN',
    'ID',
    'STATUS',
    'STARTED',
    escapeField(keyMetric ?? 'METRIC'),
  ];
  // Every value from the stores is escaped: a name may hold terminal control sequences.
  const rows = runs.map((run) => [
    escapeField(path.relative(cwd, run.store) || '.'),
    truncate(escapeField(run.experimentName), MAX_NAME),
    truncate((run.parentId ? '↳ ' : '') + escapeField(run.name || '(unnamed)'), MAX_NAME) +
      (run.lifecycle === 'deleted' ? ' (deleted)' : ''),
    escapeField(run.id.slice(0, 8)),
    run.status,
    formatStart(run.startTime),
    keyMetric && run.metrics[keyMetric] ? formatMetricValue(run.metrics[keyMetric].value) : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const plural = runs.length === 1 ? '' : 's';
  return `${[line(header), ...rows.map(line)].join('\n')}\n\n${runs.length} run${plural}\n`;
}
