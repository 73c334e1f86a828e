// Localized strings of the Run details webview. Literal `l10n.t` calls so the l10n tooling finds them.
import * as vscode from 'vscode';
import type { UiStrings } from './protocol';

export function runDetailsStrings(): UiStrings {
  const t = vscode.l10n.t;
  return {
    experiment: t('Experiment'),
    runId: t('Run ID'),
    started: t('Started'),
    duration: t('Duration'),
    parent: t('Parent run'),
    children: t('Child runs'),
    copy: t('Copy'),
    copied: t('Copied to the clipboard'),
    params: t('Parameters'),
    metrics: t('Metrics'),
    tags: t('Tags'),
    systemTags: t('System tags (mlflow.*)'),
    datasets: t('Datasets'),
    artifacts: t('Artifacts'),
    key: t('Key'),
    value: t('Value'),
    step: t('Step'),
    timestamp: t('Timestamp'),
    name: t('Name'),
    digest: t('Digest'),
    source: t('Source'),
    context: t('Context'),
    filter: t('Filter'),
    sortByKey: t('Sort by key'),
    empty: t('None'),
    noMatch: t('Nothing matches the filter.'),
    revealInOS: t('Reveal in OS'),
    artifactsNone: t('This run has no artifacts on disk.'),
    artifactsRemote: t('The artifacts are stored remotely and cannot be listed here:'),
    artifactsError: t('The artifacts could not be listed:'),
    artifactsTruncated: t('Only the first {0} entries are shown.', '{0}'),
    deleted: t('Deleted'),
    running: t('Running'),
    scheduled: t('Scheduled'),
    finished: t('Finished'),
    failed: t('Failed'),
    killed: t('Killed'),
    showChart: t('Show the history of {0}', '{0}'),
    hideChart: t('Hide the history of {0}', '{0}'),
    plotAll: t('Plot all metrics'),
    plotAllHint: t('Every metric’s history, grouped by prefix'),
    xAxis: t('X axis'),
    wallTime: t('Wall time'),
    relativeTime: t('Relative time'),
    logScale: t('Logarithmic scale'),
    resetZoom: t('Reset zoom'),
    exportPng: t('Save as PNG…'),
    points: t('{0} points', '{0}'),
    singleValues: t('Logged once: there is no history to draw.'),
    untimedRuns: t('Runs without logged times: {0}. On a time axis all their values stand at one x.', '{0}'),
    otherMetrics: t('Other metrics'),
    chartCount: t('{0} charts', '{0}'),
    oneChart: t('1 chart'),
    loadingHistory: t('Reading the history…'),
    sampled: t('{0} values: the chart draws a sample that keeps every peak and gap.', '{0}'),
    historyProblems: t('Some metric files could not be read:'),
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
