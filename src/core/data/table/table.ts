// One version of a table as read: typed columns plus a way back to each row's text as the file holds
// it (only the rows of a requested page are ever turned back into text).
import type { Column } from './column';
import type { TableFormat } from './types';

export interface Table {
  format: TableFormat;
  /** Bytes of the whole file (not only of what was read). */
  bytes: number;
  rows: number;
  columns: Column[];
  /** Row `row`'s cells as text, in column order (shorter when the row has fewer fields). */
  rowTexts(row: number): (string | null)[];
  /** Why the figures of this version are approximate (a sample was read); null when exact. */
  approximate: string | null;
}

/** Above this many bytes a version is read in part: its first MAX_EXACT_BYTES (whole rows) only. */
export const MAX_EXACT_BYTES = 512 * 1024 * 1024;

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
