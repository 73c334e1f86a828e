// Parallel coordinates (chartjs-chart-pcp) over chosen params and metrics: one line per run. Ranges
// brushed on the axes select runs (the others are dimmed); hovering a line names its run.
import type { ChartOptions } from 'chart.js' with { 'resolution-mode': 'import' };
import type { AxisView, RunEntry } from '../../src/views/compare/protocol';
import type { Shown } from './shown';
import { categoryScale, numericTicks } from './axisTicks';
import { chartPng } from './chartSetup';
import { h } from '../shared/dom';
import { format } from './dom';
import { formatValue } from './format';
import { exportButton } from './layout';
import { keepBrushes, withoutBrush } from './parallelBrush';
import { BrushControls, ParallelTooltip } from './parallelControls';
import { ParallelPlot, type PlotHost } from './parallelPlot';
import { axisLabel, type ChartViewContext } from './scatter';
import { Chart } from './vendor';
import type { ViewState } from './viewState';

type PcpChart = Chart<'pcp', (number | null)[], string>;
/** A run drawn in the chart, with its index in the snapshot. */
type Shown_ = { run: RunEntry; i: number };

export function chosenAxes(snap: Shown, view: ViewState): AxisView[] {
  const ids = view.parallelAxes ?? snap.defaultParallelAxes;
  return ids.flatMap((id) => snap.axes.find((a) => a.id === id) ?? []);
}

export class ParallelView {
  private chart: PcpChart | undefined;
  private plot: ParallelPlot | undefined;
  private controlsKey = '';
  /** What the chart was drawn from: a snapshot that changes none of it keeps the chart (and a drag in progress). */
  private dataKey = '';
  private snap: Shown | undefined;
  private axes: AxisView[] = [];
  private shown: Shown_[] = [];
  private title = '';
  private readonly brushControls: BrushControls;
  private readonly tooltip: ParallelTooltip;

  constructor(
    private readonly doc: Document,
    private readonly controls: HTMLElement,
    private readonly host: HTMLElement,
    private readonly ctx: ChartViewContext,
  ) {
    this.brushControls = new BrushControls(doc, () => this.snap!.strings, {
      clear: (axisId) => this.setBrushes(withoutBrush(this.ctx.view().parallelBrushes, axisId)),
      clearAll: () => this.setBrushes([]),
    });
    this.tooltip = new ParallelTooltip(doc);
  }

  render(snap: Shown): void {
    this.snap = snap;
    const view = this.ctx.view();
    const axes = chosenAxes(snap, view);
    this.renderControls(snap, axes);
    const hidden = new Set(view.hidden);
    const visible = snap.runs.map((run, i) => ({ run, i })).filter(({ run }) => !hidden.has(run.key));
    // A line needs a value on every axis; runs lacking one are left out (and counted in a note).
    const shown = visible.filter(({ i }) => axes.every((axis) => axis.values[i] != null));
    const dataKey = JSON.stringify([
      axes.map((a) => [a.id, a.categories, a.values]),
      visible.map(({ run }) => [run.key, run.name, run.color, run.dash]),
      this.ctx.theme(),
      snap.strings,
    ]);
    if (this.chart && dataKey === this.dataKey) return;
    this.dataKey = dataKey;
    this.axes = axes;
    this.shown = shown;
    this.title = snap.strings.parallel;
    // Destroyed and recreated: the controller keeps one y axis per dataset, fixed at creation.
    this.destroy();
    const left = visible.length - shown.length;
    const note =
      left > 0
        ? h(this.doc, 'p', {
            class: 'note',
            text:
              left === 1 ? snap.strings.parallelIncompleteOne : format(snap.strings.parallelIncomplete, left),
          })
        : null;
    if (axes.length < 2 || shown.length === 0) {
      this.brushControls.clear();
      this.host.replaceChildren(h(this.doc, 'p', { class: 'note', text: snap.strings.notEnoughValues }));
      return;
    }
    const canvas = this.doc.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('tabindex', '0');
    canvas.setAttribute('aria-label', `${snap.strings.parallel}: ${axes.map((a) => a.key).join(', ')}`);
    canvas.setAttribute('aria-describedby', 'parallel-selection');
    const holder = h(
      this.doc,
      'div',
      { class: 'wide-chart parallel-chart' },
      canvas,
      this.tooltip.element,
      this.tooltip.announcer,
    );
    this.tooltip.hide();
    this.host.replaceChildren(...(note ? [note, holder] : [holder]));
    const plot = new ParallelPlot(
      canvas,
      { axes, runs: shown.map((s) => s.run), indexes: shown.map((s) => s.i) },
      this.plotHost(),
    );
    this.plot = plot;
    this.chart = new Chart(canvas, {
      type: 'pcp',
      data: { labels: shown.map(({ run }) => run.name), datasets: this.datasets(snap, axes, shown) },
      options: this.options(),
      plugins: [plot.plugin],
    } as unknown as ConstructorParameters<typeof Chart<'pcp', (number | null)[], string>>[1]);
    plot.bind(this.chart as unknown as Chart);
    plot.refresh();
  }

