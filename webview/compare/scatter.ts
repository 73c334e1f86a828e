// Scatter: any param or metric (x) against any metric (y), one point per run in the run's colour.
import type { ChartDataset, ChartOptions } from 'chart.js' with { 'resolution-mode': 'import' };
import type { AxisView, UiStrings } from '../../src/views/compare/protocol';
import type { Shown } from './shown';
import { categoryScale, numericTicks } from './axisTicks';
import { chartPng, themeScale, tooltipTheme } from './chartSetup';
import { format } from './dom';
import { swatch } from './legend';
import { h } from '../shared/dom';
import { formatValue } from './format';
import { exportButton } from './layout';
import type { Theme } from './theme';
import { Chart } from './vendor';
import type { ViewState } from './viewState';

type Point = { x: number; y: number };

export function axisLabel(axis: AxisView, strings: UiStrings): string {
  return `${axis.source === 'param' ? strings.params : strings.metrics}: ${axis.key}`;
}

export function axisText(axis: AxisView, value: number): string {
  return axis.categories ? (axis.categories[value] ?? '') : formatValue(value);
}

function select(
  doc: Document,
  id: string,
  label: string,
  axes: readonly AxisView[],
  chosen: string | null,
  strings: UiStrings,
  onChange: (id: string) => void,
) {
  const control = h(
    doc,
    'vscode-single-select',
    {
      attrs: { id },
      on: { change: (e) => onChange(String((e.currentTarget as { value?: unknown } | null)?.value ?? '')) },
    },
    ...axes.map((axis) =>
      h(doc, 'vscode-option', {
        text: axisLabel(axis, strings),
        attrs: axis.id === chosen ? { value: axis.id, selected: '' } : { value: axis.id },
      }),
    ),
  );
  return h(doc, 'span', { class: 'field' }, h(doc, 'label', { text: label, attrs: { for: id } }), control);
}

/** How many runs have a value on both axes. */
function jointCoverage(x: AxisView, y: AxisView): number {
  return x.values.filter((v, i) => v !== null && y.values[i] != null).length;
}

/** Considered for the default pair; enough for any real comparison, and keeps the search cheap. */
const CANDIDATES = 60;

/**
 * The axes the scatter starts with, unless the user chose: the pair (x: a varying param, else any
 * axis; y: a metric) that the most runs have values for; earlier axes win ties.
 */
export function scatterDefaults(
  snap: Shown,
  view: ViewState,
): { x: AxisView | undefined; y: AxisView | undefined } {
  const metrics = snap.axes.filter((a) => a.source === 'metric');
  const chosenX = snap.axes.find((a) => a.id === view.scatterX);
  const chosenY = metrics.find((a) => a.id === view.scatterY);
  const varying = snap.axes.filter((a) => a.source === 'param' && snap.defaultParallelAxes.includes(a.id));
  const xs = chosenX ? [chosenX] : (varying.length > 0 ? varying : snap.axes).slice(0, CANDIDATES);
  const ys = chosenY ? [chosenY] : metrics.slice(0, CANDIDATES);
  let best: { x: AxisView; y: AxisView; count: number } | undefined;
  for (const x of xs) {
    for (const y of ys) {
      if (x.id === y.id && xs.length * ys.length > 1) continue;
      const count = jointCoverage(x, y);
      if (!best || count > best.count) best = { x, y, count };
    }
  }
  return { x: best?.x ?? chosenX, y: best?.y ?? chosenY };
}

/** What the scatter and parallel-coordinates views need of the app. */
export interface ChartViewContext {
  view: () => ViewState;
  theme: () => Theme;
  changed: () => void;
  exportPng: (name: string, url: string) => void;
}

export class ScatterView {
  private chart: Chart<'scatter', Point[]> | undefined;
  private controlsKey = '';
  private snap: Shown | undefined;
  /** Says how many runs lack a value on an axis (and are not drawn), or that none has both. */
  private readonly note: HTMLElement;
  /** The drawn runs by colour and name (chart.js's own legend is not loaded). */
  private readonly legend: HTMLElement;

  constructor(
    private readonly doc: Document,
    private readonly controls: HTMLElement,
    private readonly host: HTMLElement,
    private readonly ctx: ChartViewContext,
  ) {
    this.note = h(doc, 'span', { class: 'note' });
    this.legend = h(doc, 'ul', { class: 'scatter-legend' });
  }

