// The Run details charts' saved settings (setState), read back defensively: the state is the
// webview's own, but a bad or old one must never stop the page from rendering.
import type { SavedCharts, XAxisMode } from '../../src/views/runDetails/protocol';

const X_AXIS_MODES: readonly XAxisMode[] = ['step', 'wallTime', 'relativeTime'];
/** Entries kept per list: more than any run's metrics a user would open. */
const MAX_ENTRIES = 10_000;

export function defaultCharts(): SavedCharts {
  return { open: [], plotAll: false, xAxis: 'step', logScale: [], collapsedGroups: [] };
}

function texts(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  const items = raw.filter((item): item is string => typeof item === 'string' && item.length > 0);
  return [...new Set(items)].slice(0, MAX_ENTRIES);
}

/** The `charts` field of a saved state: what is valid, defaults for the rest. */
export function parseSavedCharts(state: unknown): SavedCharts {
  const raw = (state as { charts?: unknown } | null | undefined)?.charts;
  if (typeof raw !== 'object' || raw === null) return defaultCharts();
  const record = raw as Record<string, unknown>;
  const xAxis = X_AXIS_MODES.includes(record.xAxis as XAxisMode) ? (record.xAxis as XAxisMode) : 'step';
  return {
    open: texts(record.open),
    plotAll: record.plotAll === true,
    xAxis,
    logScale: texts(record.logScale),
    collapsedGroups: texts(record.collapsedGroups),
  };
}

/** The metrics whose histories the page needs: every metric for "Plot all", else the open rows. */
export function wantedMetrics(charts: SavedCharts, metrics: readonly string[]): string[] {
  if (charts.plotAll) return [...metrics];
  const present = new Set(metrics);
  return charts.open.filter((metric) => present.has(metric));
}
