// The virtualized grid of the Runs Table: a sticky header and a sticky name column, and only the rows
// in view (plus a few) in the DOM, so that 10,000 runs scroll as smoothly as 10. Text goes through
// textContent only: run names and param values are user data, never HTML.
import type {
  ColumnView,
  RowView,
  RunMark,
  TableSnapshot,
  UiStrings,
} from '../../src/views/runsTable/protocol';
import { MAX_WIDTH, MIN_WIDTH } from '../../src/views/runsTable/protocol';
import { h, icon } from '../shared/dom';
import { columnWidth, NAME_COLUMN, ROW_HEIGHT, visibleRange } from './viewport';

export interface GridActions {
  sort(column: string): void;
  /** While dragging (`done` false) and once released (`done` true). */
  resize(column: string, width: number, done: boolean): void;
  mark(row: RowView, mark: RunMark, on: boolean): void;
  open(row: RowView): void;
}

const KEYBOARD_RESIZE_STEP = 16;

export class RunsGrid {
  readonly element: HTMLElement;
  private readonly header: HTMLElement;
  private readonly body: HTMLElement;
  private snapshot: TableSnapshot | undefined;
  private columns: ColumnView[] = [];
  private widths: Record<string, number> = {};
  private readonly rendered = new Map<number, HTMLElement>();
  private frame = 0;

  constructor(
    private readonly doc: Document,
    private readonly strings: UiStrings,
    private readonly actions: GridActions,
  ) {
    this.header = h(doc, 'div', { class: 'grid-header', attrs: { role: 'row', 'aria-rowindex': '1' } });
    this.body = h(doc, 'div', { class: 'grid-body', attrs: { role: 'rowgroup' } });
    this.element = h(doc, 'div', { class: 'grid-scroller', attrs: { role: 'grid' } }, this.header, this.body);
    this.element.addEventListener('scroll', () => this.scheduleWindow(), { passive: true });
    this.body.addEventListener('click', (event) => this.onBodyClick(event));
    // The panel's size changes without a scroll (editor split, window resize): render what is in view.
    if (typeof ResizeObserver !== 'undefined')
      new ResizeObserver(() => this.scheduleWindow()).observe(this.element);
  }

  /** Shows a snapshot: the header again, and the rows in view. */
  setData(snapshot: TableSnapshot, widths: Record<string, number>): void {
    this.snapshot = snapshot;
    this.widths = widths;
    const name: ColumnView = { id: NAME_COLUMN, kind: 'attr', label: this.strings.name, numeric: false };
    this.columns = [name, ...snapshot.columns];
    this.element.setAttribute('aria-rowcount', String(snapshot.rows.length + 1));
    this.element.setAttribute('aria-colcount', String(this.columns.length));
    this.renderHeader();
    this.body.style.height = `${snapshot.rows.length * ROW_HEIGHT}px`;
    this.applyTotalWidth();
    for (const row of this.rendered.values()) row.remove();
    this.rendered.clear();
    this.renderWindow();
  }

  /** Renders the rows in view now (after layout changes the webview cannot observe, e.g. a resize). */
  refreshWindow(): void {
    this.renderWindow();
  }

  /** Number of row elements in the DOM (for tests and the benchmark). */
  get renderedRows(): number {
    return this.rendered.size;
  }

