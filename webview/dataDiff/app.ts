// The Data Diff webview: the summary, a toolbar (key, changed rows only, export) and three tabs —
// the row diff, the column profiles with their histograms, and the drift table. Renders what the
// host posts; asks the host for row pages, a new alignment and exports by message.
import type { ColumnDiff } from '../../src/views/dataDiff/protocol';
import type {
  AlignmentChoice,
  DataDiffState,
  DataDiffTab,
  FailedMessage,
  HostMessage,
  SummaryMessage,
  UiStrings,
  WebviewMessage,
} from '../../src/views/dataDiff/protocol';
import { currentTheme } from '../shared/charts/theme';
import { h, iconButton } from '../shared/dom';
import { renderDriftTable, type DriftSort } from './drift';
import { fill, formatCount } from './format';
import { drawHistogram } from './histogram';
import { histogramConfig } from './histogramConfig';
import { renderProfileCard } from './profiles';
import { RowsGrid } from './rows';
import { renderSummary } from './summary';

export interface HostLink {
  post(message: WebviewMessage): void;
  saveState(state: DataDiffState): void;
}

const TABS: readonly DataDiffTab[] = ['rows', 'profiles', 'drift'];
type Value = { value?: unknown; checked?: unknown };

export function isHostMessage(data: unknown): data is HostMessage {
  const type = (data as { type?: unknown } | null)?.type;
  return type === 'computing' || type === 'summary' || type === 'page' || type === 'failed';
}

function choiceValue(choice: AlignmentChoice): string {
  return choice.kind === 'key' ? `key:${choice.column}` : choice.kind;
}

function choiceOf(value: string): AlignmentChoice {
  if (value.startsWith('key:')) return { kind: 'key', column: value.slice(4) };
  return value === 'position' ? { kind: 'position' } : { kind: 'auto' };
}

export class DataDiffApp {
  private state: DataDiffState;
  private summary: SummaryMessage | undefined;
  private grid: RowsGrid | undefined;
  private driftSort: DriftSort = 'drift';
  private charts: { destroy(): void }[] = [];
  private observer: IntersectionObserver | undefined;
  /** Set once the first summary's rows are painted (the benchmark and the e2e test read it). */
  firstPaintMs: number | undefined;
  private summaryArrived = 0;

  constructor(
    private readonly doc: Document,
    private readonly root: HTMLElement,
    private readonly strings: UiStrings,
    saved: DataDiffState,
    private readonly host: HostLink,
  ) {
    this.state = saved;
  }

  start(): void {
    this.host.post({ type: 'ready' });
  }

  receive(data: unknown): void {
    if (!isHostMessage(data)) return;
    switch (data.type) {
      case 'computing':
        this.state = { ...this.state, restore: data.restore };
        this.save();
        this.root.replaceChildren(
          h(this.doc, 'p', { class: 'loading', text: fill(this.strings.computing, data.title) }),
        );
        return;
      case 'failed':
        return this.showFailure(data);
      case 'summary':
        return this.showSummary(data);
      case 'page':
        this.grid?.accept(data.generation, data.changedOnly, data.page);
        return;
    }
  }

  private save(): void {
    this.host.saveState(this.state);
  }

  private showFailure(message: FailedMessage): void {
    if (message.restore) this.state = { ...this.state, restore: message.restore };
    this.save();
    this.disposeCharts();
    this.root.replaceChildren(
      h(
        this.doc,
        'div',
        { class: 'failure', attrs: { role: 'alert' } },
        h(this.doc, 'h2', { text: fill(this.strings.failedTitle, message.title) }),
        h(this.doc, 'p', { class: 'failure-path', text: message.path }),
        h(this.doc, 'p', { class: 'failure-reason', text: message.reason }),
        iconButton(this.doc, 'codicon-refresh', this.strings.retry, () => this.host.post({ type: 'retry' })),
      ),
    );
  }

