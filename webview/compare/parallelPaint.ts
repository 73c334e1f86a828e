// Canvas drawing of the parallel coordinates that ParallelPlot does itself: the runs' lines, a
// brush's band on its axis, and the measured boxes of the axis titles.
import type { RunEntry } from '../../src/views/compare/protocol';
import { safeColor } from './dom';
import type { AxisFrame, LinePixels, TitleBox } from './parallelGeometry';
import type { Theme } from './theme';
import type { Chart } from './vendor';

const BRUSH_HALF_WIDTH = 7;

/** Strokes the lines of `order` (indexes into lines and runs), in that order, each styled by `style`. */
export function strokeLines(
  ctx: CanvasRenderingContext2D,
  frame: AxisFrame,
  lines: readonly LinePixels[],
  runs: readonly RunEntry[],
  order: readonly number[],
  style: (index: number) => { alpha: number; width: number },
): void {
  ctx.save();
  ctx.lineCap = 'round';
  let dashed = false;
  for (const index of order) {
    const line = lines[index];
    const run = runs[index];
    if (!line || !run) continue;
    const { alpha, width } = style(index);
    ctx.globalAlpha = alpha;
    ctx.lineWidth = width;
    ctx.strokeStyle = safeColor(run.color);
    // Setting a dash, even an empty one, made every later stroke several times slower to raster.
    if (run.dash.length > 0 || dashed) ctx.setLineDash(run.dash);
    dashed = run.dash.length > 0;
    // One straight stroke per segment: rasterized far faster than a joined polyline (measured).
    for (let k = 1; k < frame.xs.length; k++) {
      ctx.beginPath();
      ctx.moveTo(frame.xs[k - 1] ?? 0, line[k - 1] ?? 0);
      ctx.lineTo(frame.xs[k] ?? 0, line[k] ?? 0);
      ctx.stroke();
    }
  }
  ctx.restore();
}

/** A brush's band on the axis at `x`, from pixel `top` to `bottom` (kept inside the plot). */
export function paintBrush(
  ctx: CanvasRenderingContext2D,
  frame: AxisFrame,
  x: number,
  span: { top: number; bottom: number },
  theme: Theme,
): void {
  const clamp = (y: number) => Math.max(frame.top, Math.min(frame.bottom, y));
  const y0 = clamp(span.top);
  const height = Math.max(2, clamp(span.bottom) - y0);
  ctx.save();
  ctx.globalAlpha = 0.45;
  ctx.fillStyle = theme.selection;
  ctx.fillRect(x - BRUSH_HALF_WIDTH, y0, 2 * BRUSH_HALF_WIDTH, height);
  ctx.globalAlpha = 1;
  ctx.strokeStyle = theme.foreground;
  ctx.lineWidth = 1;
  ctx.strokeRect(x - BRUSH_HALF_WIDTH + 0.5, y0 + 0.5, 2 * BRUSH_HALF_WIDTH - 1, height - 1);
  ctx.restore();
}

/** The axis titles' boxes as chart.js laid them out (anchor, rotation, alignment) and measured. */
export function titleBoxes(chart: Chart): TitleBox[] {
  const scale = chart.scales.x;
  if (!scale) return [];
  const ctx = chart.ctx;
  ctx.save();
  const boxes = scale.getLabelItems().map((item): TitleBox => {
    ctx.font = item.font.string;
    const lines = Array.isArray(item.label) ? item.label : [item.label];
    const [x, y] = item.options.translation ?? [0, 0];
    // chart.js resolves the line height to pixels in the label items it hands out.
    const lineHeight = Number(item.font.lineHeight) || item.font.size * 1.2;
    return {
      x,
      y,
      rotation: item.options.rotation ?? 0,
      align: item.options.textAlign ?? 'center',
      width: Math.max(...lines.map((line) => ctx.measureText(line).width)),
      height: lines.length * lineHeight,
      offset: item.textOffset + ((lines.length - 1) * lineHeight) / 2,
    };
  });
  ctx.restore();
  return boxes;
}
