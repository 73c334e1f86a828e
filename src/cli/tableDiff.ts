// `mlops-lens table-diff PATH [--a REV] [--b REV] [--key COL] [--by-position] [--rows N] [--json]`:
// two versions of one table (CSV/TSV, JSON/JSONL, Parquet) compared: sizes, schema changes, row
// counts, column profiles, drift, and the first N changed rows. A version's bytes come from the DVC
// cache (the hash recorded at that revision), from Git for a file Git tracks, or from the workspace.
// Nothing is written.
import * as path from 'node:path';
import { diffTables } from '../core/data/table/index';
import { formatBytes } from '../core/data/table/table';
import {
  TableReadError,
  type ColumnDiff,
  type DriftMeasure,
  type RowPage,
  type SchemaChange,
  type TableDiffSummary,
  type TableInfo,
} from '../core/data/table/types';
import { TableVersions, trackedPath, WORKSPACE } from '../core/data/table/version';
import { findDvcRoot } from '../core/sources/dvc/dvcRepo';
import { UsageError } from './args';
import { escapeField } from './output';

export interface TableDiffArgs {
  path: string;
  a: string;
  b: string;
  key?: string;
  byPosition: boolean;
  rows: number;
  json: boolean;
  cwd: string;
}

const VALUE_OPTIONS = new Set(['--a', '--b', '--key', '--rows', '--cd']);

export function parseTableDiffArgs(argv: readonly string[]): TableDiffArgs {
  const values = new Map<string, string>();
  const positional: string[] = [];
  let json = false;
  let byPosition = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (VALUE_OPTIONS.has(arg)) {
      const value = argv[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      values.set(arg, value);
    } else if (arg === '--json') json = true;
    else if (arg === '--by-position') byPosition = true;
    else if (arg.startsWith('-') && arg !== '-')
      throw new UsageError(`unknown option '${arg}' for 'table-diff'`);
    else positional.push(arg);
  }
  if (positional.length !== 1) throw new UsageError('table-diff takes one PATH');
  const rows = Number(values.get('--rows') ?? '20');
  if (!Number.isInteger(rows) || rows < 0) throw new UsageError('--rows needs a whole number (0 or more)');
  if (byPosition && values.has('--key')) throw new UsageError('--key and --by-position exclude each other');
  return {
    path: positional[0],
    a: values.get('--a') ?? 'HEAD',
    b: values.get('--b') ?? WORKSPACE,
    key: values.get('--key'),
    byPosition,
    rows,
    json,
    cwd: path.resolve(values.get('--cd') ?? process.cwd()),
  };
}

function number(value: number | null | undefined): string {
  if (value === null || value === undefined) return '-';
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

function sideText(info: TableInfo): string {
  return `${escapeField(info.label)} (${info.format}, ${info.rows} rows × ${info.columns.length} columns, ${formatBytes(info.bytes)})`;
}

function schemaLine(change: SchemaChange): string {
  switch (change.kind) {
    case 'added':
      return `  + ${escapeField(change.column)} (${change.type})`;
    case 'removed':
      return `  - ${escapeField(change.column)} (${change.type})`;
    case 'renamed':
      return `  ~ ${escapeField(change.from)} renamed to ${escapeField(change.to)}`;
    case 'retyped':
      return `  ~ ${escapeField(change.column)}: ${change.from} → ${change.to}`;
  }
}

const DRIFT_NAMES: Record<DriftMeasure['method'], string> = {
  ks: 'KS',
  psi: 'PSI',
  wasserstein: 'Wasserstein',
  chi2: 'chi²',
  jensenshannon: 'Jensen-Shannon',
};

function driftText(measure: DriftMeasure): string {
  const value = measure.pValue !== undefined ? `p=${number(measure.pValue)}` : number(measure.value);
  return `${DRIFT_NAMES[measure.method]} ${value}${measure.drifted ? ' (drift)' : ''}`;
}

function columnLine(column: ColumnDiff): string {
  const { a, b } = column;
  const parts = [escapeField(column.name)];
  if (a?.kind === 'number' || b?.kind === 'number') {
    const mean = (p: typeof a) => (p?.kind === 'number' ? number(p.mean) : '-');
    parts.push(`mean ${mean(a)} → ${mean(b)}`);
  } else {
    parts.push(`distinct ${a?.distinct ?? '-'} → ${b?.distinct ?? '-'}`);
  }
  parts.push(`nulls ${a?.nulls ?? '-'} → ${b?.nulls ?? '-'}`);
  if (column.drift.length > 0) parts.push(`drift: ${column.drift.map(driftText).join(', ')}`);
  return `  ${parts.join('  ')}`;
}

function rowsText(summary: TableDiffSummary, page: RowPage): string[] {
  const lines = [`Changed rows (${page.rows.length} of ${page.total}):`];
  for (const row of page.rows) {
    const cells = row.cells.flatMap((cell, i) =>
      cell.a === cell.b
        ? []
        : [
            `${escapeField(summary.columns[i])}: ${escapeField(cell.a ?? '∅')} → ${escapeField(cell.b ?? '∅')}`,
          ],
    );
    lines.push(`  ${row.status.padEnd(8)} ${escapeField(row.key)}  ${cells.join('; ')}`);
  }
  return lines;
}

export function tableDiffText(name: string, summary: TableDiffSummary, page: RowPage): string {
  const { rows, alignment } = { rows: summary.rows, alignment: summary.rows.alignment };
  const aligned =
    alignment.kind === 'key'
      ? `by key ${escapeField(alignment.column)}`
      : `by position (${alignment.reason})`;
  const lines = [`${escapeField(name)}: ${sideText(summary.a)} → ${sideText(summary.b)}`];
  if (summary.approximate) lines.push(`Approximate: ${summary.approximate}`);
  lines.push(
    `Rows, aligned ${aligned}: ${rows.added} added, ${rows.removed} removed, ${rows.changed} changed, ${rows.unchanged} unchanged`,
  );
  lines.push(summary.schema.length > 0 ? 'Schema:' : 'Schema: unchanged', ...summary.schema.map(schemaLine));
  lines.push('Columns:', ...summary.profiles.map(columnLine));
  if (page.total > 0) lines.push(...rowsText(summary, page));
  return `${lines.join('\n')}\n`;
}

export async function tableDiffCommand(argv: readonly string[]): Promise<number> {
  const args = parseTableDiffArgs(argv);
  const root = findDvcRoot(args.cwd);
  if (!root) {
    process.stderr.write(
      `mlops-lens: ${args.cwd}: not inside a DVC project (no .dvc folder here or above)\n`,
    );
    return 1;
  }
  const versions = new TableVersions(root);
  try {
    const key = trackedPath(root, args.cwd, args.path);
    const a = await versions.input(key, args.a);
    const b = await versions.input(key, args.b);
    const diff = await diffTables(a, b, { key: args.key, byPosition: args.byPosition });
    const page = diff.page({ offset: 0, count: args.rows, changedOnly: true });
    process.stdout.write(
      args.json
        ? `${JSON.stringify({ summary: diff.summary, changedRows: page })}\n`
        : tableDiffText(key, diff.summary, page),
    );
    return 0;
  } catch (error) {
    if (!(error instanceof TableReadError)) throw error;
    process.stderr.write(`mlops-lens: ${escapeField(error.path)}: ${escapeField(error.reason)}\n`);
    return 1;
  } finally {
    versions.close();
  }
}