  private showSummary(message: SummaryMessage): void {
    this.summaryArrived = performance.now();
    const sameDiff = this.summary !== undefined && this.summary.generation === message.generation;
    this.summary = message;
    const topRow = sameDiff ? 0 : this.state.topRow;
    this.state = { ...this.state, restore: message.restore };
    this.save();
    this.disposeCharts();
    const grid = new RowsGrid(
      this.doc,
      this.strings,
      (generation, changedOnly, page) => this.host.post({ type: 'page', generation, changedOnly, ...page }),
      (row) => {
        this.state = { ...this.state, topRow: row };
        this.save();
      },
    );
    this.grid = grid;
    this.root.replaceChildren(
      h(this.doc, 'h1', { class: 'diff-title', text: message.title }),
      renderSummary(this.doc, message.summary, this.strings),
      this.toolbar(message),
      this.tabs(grid, message),
    );
    this.setRowsSource(topRow);
  }

  private rowTotal(changedOnly: boolean): number {
    const rows = this.summary?.summary.rows;
    if (!rows) return 0;
    return rows.added + rows.removed + rows.changed + (changedOnly ? 0 : rows.unchanged);
  }

  private setRowsSource(topRow: number): void {
    const message = this.summary;
    if (!message || !this.grid) return;
    this.grid.setSource(
      {
        generation: message.generation,
        changedOnly: this.state.changedOnly,
        total: this.rowTotal(this.state.changedOnly),
        columns: message.summary.columns,
      },
      topRow,
      this.state.changedOnly ? message.firstPages.changed : message.firstPages.all,
    );
    if (this.firstPaintMs === undefined) this.markFirstPaint();
    const count = this.doc.getElementById('rows-shown');
    if (count)
      count.textContent = fill(this.strings.rowsShown, formatCount(this.rowTotal(this.state.changedOnly)));
  }

  /** The frame after the summary and the rows in view were laid out: the panel's first paint. */
  private markFirstPaint(): void {
    requestAnimationFrame(() => {
      if (this.firstPaintMs !== undefined) return;
      this.firstPaintMs = performance.now() - this.summaryArrived;
      this.root.setAttribute('data-first-paint-ms', this.firstPaintMs.toFixed(1));
    });
  }

  private toolbar(message: SummaryMessage): HTMLElement {
    const option = (value: string, label: string): HTMLElement =>
      h(this.doc, 'vscode-option', {
        text: label,
        attrs: value === choiceValue(message.choice) ? { value, selected: '' } : { value },
      });
    const picker = h(
      this.doc,
      'vscode-single-select',
      {
        attrs: { id: 'key-picker', 'aria-label': this.strings.keyLabel },
        on: {
          change: (e) =>
            this.host.post({
              type: 'align',
              choice: choiceOf(String((e.currentTarget as Value | null)?.value ?? 'auto')),
            }),
        },
      },
      option('auto', this.strings.keyAuto),
      option('position', this.strings.keyPosition),
      ...message.keyCandidates.map((column) => option(`key:${column}`, column)),
    );
    const changedOnly = h(this.doc, 'vscode-checkbox', {
      text: this.strings.changedOnly,
      attrs: this.state.changedOnly ? { id: 'changed-only', checked: '' } : { id: 'changed-only' },
      on: { change: (e) => this.setChangedOnly((e.currentTarget as Value | null)?.checked === true) },
    });
    const exportButton = (
      codicon: string,
      label: string,
      id: string,
      format: 'csv' | 'markdown',
      target: 'file' | 'clipboard',
    ) =>
      iconButton(this.doc, codicon, label, () => this.host.post({ type: 'export', format, target }), {
        attrs: { id },
      });
    return h(
      this.doc,
      'div',
      { class: 'toolbar' },
      h(
        this.doc,
        'span',
        { class: 'field' },
        h(this.doc, 'label', { text: this.strings.keyLabel, attrs: { for: 'key-picker' } }),
        picker,
      ),
      changedOnly,
      h(this.doc, 'span', { class: 'count', attrs: { id: 'rows-shown', 'aria-live': 'polite' } }),
      h(this.doc, 'span', {
        class: 'count compute-time',
        text: fill(this.strings.computedIn, formatCount(message.computeMs)),
      }),
      h(this.doc, 'span', { class: 'spacer' }),
      exportButton('codicon-save', this.strings.saveCsv, 'save-csv', 'csv', 'file'),
      exportButton('codicon-markdown', this.strings.saveMarkdown, 'save-markdown', 'markdown', 'file'),
      exportButton('codicon-copy', this.strings.copyMarkdown, 'copy-markdown', 'markdown', 'clipboard'),
      exportButton('codicon-table', this.strings.copyCsv, 'copy-csv', 'csv', 'clipboard'),
    );
  }

