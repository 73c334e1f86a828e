// Ticks of the scatter's and parallel coordinates' axes: categories (text params) placed on a
// linear scale, and whole-number ticks for integer params.
import type { Scale } from 'chart.js' with { 'resolution-mode': 'import' };

/** Ticks for a categorical axis drawn on a linear scale: integer positions named by category. */
export function categoryTicks(categories: readonly string[]) {
  return {
    stepSize: 1,
    autoSkip: false,
    callback(this: Scale, value: number | string): string {
      const index = Number(value);
      return Number.isInteger(index) ? (categories[index] ?? '') : '';
    },
  };
}

/**
 * A categorical axis on a linear scale: from -0.5 to n - 0.5 so that every category has room,
 * with one tick on each category. (Left to chart.js, the ticks start at the bound -0.5 and step by
 * one, so none lands on a category and no label is drawn.)
 */
export function categoryScale(categories: readonly string[]) {
  return {
    min: -0.5,
    max: categories.length - 0.5,
    ticks: categoryTicks(categories),
    afterBuildTicks(scale: { ticks: { value: number }[] }): void {
      scale.ticks = categories.map((_, value) => ({ value }));
    },
  };
}

/** Ticks of a numeric axis: whole numbers only when every value is one (3, 4, not 3.1 … 3.9). */
export function numericTicks(values: readonly (number | null)[]) {
  const present = values.filter((v): v is number => v !== null);
  const integers = present.length > 0 && present.every((v) => Number.isInteger(v));
  return integers ? { precision: 0 } : {};
}