  private plotHost(): PlotHost {
    return {
      theme: () => this.ctx.theme(),
      brushes: () => this.ctx.view().parallelBrushes,
      commit: (brushes) => {
        this.ctx.view().parallelBrushes = brushes;
        this.ctx.changed();
      },
      selectionChanged: (selected) =>
        this.brushControls.update(
          this.axes,
          this.ctx.view().parallelBrushes,
          selected.filter(Boolean).length,
          this.shown.length,
        ),
      hoverChanged: (index, at, viaKeys) => {
        const entry = this.shown[index];
        if (entry && at) this.tooltip.show(entry.run, entry.i, this.axes, at, viaKeys);
        else this.tooltip.hide();
      },
      clearAll: () => this.setBrushes([]),
    };
  }

  private setBrushes(brushes: ViewState['parallelBrushes']): void {
    this.ctx.view().parallelBrushes = brushes;
    this.ctx.changed();
    if (this.plot) this.plot.refresh();
    else this.brushControls.update(this.axes, brushes, 0, 0);
  }

  /**
   * One dataset per axis (that is how the controller works), one value per run. The controller's
   * own line segments are transparent: ParallelPlot draws the lines.
   */
  private datasets(snap: Shown, axes: readonly AxisView[], shown: readonly Shown_[]) {
    const theme = this.ctx.theme();
    return axes.map((axis) => ({
      label: axisLabel(axis, snap.strings),
      data: shown.map(({ i }) => axis.values[i] ?? null),
      borderColor: 'rgba(0,0,0,0)',
      hoverBorderColor: 'rgba(0,0,0,0)',
      borderWidth: 1,
      ...(axis.categories
        ? {
            ...categoryScale(axis.categories),
            ticks: { ...categoryScale(axis.categories).ticks, color: theme.muted },
          }
        : {
            ticks: {
              ...numericTicks(axis.values),
              color: theme.muted,
              callback: (v: number | string) => formatValue(Number(v)),
            },
          }),
      grid: { color: theme.grid },
      border: { color: theme.grid },
    }));
  }

  private options(): ChartOptions<'pcp'> {
    const theme = this.ctx.theme();
    return {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      // Pointer events are ParallelPlot's (brushes, hover): chart.js's own hover would fight them.
      events: [],
      layout: { padding: { top: 16, left: 8, right: 8 } },
      // Axis titles tilt rather than overlap when the axes are close together.
      scales: { x: { ticks: { color: theme.foreground, autoSkip: false, maxRotation: 30 } } },
      plugins: { legend: { display: false }, tooltip: { enabled: false } },
    } as unknown as ChartOptions<'pcp'>;
  }

  private renderControls(snap: Shown, axes: readonly AxisView[]): void {
    const key = JSON.stringify([snap.axes.map((a) => a.id), axes.map((a) => a.id), snap.strings.axes]);
    if (key === this.controlsKey) return;
    this.controlsKey = key;
    const chosen = new Set(axes.map((a) => a.id));
    const picker = h(
      this.doc,
      'vscode-multi-select',
      {
        attrs: { id: 'parallel-axes' },
        on: {
          change: (e) => {
            const value = (e.currentTarget as { value?: unknown } | null)?.value;
            const view = this.ctx.view();
            view.parallelAxes = Array.isArray(value)
              ? value.filter((v): v is string => typeof v === 'string')
              : [];
            // A brush goes with its axis.
            view.parallelBrushes = keepBrushes(view.parallelBrushes, view.parallelAxes);
            this.ctx.changed();
            this.render(snap);
          },
        },
      },
      ...snap.axes.map((axis) =>
        h(this.doc, 'vscode-option', {
          text: axisLabel(axis, snap.strings),
          attrs: chosen.has(axis.id) ? { value: axis.id, selected: '' } : { value: axis.id },
        }),
      ),
    );
    this.controls.replaceChildren(
      h(
        this.doc,
        'span',
        { class: 'field' },
        h(this.doc, 'label', { text: snap.strings.axes, attrs: { for: 'parallel-axes' } }),
        picker,
      ),
      exportButton(this.doc, snap.strings, () => this.exportPng(), 'export-parallel'),
      this.brushControls.clearButton,
      this.brushControls.status,
      this.brushControls.chips,
    );
  }

  private exportPng(): void {
    if (!this.chart) return;
    const legend = this.shown.map(({ run }) => ({ label: run.name, color: run.color, dash: run.dash }));
    const title = this.title;
    this.ctx.exportPng(title, chartPng(this.chart as unknown as Chart, this.ctx.theme(), title, legend));
  }

  destroy(): void {
    this.plot?.destroy();
    this.plot = undefined;
    this.chart?.destroy();
    this.chart = undefined;
  }
}