  render(snap: Shown): void {
    this.snap = snap;
    const view = this.ctx.view();
    const { x, y } = scatterDefaults(snap, view);
    this.renderControls(snap, x, y);
    if (!x || !y) {
      this.destroy();
      this.host.replaceChildren(h(this.doc, 'p', { class: 'note', text: snap.strings.notEnoughValues }));
      return;
    }
    const hidden = new Set(view.hidden);
    const datasets: ChartDataset<'scatter', Point[]>[] = snap.runs.flatMap((run, i) => {
      const px = x.values[i];
      const py = y.values[i];
      if (px === null || px === undefined || py === null || py === undefined || hidden.has(run.key))
        return [];
      return [
        {
          label: run.name,
          data: [{ x: px, y: py }],
          backgroundColor: run.color,
          borderColor: run.color,
          pointRadius: 5,
          pointHoverRadius: 7,
          clip: 8,
        },
      ];
    });
    // Runs without a value on both axes are not drawn: say how many, as the parallel coordinates do.
    const visible = snap.runs.filter((run) => !hidden.has(run.key)).length;
    const left = visible - datasets.length;
    this.note.textContent =
      datasets.length === 0
        ? snap.strings.notEnoughValues
        : left > 0
          ? format(snap.strings.parallelIncomplete, left)
          : '';
    this.legend.setAttribute('aria-label', snap.strings.runs);
    this.legend.replaceChildren(
      ...snap.runs
        .filter((run, i) => !hidden.has(run.key) && x.values[i] != null && y.values[i] != null)
        .map((run) => h(this.doc, 'li', { text: run.name }, swatch(this.doc, run))),
    );
    const options = this.options(snap, x, y);
    if (this.chart) {
      this.chart.data.datasets = datasets;
      this.chart.options = options;
      this.chart.update('none');
      return;
    }
    const canvas = this.doc.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute(
      'aria-label',
      `${snap.strings.scatter}: ${axisLabel(x, snap.strings)} / ${axisLabel(y, snap.strings)}`,
    );
    this.host.replaceChildren(h(this.doc, 'div', { class: 'scatter-canvas' }, canvas), this.legend);
    this.chart = new Chart(canvas, { type: 'scatter', data: { datasets }, options });
  }

  private renderControls(snap: Shown, x: AxisView | undefined, y: AxisView | undefined): void {
    const key = JSON.stringify([snap.axes.map((a) => a.id), x?.id, y?.id, snap.strings.scatter]);
    if (key === this.controlsKey) return;
    this.controlsKey = key;
    const view = this.ctx.view();
    const metrics = snap.axes.filter((a) => a.source === 'metric');
    this.controls.replaceChildren(
      select(this.doc, 'scatter-x', snap.strings.xAxisLabel, snap.axes, x?.id ?? null, snap.strings, (id) => {
        view.scatterX = id;
        this.ctx.changed();
        this.render(snap);
      }),
      select(this.doc, 'scatter-y', snap.strings.yAxisLabel, metrics, y?.id ?? null, snap.strings, (id) => {
        view.scatterY = id;
        this.ctx.changed();
        this.render(snap);
      }),
      exportButton(this.doc, snap.strings, () => this.exportPng(x, y), 'export-scatter'),
      this.note,
    );
  }

  private options(snap: Shown, x: AxisView, y: AxisView): ChartOptions<'scatter'> {
    const theme = this.ctx.theme();
    const scale = (axis: AxisView) => ({
      type: 'linear' as const,
      grace: '5%',
      title: { display: true, text: axisLabel(axis, snap.strings) },
      ...(axis.categories
        ? categoryScale(axis.categories)
        : {
            ticks: { ...numericTicks(axis.values), callback: (v: number | string) => formatValue(Number(v)) },
          }),
    });
    const options: ChartOptions<'scatter'> = {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: scale(x), y: scale(y) },
      plugins: {
        tooltip: {
          ...tooltipTheme(theme),
          callbacks: {
            label: (item) => {
              const point = item.raw as Point;
              return `${item.dataset.label ?? ''}: ${x.key} ${axisText(x, point.x)}, ${y.key} ${axisText(y, point.y)}`;
            },
          },
        },
      },
    };
    themeScale(options.scales?.x as Record<string, unknown>, theme);
    themeScale(options.scales?.y as Record<string, unknown>, theme);
    return options;
  }

  private exportPng(x: AxisView | undefined, y: AxisView | undefined): void {
    if (!this.chart || !x || !y) return;
    const snap = this.snap;
    const hidden = new Set(this.ctx.view().hidden);
    const legend = (snap?.runs ?? [])
      .filter((run, i) => !hidden.has(run.key) && x.values[i] != null && y.values[i] != null)
      .map((run) => ({ label: run.name, color: run.color, dash: [] }));
    const title = `${y.key} / ${x.key}`;
    this.ctx.exportPng(title, chartPng(this.chart as unknown as Chart, this.ctx.theme(), title, legend));
  }

  retheme(snap: Shown | undefined): void {
    if (snap && this.chart) this.render(snap);
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }
}
