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
  cannotOpen: (rel: string): string =>
    vscode.l10n.t('Cannot open {0}: it is not a file inside the run’s artifact folder.', rel),
};
