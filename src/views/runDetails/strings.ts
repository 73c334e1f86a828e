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
    workspaceModified: t('Workspace, modified'),
    workspaceUnmodified: t('Workspace, unmodified'),
    artifactsChecked: t('Looked in:'),
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
