// One chart per metric: a line per run, or, when every run has one value, a bar per run (Compare
// Runs) or the value as text (Run details). Charts are created when their card scrolls into view
// and afterwards updated in place, so zoom, pan and hidden runs survive live updates; the axes
// always cover every visible run (see chartBounds). Shared by the Compare Runs and Run details panels.
import type { ChartOptions } from 'chart.js' with { 'resolution-mode': 'import' };
import type { ChartRunView } from '../../../src/views/charts/protocol';
import { barChartConfig, barItems, wantsBars } from './barCharts';
import { applyBounds, publishDrawn, visibleBounds, type ChartBounds } from './chartBounds';
import { createChartCard, renderSeriesSummary, type CardActions, type ChartCard } from './chartCard';
import { chartPng } from './chartSetup';
import { ChartSections } from './chartSections';
import { MAX_CHART_POINTS, pointBudget } from './downsample';
import { format } from './format';
import { lineLegend, styleLine, type LineDataset } from './lineDatasets';
import { lineChartOptions } from './lineOptions';
import { renderSingleValues } from './singleValues';
import type { CardPlacement, ChartsContext, ChartsModel } from './model';

export type { CardPlacement, ChartsContext } from './model';
import type { ChartPoint } from './seriesStore';
import { isMain } from './tooltipMode';
import { Chart } from './vendor';

type LineChart = Chart<'line', ChartPoint[]>;

interface Entry {
  metric: string;
  card: ChartCard;
  chart: LineChart | undefined;
  /** One value per run: bars instead of lines (see barCharts). */
  bars: Chart<'bar', number[], string> | undefined;
  /** One value per run, shown as text (the `singleValues: 'text'` panels). */
  single: HTMLElement | undefined;
  datasets: Map<string, LineDataset>;
  /**
   * Point arrays handed to chart.js, by dataset key. Kept here rather than read back from the
   * dataset: chart.js plugins may swap a dataset's `data` for a copy of their own.
   */
  points: Map<string, { dataKey: string; data: ChartPoint[] }>;
  /** The x range shown while zoomed or panned; its points are sampled from that range only. */
  range: { min: number; max: number } | undefined;
  /** Points per line, from the chart's width (see pointBudget). */
  budget: number;
}

export class MetricCharts {
  private readonly entries = new Map<string, Entry>();
  private readonly observer: IntersectionObserver;
  private readonly placement: CardPlacement;
  private snap: ChartsModel | undefined;

  constructor(
    private readonly doc: Document,
    grid: HTMLElement,
    private readonly ctx: ChartsContext,
  ) {
    this.placement = ctx.placement ?? this.sections(grid);
    this.observer = new IntersectionObserver(
      (items) => {
        for (const item of items) {
          const metric = item.target.getAttribute('data-metric');
          const entry = metric === null ? undefined : this.entries.get(metric);
          if (item.isIntersecting && entry && !hasChart(entry)) this.createChart(entry);
        }
      },
      { rootMargin: '300px' },
    );
  }

  private sections(grid: HTMLElement): ChartSections {
    return new ChartSections(this.doc, grid, {
      collapsed: () => this.ctx.view().collapsedGroups,
      toggled: (group, open) => {
        const view = this.ctx.view();
        const rest = view.collapsedGroups.filter((g) => g !== group);
        view.collapsedGroups = open ? rest : [...rest, group];
        this.ctx.changed();
        if (open) requestAnimationFrame(() => this.createVisible());
      },
    });
  }

  /** Brings cards and charts in line with `model`. `shown`: the charts are on screen. */
  update(model: ChartsModel, shown: boolean): void {
    this.snap = model;
    const { metrics } = model;
    for (const [metric, entry] of this.entries) {
      if (!metrics.includes(metric)) this.remove(entry);
    }
    const ordered = metrics.map((metric) => this.entries.get(metric) ?? this.add(metric, model));
    this.placement.place(metrics, (metric) => this.entries.get(metric)!.card.card, model.strings);
    for (const entry of ordered) {
      this.updateSummary(entry, model);
      if (!hasChart(entry)) continue;
      if (this.wantsBars(entry) !== (entry.bars !== undefined || entry.single !== undefined)) {
        // A run logged a second value (or the runs changed): lines and bars swap places.
        this.destroyChart(entry);
        this.createChart(entry);
      } else this.refreshChart(entry);
    }
    if (shown) this.createVisible();
  }

  /** Creates the charts in or near the viewport now; the rest when they scroll into view. */
  createVisible(): void {
    for (const entry of this.entries.values()) {
      if (hasChart(entry)) continue;
      const box = entry.card.card.getBoundingClientRect();
      if (box.width > 0 && box.top < window.innerHeight + 300 && box.bottom > -300) this.createChart(entry);
    }
  }

