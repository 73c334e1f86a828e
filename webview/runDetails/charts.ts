// The Run details charts: a metric's row opens its history chart under the row, and "Plot all
// metrics" draws every metric's history, grouped by prefix. Both use the shared metric charts
// (the code Compare Runs draws with); histories come from the host on demand (`charts` → `series`).
import type {
  KeyValue,
  SavedCharts,
  SeriesMessage,
  UiStrings,
  WebviewMessage,
  XAxisMode,
} from '../../src/views/runDetails/protocol';
import { h } from '../shared/dom';
import { applyThemeDefaults, registerLineCharts } from '../shared/charts/chartSetup';
import { format } from '../shared/charts/format';
import { MetricCharts, type CardPlacement, type ChartsContext } from '../shared/charts/metricCharts';
import type { ChartsModel, ChartsView } from '../shared/charts/model';
import { SeriesStore } from '../shared/charts/seriesStore';
import { currentTheme, watchTheme, type Theme } from '../shared/charts/theme';
import { wantedMetrics } from './chartState';
import { buildPlotAll, buildToolbar, renderProblems, type PlotAllParts } from './chartParts';

export interface ChartHost {
  post(message: WebviewMessage): void;
  /** The chart settings changed: save them with the page state. */
  save(): void;
  /** A row's chart opened or closed: the page is rendered again. */
  rerender(): void;
}

/** What the metrics table asks of the charts (see render.ts). */
export interface ChartHooks {
  isOpen(metric: string): boolean;
  toggle(metric: string): void;
  /** The element under an open row: its chart card, or a note while the history is read. */
  slot(metric: string): HTMLElement;
  toolbar(): HTMLElement;
  plotAll(): HTMLElement;
}

/** Remembers each card of the row charts; the rows' slots take them (the table is rebuilt often). */
class Slots implements CardPlacement {
  cards = new Map<string, HTMLElement>();
  place(metrics: readonly string[], cardOf: (metric: string) => HTMLElement): void {
    this.cards = new Map(metrics.map((metric) => [metric, cardOf(metric)]));
  }
}

interface RunOfCharts {
  key: string;
  store: string;
  id: string;
  name: string;
}

export class RunCharts implements ChartHooks {
  private readonly store = new SeriesStore();
  private theme: Theme;
  private readonly cards = new Slots();
  private readonly slots = new Map<string, HTMLElement>();
  private readonly rows: MetricCharts;
  private readonly all: MetricCharts;
  /** Where "Plot all" puts its cards (in a section per metric prefix). */
  private readonly grid: HTMLElement;
  private readonly view: ChartsView;
  private parts: PlotAllParts | undefined;
  private bar: { root: HTMLElement; select: HTMLSelectElement } | undefined;
  private run: RunOfCharts | undefined;
  private metrics: string[] = [];
  private strings: UiStrings | undefined;
  /** Values of each history, and how many of them were sent (fewer when it was thinned). */
  private readonly totals = new Map<string, { points: number; sent: number }>();
  /** The x axis of the histories held. */
  private dataAxis: XAxisMode | undefined;
  private problems: KeyValue[] = [];
  private lastRequest = '';

  constructor(
    private readonly doc: Document,
    readonly state: SavedCharts,
    private readonly host: ChartHost,
  ) {
    registerLineCharts();
    this.theme = currentTheme(doc);
    applyThemeDefaults(this.theme);
    watchTheme(doc, (theme) => this.retheme(theme));
    this.view = {
      hidden: [],
      get logScale() {
        return state.logScale;
      },
      set logScale(value) {
        state.logScale = value;
      },
      get collapsedGroups() {
        return state.collapsedGroups;
      },
      set collapsedGroups(value) {
        state.collapsedGroups = value;
      },
    };
    this.rows = new MetricCharts(doc, h(doc, 'div'), this.context(this.cards));
    this.grid = h(doc, 'div', { class: 'chart-grid' });
    this.all = new MetricCharts(doc, this.grid, this.context());
  }

  private context(placement?: CardPlacement): ChartsContext {
    return {
      store: this.store,
      view: () => this.view,
      theme: () => this.theme,
      chartCreated: () => undefined,
      changed: () => this.host.save(),
      exportPng: (name, dataUrl) => this.host.post({ type: 'exportChart', name, dataUrl }),
      singleValues: 'text',
      wholeSteps: true,
      placement,
      note: (metric) => this.note(metric),
    };
  }

  /** A new snapshot of the run: its metrics may have changed. */
  update(run: RunOfCharts, metrics: readonly string[], strings: UiStrings): void {
    this.run = run;
    this.metrics = [...metrics];
    this.strings = strings;
    this.request();
    this.render();
  }

