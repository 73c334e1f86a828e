// Parallel coordinates (chartjs-chart-pcp) over chosen params and metrics: one line per run.
import type { ChartOptions } from 'chart.js' with { 'resolution-mode': 'import' };
import type { AxisView, RunEntry } from '../../src/views/compare/protocol';
import type { Shown } from './shown';
import { categoryScale, numericTicks } from './axisTicks';
import { chartPng, tooltipTheme } from './chartSetup';
import { h } from '../shared/dom';
import { format } from './dom';
import { formatValue } from './format';
import { exportButton } from './layout';
import { axisLabel, axisText, type ChartViewContext } from './scatter';
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
  private controlsKey = '';
  private shown: Shown_[] = [];
  private title = '';

  constructor(
    private readonly doc: Document,
    private readonly controls: HTMLElement,
    private readonly host: HTMLElement,
    private readonly ctx: ChartViewContext,
  ) {}

  render(snap: Shown): void {
    const view = this.ctx.view();
    const axes = chosenAxes(snap, view);
    this.renderControls(snap, axes);
    const hidden = new Set(view.hidden);
    const visible = snap.runs.map((run, i) => ({ run, i })).filter(({ run }) => !hidden.has(run.key));
    // A line needs a value on every axis; runs lacking one are left out (and counted in a note).
    const shown = visible.filter(({ i }) => axes.every((axis) => axis.values[i] != null));
    this.shown = shown;
    this.title = snap.strings.parallel;
    // Destroyed and recreated: the controller keeps one y axis per dataset, fixed at creation.
    this.destroy();
    const left = visible.length - shown.length;
    const note =
      left > 0
        ? h(this.doc, 'p', { class: 'note', text: format(snap.strings.parallelIncomplete, left) })
        : null;
    if (axes.length < 2 || shown.length === 0) {
      this.host.replaceChildren(h(this.doc, 'p', { class: 'note', text: snap.strings.notEnoughValues }));
      return;
    }
    const canvas = this.doc.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `${snap.strings.parallel}: ${axes.map((a) => a.key).join(', ')}`);
    const holder = h(this.doc, 'div', { class: 'wide-chart' }, canvas);
    this.host.replaceChildren(...(note ? [note, holder] : [holder]));
    this.chart = new Chart(canvas, {
      type: 'pcp',
      data: { labels: shown.map(({ run }) => run.name), datasets: this.datasets(snap, axes, shown) },
      options: this.options(axes, shown),
    } as unknown as ConstructorParameters<typeof Chart<'pcp', (number | null)[], string>>[1]);
  }

  /** One dataset per axis (that is how the controller works), one value per run. */
  private datasets(snap: Shown, axes: readonly AxisView[], shown: readonly Shown_[]) {
    const theme = this.ctx.theme();
    return axes.map((axis) => ({
      label: axisLabel(axis, snap.strings),
      data: shown.map(({ i }) => axis.values[i] ?? null),
      borderColor: (c: { dataIndex: number }) => shown[c.dataIndex]?.run.color ?? theme.muted,
      borderWidth: 2,
      hoverBorderWidth: 4,
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

  private options(axes: readonly AxisView[], shown: readonly Shown_[]): ChartOptions<'pcp'> {
    const theme = this.ctx.theme();
    const label = (item: { dataIndex: number; datasetIndex: number }): string => {
      const axis = axes[item.datasetIndex];
      const value = axis?.values[shown[item.dataIndex]?.i ?? -1];
      const text = axis && value !== null && value !== undefined ? axisText(axis, value) : '—';
      return `${shown[item.dataIndex]?.run.name ?? ''}: ${axis?.key ?? ''} ${text}`;
    };
    return {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      layout: { padding: { top: 16, left: 8, right: 8 } },
      // Axis titles tilt rather than overlap when the axes are close together.
      scales: { x: { ticks: { color: theme.foreground, autoSkip: false, maxRotation: 30 } } },
      plugins: {
        legend: { display: false },
        tooltip: { ...tooltipTheme(theme), callbacks: { label } },
      },
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
            this.ctx.view().parallelAxes = Array.isArray(value)
              ? value.filter((v): v is string => typeof v === 'string')
              : [];
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
    );
  }

  private exportPng(): void {
    if (!this.chart) return;
    const legend = this.shown.map(({ run }) => ({ label: run.name, color: run.color, dash: [] }));
    const title = this.title;
    this.ctx.exportPng(title, chartPng(this.chart as unknown as Chart, this.ctx.theme(), title, legend));
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }
}
