// The Compare Runs page: lays itself out as soon as it loads, then applies host snapshots to the
// charts, the table, the scatter and the parallel coordinates, and turns user actions into view
// state or host messages.
import type {
  CompareTab,
  HostMessage,
  RunEntry,
  RunRefState,
  TableRowView,
  UiStrings,
  WebviewMessage,
} from '../../src/views/compare/protocol';
import { applyThemeDefaults, registerCharts, warmUpCharts } from './chartSetup';
import { h } from '../shared/dom';
import { buildLayout, type Layout, type LayoutActions } from './layout';
import { renderLegend, renderNotes } from './legend';
import { MetricCharts } from './metricCharts';
import { ParallelView } from './parallel';
import { ScatterView } from './scatter';
import { SeriesStore } from './seriesStore';
import type { Shown } from './shown';
import { renderTable, type TableActions } from './table';
import { currentTheme, watchTheme, type Theme } from './theme';
import type { SavedState, ViewState } from './viewState';

export interface AppHost {
  post(message: WebviewMessage): void;
  saveState(state: SavedState): void;
}

export const PERF = {
  snapshot: 'compare:snapshot',
  painted: 'compare:first-chart-painted',
  measure: 'compare:snapshot-to-first-chart',
  /** Time to apply each snapshot (synchronous part: data, DOM, chart updates). */
  render: 'compare:render',
} as const;

export function isSnapshot(data: unknown): data is HostMessage {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'snapshot';
}

export class CompareApp {
  private readonly layout: Layout;
  private snap: Shown | undefined;
  private readonly store = new SeriesStore();
  private theme: Theme;
  private readonly charts: MetricCharts;
  private readonly scatter: ScatterView;
  private readonly parallel: ParallelView;
  private painted = false;
  private legendKey = '';
  private readonly status: HTMLElement;

  constructor(
    private readonly doc: Document,
    root: HTMLElement,
    private readonly strings: UiStrings,
    private readonly view: ViewState,
    private refs: RunRefState[],
    private readonly host: AppHost,
  ) {
    registerCharts();
    this.theme = currentTheme(doc);
    applyThemeDefaults(this.theme);
    watchTheme(doc, (theme) => this.retheme(theme));
    this.status = h(doc, 'div', { class: 'visually-hidden', attrs: { role: 'status' } });
    this.layout = buildLayout(doc, strings, view, this.layoutActions());
    root.replaceChildren(this.layout.root, this.status);
    const ctx = {
      view: () => this.view,
      theme: () => this.theme,
      strings,
      changed: () => this.save(),
      exportPng: (name: string, dataUrl: string) => this.host.post({ type: 'exportChart', name, dataUrl }),
    };
    this.charts = new MetricCharts(doc, this.layout.chartGrid, {
      ...ctx,
      store: this.store,
      chartCreated: () => this.chartCreated(),
    });
    this.scatter = new ScatterView(doc, this.layout.scatterControls, this.layout.scatterHost, ctx);
    this.parallel = new ParallelView(doc, this.layout.parallelControls, this.layout.parallelHost, ctx);
  }

  /** Says `ready`, then uses the wait for the first snapshot to compile chart.js's drawing code. */
  start(): void {
    this.host.post({ type: 'ready', options: this.view.options });
    setTimeout(() => {
      if (!this.snap) warmUpCharts(this.doc);
    }, 0);
  }

  receive(data: unknown): void {
    if (!isSnapshot(data)) return;
    const start = performance.now();
    if (!this.painted) performance.mark(PERF.snapshot);
    const { lost } = this.store.apply(data);
    if (lost.length > 0) {
      // The host thinks we hold data we do not (e.g. the page was reloaded): ask for all of it.
      this.host.post({ type: 'ready', options: this.view.options });
      return;
    }
    this.render({ ...data, strings: this.strings });
    performance.measure(PERF.render, { start });
  }

  private save(): void {
    this.host.saveState({ runs: this.refs, view: this.view });
  }

  private announce(text: string): void {
    this.status.textContent = '';
    setTimeout(() => (this.status.textContent = text), 50);
  }

  private sendOptions(): void {
    this.save();
    this.host.post({ type: 'setOptions', options: this.view.options });
  }

  private render(snap: Shown): void {
    const previous = this.snap;
    this.snap = snap;
    this.refs = snap.requested;
    this.save();
    const { layout } = this;
    const noRuns = snap.runs.length === 0;
    layout.notes.replaceChildren(...renderNotes(this.doc, snap));
    if (noRuns && snap.indexing) layout.notes.append(h(this.doc, 'p', { class: 'loading', text: '…' }));
    layout.empty.toggleAttribute('hidden', !noRuns || snap.indexing);
    layout.tabs.toggleAttribute('hidden', noRuns);
    this.renderLegend();
    this.charts.update(snap, this.view.tab === 'charts');
    if (previous && previous.options.xAxis !== snap.options.xAxis) this.charts.resetAll();
    if (snap.metrics.length === 0 && !noRuns) {
      layout.chartGrid.replaceChildren(h(this.doc, 'p', { class: 'note', text: this.strings.noMetrics }));
    }
    if (this.view.tab !== 'charts') this.renderTab(this.view.tab);
  }

