import * as vscode from 'vscode';
import type { IndexService } from './indexService';

/** "$(beaker) 42 runs" in the status bar; a spinner while the stores are being read. */
export class RunCountStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'mlopsLens.runCount',
    vscode.StatusBarAlignment.Left,
    10,
  );
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly index: IndexService) {
    this.item.name = vscode.l10n.t('MLOps Lens run count');
    this.item.command = 'mlopsLens.openRun';
    this.subscriptions = [
      index.onDidChange(() => this.update()),
      index.onDidChangeIndexing(() => this.update()),
    ];
    this.update();
  }

  private update(): void {
    if (this.index.isIndexing) {
      this.item.text = `$(sync~spin) ${vscode.l10n.t('Indexing runs…')}`;
      this.item.tooltip = vscode.l10n.t('MLOps Lens is reading the runs of this workspace');
      this.item.show();
      return;
    }
    const stores = this.index.snapshots().length;
    if (stores === 0) {
      this.item.hide();
      return;
    }
    const runs = this.index.allRuns().filter((r) => r.lifecycle === 'active').length;
    this.item.text = `$(beaker) ${runs === 1 ? vscode.l10n.t('1 run') : vscode.l10n.t('{0} runs', runs)}`;
    const inRuns = runs === 1 ? vscode.l10n.t('1 run') : vscode.l10n.t('{0} runs', runs);
    const inStores = stores === 1 ? vscode.l10n.t('1 store') : vscode.l10n.t('{0} stores', stores);
    this.item.tooltip = vscode.l10n.t('{0} in {1} — click to open a run', inRuns, inStores);
    this.item.show();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
