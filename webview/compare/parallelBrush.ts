// Brushes of the parallel coordinates: ranges chosen on axes, in data space (so that they survive a
// resize, a reload and new values), and which runs lie inside all of them. Pure: no DOM, no chart.
import type { AxisView } from '../../src/views/compare/protocol';
import { formatValue } from './format';

/** A range on a numeric axis (min ≤ max), or the categories chosen on a categorical one. */
export type ParallelBrush = NumericBrush | CategoryBrush;

export interface NumericBrush {
  axis: string;
  min: number;
  max: number;
}

export interface CategoryBrush {
  axis: string;
  categories: string[];
}

/** More brushes than axes anyone compares; a larger saved list is not a real state. */
export const MAX_BRUSHES = 64;
const MAX_CATEGORIES = 10_000;
const MAX_ID_LENGTH = 2_000;

export const isCategoryBrush = (brush: ParallelBrush): brush is CategoryBrush => 'categories' in brush;

type Raw = Record<string, unknown>;
const isRaw = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function parseBrush(raw: unknown): ParallelBrush | null {
  if (!isRaw(raw) || typeof raw.axis !== 'string' || raw.axis === '' || raw.axis.length > MAX_ID_LENGTH) {
    return null;
  }
  if (Array.isArray(raw.categories)) {
    const categories = raw.categories.filter((c): c is string => typeof c === 'string');
    if (categories.length === 0 || raw.categories.length > MAX_CATEGORIES) return null;
    return { axis: raw.axis, categories: [...new Set(categories)] };
  }
  if (!finite(raw.min) || !finite(raw.max)) return null;
  return { axis: raw.axis, min: Math.min(raw.min, raw.max), max: Math.max(raw.min, raw.max) };
}

/**
 * Brushes restored from the webview state: only well-formed ones (finite numbers, a non-empty list
 * of category names), at most one per axis (the last wins), at most MAX_BRUSHES.
 */
export function parseBrushes(raw: unknown): ParallelBrush[] {
  if (!Array.isArray(raw)) return [];
  const byAxis = new Map<string, ParallelBrush>();
  for (const item of raw.slice(0, MAX_BRUSHES * 4)) {
    const brush = parseBrush(item);
    if (!brush) continue;
    byAxis.delete(brush.axis);
    byAxis.set(brush.axis, brush);
  }
  return [...byAxis.values()].slice(-MAX_BRUSHES);
}

/** The brushes that apply to `axes`: on one of them, and of the axis's kind (numeric or categorical). */
export function activeBrushes(
  brushes: readonly ParallelBrush[],
  axes: readonly AxisView[],
): Map<number, ParallelBrush> {
  const active = new Map<number, ParallelBrush>();
  axes.forEach((axis, index) => {
    const brush = brushes.find((b) => b.axis === axis.id);
    if (brush && isCategoryBrush(brush) === (axis.categories !== null)) active.set(index, brush);
  });
  return active;
}

export function inBrush(axis: AxisView, value: number | null | undefined, brush: ParallelBrush): boolean {
  if (value === null || value === undefined) return false;
  if (isCategoryBrush(brush)) {
    const name = axis.categories?.[value];
    return name !== undefined && brush.categories.includes(name);
  }
  return value >= brush.min && value <= brush.max;
}

/**
 * For each drawn run (its index into the axes' values), whether it lies inside every active brush.
 * Without a brush every run is selected.
 */
export function selectedRuns(
  axes: readonly AxisView[],
  runIndexes: readonly number[],
  brushes: readonly ParallelBrush[],
): boolean[] {
  const active = [...activeBrushes(brushes, axes)];
  return runIndexes.map((i) =>
    active.every(([axisIndex, brush]) => {
      const axis = axes[axisIndex];
      return axis !== undefined && inBrush(axis, axis.values[i], brush);
    }),
  );
}

/**
 * The brush between two data values dragged on `axis`. On a categorical axis (category k drawn at
 * k, its band from k − 0.5 to k + 0.5) it takes every category whose band the range touches, so
 * that any drag chooses at least one; null when the range misses every band.
 */
export function brushFromRange(axis: AxisView, from: number, to: number): ParallelBrush | null {
  if (!Number.isFinite(from) || !Number.isFinite(to)) return null;
  const low = Math.min(from, to);
  const high = Math.max(from, to);
  if (!axis.categories) return { axis: axis.id, min: low, max: high };
  const categories = axis.categories.filter((_, k) => k + 0.5 > low && k - 0.5 < high);
  return categories.length > 0 ? { axis: axis.id, categories } : null;
}

/** The data range a brush covers on `axis`, to draw it; null when none of its categories is there. */
export function brushExtent(axis: AxisView, brush: ParallelBrush): { low: number; high: number } | null {
  if (!isCategoryBrush(brush)) return { low: brush.min, high: brush.max };
  const positions = brush.categories
    .map((name) => axis.categories?.indexOf(name) ?? -1)
    .filter((k) => k >= 0);
  if (positions.length === 0) return null;
  return { low: Math.min(...positions) - 0.4, high: Math.max(...positions) + 0.4 };
}

/** A brush's bound to three significant digits: a dragged pixel is no more precise than that. */
const bound = (value: number): string => formatValue(Number(value.toPrecision(3)));

/** The brush as text: `0.01 – 0.2`, or the chosen categories. */
export function describeBrush(brush: ParallelBrush): string {
  if (isCategoryBrush(brush)) return brush.categories.join(', ');
  return `${bound(brush.min)} – ${bound(brush.max)}`;
}

/** `brushes` with `brush` in place of the one on its axis. */
export function withBrush(brushes: readonly ParallelBrush[], brush: ParallelBrush): ParallelBrush[] {
  return [...brushes.filter((b) => b.axis !== brush.axis), brush].slice(-MAX_BRUSHES);
}

export function withoutBrush(brushes: readonly ParallelBrush[], axisId: string): ParallelBrush[] {
  return brushes.filter((b) => b.axis !== axisId);
}

/** Brushes of axes still chosen (the others go when the user removes their axis). */
export function keepBrushes(brushes: readonly ParallelBrush[], axisIds: readonly string[]): ParallelBrush[] {
  const kept = new Set(axisIds);
  return brushes.filter((b) => kept.has(b.axis));
}

/** Fills `{0}`, `{1}`, … in a localized text (the count of selected runs has two numbers). */
export function fill(text: string, ...values: (string | number)[]): string {
  return text.replace(/\{(\d)\}/g, (match, n: string) => String(values[Number(n)] ?? match));
}
