// One line chart per metric, one line per run. Charts are created when their card scrolls into
// view and afterwards only updated in place (datasets keep their identity), so zoom, pan and
// hidden runs survive live updates.
import type { ChartDataset, ChartOptions, Scale, TooltipItem } from 'chart.js' with {
  'resolution-mode': 'import',
};
import type { RunEntry } from '../../src/views/compare/protocol';
import type { Shown } from './shown';
import { chartPng, themeScale, tooltipTheme } from './chartSetup';
import { formatValue, formatX, matchesFilter } from './format';
import { createChartCard, renderSeriesSummary, type CardActions, type ChartCard } from './legend';
import { MAX_CHART_POINTS, pointBudget } from './downsample';
import type { ChartPoint, SeriesStore } from './seriesStore';
import type { Theme } from './theme';
import { Chart } from './vendor';
import type { ViewState } from './viewState';

type LineDataset = ChartDataset<'line', ChartPoint[]> & {
  key: string;
  dataKey: string;
  smoothedLine: boolean;
};
type LineChart = Chart<'line', ChartPoint[]>;

interface Entry {
  metric: string;
  card: ChartCard;
  chart: LineChart | undefined;
  datasets: Map<string, LineDataset>;
  /** The x range shown while zoomed or panned; its points are sampled from that range only. */
  range: { min: number; max: number } | undefined;
  /** Points per line, from the chart's width (see pointBudget). */
  budget: number;
}

export interface ChartsContext {
  store: SeriesStore;
  view: () => ViewState;
  theme: () => Theme;
  /** Called after a chart was created (the first one is what the benchmark times). */
  chartCreated: (metric: string) => void;
  /** The view state changed (to be saved). */
  changed: () => void;
  exportPng: (name: string, dataUrl: string) => void;
}

/** Tick labels measured to lay out an axis (chart.js measures every one by default). */
const TICK_SAMPLES = 8;

/** Runs at most this many points with markers; longer series are lines only. */
const MARKER_LIMIT = 60;

export class MetricCharts {
  private readonly entries = new Map<string, Entry>();
  private readonly observer: IntersectionObserver;
  private snap: Shown | undefined;

  constructor(
    private readonly doc: Document,
    private readonly grid: HTMLElement,
    private readonly ctx: ChartsContext,
  ) {
    this.observer = new IntersectionObserver(
      (items) => {
        for (const item of items) {
          const metric = item.target.getAttribute('data-metric');
          const entry = metric === null ? undefined : this.entries.get(metric);
          if (item.isIntersecting && entry && !entry.chart) this.createChart(entry);
        }
      },
      { rootMargin: '300px' },
    );
  }

  /** Brings cards and charts in line with `snap`. `shown`: the charts tab is the visible one. */
  update(snap: Shown, shown: boolean): void {
    this.snap = snap;
    const view = this.ctx.view();
    const metrics = snap.metrics.filter((m) => matchesFilter(m, view.metricFilter));
    for (const [metric, entry] of this.entries) {
      if (!metrics.includes(metric)) this.remove(entry);
    }
    const ordered = metrics.map((metric) => this.entries.get(metric) ?? this.add(metric, snap));
    const cards = ordered.map((e) => e.card.card);
    const current = Array.from(this.grid.children);
    if (cards.length !== current.length || cards.some((card, i) => card !== current[i])) {
      this.grid.replaceChildren(...cards);
    }
    for (const entry of ordered) {
      this.updateSummary(entry, snap);
      if (entry.chart) this.refreshChart(entry);
    }
    if (shown) this.createVisible();
  }

  /** Creates the charts in or near the viewport now; the rest when they scroll into view. */
  createVisible(): void {
    for (const entry of this.entries.values()) {
      if (entry.chart) continue;
      const box = entry.card.card.getBoundingClientRect();
      if (box.width > 0 && box.top < window.innerHeight + 300 && box.bottom > -300) this.createChart(entry);
    }
  }

