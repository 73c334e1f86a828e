// Localized strings of the Runs Table webview and panel. Literal `l10n.t` calls so that the l10n
// tooling finds them.
import * as vscode from 'vscode';
import type { UiStrings } from './protocol';

export function runsTableStrings(): UiStrings {
  const t = vscode.l10n.t;
  return {
    filterPlaceholder: t('Filter: words, or metrics.rmse < 0.8 and params.alpha = 0.5'),
    filterLabel: t('Filter runs'),
    columns: t('Columns…'),
    resetColumns: t('Default columns'),
    compareChecked: t('Compare ticked runs'),
    rowCount: t('{0} runs', '{0}'),
    rowCountFiltered: t('{0} of {1} runs', '{0}', '{1}'),
    checkedCount: t('{0} ticked', '{0}'),
    star: t('Star this run'),
    unstar: t('Remove the star'),
    tick: t('Tick to compare'),
    openRun: t('Show run details'),
    sortAscending: t('Sorted ascending'),
    sortDescending: t('Sorted descending'),
    resizeColumn: t('Drag to resize the column'),
    noRuns: t('No runs here yet.'),
    noMatches: t('No runs match the filter.'),
    indexing: t('Reading the stores…'),
    metric: t('metric'),
    param: t('param'),
    name: t('Name'),
  };
}

/** Labels of the attribute columns (the name column's is `name` above). */
export function attributeLabel(id: string): string {
  const t = vscode.l10n.t;
  switch (id) {
    case 'attr:name':
      return t('Name');
    case 'attr:status':
      return t('Status');
    case 'attr:start':
      return t('Start');
    case 'attr:duration':
      return t('Duration');
    case 'attr:experiment':
      return t('Experiment');
    default:
      return id;
  }
}

export const panelStrings = {
  title: (scope: string | undefined): string =>
    scope ? vscode.l10n.t('Runs Table: {0}', scope) : vscode.l10n.t('Runs Table'),
  allStores: (): string => vscode.l10n.t('All stores'),
  loading: (): string => vscode.l10n.t('Loading the runs…'),
  runNotFound: (id: string): string => vscode.l10n.t('Run {0} was not found.', id),
  chooseColumns: (): string => vscode.l10n.t('Choose the Columns of the Runs Table'),
  chooseColumnsHint: (): string => vscode.l10n.t('Tick the columns to show; the name is always shown'),
  metric: (): string => vscode.l10n.t('metric'),
  param: (): string => vscode.l10n.t('param'),
  attribute: (): string => vscode.l10n.t('attribute'),
  invalidFilter: (reason: string): string => vscode.l10n.t('Invalid run filter: {0}', reason),
};
