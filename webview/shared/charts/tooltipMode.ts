// The line charts' tooltip lists every visible run at the hovered x, sorted by value (as W&B
// does), not only the nearest run: a chart.js interaction mode that takes, for each visible line,
// its point nearest to the pointer's x, if the pointer is within that line's x extent.
import type { ActiveElement, Chart, ChartEvent, InteractionItem } from 'chart.js' with {
  'resolution-mode': 'import',
};

export const RUNS_AT_X = 'runsAtX';

/** The faded raw line under a smoothed one says `smoothedLine: false`; it is not listed. */
export function isMain(dataset: unknown): boolean {
  return (dataset as { smoothedLine?: boolean } | undefined)?.smoothedLine !== false;
}

/** Pixels beyond a line's first and last point that still count as "at" the line. */
const EDGE_PX = 8;

interface Located {
  x: number;
}

/** Index of the element whose x is nearest to `px` (elements in ascending x). */
export function nearestIndex(elements: readonly Located[], px: number): number {
  let lo = 0;
  let hi = elements.length - 1;
  if (hi < 0) return -1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (elements[mid]!.x < px) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs(elements[lo - 1]!.x - px) <= Math.abs(elements[lo]!.x - px)) return lo - 1;
  return lo;
}

/** For each line that `include` accepts and whose x extent covers `px`: its nearest point. */
export function itemsAtX(
  lines: readonly { datasetIndex: number; elements: readonly Located[] }[],
  px: number,
): { datasetIndex: number; index: number }[] {
  const items: { datasetIndex: number; index: number }[] = [];
  for (const { datasetIndex, elements } of lines) {
    if (elements.length === 0) continue;
    const first = elements[0]!.x;
    const last = elements[elements.length - 1]!.x;
    if (px < first - EDGE_PX || px > last + EDGE_PX) continue;
    const index = nearestIndex(elements, px);
    if (index >= 0) items.push({ datasetIndex, index });
  }
  return items;
}

/** Registers the mode on chart.js's Interaction registry; `isMain` picks the lines to list. */
export function registerRunsAtX(
  modes: Record<string, unknown>,
  isMain: (chart: Chart, datasetIndex: number) => boolean,
): void {
  modes[RUNS_AT_X] = (chart: Chart, event: ChartEvent): InteractionItem[] => {
    if (event.x === null) return [];
    const lines = chart
      .getSortedVisibleDatasetMetas()
      .filter((meta) => isMain(chart, meta.index))
      .map((meta) => ({ datasetIndex: meta.index, elements: meta.data as unknown as Located[] }));
    return itemsAtX(lines, event.x).map(({ datasetIndex, index }) => {
      const element = chart.getDatasetMeta(datasetIndex).data[index]!;
      return { element, datasetIndex, index } as ActiveElement;
    });
  };
}