  private scheduleWindow(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.renderWindow();
    });
  }

  private totalWidth(): number {
    return this.columns.reduce((sum, column) => sum + columnWidth(column, this.widths), 0);
  }

  private applyTotalWidth(): void {
    const total = `${this.totalWidth()}px`;
    this.header.style.width = total;
    this.body.style.width = total;
    for (const row of this.rendered.values()) row.style.width = total;
  }

  private renderHeader(): void {
    const sort = this.snapshot?.sort ?? null;
    this.header.replaceChildren(
      ...this.columns.map((column, index) => {
        const sorted = sort?.column === column.id;
        const arrow = sorted ? (sort.descending ? 'codicon-arrow-down' : 'codicon-arrow-up') : null;
        const cell = h(
          this.doc,
          'div',
          {
            class: this.cellClass(column, index, 'head'),
            attrs: {
              role: 'columnheader',
              'data-column': column.id,
              'aria-colindex': String(index + 1),
              'aria-sort': sorted ? (sort.descending ? 'descending' : 'ascending') : 'none',
            },
          },
          h(
            this.doc,
            'button',
            {
              class: `sort-button kind-${column.kind}`,
              attrs: {
                type: 'button',
                title: this.headerTitle(column),
                'aria-label': this.headerTitle(column),
              },
              on: { click: () => this.actions.sort(column.id) },
            },
            h(this.doc, 'span', { class: 'label', text: column.label }),
            arrow ? icon(this.doc, arrow) : null,
          ),
          this.resizeHandle(column),
        );
        cell.style.width = `${columnWidth(column, this.widths)}px`;
        return cell;
      }),
    );
  }

  private kindLabel(column: ColumnView): string {
    return column.kind === 'metric' ? this.strings.metric : this.strings.param;
  }

  private headerTitle(column: ColumnView): string {
    const name = column.kind === 'attr' ? column.label : `${this.kindLabel(column)} ${column.label}`;
    const sort = this.snapshot?.sort;
    if (sort?.column !== column.id) return name;
    return `${name} — ${sort.descending ? this.strings.sortDescending : this.strings.sortAscending}`;
  }

  private cellClass(column: ColumnView, index: number, extra: string): string {
    const classes = ['cell', extra];
    if (index === 0) classes.push('name-col');
    if (column.numeric) classes.push('num');
    return classes.join(' ');
  }

  private resizeHandle(column: ColumnView): HTMLElement {
    const handle = h(this.doc, 'div', {
      class: 'resize-handle',
      attrs: {
        role: 'separator',
        'aria-orientation': 'vertical',
        tabindex: '0',
        title: this.strings.resizeColumn,
        'aria-label': `${this.strings.resizeColumn}: ${column.label}`,
      },
    });
    handle.addEventListener('pointerdown', (event) => this.startResize(event, handle, column));
    handle.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (step === 0) return;
      event.preventDefault();
      const width = this.setWidth(column.id, columnWidth(column, this.widths) + step * KEYBOARD_RESIZE_STEP);
      this.actions.resize(column.id, width, true);
    });
    return handle;
  }

  private startResize(event: PointerEvent, handle: HTMLElement, column: ColumnView): void {
    event.preventDefault();
    event.stopPropagation();
    const startX = event.clientX;
    const startWidth = columnWidth(column, this.widths);
    let width = startWidth;
    handle.setPointerCapture(event.pointerId);
    handle.classList.add('dragging');
    const move = (e: PointerEvent): void => {
      width = this.setWidth(column.id, startWidth + e.clientX - startX);
      this.actions.resize(column.id, width, false);
    };
    const up = (): void => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      handle.removeEventListener('pointercancel', up);
      handle.classList.remove('dragging');
      this.actions.resize(column.id, width, true);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
    handle.addEventListener('pointercancel', up);
  }

  /** Sets one column's width on the header and the rendered rows; returns the width kept (clamped). */
  setWidth(columnId: string, requested: number): number {
    const width = Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, requested)));
    this.widths = { ...this.widths, [columnId]: width };
    const index = this.columns.findIndex((c) => c.id === columnId);
    if (index < 0) return width;
    const px = `${width}px`;
    const headCell = this.header.children.item(index) as HTMLElement | null;
    if (headCell) headCell.style.width = px;
    for (const row of this.rendered.values()) {
      const cell = row.children.item(index) as HTMLElement | null;
      if (cell) cell.style.width = px;
    }
    this.applyTotalWidth();
    return width;
  }

  private renderWindow(): void {
    const rows = this.snapshot?.rows ?? [];
    const bodyTop = this.body.offsetTop;
    const range = visibleRange(this.element.scrollTop - bodyTop, this.element.clientHeight, rows.length);
    for (const [index, element] of this.rendered) {
      if (index < range.start || index >= range.end) {
        element.remove();
        this.rendered.delete(index);
      }
    }
    const fragment = this.doc.createDocumentFragment();
    for (let index = range.start; index < range.end; index++) {
      if (this.rendered.has(index)) continue;
      const element = this.renderRow(rows[index], index);
      this.rendered.set(index, element);
      fragment.append(element);
    }
    this.body.append(fragment);
  }

  private renderRow(row: RowView, index: number): HTMLElement {
    const element = h(this.doc, 'div', {
      class: row.checked ? 'grid-row checked' : 'grid-row',
      attrs: {
        role: 'row',
        'aria-rowindex': String(index + 2),
        'data-index': String(index),
        'data-id': row.id,
      },
    });
    element.style.top = `${index * ROW_HEIGHT}px`;
    element.style.width = `${this.totalWidth()}px`;
    this.columns.forEach((column, col) => {
      const cell =
        col === 0
          ? this.nameCell(row)
          : h(this.doc, 'div', { text: row.cells[col - 1] ?? '', attrs: { role: 'gridcell' } });
      cell.className = this.cellClass(
        column,
        col,
        row.cells[col - 1] === null && col > 0 ? 'missing' : 'data',
      );
      cell.style.width = `${columnWidth(column, this.widths)}px`;
      element.append(cell);
    });
    return element;
  }

  private nameCell(row: RowView): HTMLElement {
    const tick = h(this.doc, 'input', {
      class: 'tick',
      attrs: {
        type: 'checkbox',
        'data-action': 'check',
        title: this.strings.tick,
        'aria-label': this.strings.tick,
      },
    });
    tick.checked = row.checked;
    const starLabel = row.starred ? this.strings.unstar : this.strings.star;
    return h(
      this.doc,
      'div',
      { attrs: { role: 'gridcell' } },
      tick,
      h(
        this.doc,
        'button',
        {
          class: row.starred ? 'icon-button star starred' : 'icon-button star',
          attrs: {
            type: 'button',
            'data-action': 'star',
            title: starLabel,
            'aria-label': starLabel,
            'aria-pressed': String(row.starred),
          },
        },
        icon(this.doc, row.starred ? 'codicon-star-full' : 'codicon-star-empty'),
      ),
      h(this.doc, 'button', {
        class: 'run-link',
        text: row.name,
        attrs: { type: 'button', 'data-action': 'open', title: `${this.strings.openRun}: ${row.name}` },
      }),
    );
  }

  /** One listener for every row: which button of which row was clicked. */
  private onBodyClick(event: Event): void {
    const target = event.target instanceof Element ? event.target.closest('[data-action]') : null;
    const rowElement = target?.closest('.grid-row');
    const index = Number(rowElement?.getAttribute('data-index'));
    const row = this.snapshot?.rows[index];
    if (!target || !rowElement || !row) return;
    switch (target.getAttribute('data-action')) {
      case 'check':
        row.checked = (target as HTMLInputElement).checked;
        rowElement.classList.toggle('checked', row.checked);
        this.actions.mark(row, 'checked', row.checked);
        return;
      case 'star':
        row.starred = !row.starred;
        this.rerenderRow(index);
        this.actions.mark(row, 'starred', row.starred);
        return;
      case 'open':
        this.actions.open(row);
        return;
    }
  }

  private rerenderRow(index: number): void {
    const old = this.rendered.get(index);
    const row = this.snapshot?.rows[index];
    if (!old || !row) return;
    const fresh = this.renderRow(row, index);
    old.replaceWith(fresh);
    this.rendered.set(index, fresh);
    fresh.querySelector<HTMLElement>('.star')?.focus();
  }
}
