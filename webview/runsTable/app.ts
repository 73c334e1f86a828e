// The Runs Table webview: a toolbar (filter, counts, columns, compare) above the virtualized grid.
// Renders the host's snapshots; asks the host for everything else by message.
import type {
  RunsTableState,
  TableScope,
  TableSnapshot,
  UiStrings,
  WebviewMessage,
} from '../../src/views/runsTable/protocol';
import { h, iconButton } from '../shared/dom';
import { RunsGrid } from './grid';
import { nextSort } from './viewport';

export interface HostLink {
  post(message: WebviewMessage): void;
  saveState(state: RunsTableState): void;
}

/** The filter is sent once typing pauses this long. */
const FILTER_DELAY_MS = 300;

/** Fills "{0}" and "{1}" of a localized template. */
export function fill(template: string, ...values: (string | number)[]): string {
  return template.replace(/\{(\d)\}/g, (match, digit: string) => {
    const value = values[Number(digit)];
    return value === undefined ? match : String(value);
  });
}

export function isSnapshot(data: unknown): data is TableSnapshot {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'snapshot';
}

export class RunsTableApp {
  private readonly grid: RunsGrid;
  private readonly scopeLabel: HTMLElement;
  private readonly filterInput: HTMLInputElement;
  private readonly filterError: HTMLElement;
  private readonly count: HTMLElement;
  private readonly sortNote: HTMLElement;
  private readonly resetButton: HTMLButtonElement;
  private readonly compareButton: HTMLButtonElement;
  private readonly empty: HTMLElement;
  private filterTimer: ReturnType<typeof setTimeout> | undefined;
  private snapshot: TableSnapshot | undefined;
  private scope: TableScope;
  private widths: Record<string, number>;
  /** Set after the first snapshot has been painted (the benchmark and the e2e test read it). */
  firstPaintMs: number | undefined;

  constructor(
    private readonly doc: Document,
    private readonly root: HTMLElement,
    private readonly strings: UiStrings,
    saved: RunsTableState,
    private readonly host: HostLink,
  ) {
    this.scope = saved.scope;
    this.widths = { ...saved.widths };
    this.grid = new RunsGrid(doc, strings, {
      sort: (column) =>
        this.host.post({ type: 'setSort', sort: nextSort(this.snapshot?.sort ?? null, column) }),
      resize: (column, width, done) => {
        this.widths = { ...this.widths, [column]: width };
        if (!done) return;
        this.saveState();
        this.host.post({ type: 'setWidths', widths: { [column]: width } });
      },
      mark: (row, mark, on) => {
        const store = this.snapshot?.stores[row.store];
        if (store !== undefined) this.host.post({ type: 'setMark', store, id: row.id, mark, on });
      },
      open: (row) => {
        const store = this.snapshot?.stores[row.store];
        if (store !== undefined) this.host.post({ type: 'openRun', store, id: row.id });
      },
    });
    this.scopeLabel = h(doc, 'h1', { class: 'scope-label' });
    this.filterInput = h(doc, 'input', {
      class: 'filter',
      attrs: {
        type: 'search',
        spellcheck: 'false',
        placeholder: strings.filterPlaceholder,
        'aria-label': strings.filterLabel,
      },
      on: { input: () => this.onFilterInput(), keydown: (e) => this.onFilterKey(e as KeyboardEvent) },
    });
    this.filterInput.value = saved.filter;
    this.filterError = h(doc, 'div', { class: 'filter-error', attrs: { role: 'alert' } });
    this.count = h(doc, 'span', { class: 'count', attrs: { 'aria-live': 'polite' } });
    this.sortNote = h(doc, 'span', { class: 'sort-note' });
    this.resetButton = iconButton(doc, 'codicon-discard', strings.resetColumns, () =>
      this.host.post({ type: 'resetColumns' }),
    );
    this.compareButton = iconButton(doc, 'codicon-graph-line', strings.compareChecked, () =>
      this.host.post({ type: 'compareChecked' }),
    );
    this.empty = h(doc, 'p', { class: 'empty-note', attrs: { hidden: '' } });
    const toolbar = h(
      doc,
      'div',
      { class: 'toolbar' },
      this.scopeLabel,
      this.filterInput,
      this.count,
      this.sortNote,
      h(doc, 'span', { class: 'spacer' }),
      h(
        doc,
        'span',
        { class: 'kind-legend', attrs: { 'aria-hidden': 'true' } },
        h(doc, 'span', { class: 'kind-metric', text: strings.metric }),
        h(doc, 'span', { class: 'kind-param', text: strings.param }),
      ),
      iconButton(
        doc,
        'codicon-list-selection',
        strings.columns,
        () => this.host.post({ type: 'chooseColumns' }),
        {
          class: 'columns-button',
        },
      ),
      this.resetButton,
      this.compareButton,
    );
    root.replaceChildren(toolbar, this.filterError, this.empty, this.grid.element);
  }

