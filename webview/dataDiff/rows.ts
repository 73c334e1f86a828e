// The row diff: a virtualized grid (only the rows in view are in the DOM, their pages asked of the
// host as they scroll into view), a status column, the key, and a cell per column, a changed one
// shown old → new. Text goes through textContent only: cells are user data.
import type { DiffCell, DiffRow, RowPage } from '../../src/views/dataDiff/protocol';
import type { UiStrings } from '../../src/views/dataDiff/protocol';
import { h } from '../shared/dom';
import { PageCache, type PageRequest } from './pages';
import { pagesFor, ROW_HEIGHT, rowWindow, scrollTopFor } from './viewport';

const STATUS_WIDTH = 28;
const KEY_WIDTH = 110;
const CELL_WIDTH = 150;

export interface RowsSource {
  generation: number;
  changedOnly: boolean;
  /** Rows matching the filter. */
  total: number;
  columns: string[];
}

const STATUS_MARK: Record<DiffRow['status'], string> = {
  added: '+',
  removed: '−',
  changed: '~',
  unchanged: '',
};

function cellNode(doc: Document, status: DiffRow['status'], cell: DiffCell): HTMLElement {
  if (status === 'added') return h(doc, 'div', { class: 'cell', text: cell.b ?? '' });
  if (status === 'removed') return h(doc, 'div', { class: 'cell', text: cell.a ?? '' });
  if (cell.a === cell.b) return h(doc, 'div', { class: 'cell', text: cell.a ?? '' });
  const title = `${cell.a ?? '∅'} → ${cell.b ?? '∅'}`;
  return h(
    doc,
    'div',
    { class: 'cell changed-cell', attrs: { title } },
    h(doc, 'span', { class: 'old', text: cell.a ?? '∅' }),
    h(doc, 'span', { class: 'arrow', text: ' → ', attrs: { 'aria-hidden': 'true' } }),
    h(doc, 'span', { class: 'new', text: cell.b ?? '∅' }),
  );
}

export function rowNode(doc: Document, row: DiffRow, index: number, strings: UiStrings): HTMLElement {
  const statusLabel = {
    added: strings.added,
    removed: strings.removed,
    changed: strings.changed,
    unchanged: strings.unchanged,
  }[row.status];
  return h(
    doc,
    'div',
    {
      class: `diff-row status-${row.status}`,
      attrs: { role: 'row', 'aria-rowindex': String(index + 2), 'data-status': row.status },
    },
    h(doc, 'div', {
      class: 'cell status',
      text: STATUS_MARK[row.status],
      attrs: { title: statusLabel, 'aria-label': statusLabel },
    }),
    h(doc, 'div', { class: 'cell key', text: row.key, attrs: { title: row.key } }),
    ...row.cells.map((cell) => cellNode(doc, row.status, cell)),
  );
}

export class RowsGrid {
  readonly element: HTMLElement;
  private readonly header: HTMLElement;
  private readonly body: HTMLElement;
  private readonly window: HTMLElement;
  private readonly empty: HTMLElement;
  private source: RowsSource | undefined;
  private cache: PageCache | undefined;
  private frame = 0;
  /** The first row in view after the last render (saved in the state). */
  topRow = 0;

  constructor(
    private readonly doc: Document,
    private readonly strings: UiStrings,
    private readonly request: (generation: number, changedOnly: boolean, page: PageRequest) => void,
    private readonly onTopRow: (row: number) => void,
  ) {
    this.header = h(doc, 'div', { class: 'diff-header', attrs: { role: 'row', 'aria-rowindex': '1' } });
    this.window = h(doc, 'div', { class: 'diff-window', attrs: { role: 'rowgroup' } });
    this.body = h(doc, 'div', { class: 'diff-body' }, this.window);
    this.empty = h(doc, 'p', { class: 'empty-note', text: strings.noRows, attrs: { hidden: '' } });
    this.element = h(
      doc,
      'div',
      { class: 'diff-grid', attrs: { role: 'grid', tabindex: '0' } },
      this.header,
      this.body,
      this.empty,
    );
    this.element.addEventListener('scroll', () => this.schedule(), { passive: true });
    if (typeof ResizeObserver !== 'undefined')
      new ResizeObserver(() => this.schedule()).observe(this.element);
  }

  /** Shows a diff (or the same one with the other filter), scrolled to `topRow`; `first` is its first page. */
  setSource(source: RowsSource, topRow = 0, first?: RowPage): void {
    this.source = source;
    this.cache = new PageCache(source.generation, source.changedOnly);
    if (first) this.cache.seed(first);
    const widths = [STATUS_WIDTH, KEY_WIDTH, ...source.columns.map(() => CELL_WIDTH)];
    this.element.style.setProperty('--diff-columns', widths.map((w) => `${w}px`).join(' '));
    this.element.style.setProperty('--diff-width', `${widths.reduce((s, w) => s + w, 0)}px`);
    this.element.setAttribute('aria-rowcount', String(source.total + 1));
    this.element.setAttribute('aria-colcount', String(widths.length));
    this.header.replaceChildren(
      h(this.doc, 'div', {
        class: 'cell status',
        attrs: { role: 'columnheader', title: this.strings.rowStatus },
      }),
      h(this.doc, 'div', { class: 'cell key', text: this.strings.rowKey, attrs: { role: 'columnheader' } }),
      ...source.columns.map((name) =>
        h(this.doc, 'div', { class: 'cell', text: name, attrs: { role: 'columnheader', title: name } }),
      ),
    );
    this.empty.toggleAttribute('hidden', source.total > 0);
    this.body.style.height = `${rowWindow(0, 0, source.total).contentHeight}px`;
    this.element.scrollTop = scrollTopFor(topRow, this.element.clientHeight, source.total);
    this.render();
  }

  /** A page from the host; rendered when it belongs to what is shown. */
  accept(generation: number, changedOnly: boolean, page: RowPage): void {
    const cache = this.cache;
    if (!cache || cache.generation !== generation || cache.changedOnly !== changedOnly) return;
    if (cache.accept(page)) this.schedule();
  }

  /** Rows in the DOM (for tests and the benchmark). */
  get renderedRows(): number {
    return this.window.childElementCount;
  }

  private schedule(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  render(): void {
    const source = this.source;
    const cache = this.cache;
    if (!source || !cache) return;
    const view = rowWindow(this.element.scrollTop, this.element.clientHeight - ROW_HEIGHT, source.total);
    for (const page of cache.missing(pagesFor(view.first, view.count)))
      this.request(source.generation, source.changedOnly, page);
    const nodes: HTMLElement[] = [];
    for (let i = view.first; i < view.first + view.count; i++) {
      const row = cache.row(i);
      nodes.push(
        row
          ? rowNode(this.doc, row, i, this.strings)
          : h(this.doc, 'div', {
              class: 'diff-row loading',
              text: this.strings.loadingRows,
              attrs: { role: 'row' },
            }),
      );
    }
    this.window.replaceChildren(...nodes);
    this.window.style.transform = `translateY(${view.top}px)`;
    const top = Math.min(
      source.total,
      view.first + Math.max(0, Math.floor((this.element.scrollTop - view.top) / ROW_HEIGHT)),
    );
    if (top !== this.topRow) {
      this.topRow = top;
      this.onTopRow(top);
    }
  }
}
