// A run's status in the user's language, for hovers and quick picks (MLflow's RUNNING, FINISHED … are
// identifiers, not words to show).
import * as vscode from 'vscode';
import type { RunStatus } from '../../core/model';

export function runStatusLabel(status: RunStatus): string {
  switch (status) {
    case 'RUNNING':
      return vscode.l10n.t('Running');
    case 'SCHEDULED':
      return vscode.l10n.t('Scheduled');
    case 'FINISHED':
      return vscode.l10n.t('Finished');
    case 'FAILED':
      return vscode.l10n.t('Failed');
    case 'KILLED':
      return vscode.l10n.t('Killed');
    default:
      return String(status);
  }
}