  start(): void {
    this.doc.defaultView?.addEventListener('resize', () => this.grid.refreshWindow());
    this.host.post({ type: 'ready' });
  }

  receive(data: unknown): void {
    if (!isSnapshot(data)) return;
    const started = performance.now();
    const first = this.snapshot === undefined;
    this.snapshot = data;
    this.scope = data.scope;
    // Widths changed here win over the saved ones until the host has them.
    this.widths = { ...data.widths, ...this.widths };
    this.render(data, first);
    if (first) {
      requestAnimationFrame(() => {
        this.firstPaintMs = performance.now() - started;
        this.root.setAttribute('data-first-paint-ms', this.firstPaintMs.toFixed(1));
      });
    }
  }

  private render(data: TableSnapshot, first: boolean): void {
    this.scopeLabel.textContent = data.scopeLabel;
    if (first || this.doc.activeElement !== this.filterInput) {
      if (!data.filterError) this.filterInput.value = data.filter;
    }
    this.filterError.textContent = data.filterError ?? '';
    this.filterError.hidden = data.filterError === null;
    this.filterInput.classList.toggle('invalid', data.filterError !== null);
    const shown = data.rows.length;
    const countText =
      shown === data.totalRuns
        ? shown === 1
          ? this.strings.rowCountOne
          : fill(this.strings.rowCount, shown)
        : fill(this.strings.rowCountFiltered, shown, data.totalRuns);
    this.count.textContent =
      data.checkedCount > 0
        ? `${countText} · ${fill(this.strings.checkedCount, data.checkedCount)}`
        : countText;
    this.sortNote.textContent =
      data.sort && data.sortLabel !== null
        ? `${fill(this.strings.sortedBy, data.sortLabel)} ${data.sort.descending ? '↓' : '↑'}`
        : '';
    this.resetButton.hidden = data.defaultColumns;
    this.compareButton.disabled = data.checkedCount === 0;
    const emptyText = data.indexing
      ? this.strings.indexing
      : data.totalRuns === 0
        ? this.strings.noRuns
        : this.strings.noMatches;
    this.empty.textContent = emptyText;
    this.empty.hidden = shown > 0;
    this.grid.setData(data, this.widths);
    this.saveState();
  }

  private saveState(): void {
    this.host.saveState({ scope: this.scope, filter: this.filterInput.value, widths: this.widths });
  }

  private onFilterInput(): void {
    if (this.filterTimer !== undefined) clearTimeout(this.filterTimer);
    this.filterTimer = setTimeout(() => this.sendFilter(), FILTER_DELAY_MS);
  }

  private onFilterKey(event: KeyboardEvent): void {
    if (event.key !== 'Enter') return;
    if (this.filterTimer !== undefined) clearTimeout(this.filterTimer);
    this.sendFilter();
  }

  private sendFilter(): void {
    this.filterTimer = undefined;
    this.host.post({ type: 'setFilter', text: this.filterInput.value });
    this.saveState();
  }
}
