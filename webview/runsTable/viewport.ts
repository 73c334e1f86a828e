// Which rows of the virtualized Runs Table are in view, and the column widths: pure, unit-tested.
import type { ColumnView, TableSort } from '../../src/views/runsTable/protocol';

export const ROW_HEIGHT = 24;
/** Rows rendered above and below the visible ones, so that a short scroll shows no gap. */
export const OVERSCAN = 8;
export const NAME_COLUMN = 'attr:name';

export interface RowRange {
  /** First row index rendered (inclusive). */
  start: number;
  /** Last row index rendered (exclusive). */
  end: number;
}

/** The rows to render for a body scrolled by `scrollTop` in a viewport `height` pixels high. */
export function visibleRange(
  scrollTop: number,
  height: number,
  rowCount: number,
  rowHeight = ROW_HEIGHT,
  overscan = OVERSCAN,
): RowRange {
  if (rowCount === 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const shown = Math.ceil(Math.max(0, height) / rowHeight) + 1;
  const start = Math.max(0, Math.min(rowCount - 1, first) - overscan);
  const end = Math.min(rowCount, first + shown + overscan);
  return { start, end };
}

/** A column's width: the user's, else one that suits its kind. */
export function columnWidth(
  column: Pick<ColumnView, 'id' | 'numeric'>,
  widths: Record<string, number>,
): number {
  const saved = widths[column.id];
  if (saved !== undefined) return saved;
  if (column.id === NAME_COLUMN) return 240;
  if (column.id === 'attr:start') return 140;
  if (column.id === 'attr:status' || column.id === 'attr:duration') return 96;
  return column.numeric ? 100 : 140;
}

/** The sort after a click on a column header: the same column flips, another starts ascending. */
export function nextSort(current: TableSort | null, column: string): TableSort {
  if (current && current.column === column) return { column, descending: !current.descending };
  return { column, descending: false };
}