  private renderLegend(): void {
    if (!this.snap) return;
    // Live updates come every second or so: rebuild the legend only when what it shows changed.
    const runs = this.snap.runs.map((r) => [r.key, r.name, r.experimentName, r.color, r.dash, r.status]);
    const key = JSON.stringify([runs, this.view.hidden]);
    if (key === this.legendKey) return;
    this.legendKey = key;
    const hidden = new Set(this.view.hidden);
    const items = renderLegend(this.doc, this.snap.runs, hidden, this.strings, (run) => this.toggleRun(run));
    this.layout.legend.replaceChildren(...items);
  }

  /** The table, scatter and parallel coordinates are drawn only while their tab is shown. */
  private renderTab(tab: CompareTab): void {
    const { snap } = this;
    if (!snap || snap.runs.length === 0) return;
    if (tab === 'charts') this.charts.createVisible();
    if (tab === 'table') this.renderTable();
    if (tab === 'scatter') this.scatter.render(snap);
    if (tab === 'parallel') this.parallel.render(snap);
  }

  private renderTable(): void {
    if (!this.snap) return;
    const options = { onlyDifferences: this.view.onlyDifferences, sort: this.view.sort };
    this.layout.tableHost.replaceChildren(renderTable(this.doc, this.snap, options, this.tableActions()));
  }

  private chartCreated(): void {
    if (this.painted) return;
    this.painted = true;
    // After the frame that shows it: rAF runs before that paint, a task queued there runs after it.
    requestAnimationFrame(() =>
      setTimeout(() => {
        performance.mark(PERF.painted);
        const measure = performance.measure(PERF.measure, PERF.snapshot, PERF.painted);
        this.doc.body.setAttribute('data-first-chart-ms', measure.duration.toFixed(1));
      }, 0),
    );
  }

  private toggleRun(run: RunEntry): void {
    const hidden = new Set(this.view.hidden);
    if (hidden.has(run.key)) hidden.delete(run.key);
    else hidden.add(run.key);
    this.view.hidden = [...hidden];
    this.save();
    this.renderLegend();
    this.charts.setHidden();
    if (this.view.tab === 'scatter' || this.view.tab === 'parallel') this.renderTab(this.view.tab);
  }

  private retheme(theme: Theme): void {
    this.theme = theme;
    applyThemeDefaults(theme);
    this.charts.retheme();
    if (this.view.tab === 'scatter' || this.view.tab === 'parallel') this.renderTab(this.view.tab);
  }

  private layoutActions(): LayoutActions {
    return {
      selectTab: (tab) => {
        this.view.tab = tab;
        this.save();
        // The panel becomes visible only after this event: give it a frame to lay out.
        requestAnimationFrame(() => this.renderTab(tab));
      },
      setXAxis: (mode) => {
        this.view.options = { ...this.view.options, xAxis: mode };
        this.sendOptions();
      },
      setSmoothing: (weight, final) => {
        this.layout.smoothingValue.textContent = String(weight);
        if (!final) return;
        this.view.options = { ...this.view.options, smoothing: weight };
        this.sendOptions();
      },
      setMetricFilter: (text) => {
        this.view.metricFilter = text;
        this.save();
        if (this.snap) this.charts.update(this.snap, this.view.tab === 'charts');
      },
      setOnlyDifferences: (on) => {
        this.view.onlyDifferences = on;
        this.save();
        this.renderTable();
      },
      copyTable: (format) => {
        this.host.post({ type: 'copyTable', format, onlyDifferences: this.view.onlyDifferences });
        this.announce(this.strings.copied);
      },
      exportTable: () => this.host.post({ type: 'exportTable', onlyDifferences: this.view.onlyDifferences }),
      pickRuns: () => this.host.post({ type: 'pickRuns' }),
    };
  }

  private tableActions(): TableActions {
    return {
      sort: (sort) => {
        this.view.sort = sort;
        this.save();
        this.renderTable();
      },
      toggleDirection: (row: TableRowView) => {
        const directions = { ...this.view.options.directions };
        if (row.directionOverridden) delete directions[row.key];
        else directions[row.key] = row.direction === 'min' ? 'max' : 'min';
        this.view.options = { ...this.view.options, directions };
        this.sendOptions();
      },
      openRun: (run) => this.host.post({ type: 'openRun', store: run.store, id: run.id }),
    };
  }
}