  private add(metric: string, snap: ChartsModel): Entry {
    const actions: CardActions = {
      toggleLog: (m) => this.toggleLog(m),
      resetZoom: (m) => this.entries.get(m)?.chart?.resetZoom(),
      exportPng: (m) => this.exportPng(m),
    };
    const log = this.ctx.view().logScale.includes(metric);
    const card = createChartCard(this.doc, metric, snap.strings, log, actions);
    const entry: Entry = {
      metric,
      card,
      chart: undefined,
      bars: undefined,
      single: undefined,
      datasets: new Map(),
      points: new Map(),
      range: undefined,
      budget: MAX_CHART_POINTS,
    };
    this.entries.set(metric, entry);
    this.observer.observe(card.card);
    return entry;
  }

  private destroyChart(entry: Entry): void {
    entry.chart?.destroy();
    entry.bars?.destroy();
    entry.single?.remove();
    entry.chart = undefined;
    entry.bars = undefined;
    entry.single = undefined;
    entry.datasets = new Map();
    entry.points = new Map();
    entry.range = undefined;
  }

  private remove(entry: Entry): void {
    this.destroyChart(entry);
    this.observer.unobserve(entry.card.card);
    entry.card.card.remove();
    this.entries.delete(entry.metric);
  }

  private updateSummary(entry: Entry, snap: ChartsModel): void {
    const { store } = this.ctx;
    const items = snap.runs
      .filter((run) => store.has(run.key, entry.metric))
      .map((run) => ({
        run,
        points: store.count(run.key, entry.metric),
        last: store.last(run.key, entry.metric),
      }));
    entry.card.summary.replaceChildren(...renderSeriesSummary(this.doc, items, snap.strings));
    entry.card.card.setAttribute('data-series', String(items.length));
  }

  private datasets(entry: Entry): LineDataset[] {
    const snap = this.snap;
    if (!snap) return [];
    const view = this.ctx.view();
    const hidden = new Set(view.hidden);
    const log = view.logScale.includes(entry.metric);
    const smoothing = snap.smoothing > 0;
    const out: LineDataset[] = [];
    for (const run of snap.runs) {
      if (!this.ctx.store.has(run.key, entry.metric)) continue;
      if (smoothing) out.push(this.dataset(entry, run, { smoothed: false, faded: true, log }, hidden));
      out.push(this.dataset(entry, run, { smoothed: smoothing, faded: false, log }, hidden));
    }
    return out;
  }

  private dataset(
    entry: Entry,
    run: ChartRunView,
    style: { smoothed: boolean; faded: boolean; log: boolean },
    hidden: ReadonlySet<string>,
  ): LineDataset {
    const key = `${run.key}\u0000${style.faded ? 'raw' : 'main'}`;
    const revision = this.ctx.store.revision(run.key, entry.metric) ?? '';
    const range = entry.range ? `${entry.range.min}:${entry.range.max}` : '';
    const dataKey = `${revision}|${style.smoothed}|${style.log}|${range}|${entry.budget}`;
    const existing = entry.datasets.get(key);
    const cached = entry.points.get(key);
    const data =
      cached?.dataKey === dataKey
        ? cached.data
        : this.ctx.store.points(run.key, entry.metric, style, entry.range, entry.budget);
    entry.points.set(key, { dataKey, data });
    const dataset: LineDataset = existing ?? ({ key, type: 'line', data } as LineDataset);
    dataset.dataKey = dataKey;
    return styleLine(dataset, run, { data, faded: style.faded, hidden: hidden.has(run.key) });
  }

  private options(entry: Entry): ChartOptions<'line'> {
    const snap = this.snap!;
    return lineChartOptions({
      mode: snap.xAxis,
      log: this.ctx.view().logScale.includes(entry.metric),
      theme: this.ctx.theme(),
      stepLabel: snap.strings.step,
      wholeSteps: this.ctx.wholeSteps,
      rangeChanged: () => this.rangeChanged(entry),
    });
  }

  private createChart(entry: Entry): void {
    if (!this.snap || hasChart(entry)) return;
    const canvas = this.doc.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', entry.metric);
    entry.card.canvasHolder.replaceChildren(canvas);
    const start = performance.now();
    if (this.wantsBars(entry) && this.ctx.singleValues === 'text') {
      entry.single = this.singleValues(entry);
      entry.card.canvasHolder.replaceChildren(entry.single);
      entry.card.card.setAttribute('data-kind', 'single');
    } else if (this.wantsBars(entry)) {
      entry.bars = new Chart(canvas, this.barConfig(entry));
      entry.card.card.setAttribute('data-kind', 'bars');
    } else {
      entry.budget = pointBudget(entry.card.canvasHolder.clientWidth);
      const datasets = this.datasets(entry);
      performance.measure('compare:chart-data', { start });
      entry.datasets = new Map(datasets.map((d) => [d.key, d]));
      const options = this.options(entry);
      applyBounds(options, this.bounds(entry));
      entry.chart = new Chart(canvas, { type: 'line', data: { datasets }, options });
      entry.card.card.setAttribute('data-kind', 'lines');
      canvas.addEventListener('dblclick', () => entry.chart?.resetZoom());
    }
    performance.measure('compare:chart-create', { start });
    this.publishDrawn(entry);
    this.ctx.chartCreated(entry.metric);
  }

  private wantsBars(entry: Entry): boolean {
    return this.snap ? wantsBars(this.snap, this.ctx.store, entry.metric) : false;
  }

