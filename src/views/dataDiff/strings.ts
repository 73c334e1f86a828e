// Localized strings of the Data Diff webview, panel and exports. Literal `vscode.l10n.t` calls so
// that the l10n tooling finds them.
import * as vscode from 'vscode';
import type { DiffRow, SchemaChange } from '../../core/data/table/types';
import type { ExportLabels } from './export';
import type { UiStrings } from './protocol';

export function dataDiffStrings(): UiStrings {
  return {
    computing: vscode.l10n.t('Comparing {0}…', '{0}'),
    rowsColumns: vscode.l10n.t('{0} rows × {1} columns · {2}', '{0}', '{1}', '{2}'),
    added: vscode.l10n.t('Added'),
    removed: vscode.l10n.t('Removed'),
    changed: vscode.l10n.t('Changed'),
    unchanged: vscode.l10n.t('Unchanged'),
    alignedByKey: vscode.l10n.t('Rows aligned by the key column {0}.', '{0}'),
    alignedByDetectedKey: vscode.l10n.t(
      'Rows aligned by the key column {0} (detected: its values are unique).',
      '{0}',
    ),
    alignedByPosition: vscode.l10n.t('Rows aligned by position: {0}', '{0}'),
    schemaAdded: vscode.l10n.t('Column added: {0} ({1})', '{0}', '{1}'),
    schemaRemoved: vscode.l10n.t('Column removed: {0} ({1})', '{0}', '{1}'),
    schemaRenamed: vscode.l10n.t('Column renamed: {0} → {1}', '{0}', '{1}'),
    schemaRetyped: vscode.l10n.t('Column {0} changed type: {1} → {2}', '{0}', '{1}', '{2}'),
    noSchemaChanges: vscode.l10n.t('Same columns, same types.'),
    approximate: vscode.l10n.t('Approximate statistics: {0}', '{0}'),
    keyLabel: vscode.l10n.t('Align rows by'),
    keyAuto: vscode.l10n.t('Detected key'),
    keyPosition: vscode.l10n.t('Position'),
    changedOnly: vscode.l10n.t('Changed rows only'),
    saveCsv: vscode.l10n.t('Save changed rows as CSV…'),
    saveMarkdown: vscode.l10n.t('Save report as Markdown…'),
    copyMarkdown: vscode.l10n.t('Copy report as Markdown'),
    copyCsv: vscode.l10n.t('Copy summary as CSV'),
    tabRows: vscode.l10n.t('Rows'),
    tabProfiles: vscode.l10n.t('Column profiles'),
    tabDrift: vscode.l10n.t('Drift'),
    rowStatus: vscode.l10n.t('Row status'),
    rowKey: vscode.l10n.t('Key'),
    loadingRows: vscode.l10n.t('Loading rows…'),
    noRows: vscode.l10n.t('No rows to show.'),
    rowsShown: vscode.l10n.t('{0} rows', '{0}'),
    statistic: vscode.l10n.t('Statistic'),
    delta: vscode.l10n.t('Change'),
    topValues: vscode.l10n.t('Top values'),
    value: vscode.l10n.t('Value'),
    absent: vscode.l10n.t('absent'),
    histogram: vscode.l10n.t('Histogram'),
    driftColumn: vscode.l10n.t('Column'),
    driftType: vscode.l10n.t('Type'),
    driftMethod: vscode.l10n.t('Measure'),
    driftValue: vscode.l10n.t('Value'),
    driftPValue: vscode.l10n.t('p-value'),
    driftThreshold: vscode.l10n.t('Threshold'),
    drifted: vscode.l10n.t('Drifted'),
    notDrifted: vscode.l10n.t('Within threshold'),
    sortByDrift: vscode.l10n.t('Sort by drift'),
    sortByColumn: vscode.l10n.t('Sort by column order'),
    noDrift: vscode.l10n.t('No column has values in both versions to measure drift on.'),
    failedTitle: vscode.l10n.t('Could not compare {0}', '{0}'),
    retry: vscode.l10n.t('Try again'),
    computedIn: vscode.l10n.t('Computed in {0} ms', '{0}'),
    statCount: vscode.l10n.t('count'),
    statNulls: vscode.l10n.t('nulls'),
    statDistinct: vscode.l10n.t('distinct'),
    statMean: vscode.l10n.t('mean'),
    statStd: vscode.l10n.t('std'),
    statMin: vscode.l10n.t('min'),
    statQ25: vscode.l10n.t('25%'),
    statQ50: vscode.l10n.t('median'),
    statQ75: vscode.l10n.t('75%'),
    statMax: vscode.l10n.t('max'),
  };
}

