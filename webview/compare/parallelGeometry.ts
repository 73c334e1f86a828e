// Pixel geometry of the parallel coordinates: which axis the pointer is on, which run's line is
// nearest, and in which order lines are drawn. Pure: the chart hands in pixel positions.

/** The axes' x positions and the plot's top and bottom, in canvas pixels (CSS pixels). */
export interface AxisFrame {
  xs: readonly number[];
  top: number;
  bottom: number;
}

/** One run's line: its y on each axis (same order as the frame's xs). */
export type LinePixels = readonly number[];

/** How far from an axis (px) a press starts a brush on it. */
export const AXIS_GRAB = 12;
/** How far from a line (px) the pointer still points at it. */
export const LINE_GRAB = 6;
/** A press that moves less than this (px) is a click, not a drag. */
export const DRAG_THRESHOLD = 3;

/** The axis under (x, y): the nearest one within `grab` px, and only between the plot's top and bottom. */
export function axisAt(frame: AxisFrame, x: number, y: number, grab = AXIS_GRAB): number {
  if (y < frame.top - grab || y > frame.bottom + grab) return -1;
  let best = -1;
  let bestDistance = grab;
  frame.xs.forEach((axisX, index) => {
    const distance = Math.abs(axisX - x);
    if (distance <= bestDistance) {
      best = index;
      bestDistance = distance;
    }
  });
  return best;
}

/** Distance from (x, y) to the segment (x0, y0)–(x1, y1). */
export function segmentDistance(
  x: number,
  y: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): number {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / length2));
  return Math.hypot(x - (x0 + t * dx), y - (y0 + t * dy));
}

/** Distance from (x, y) to a run's polyline through the axes. */
export function lineDistance(frame: AxisFrame, line: LinePixels, x: number, y: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let k = 1; k < frame.xs.length; k++) {
    const x0 = frame.xs[k - 1];
    const x1 = frame.xs[k];
    const y0 = line[k - 1];
    const y1 = line[k];
    if (x0 === undefined || x1 === undefined || y0 === undefined || y1 === undefined) continue;
    best = Math.min(best, segmentDistance(x, y, x0, y0, x1, y1));
  }
  return best;
}

/**
 * The line under (x, y): the nearest within `grab` px; among lines as near, the one drawn on top
 * (later in `order`), so that what the user sees is what the tooltip names. -1 for none.
 */
export function lineAt(
  frame: AxisFrame,
  lines: readonly LinePixels[],
  order: readonly number[],
  x: number,
  y: number,
  grab = LINE_GRAB,
): number {
  let best = -1;
  let bestDistance = grab;
  for (const index of order) {
    const line = lines[index];
    if (!line) continue;
    const distance = lineDistance(frame, line, x, y);
    if (distance <= bestDistance) {
      best = index;
      bestDistance = distance;
    }
  }
  return best;
}

/** Drawing order: lines outside the brushes first (dimmed, underneath), then selected ones, the hovered one last. */
export function drawOrder(selected: readonly boolean[], hovered: number): number[] {
  const indexes = selected.map((_, i) => i);
  const dimmed = indexes.filter((i) => !selected[i] && i !== hovered);
  const chosen = indexes.filter((i) => selected[i] && i !== hovered);
  return hovered >= 0 && hovered < selected.length ? [...dimmed, ...chosen, hovered] : [...dimmed, ...chosen];
}

/** An axis title's box in the frame rotated with the titles (all share one rotation). */
export interface TitleBox {
  /** Where the title is anchored (canvas px) and its rotation (radians). */
  x: number;
  y: number;
  rotation: number;
  align: CanvasTextAlign;
  width: number;
  height: number;
  /** Offset of the text's middle line from the anchor, across the text. */
  offset: number;
}

function span(box: TitleBox): { left: number; right: number; top: number; bottom: number } {
  // The anchor in the rotated frame: the text then runs along x from there.
  const cos = Math.cos(-box.rotation);
  const sin = Math.sin(-box.rotation);
  const x = box.x * cos - box.y * sin;
  const y = box.x * sin + box.y * cos;
  const left =
    box.align === 'right' || box.align === 'end'
      ? x - box.width
      : box.align === 'center'
        ? x - box.width / 2
        : x;
  return {
    left,
    right: left + box.width,
    top: y + box.offset - box.height / 2,
    bottom: y + box.offset + box.height / 2,
  };
}

/** Pairs of titles whose boxes overlap (by more than `slack` px each way). */
export function overlappingTitles(boxes: readonly TitleBox[], slack = 0.5): [number, number][] {
  const spans = boxes.map(span);
  const pairs: [number, number][] = [];
  spans.forEach((a, i) =>
    spans.slice(i + 1).forEach((b, d) => {
      const across = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const along = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (across > slack && along > slack) pairs.push([i, i + 1 + d]);
    }),
  );
  return pairs;
}
