// Localized strings of the Run details webview. Every string is a literal `vscode.l10n.t('…')` call:
// `npm run l10n` (vscode-l10n-dev) finds only those, not an alias such as `const t = vscode.l10n.t`.
import * as vscode from 'vscode';
import type { UiStrings } from './protocol';

export function runDetailsStrings(): UiStrings {
  return {
    experiment: vscode.l10n.t('Experiment'),
    runId: vscode.l10n.t('Run ID'),
    started: vscode.l10n.t('Started'),
    duration: vscode.l10n.t('Duration'),
    parent: vscode.l10n.t('Parent run'),
    children: vscode.l10n.t('Child runs'),
    copy: vscode.l10n.t('Copy'),
    copied: vscode.l10n.t('Copied to the clipboard'),
    params: vscode.l10n.t('Parameters'),
    metrics: vscode.l10n.t('Metrics'),
    tags: vscode.l10n.t('Tags'),
    systemTags: vscode.l10n.t('System tags (mlflow.*)'),
    datasets: vscode.l10n.t('Datasets'),
    artifacts: vscode.l10n.t('Artifacts'),
    key: vscode.l10n.t('Key'),
    value: vscode.l10n.t('Value'),
    step: vscode.l10n.t('Step'),
    timestamp: vscode.l10n.t('Timestamp'),
    name: vscode.l10n.t('Name'),
    digest: vscode.l10n.t('Digest'),
    source: vscode.l10n.t('Source'),
    context: vscode.l10n.t('Context'),
    filter: vscode.l10n.t('Filter'),
    sortByKey: vscode.l10n.t('Sort by key'),
    empty: vscode.l10n.t('None'),
    noMatch: vscode.l10n.t('Nothing matches the filter.'),
    revealInOS: vscode.l10n.t('Reveal in OS'),
    artifactsNone: vscode.l10n.t('This run has no artifacts on disk.'),
    artifactsRemote: vscode.l10n.t('The artifacts are stored remotely and cannot be listed here:'),
    artifactsError: vscode.l10n.t('The artifacts could not be listed:'),
    artifactsTruncated: vscode.l10n.t('Only the first {0} entries are shown.', '{0}'),
    deleted: vscode.l10n.t('Deleted'),
    running: vscode.l10n.t('Running'),
    scheduled: vscode.l10n.t('Scheduled'),
    finished: vscode.l10n.t('Finished'),
    failed: vscode.l10n.t('Failed'),
    killed: vscode.l10n.t('Killed'),
    showChart: vscode.l10n.t('Show the history of {0}', '{0}'),
    hideChart: vscode.l10n.t('Hide the history of {0}', '{0}'),
    plotAll: vscode.l10n.t('Plot all metrics'),
    plotAllHint: vscode.l10n.t('Every metric’s history, grouped by prefix'),
    xAxis: vscode.l10n.t('X axis'),
    wallTime: vscode.l10n.t('Wall time'),
    relativeTime: vscode.l10n.t('Relative time'),
    logScale: vscode.l10n.t('Logarithmic scale'),
    resetZoom: vscode.l10n.t('Reset zoom'),
    exportPng: vscode.l10n.t('Save as PNG…'),
    points: vscode.l10n.t('{0} points', '{0}'),
    singleValues: vscode.l10n.t('Logged once: there is no history to draw.'),
    untimedRuns: vscode.l10n.t(
      'Runs without logged times: {0}. On a time axis all their values stand at one x.',
      '{0}',
    ),
    otherMetrics: vscode.l10n.t('Other metrics'),
    chartCount: vscode.l10n.t('{0} charts', '{0}'),
    oneChart: vscode.l10n.t('1 chart'),
    loadingHistory: vscode.l10n.t('Reading the history…'),
    sampled: vscode.l10n.t('{0} values: the chart draws a sample that keeps every peak and gap.', '{0}'),
    historyProblems: vscode.l10n.t('Some metric files could not be read:'),
    workspaceModified: vscode.l10n.t('Workspace, modified'),
    workspaceUnmodified: vscode.l10n.t('Workspace, unmodified'),
    artifactsChecked: vscode.l10n.t('Looked in:'),
    // The Runs view's words for the same state (runsTreeProvider.ts, runTooltip.ts).
    stale: vscode.l10n.t('stale'),
    staleSince: vscode.l10n.t(
      'Stale: no update since {0} ({1} ago); the process may have ended without ending the run',
      '{0}',
      '{1}',
    ),
  };
}

export const panelStrings = {
  loading: (): string => vscode.l10n.t('Loading run details…'),
  missingTitle: (): string => vscode.l10n.t('Run not found'),
  missing: (id: string): string =>
    vscode.l10n.t(
      'Run {0} is no longer in the workspace. It may have been deleted, or its store is not open. This panel updates if the run comes back.',
      id,
    ),
  runNotFound: (id: string): string => vscode.l10n.t('Run {0} was not found.', id),
  saved: (file: string): string => vscode.l10n.t('Saved {0}', file),
  saveFailed: (file: string, reason: string): string =>
    vscode.l10n.t('Could not save {0}: {1}', file, reason),
  cannotOpen: (rel: string): string =>
    vscode.l10n.t('Cannot open {0}: it is not a file inside the run’s artifact folder.', rel),
};
