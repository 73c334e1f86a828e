// Localized strings of the Compare Runs webview and panel. Literal `l10n.t` calls so that the l10n
// tooling finds them.
import * as vscode from 'vscode';
import type { UiStrings } from './protocol';

export function compareStrings(): UiStrings {
  const t = vscode.l10n.t;
  return {
    charts: t('Charts'),
    table: t('Table'),
    scatter: t('Scatter'),
    parallel: t('Parallel coordinates'),
    runs: t('Runs'),
    xAxis: t('X axis'),
    step: t('Step'),
    wallTime: t('Wall time'),
    relativeTime: t('Relative time'),
    smoothing: t('Smoothing'),
    logScale: t('Logarithmic scale'),
    resetZoom: t('Reset zoom'),
    exportPng: t('Save as PNG…'),
    toggleRun: t('Show or hide this run in the charts'),
    noRuns: t('No runs to compare. Tick runs in the Runs view, or choose them here.'),
    chooseRuns: t('Choose Runs…'),
    noMetrics: t('These runs logged no metrics.'),
    filterMetrics: t('Filter metrics'),
    onlyDifferences: t('Only differences'),
    copyCsv: t('Copy as CSV'),
    copyMarkdown: t('Copy as Markdown'),
    exportCsv: t('Save as CSV…'),
    key: t('Key'),
    params: t('Parameters'),
    metrics: t('Metrics'),
    tags: t('Tags'),
    best: t('best'),
    minimised: t('lower is better'),
    maximised: t('higher is better'),
    changeDirection: t('Change which value is best'),
    sortBy: t('Sort by {0}', '{0}'),
    xAxisLabel: t('X'),
    yAxisLabel: t('Y'),
    axes: t('Axes'),
    notEnoughValues: t('Not enough numeric values to plot.'),
    parallelIncomplete: t('{0} runs without a value on every chosen axis are not drawn.', '{0}'),
    parallelIncompleteOne: t('1 run without a value on every chosen axis is not drawn.'),
    clearSelections: t('Clear selections'),
    runsSelected: t('{0} of {1} runs selected', '{0}', '{1}'),
    brushHint: t(
      'Drag along an axis to select a range; click the axis to clear it. Arrow keys go through the runs, Escape clears every selection.',
    ),
    clearBrush: t('Clear the selection on {0}', '{0}'),
    missingRuns: t('{0} of the chosen runs are no longer in the workspace.', '{0}'),
    problems: t('Some metric files could not be read:'),
    points: t('{0} points', '{0}'),
    openRun: t('Show run details'),
    zoomHint: t('Drag to zoom, Shift+drag to pan, double-click to reset'),
    copied: t('Copied to the clipboard'),
    noDifferences: t('All runs have the same values.'),
    singleValues: t('One value per run: shown as bars.'),
    otherMetrics: t('Other metrics'),
    chartCount: t('{0} charts', '{0}'),
    untimedRuns: t('Runs without logged times: {0}. On a time axis all their values stand at one x.', '{0}'),
  };
}

export const panelStrings = {
  title: (count: number): string =>
    count === 1 ? vscode.l10n.t('Compare: 1 run') : vscode.l10n.t('Compare: {0} runs', count),
  loading: (): string => vscode.l10n.t('Loading the comparison…'),
  runNotFound: (id: string): string => vscode.l10n.t('Run {0} was not found.', id),
  saved: (file: string): string => vscode.l10n.t('Saved {0}', file),
  copied: (): string => vscode.l10n.t('The table was copied to the clipboard.'),
  saveFailed: (file: string, reason: string): string =>
    vscode.l10n.t('Could not save {0}: {1}', file, reason),
};
