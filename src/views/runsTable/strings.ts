// Localized strings of the Runs Table webview and panel. Literal `l10n.t` calls so that the l10n
// tooling finds them.
import * as vscode from 'vscode';
import type { UiStrings } from './protocol';

export function runsTableStrings(): UiStrings {
  return {
    filterPlaceholder: vscode.l10n.t('Filter: words, or metrics.rmse < 0.8 and params.alpha = 0.5'),
    filterLabel: vscode.l10n.t('Filter runs'),
    columns: vscode.l10n.t('Columns…'),
    resetColumns: vscode.l10n.t('Default columns'),
    compareChecked: vscode.l10n.t('Compare ticked runs'),
    rowCount: vscode.l10n.t('{0} runs', '{0}'),
    rowCountOne: vscode.l10n.t('1 run'),
    sortedBy: vscode.l10n.t('Sorted by {0}', '{0}'),
    rowCountFiltered: vscode.l10n.t('{0} of {1} runs', '{0}', '{1}'),
    checkedCount: vscode.l10n.t('{0} ticked', '{0}'),
    star: vscode.l10n.t('Star this run'),
    unstar: vscode.l10n.t('Remove the star'),
    tick: vscode.l10n.t('Tick to compare'),
    openRun: vscode.l10n.t('Show run details'),
    sortAscending: vscode.l10n.t('Sorted ascending'),
    sortDescending: vscode.l10n.t('Sorted descending'),
    resizeColumn: vscode.l10n.t('Drag to resize the column'),
    noRuns: vscode.l10n.t('No runs here yet.'),
    noMatches: vscode.l10n.t('No runs match the filter.'),
    indexing: vscode.l10n.t('Reading the stores…'),
    metric: vscode.l10n.t('metric'),
    param: vscode.l10n.t('param'),
    name: vscode.l10n.t('Name'),
  };
}

/** Labels of the attribute columns (the name column's is `name` above). */
export function attributeLabel(id: string): string {
  switch (id) {
    case 'attr:name':
      return vscode.l10n.t('Name');
    case 'attr:status':
      return vscode.l10n.t('Status');
    case 'attr:start':
      return vscode.l10n.t('Start');
    case 'attr:duration':
      return vscode.l10n.t('Duration');
    case 'attr:experiment':
      return vscode.l10n.t('Experiment');
    case 'attr:store':
      return vscode.l10n.t('Store');
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
};
