// What the Data Diff panel decides without VS Code: which files it opens, the engine options of
// an alignment choice, the keys it offers. Pure, unit-tested.
import * as path from 'node:path';
import type { TableDiffOptions, TableDiffSummary, TableInput } from '../../core/data/table/types';
import type { AlignmentChoice } from './protocol';

const TABLE_EXTENSIONS = new Set(['.csv', '.tsv', '.json', '.jsonl', '.ndjson', '.parquet']);

/** Whether the tracked path names a table the Data Diff panel reads (by its extension). */
export function isTableFile(key: string): boolean {
  return TABLE_EXTENSIONS.has(path.posix.extname(key.toLowerCase()));
}

export function optionsOf(choice: AlignmentChoice): TableDiffOptions {
  if (choice.kind === 'key') return { key: choice.column };
  if (choice.kind === 'position') return { byPosition: true };
  return {};
}

/** Columns present in both versions: the keys the user may pick. */
export function keyCandidates(summary: TableDiffSummary): string[] {
  const inA = new Set(summary.a.columns.map((c) => c.name));
  return summary.b.columns.map((c) => c.name).filter((name) => inA.has(name));
}

export function diffTitle(a: TableInput, b: TableInput): string {
  return `${b.name} (${a.label} ↔ ${b.label})`;
}