  private setChangedOnly(on: boolean): void {
    if (on === this.state.changedOnly) return;
    this.state = { ...this.state, changedOnly: on, topRow: 0 };
    this.save();
    this.setRowsSource(0);
  }

  private tabs(grid: RowsGrid, message: SummaryMessage): HTMLElement {
    const titles: Record<DataDiffTab, string> = {
      rows: this.strings.tabRows,
      profiles: this.strings.tabProfiles,
      drift: this.strings.tabDrift,
    };
    const profiles = h(this.doc, 'div', { class: 'chart-grid profiles' });
    this.fillProfiles(profiles, message.summary.profiles);
    const drift = h(this.doc, 'div', { class: 'drift-host' });
    const renderDrift = (): void => {
      drift.replaceChildren(
        renderDriftTable(this.doc, message.summary.profiles, this.driftSort, this.strings, (sort) => {
          this.driftSort = sort;
          renderDrift();
        }),
      );
    };
    renderDrift();
    const contents: Record<DataDiffTab, HTMLElement> = { rows: grid.element, profiles, drift };
    const tabs = h(
      this.doc,
      'vscode-tabs',
      { attrs: { 'selected-index': String(TABS.indexOf(this.state.tab)) } },
      ...TABS.map((tab) =>
        h(this.doc, 'vscode-tab-header', { text: titles[tab], attrs: { slot: 'header', 'data-tab': tab } }),
      ),
      ...TABS.map((tab) => h(this.doc, 'vscode-tab-panel', { attrs: { 'data-tab': tab } }, contents[tab])),
    );
    tabs.addEventListener('vsc-tabs-select', (event) => {
      const index = (event as CustomEvent<{ selectedIndex?: number }>).detail?.selectedIndex ?? 0;
      this.state = { ...this.state, tab: TABS[index] ?? 'rows' };
      this.save();
      if (this.state.tab === 'rows') requestAnimationFrame(() => grid.render());
    });
    return tabs;
  }

  /** Profile cards now; each histogram only once its card scrolls into view. */
  private fillProfiles(holder: HTMLElement, columns: readonly ColumnDiff[]): void {
    const theme = currentTheme(this.doc);
    const style = getComputedStyle(this.doc.body);
    const colors = {
      a: style.getPropertyValue('--vscode-charts-blue').trim() || '#3794ff',
      b: style.getPropertyValue('--vscode-charts-orange').trim() || '#d18616',
    };
    const labels = {
      a: `A: ${this.summary?.summary.a.label ?? ''}`,
      b: `B: ${this.summary?.summary.b.label ?? ''}`,
    };
    const pending = new Map<Element, () => void>();
    this.observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        const draw = entry.isIntersecting ? pending.get(entry.target) : undefined;
        if (!draw) continue;
        pending.delete(entry.target);
        this.observer?.unobserve(entry.target);
        draw();
      }
    });
    for (const column of columns) {
      const card = renderProfileCard(this.doc, column, this.strings, labels);
      holder.append(card.card);
      const chartHolder = card.chartHolder;
      const histogram = column.histogram;
      if (!chartHolder || !histogram) continue;
      pending.set(chartHolder, () =>
        this.charts.push(drawHistogram(chartHolder, histogramConfig(histogram, labels, colors, theme))),
      );
      this.observer.observe(chartHolder);
    }
  }

  private disposeCharts(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    for (const chart of this.charts) chart.destroy();
    this.charts = [];
  }
}
