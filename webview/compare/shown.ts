// What the webview renders: the host's snapshot plus the localized strings from the page.
import type { Snapshot, UiStringKey, UiStrings } from '../../src/views/compare/protocol';

export type Shown = Snapshot & { strings: UiStrings };

/** The protocol's string keys (a copy: the webview imports only types from the protocol; a unit test keeps them equal). */
export const STRING_KEYS: readonly UiStringKey[] = [
  'charts',
  'table',
  'scatter',
  'parallel',
  'runs',
  'xAxis',
  'step',
  'wallTime',
  'relativeTime',
  'smoothing',
  'logScale',
  'resetZoom',
  'exportPng',
  'toggleRun',
  'noRuns',
  'chooseRuns',
  'noMetrics',
  'filterMetrics',
  'onlyDifferences',
  'copyCsv',
  'copyMarkdown',
  'exportCsv',
  'key',
  'params',
  'metrics',
  'tags',
  'best',
  'minimised',
  'maximised',
  'changeDirection',
  'sortBy',
  'xAxisLabel',
  'yAxisLabel',
  'axes',
  'notEnoughValues',
  'parallelIncomplete',
  'parallelIncompleteOne',
  'clearSelections',
  'runsSelected',
  'brushHint',
  'clearBrush',
  'missingRuns',
  'problems',
  'points',
  'openRun',
  'zoomHint',
  'copied',
  'noDifferences',
  'singleValues',
  'otherMetrics',
  'chartCount',
  'untimedRuns',
];

/**
 * The strings the host put in `data-strings` on the root element. Missing or malformed entries
 * fall back to their key (visible, but never a crash).
 */
export function parseStrings(raw: string | null | undefined, keys: readonly UiStringKey[]): UiStrings {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw ?? '{}');
  } catch {
    parsed = {};
  }
  const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const strings = {} as UiStrings;
  for (const key of keys) {
    const value = record[key];
    strings[key] = typeof value === 'string' ? value : key;
  }
  return strings;
}
