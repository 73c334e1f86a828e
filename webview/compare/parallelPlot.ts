// The drawn part of the parallel coordinates on top of chartjs-chart-pcp: the controller lays out
// and draws the axes; this plugin draws the runs' lines itself (dimmed ones underneath, the hovered
// one on top) and the brushes, and turns pointer and keys on the canvas into brushes and hovers.
import type { Plugin, Scale } from 'chart.js' with { 'resolution-mode': 'import' };
import type { AxisView, RunEntry } from '../../src/views/compare/protocol';
import { paintBrush, strokeLines, titleBoxes } from './parallelPaint';
import {
  activeBrushes,
  brushExtent,
  brushFromRange,
  selectedRuns,
  withBrush,
  type ParallelBrush,
} from './parallelBrush';
import {
  axisAt,
  drawOrder,
  DRAG_THRESHOLD,
  lineAt,
  overlappingTitles,
  type AxisFrame,
  type LinePixels,
} from './parallelGeometry';
import type { Theme } from './theme';
import type { Chart } from './vendor';

/** The runs drawn: their entries and their index into the axes' values. */
export interface PlotData {
  axes: readonly AxisView[];
  runs: readonly RunEntry[];
  indexes: readonly number[];
}

export interface PlotHost {
  theme(): Theme;
  /** The committed brushes (the view state's). */
  brushes(): readonly ParallelBrush[];
  commit(brushes: ParallelBrush[]): void;
  /** Which runs are selected, live while a brush is dragged. */
  selectionChanged(selected: readonly boolean[]): void;
  /** The run under the pointer or chosen with the keys (-1: none), and where to show its tooltip. */
  hoverChanged(index: number, at: { x: number; y: number } | null, viaKeys: boolean): void;
  clearAll(): void;
}

/** How a line is drawn. */
type Emphasis = 'normal' | 'dimmed' | 'hovered';

const DIMMED_ALPHA = 0.14;
/** How much of the other lines shows under a hovered one. */
const HOVER_DIM = 0.22;

interface Drag {
  axis: number;
  startY: number;
  moved: boolean;
  brush: ParallelBrush | null;
}