  /** The host's histories. */
  receive(message: SeriesMessage): void {
    const run = this.run;
    if (!run || message.store !== run.store || message.id !== run.id) return;
    const { lost } = this.store.apply({ runs: [{ key: run.key }], series: message.series });
    if (lost.length > 0) {
      // The host thinks we hold data we do not: it sends everything again after `ready`.
      this.lastRequest = '';
      this.host.post({ type: 'ready' });
      return;
    }
    for (const series of message.series) {
      if (series.data) this.totals.set(series.metric, { points: series.points, sent: series.data.x.length });
    }
    const axisChanged = this.dataAxis !== undefined && this.dataAxis !== message.xAxis;
    this.dataAxis = message.xAxis;
    this.problems = message.problems;
    this.render();
    if (axisChanged) {
      this.rows.resetAll();
      this.all.resetAll();
    }
  }

  /** After the page was rendered: draw the charts now in view. */
  shown(): void {
    requestAnimationFrame(() => {
      this.rows.createVisible();
      if (this.state.plotAll) this.all.createVisible();
    });
  }

  isOpen(metric: string): boolean {
    return this.state.open.includes(metric);
  }

  toggle(metric: string): void {
    const open = this.isOpen(metric);
    this.state.open = open ? this.state.open.filter((m) => m !== metric) : [...this.state.open, metric];
    this.changed();
    this.host.rerender();
  }

  slot(metric: string): HTMLElement {
    let slot = this.slots.get(metric);
    if (!slot) {
      slot = h(this.doc, 'div', { class: 'row-chart', attrs: { 'data-metric': metric } });
      this.slots.set(metric, slot);
    }
    this.fillSlot(metric, slot);
    return slot;
  }

  toolbar(): HTMLElement {
    const strings = this.strings!;
    this.bar ??= buildToolbar(this.doc, strings, this.state.xAxis, (mode) => {
      this.state.xAxis = mode;
      this.changed();
    });
    this.bar.root.hidden = this.state.open.length === 0 && !this.state.plotAll;
    return this.bar.root;
  }

  plotAll(): HTMLElement {
    this.parts ??= buildPlotAll(this.doc, this.strings!, this.grid, this.state.plotAll, (open) => {
      if (open === this.state.plotAll) return;
      this.state.plotAll = open;
      this.changed();
      if (this.bar) this.bar.root.hidden = this.state.open.length === 0 && !open;
    });
    this.parts.count.textContent = String(this.metrics.length);
    return this.parts.root;
  }

  /** The charts to show changed: ask for their histories, save, draw. */
  private changed(): void {
    this.host.save();
    this.request();
    this.render();
    this.shown();
  }

  private request(): void {
    const wanted = wantedMetrics(this.state, this.metrics);
    const key = JSON.stringify([wanted, this.state.xAxis]);
    if (key === this.lastRequest) return;
    // A page that shows no chart has nothing to ask for yet.
    const nothing = wanted.length === 0 && this.lastRequest === '';
    this.lastRequest = key;
    if (nothing) return;
    this.host.post({ type: 'charts', metrics: wanted, xAxis: this.state.xAxis });
  }

  private model(metrics: readonly string[]): ChartsModel | undefined {
    const { run, strings } = this;
    if (!run || !strings) return undefined;
    return {
      metrics: metrics.filter((metric) => this.store.has(run.key, metric)),
      runs: [{ key: run.key, name: run.name, color: this.theme.accent, dash: [] }],
      xAxis: this.dataAxis ?? this.state.xAxis,
      smoothing: 0,
      strings,
    };
  }

  private render(): void {
    const open = this.state.open.filter((metric) => this.metrics.includes(metric));
    const rows = this.model(open);
    const all = this.model(this.state.plotAll ? this.metrics : []);
    if (!rows || !all) return;
    this.rows.update(rows, false);
    this.all.update(all, false);
    for (const [metric, slot] of this.slots) this.fillSlot(metric, slot);
    if (this.parts && this.strings) {
      const waiting = this.state.plotAll && all.metrics.length < this.metrics.length;
      this.parts.status.textContent = waiting ? this.strings.loadingHistory : '';
      this.parts.status.hidden = !waiting;
      this.parts.problems.replaceChildren(...renderProblems(this.doc, this.problems, this.strings));
    }
  }

  private fillSlot(metric: string, slot: HTMLElement): void {
    const card = this.cards.cards.get(metric);
    const content = card ?? h(this.doc, 'p', { class: 'loading', text: this.strings?.loadingHistory ?? '…' });
    if (slot.firstChild !== content && !(card === undefined && slot.querySelector('.loading'))) {
      slot.replaceChildren(content);
    }
  }

  private note(metric: string): string | undefined {
    const total = this.totals.get(metric);
    if (!total || !this.strings || total.points <= total.sent) return undefined;
    return format(this.strings.sampled, total.points.toLocaleString());
  }

  private retheme(theme: Theme): void {
    this.theme = theme;
    applyThemeDefaults(theme);
    this.render();
    this.rows.retheme();
    this.all.retheme();
  }
}
