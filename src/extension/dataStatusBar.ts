// The status-bar count of tracked paths that differ from HEAD (any `dvc data status` state but
// "unchanged"); a click focuses the Data view. Hidden where there is no DVC project.
import * as vscode from 'vscode';
import type { DataService } from './dataService';
import { DATA_VIEW_ID } from './dataView';

export class DataStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'mlopsLens.dataStatus',
    vscode.StatusBarAlignment.Left,
    9,
  );
  private readonly subscription: vscode.Disposable;

  constructor(private readonly service: DataService) {
    this.item.name = vscode.l10n.t('MLOps Lens: changed data');
    this.item.command = `${DATA_VIEW_ID}.focus`;
    this.subscription = service.onDidLoad(() => this.render());
  }

  private render(): void {
    const projects = this.service.loadedProjectList();
    if (projects.length === 0) {
      this.item.hide();
      return;
    }
    const changed = projects
      .flatMap((project) => project.outs)
      .filter((out) =>
        out.states.some((tag) => tag.state !== 'unchanged' && tag.state !== 'not in cache'),
      ).length;
    this.item.text = `$(database) ${changed}`;
    this.item.tooltip =
      changed === 1
        ? vscode.l10n.t('1 DVC-tracked path differs from HEAD')
        : vscode.l10n.t('{0} DVC-tracked paths differ from HEAD', changed);
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