export class ParallelPlot {
  private chart: Chart | undefined;
  private frame: AxisFrame | null = null;
  private lines: LinePixels[] = [];
  /**
   * The lines as the brushes leave them, drawn once: a hover only dims this image and draws one
   * line over it, instead of drawing every run's line again (hundreds of ms with many runs).
   */
  private layer: HTMLCanvasElement | null = null;
  private selected: boolean[];
  private hovered = -1;
  private drag: Drag | null = null;
  private framePending = false;
  private readonly listeners: [keyof HTMLElementEventMap, (event: Event) => void][];

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly data: PlotData,
    private readonly host: PlotHost,
  ) {
    this.selected = selectedRuns(data.axes, data.indexes, host.brushes());
    this.listeners = [
      ['pointerdown', (e) => this.pointerDown(e as PointerEvent)],
      ['pointermove', (e) => this.pointerMove(e as PointerEvent)],
      ['pointerup', (e) => this.pointerUp(e as PointerEvent)],
      ['pointercancel', () => this.cancelDrag()],
      ['pointerleave', () => this.pointerLeave()],
      ['keydown', (e) => this.keyDown(e as KeyboardEvent)],
      ['blur', () => this.setHover(-1, null)],
    ];
    for (const [type, listener] of this.listeners) canvas.addEventListener(type, listener);
  }

  /**
   * The chart.js plugin that draws lines under the axes and brushes over them. The controller's own
   * drawing is skipped: it would stroke one (invisible) segment per run and axis, most of the time
   * of a frame with a thousand runs; the axes are drawn here instead.
   */
  readonly plugin: Plugin = {
    id: 'mlopsParallelLines',
    afterUpdate: (chart) => this.measure(chart as unknown as Chart),
    beforeDatasetsDraw: (chart) => {
      this.drawLines(chart as unknown as Chart);
      this.drawAxes(chart as unknown as Chart);
    },
    beforeDatasetDraw: () => false,
    afterDatasetsDraw: (chart) => this.drawBrushes(chart.ctx),
    afterDraw: (chart) => this.publishLayout(chart as unknown as Chart),
  };

  bind(chart: Chart): void {
    this.chart = chart;
    this.publish();
  }

  /** After the committed brushes changed elsewhere (Clear, a chip, Escape): select and draw again. */
  refresh(): void {
    this.selected = selectedRuns(this.data.axes, this.data.indexes, this.host.brushes());
    this.layer = null;
    this.host.selectionChanged(this.selected);
    this.redraw();
  }

  isSelected(index: number): boolean {
    return this.selected[index] === true;
  }

  destroy(): void {
    for (const [type, listener] of this.listeners) this.canvas.removeEventListener(type, listener);
    this.chart = undefined;
  }

  private emphasis(index: number): Emphasis {
    if (this.hovered === index) return 'hovered';
    return this.hovered >= 0 || !this.selected[index] ? 'dimmed' : 'normal';
  }

  private scaleOf(chart: Chart, axis: number): Scale | undefined {
    return chart.getDatasetMeta(axis).dataset as unknown as Scale | undefined;
  }

  /** Where the axes and each run's line are on the canvas now (after any resize). */
  private measure(chart: Chart): void {
    const x = chart.scales.x;
    if (!x) return;
    const count = this.data.axes.length;
    this.frame = {
      xs: Array.from({ length: count }, (_, k) => x.getPixelForTick(k)),
      top: chart.chartArea.top,
      bottom: chart.chartArea.bottom,
    };
    const scales = this.data.axes.map((_, k) => this.scaleOf(chart, k));
    this.layer = null;
    this.lines = this.data.indexes.map((i) =>
      this.data.axes.map(
        (axis, k) => scales[k]?.getPixelForValue(axis.values[i] ?? Number.NaN) ?? Number.NaN,
      ),
    );
  }

  private drawAxes(chart: Chart): void {
    // LinearAxis.draw takes the context (it places itself at its x), not the chart area.
    this.data.axes.forEach((_, k) =>
      (this.scaleOf(chart, k) as unknown as { draw(ctx: CanvasRenderingContext2D): void } | undefined)?.draw(
        chart.ctx,
      ),
    );
  }

  private drawLines(chart: Chart): void {
    const layer = this.layer ?? this.paintLayer(chart);
    const { ctx } = chart;
    ctx.save();
    ctx.globalAlpha = this.hovered >= 0 ? HOVER_DIM : 1;
    ctx.drawImage(layer, 0, 0, chart.width, chart.height);
    ctx.restore();
    const { frame, hovered } = this;
    if (frame && hovered >= 0) {
      strokeLines(ctx, frame, this.lines, this.data.runs, [hovered], () => ({ alpha: 1, width: 4 }));
    }
  }

  /** The brushes' picture of the lines (dimmed ones under the selected), on a canvas of the chart's size. */
  private paintLayer(chart: Chart): HTMLCanvasElement {
    const layer = this.canvas.ownerDocument.createElement('canvas');
    layer.width = chart.canvas.width;
    layer.height = chart.canvas.height;
    const ctx = layer.getContext('2d');
    if (ctx) {
      const ratio = chart.currentDevicePixelRatio;
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      const order = drawOrder(this.selected, -1);
      const style = (i: number) => ({ alpha: this.selected[i] ? 1 : DIMMED_ALPHA, width: 2 });
      if (this.frame) strokeLines(ctx, this.frame, this.lines, this.data.runs, order, style);
    }
    this.layer = layer;
    return layer;
  }

  /** The committed brushes, with the one being dragged in place of its axis's. */
  private shownBrushes(): readonly ParallelBrush[] {
    const committed = this.host.brushes();
    if (!this.drag?.moved) return committed;
    const axis = this.data.axes[this.drag.axis];
    if (!axis) return committed;
    return this.drag.brush
      ? withBrush(committed, this.drag.brush)
      : committed.filter((b) => b.axis !== axis.id);
  }

  private drawBrushes(ctx: CanvasRenderingContext2D): void {
    const chart = this.chart;
    const frame = this.frame;
    if (!chart || !frame) return;
    for (const [k, brush] of activeBrushes(this.shownBrushes(), this.data.axes)) {
      const axis = this.data.axes[k];
      const scale = this.scaleOf(chart, k);
      const x = frame.xs[k];
      const extent = axis ? brushExtent(axis, brush) : null;
      if (!scale || x === undefined || !extent) continue;
      const span = { top: scale.getPixelForValue(extent.high), bottom: scale.getPixelForValue(extent.low) };
      paintBrush(ctx, frame, x, span, this.host.theme());
    }
  }

  private redraw(): void {
    this.chart?.draw();
    this.publish();
  }

  /** What the canvas shows, for assistive technology's sake and the tests. */
  private publish(): void {
    const names = (keep: (i: number) => boolean) =>
      JSON.stringify(this.data.runs.flatMap((run, i) => (keep(i) ? [run.name] : [])));
    this.canvas.setAttribute('data-runs-drawn', String(this.data.runs.length));
    this.canvas.setAttribute('data-runs-selected', String(this.selected.filter(Boolean).length));
    this.canvas.setAttribute(
      'data-selected-runs',
      names((i) => this.selected[i] === true),
    );
    this.canvas.setAttribute(
      'data-dimmed-runs',
      names((i) => this.emphasis(i) === 'dimmed'),
    );
    this.canvas.setAttribute('data-hovered-run', this.data.runs[this.hovered]?.name ?? '');
  }

  /**
   * Where the axes are, each axis's tick labels and how many title pairs overlap: tests check that
   * integer axes get whole, distinct ticks and that titles never overlap, at whatever width.
   */
  private publishLayout(chart: Chart): void {
    const frame = this.frame;
    if (!frame) return;
    const ticks = this.data.axes.map(
      (_, k) => this.scaleOf(chart, k)?.ticks.map((t) => String(t.label ?? '')) ?? [],
    );
    this.canvas.setAttribute('data-axis-x', JSON.stringify(frame.xs.map((x) => Math.round(x))));
    this.canvas.setAttribute(
      'data-plot-y',
      JSON.stringify([Math.round(frame.top), Math.round(frame.bottom)]),
    );
    this.canvas.setAttribute('data-axis-ticks', JSON.stringify(ticks));
    this.canvas.setAttribute('data-title-overlaps', String(overlappingTitles(titleBoxes(chart)).length));
  }

  private setSelection(brushes: readonly ParallelBrush[]): void {
    const selected = selectedRuns(this.data.axes, this.data.indexes, brushes);
    if (selected.some((on, i) => on !== this.selected[i])) this.layer = null;
    this.selected = selected;
    this.host.selectionChanged(this.selected);
  }

  private setHover(index: number, at: { x: number; y: number } | null, viaKeys = false): void {
    if (index === this.hovered) {
      if (index >= 0) this.host.hoverChanged(index, at, viaKeys);
      return;
    }
    this.hovered = index;
    this.host.hoverChanged(index, at, viaKeys);
    this.redraw();
  }

  private pointerDown(event: PointerEvent): void {
    if (event.button !== 0 || !this.frame) return;
    const axis = axisAt(this.frame, event.offsetX, event.offsetY);
    if (axis < 0) return;
    event.preventDefault();
    this.canvas.focus();
    this.canvas.setPointerCapture?.(event.pointerId);
    this.drag = { axis, startY: this.clampY(event.offsetY), moved: false, brush: null };
    this.setHover(-1, null);
  }

  private clampY(y: number): number {
    const frame = this.frame;
    return frame ? Math.max(frame.top, Math.min(frame.bottom, y)) : y;
  }

  private pointerMove(event: PointerEvent): void {
    const drag = this.drag;
    if (drag) {
      const y = this.clampY(event.offsetY);
      if (!drag.moved && Math.abs(y - drag.startY) < DRAG_THRESHOLD) return;
      drag.moved = true;
      drag.brush = this.brushBetween(drag.axis, drag.startY, y);
      this.scheduleDragFrame();
      return;
    }
    this.hoverAt(event.offsetX, event.offsetY);
  }

  private hoverAt(x: number, y: number): void {
    if (!this.frame) return;
    const onAxis = axisAt(this.frame, x, y) >= 0;
    const line = lineAt(this.frame, this.lines, drawOrder(this.selected, this.hovered), x, y);
    this.canvas.style.cursor = onAxis ? 'ns-resize' : line >= 0 ? 'pointer' : '';
    this.setHover(line, line >= 0 ? { x, y } : null);
  }

  private brushBetween(axisIndex: number, y0: number, y1: number): ParallelBrush | null {
    const axis = this.data.axes[axisIndex];
    const scale = this.chart ? this.scaleOf(this.chart, axisIndex) : undefined;
    if (!axis || !scale) return null;
    return brushFromRange(
      axis,
      scale.getValueForPixel(y0) ?? Number.NaN,
      scale.getValueForPixel(y1) ?? Number.NaN,
    );
  }

  /**
   * Selects and draws for the brush being dragged once per frame: with many runs a repaint takes
   * longer than the pointer's events come, and the latest brush is the only one worth drawing.
   */
  private scheduleDragFrame(): void {
    if (this.framePending) return;
    this.framePending = true;
    requestAnimationFrame(() => {
      this.framePending = false;
      if (!this.drag || !this.chart) return;
      this.setSelection(this.shownBrushes());
      this.redraw();
    });
  }

  private pointerUp(event: PointerEvent): void {
    const drag = this.drag;
    if (!drag) return;
    this.drag = null;
    this.canvas.releasePointerCapture?.(event.pointerId);
    const axis = this.data.axes[drag.axis];
    if (!axis) return;
    // A click on an axis (no drag) clears its brush, as in HiPlot and W&B.
    const others = this.host.brushes().filter((b) => b.axis !== axis.id);
    this.host.commit(drag.moved && drag.brush ? [...others, drag.brush] : others);
    this.refresh();
  }

  private cancelDrag(): void {
    if (!this.drag) return;
    this.drag = null;
    this.refresh();
  }

  private pointerLeave(): void {
    if (!this.drag) this.setHover(-1, null);
  }

  /** Arrow keys go through the drawn runs (the tooltip names each); Escape clears brushes and hover. */
  private keyDown(event: KeyboardEvent): void {
    const count = this.data.runs.length;
    if (event.key === 'Escape') {
      this.cancelDrag();
      this.setHover(-1, null);
      this.host.clearAll();
      return;
    }
    const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
    if (step === undefined || count === 0) return;
    event.preventDefault();
    const next = this.hovered < 0 ? (step > 0 ? 0 : count - 1) : (this.hovered + step + count) % count;
    this.setHover(next, this.anchorOf(next), true);
  }

  /** Where the tooltip of a run chosen with the keys goes: its line on the middle axis. */
  private anchorOf(index: number): { x: number; y: number } | null {
    const frame = this.frame;
    const line = this.lines[index];
    if (!frame || !line) return null;
    const k = Math.floor((frame.xs.length - 1) / 2);
    return { x: frame.xs[k] ?? 0, y: line[k] ?? 0 };
  }
}