  private add(metric: string, snap: Shown): Entry {
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
      datasets: new Map(),
      range: undefined,
      budget: MAX_CHART_POINTS,
    };
    this.entries.set(metric, entry);
    this.observer.observe(card.card);
    return entry;
  }

  private remove(entry: Entry): void {
    entry.chart?.destroy();
    this.observer.unobserve(entry.card.card);
    entry.card.card.remove();
    this.entries.delete(entry.metric);
  }

  private updateSummary(entry: Entry, snap: Shown): void {
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
    const smoothing = snap.options.smoothing > 0;
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
    run: RunEntry,
    style: { smoothed: boolean; faded: boolean; log: boolean },
    hidden: ReadonlySet<string>,
  ): LineDataset {
    const key = `${run.key}\u0000${style.faded ? 'raw' : 'main'}`;
    const revision = this.ctx.store.revision(run.key, entry.metric) ?? '';
    const range = entry.range ? `${entry.range.min}:${entry.range.max}` : '';
    const dataKey = `${revision}|${style.smoothed}|${style.log}|${range}|${entry.budget}`;
    const existing = entry.datasets.get(key);
    const data =
      existing?.dataKey === dataKey
        ? existing.data
        : this.ctx.store.points(run.key, entry.metric, style, entry.range, entry.budget);
    const dataset: LineDataset = existing ?? ({ key, type: 'line', data } as LineDataset);
    if (dataset.data !== data) dataset.data = data;
    dataset.dataKey = dataKey;
    dataset.smoothedLine = !style.faded;
    dataset.label = run.name;
    dataset.borderColor = style.faded ? `${run.color}55` : run.color;
    dataset.backgroundColor = run.color;
    dataset.borderDash = run.dash;
    dataset.borderWidth = style.faded ? 1 : 1.5;
    dataset.pointRadius = data.length <= MARKER_LIMIT && !style.faded ? 2 : 0;
    dataset.pointHoverRadius = style.faded ? 0 : 4;
    dataset.spanGaps = false;
    dataset.hidden = hidden.has(run.key);
    dataset.order = style.faded ? 1 : 0;
    return dataset;
  }

  private options(entry: Entry): ChartOptions<'line'> {
    const snap = this.snap!;
    const theme = this.ctx.theme();
    const mode = snap.options.xAxis;
    const log = this.ctx.view().logScale.includes(entry.metric);
    const options: ChartOptions<'line'> = {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      interaction: { mode: 'nearest', intersect: false, axis: 'xy' },
      scales: {
        x: {
          type: 'linear',
          ticks: {
            maxRotation: 0,
            sampleSize: TICK_SAMPLES,
            callback(this: Scale, value: number | string) {
              return formatX(mode, Number(value), this.max - this.min);
            },
          },
        },
        y: {
          type: log ? 'logarithmic' : 'linear',
          ticks: {
            sampleSize: TICK_SAMPLES,
            callback: (value: number | string) => formatValue(Number(value)),
          },
        },
      },
      plugins: {
        decimation: { enabled: true, algorithm: 'lttb' },
        tooltip: {
          ...tooltipTheme(theme),
          filter: (item) => isMain(item.dataset),
          callbacks: {
            title: (items) => (items[0] ? formatX(mode, items[0].parsed.x ?? NaN, 0) : ''),
            label: (item: TooltipItem<'line'>) => tooltipLabel(item, snap.strings.step),
          },
        },
        zoom: this.zoomOptions(entry, theme),
      },
    };
    themeScale(options.scales?.x as Record<string, unknown>, theme);
    themeScale(options.scales?.y as Record<string, unknown>, theme);
    return options;
  }

  /** Drag to zoom, Shift+drag to pan, Ctrl+wheel or pinch to zoom; lines are resampled afterwards. */
  private zoomOptions(entry: Entry, theme: Theme) {
    return {
      pan: {
        enabled: true,
        mode: 'xy' as const,
        modifierKey: 'shift' as const,
        onPanComplete: () => this.rangeChanged(entry),
      },
      zoom: {
        mode: 'xy' as const,
        onZoomComplete: () => this.rangeChanged(entry),
        wheel: { enabled: true, modifierKey: 'ctrl' as const },
        pinch: { enabled: true },
        drag: { enabled: true, threshold: 5, backgroundColor: theme.selection },
      },
    };
  }

  private createChart(entry: Entry): void {
    if (!this.snap || entry.chart) return;
    const canvas = this.doc.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', entry.metric);
    entry.card.canvasHolder.replaceChildren(canvas);
    entry.budget = pointBudget(entry.card.canvasHolder.clientWidth);
    const start = performance.now();
    const datasets = this.datasets(entry);
    performance.measure('compare:chart-data', { start });
    entry.datasets = new Map(datasets.map((d) => [d.key, d]));
    entry.chart = new Chart(canvas, { type: 'line', data: { datasets }, options: this.options(entry) });
    performance.measure('compare:chart-create', { start });
    canvas.addEventListener('dblclick', () => entry.chart?.resetZoom());
    this.ctx.chartCreated(entry.metric);
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
    const chart = entry.chart;
    if (!chart || !this.snap) return;
    const datasets = this.datasets(entry);
    entry.datasets = new Map(datasets.map((d) => [d.key, d]));
    chart.data.datasets = datasets;
    chart.update('none');
  }

  /** The x axis or smoothing changed: scales are rebuilt, and the zoom no longer applies. */
  resetAll(): void {
    for (const entry of this.entries.values()) {
      if (!entry.chart) continue;
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
      if (!entry.chart) continue;
      entry.chart.options = this.options(entry);
      entry.chart.update('none');
    }
  }

  private toggleLog(metric: string): void {
    const entry = this.entries.get(metric);
    const view = this.ctx.view();
    const on = !view.logScale.includes(metric);
    view.logScale = on ? [...view.logScale, metric] : view.logScale.filter((m) => m !== metric);
    entry?.card.logButton.setAttribute('aria-pressed', String(on));
    this.ctx.changed();
    if (!entry?.chart) return;
    entry.chart.resetZoom('none');
    entry.range = undefined;
    entry.chart.options = this.options(entry);
    this.refreshChart(entry);
  }

  private exportPng(metric: string): void {
    const entry = this.entries.get(metric);
    if (!entry?.chart) return;
    const legend = [...entry.datasets.values()]
      .filter((d) => d.smoothedLine && !d.hidden)
      .map((d) => ({ label: d.label ?? '', color: String(d.borderColor), dash: d.borderDash as number[] }));
    this.ctx.exportPng(metric, chartPng(entry.chart as unknown as Chart, this.ctx.theme(), metric, legend));
  }
}

function tooltipLabel(item: TooltipItem<'line'>, stepLabel: string): string {
  const step = (item.raw as ChartPoint).step;
  return `${item.dataset.label ?? ''}: ${formatValue(item.parsed.y ?? NaN)} (${stepLabel} ${step})`;
}

function isMain(dataset: unknown): boolean {
  return (dataset as Partial<LineDataset> | undefined)?.smoothedLine !== false;
}
