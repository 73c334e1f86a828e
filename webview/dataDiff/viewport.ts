// Which diff rows are in view, and which pages of them to ask the host for: pure, unit-tested.
// A million rows 24 px high would need a 24,000,000 px tall scroller, more than browsers lay out
// reliably; past MAX_SCROLL_PX the scroll position maps proportionally onto the rows instead.

import { PAGE_ROWS } from '../../src/views/dataDiff/protocol';

export { PAGE_ROWS };
export const ROW_HEIGHT = 24;
/** Rows rendered above and below the visible ones, so that a short scroll shows no gap. */
export const OVERSCAN = 6;
export const MAX_SCROLL_PX = 8_000_000;

export interface RowWindow {
  /** First row rendered. */
  first: number;
  /** Rows rendered from `first`. */
  count: number;
  /** Where (in the scroller's content) the first rendered row's top goes. */
  top: number;
  /** The height of the scroller's content. */
  contentHeight: number;
}

/** The scroller's content height for `rows` rows. */
export function contentHeight(rows: number, rowHeight = ROW_HEIGHT): number {
  return Math.min(rows * rowHeight, MAX_SCROLL_PX);
}

/** The rows to render for a scroller at `scrollTop`, `viewport` pixels high, over `rows` rows. */
export function rowWindow(
  scrollTop: number,
  viewport: number,
  rows: number,
  rowHeight = ROW_HEIGHT,
  overscan = OVERSCAN,
): RowWindow {
  const height = contentHeight(rows, rowHeight);
  if (rows === 0) return { first: 0, count: 0, top: 0, contentHeight: 0 };
  const view = Math.max(0, viewport);
  const maxScroll = Math.max(0, height - view);
  const top = Math.min(Math.max(0, scrollTop), maxScroll);
  const fullHeight = rows * rowHeight;
  // Within the true (unscaled) height, where the viewport's top edge is.
  const virtualTop = maxScroll === 0 ? 0 : (top / maxScroll) * Math.max(0, fullHeight - view);
  const visibleFirst = Math.min(rows - 1, Math.floor(virtualTop / rowHeight));
  const first = Math.max(0, visibleFirst - overscan);
  const last = Math.min(rows, visibleFirst + Math.ceil(view / rowHeight) + 1 + overscan);
  const shift = virtualTop - visibleFirst * rowHeight;
  return {
    first,
    count: last - first,
    top: top - shift - (visibleFirst - first) * rowHeight,
    contentHeight: height,
  };
}

/** The scroll position that puts `row` at the top of the viewport (the inverse of rowWindow). */
export function scrollTopFor(row: number, viewport: number, rows: number, rowHeight = ROW_HEIGHT): number {
  const height = contentHeight(rows, rowHeight);
  const maxScroll = Math.max(0, height - viewport);
  const fullRange = Math.max(0, rows * rowHeight - viewport);
  if (fullRange === 0) return 0;
  return Math.min(maxScroll, ((row * rowHeight) / fullRange) * maxScroll);
}

/** The page numbers covering rows [first, first + count). */
export function pagesFor(first: number, count: number, pageRows = PAGE_ROWS): number[] {
  if (count <= 0) return [];
  const pages: number[] = [];
  for (let p = Math.floor(first / pageRows); p <= Math.floor((first + count - 1) / pageRows); p++)
    pages.push(p);
  return pages;
}