function schemaChangeText(change: SchemaChange): string {
  switch (change.kind) {
    case 'added':
      return vscode.l10n.t('Column added: {0} ({1})', change.column, change.type);
    case 'removed':
      return vscode.l10n.t('Column removed: {0} ({1})', change.column, change.type);
    case 'renamed':
      return vscode.l10n.t('Column renamed: {0} → {1}', change.from, change.to);
    case 'retyped':
      return vscode.l10n.t('Column {0} changed type: {1} → {2}', change.column, change.from, change.to);
  }
}

function statusText(status: DiffRow['status']): string {
  switch (status) {
    case 'added':
      return vscode.l10n.t('Added');
    case 'removed':
      return vscode.l10n.t('Removed');
    case 'changed':
      return vscode.l10n.t('Changed');
    case 'unchanged':
      return vscode.l10n.t('Unchanged');
  }
}

export function exportLabels(): ExportLabels {
  return {
    title: vscode.l10n.t('Data diff'),
    versions: vscode.l10n.t('Version'),
    rows: vscode.l10n.t('Rows'),
    columns: vscode.l10n.t('Columns'),
    added: vscode.l10n.t('Added'),
    removed: vscode.l10n.t('Removed'),
    changed: vscode.l10n.t('Changed'),
    unchanged: vscode.l10n.t('Unchanged'),
    alignment: vscode.l10n.t('Alignment'),
    schema: vscode.l10n.t('Schema changes'),
    noSchemaChanges: vscode.l10n.t('Same columns, same types.'),
    drift: vscode.l10n.t('Drifted columns'),
    noDrift: vscode.l10n.t('No column drifted.'),
    changedRows: vscode.l10n.t('Changed rows'),
    moreRows: (count) => vscode.l10n.t('… and {0} more changed rows.', count),
    schemaChange: schemaChangeText,
    status: statusText,
    approximate: (why) => vscode.l10n.t('Approximate statistics: {0}', why),
  };
}

export const panelStrings = {
  title: (name: string, a: string, b: string): string =>
    vscode.l10n.t('Data Diff: {0} ({1} ↔ {2})', name, a, b),
  loading: (): string => vscode.l10n.t('Reading the two versions…'),
  alignedByKey: (column: string, detected: boolean): string =>
    detected
      ? vscode.l10n.t('Rows aligned by the key column {0} (detected: its values are unique).', column)
      : vscode.l10n.t('Rows aligned by the key column {0}.', column),
  alignedByPosition: (reason: string): string => vscode.l10n.t('Rows aligned by position: {0}', reason),
  saveCsvTitle: (): string => vscode.l10n.t('Save the Changed Rows as CSV'),
  saveMarkdownTitle: (): string => vscode.l10n.t('Save the Data Diff Report as Markdown'),
  saved: (file: string): string => vscode.l10n.t('Saved {0}', file),
  copied: (): string => vscode.l10n.t('The data diff was copied to the clipboard.'),
  cannotRestore: (): string => vscode.l10n.t('The two versions of this Data Diff are no longer known.'),
  outsideWorkspace: (): string =>
    vscode.l10n.t('The file is outside the workspace folders; reopen the comparison.'),
  workerFailed: (reason: string): string => vscode.l10n.t('The table diff stopped: {0}', reason),
};