  private barConfig(entry: Entry) {
    const snap = this.snap!;
    const view = this.ctx.view();
    const items = barItems(snap, this.ctx.store, new Set(view.hidden), entry.metric);
    const log = view.logScale.includes(entry.metric);
    return barChartConfig(items, { theme: this.ctx.theme(), strings: snap.strings, log });
  }

  private singleValues(entry: Entry): HTMLElement {
    const items = barItems(this.snap!, this.ctx.store, new Set(this.ctx.view().hidden), entry.metric);
    return renderSingleValues(this.doc, items, this.snap!.strings);
  }

  private bounds(entry: Entry): ChartBounds {
    return visibleBounds(this.snap!, this.ctx.store, this.ctx.view(), entry.metric);
  }

  /** Why the chart looks as it does: bars for one value per run, or runs without times. */
  private updateNote(entry: Entry): void {
    const snap = this.snap!;
    const texts: string[] = [];
    if (entry.bars || entry.single) texts.push(snap.strings.singleValues);
    else {
      const untimed = snap.runs.filter((run) => this.ctx.store.data(run.key, entry.metric)?.untimed).length;
      if (untimed > 0) texts.push(format(snap.strings.untimedRuns, untimed));
    }
    const extra = this.ctx.note?.(entry.metric);
    if (extra) texts.push(extra);
    entry.card.note.textContent = texts.join(' ');
    entry.card.note.hidden = texts.length === 0;
  }

  private publishDrawn(entry: Entry): void {
    this.updateNote(entry);
    if (entry.single) {
      const values = String(entry.single.childElementCount);
      entry.card.card.setAttribute('data-runs-drawn', values);
      entry.card.card.setAttribute('data-runs-visible', values);
      return;
    }
    publishDrawn(entry.card.card, entry.bars ?? entry.chart, { bars: entry.bars !== undefined, isMain });
  }

  /** After a zoom, pan or reset: sample the lines again over what is now shown. */
  private rangeChanged(entry: Entry): void {
    const chart = entry.chart;
    if (!chart) return;
    const x = chart.scales.x;
    const next = chart.isZoomedOrPanned() && x ? { min: x.min, max: x.max } : undefined;
    entry.budget = pointBudget(chart.chartArea?.width ?? entry.card.canvasHolder.clientWidth);
    if (next?.min === entry.range?.min && next?.max === entry.range?.max) return;
    entry.range = next;
    this.refreshChart(entry);
  }

  /** New data, colours or visibility, without recreating the chart (zoom is kept). */
  private refreshChart(entry: Entry): void {
    if (!this.snap) return;
    if (entry.single) {
      const single = this.singleValues(entry);
      entry.single.replaceWith(single);
      entry.single = single;
      this.publishDrawn(entry);
      return;
    }
    if (entry.bars) {
      const { data, options } = this.barConfig(entry);
      entry.bars.data = data;
      entry.bars.options = options ?? {};
      entry.bars.update('none');
      this.publishDrawn(entry);
      return;
    }
    const chart = entry.chart;
    if (!chart) return;
    const datasets = this.datasets(entry);
    entry.datasets = new Map(datasets.map((d) => [d.key, d]));
    chart.data.datasets = datasets;
    applyBounds(chart.options, this.bounds(entry));
    chart.update('none');
    this.publishDrawn(entry);
  }

  /** The x axis or smoothing changed: scales are rebuilt, and the zoom no longer applies. */
  resetAll(): void {
    for (const entry of this.entries.values()) {
      if (!entry.chart) {
        this.refreshChart(entry);
        continue;
      }
      entry.chart.resetZoom('none');
      entry.range = undefined;
      entry.chart.options = this.options(entry);
      this.refreshChart(entry);
    }
  }

  setHidden(): void {
    for (const entry of this.entries.values()) this.refreshChart(entry);
  }

  retheme(): void {
    for (const entry of this.entries.values()) {
      if (entry.chart) entry.chart.options = this.options(entry);
      this.refreshChart(entry);
    }
  }

  private toggleLog(metric: string): void {
    const entry = this.entries.get(metric);
    const view = this.ctx.view();
    const on = !view.logScale.includes(metric);
    view.logScale = on ? [...view.logScale, metric] : view.logScale.filter((m) => m !== metric);
    entry?.card.logButton.setAttribute('aria-pressed', String(on));
    this.ctx.changed();
    if (entry?.bars) this.refreshChart(entry);
    if (!entry?.chart) return;
    entry.chart.resetZoom('none');
    entry.range = undefined;
    entry.chart.options = this.options(entry);
    this.refreshChart(entry);
  }

  private exportPng(metric: string): void {
    const entry = this.entries.get(metric);
    const chart = entry?.bars ?? entry?.chart;
    if (!entry || !chart) return;
    const legend = entry.bars ? [] : lineLegend(entry.datasets.values());
    this.ctx.exportPng(metric, chartPng(chart as unknown as Chart, this.ctx.theme(), metric, legend));
  }
}

function hasChart(entry: Entry): boolean {
  return entry.chart !== undefined || entry.bars !== undefined || entry.single !== undefined;
}
