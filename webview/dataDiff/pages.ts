// The row pages the webview holds: asked for once, kept for the current diff and filter, and the
// least recently used dropped past a bound (scrolling through a million rows keeps memory flat).
import type { DiffRow, RowPage } from '../../src/views/dataDiff/protocol';
import { PAGE_ROWS } from './viewport';

const MAX_PAGES = 60;

export interface PageRequest {
  offset: number;
  count: number;
}

export class PageCache {
  private readonly pages = new Map<number, DiffRow[]>();
  private readonly pending = new Set<number>();
  /** Rows matching the filter, as the last page said (null until one arrived). */
  total: number | null = null;

  constructor(
    readonly generation: number,
    readonly changedOnly: boolean,
    private readonly pageRows = PAGE_ROWS,
  ) {}

  /** The row at `index`, or undefined while its page is not here. */
  row(index: number): DiffRow | undefined {
    const page = this.pages.get(Math.floor(index / this.pageRows));
    return page?.[index % this.pageRows];
  }

  /** Requests for the pages among `wanted` that are neither here nor asked for; marks them asked. */
  missing(wanted: readonly number[]): PageRequest[] {
    const requests: PageRequest[] = [];
    for (const p of wanted) {
      if (this.pages.has(p)) {
        // Most recently used last.
        const rows = this.pages.get(p) as DiffRow[];
        this.pages.delete(p);
        this.pages.set(p, rows);
        continue;
      }
      if (this.pending.has(p)) continue;
      this.pending.add(p);
      requests.push({ offset: p * this.pageRows, count: this.pageRows });
    }
    return requests;
  }

  /** Stores a page the host sent unasked (the first one, with the summary). */
  seed(page: RowPage): void {
    if (page.offset % this.pageRows !== 0 || page.rows.length === 0) return;
    this.pending.add(page.offset / this.pageRows);
    this.accept(page);
  }

  /** Stores a page from the host; false when it is not one this cache asked for. */
  accept(page: RowPage): boolean {
    if (page.offset % this.pageRows !== 0) return false;
    const p = page.offset / this.pageRows;
    if (!this.pending.delete(p)) return false;
    this.total = page.total;
    this.pages.set(p, page.rows);
    while (this.pages.size > MAX_PAGES) {
      const oldest = this.pages.keys().next().value as number;
      this.pages.delete(oldest);
    }
    return true;
  }

  get size(): number {
    return this.pages.size;
  }
}
