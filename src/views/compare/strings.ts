// Localized strings of the Compare Runs webview and panel. Every string is a literal
// `vscode.l10n.t('…')` call: `npm run l10n` (vscode-l10n-dev) finds only those, not an alias such as
// `const t = vscode.l10n.t`, and an unfound string is never translated.
import * as vscode from 'vscode';
import type { UiStrings } from './protocol';

export function compareStrings(): UiStrings {
  return {
    charts: vscode.l10n.t('Charts'),
    table: vscode.l10n.t('Table'),
    scatter: vscode.l10n.t('Scatter'),
    parallel: vscode.l10n.t('Parallel coordinates'),
    runs: vscode.l10n.t('Runs'),
    xAxis: vscode.l10n.t('X axis'),
    step: vscode.l10n.t('Step'),
    wallTime: vscode.l10n.t('Wall time'),
    relativeTime: vscode.l10n.t('Relative time'),
    smoothing: vscode.l10n.t('Smoothing'),
    logScale: vscode.l10n.t('Logarithmic scale'),
    resetZoom: vscode.l10n.t('Reset zoom'),
    exportPng: vscode.l10n.t('Save as PNG…'),
    toggleRun: vscode.l10n.t('Show or hide this run in the charts'),
    noRuns: vscode.l10n.t('No runs to compare. Tick runs in the Runs view, or choose them here.'),
    chooseRuns: vscode.l10n.t('Choose Runs…'),
    noMetrics: vscode.l10n.t('These runs logged no metrics.'),
    filterMetrics: vscode.l10n.t('Filter metrics'),
    onlyDifferences: vscode.l10n.t('Only differences'),
    copyCsv: vscode.l10n.t('Copy as CSV'),
    copyMarkdown: vscode.l10n.t('Copy as Markdown'),
    exportCsv: vscode.l10n.t('Save as CSV…'),
    key: vscode.l10n.t('Key'),
    params: vscode.l10n.t('Parameters'),
    metrics: vscode.l10n.t('Metrics'),
    tags: vscode.l10n.t('Tags'),
    best: vscode.l10n.t('best'),
    minimised: vscode.l10n.t('lower is better'),
    maximised: vscode.l10n.t('higher is better'),
    changeDirection: vscode.l10n.t('Change which value is best'),
    sortBy: vscode.l10n.t('Sort by {0}', '{0}'),
    xAxisLabel: vscode.l10n.t('X'),
    yAxisLabel: vscode.l10n.t('Y'),
    axes: vscode.l10n.t('Axes'),
    notEnoughValues: vscode.l10n.t('Not enough numeric values to plot.'),
    parallelIncomplete: vscode.l10n.t('{0} runs without a value on every chosen axis are not drawn.', '{0}'),
    parallelIncompleteOne: vscode.l10n.t('1 run without a value on every chosen axis is not drawn.'),
    clearSelections: vscode.l10n.t('Clear selections'),
    runsSelected: vscode.l10n.t('{0} of {1} runs selected', '{0}', '{1}'),
    brushHint: vscode.l10n.t(
      'Drag along an axis to select a range; click the axis to clear it. Arrow keys go through the runs, Escape clears every selection.',
    ),
    clearBrush: vscode.l10n.t('Clear the selection on {0}', '{0}'),
    missingRuns: vscode.l10n.t('{0} of the chosen runs are no longer in the workspace.', '{0}'),
    problems: vscode.l10n.t('Some metric files could not be read:'),
    points: vscode.l10n.t('{0} points', '{0}'),
    openRun: vscode.l10n.t('Show run details'),
    zoomHint: vscode.l10n.t('Drag to zoom, Shift+drag to pan, double-click to reset'),
    copied: vscode.l10n.t('Copied to the clipboard'),
    noDifferences: vscode.l10n.t('All runs have the same values.'),
    singleValues: vscode.l10n.t('One value per run: shown as bars.'),
    otherMetrics: vscode.l10n.t('Other metrics'),
    chartCount: vscode.l10n.t('{0} charts', '{0}'),
    untimedRuns: vscode.l10n.t(
      'Runs without logged times: {0}. On a time axis all their values stand at one x.',
      '{0}',
    ),
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
