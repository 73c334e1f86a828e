// The FileDecorationProvider behind the Data view's Explorer badges: tracked files and folders that
// differ from HEAD get Git's letters and colours, with DVC's words in the tooltip. Recomputed from
// the projects the DataService has already loaded (nothing is read here).
import * as vscode from 'vscode';
import { dataDecorations, type DataDecoration, type DecoratedState } from '../views/data/dataDecorations';
import type { DataService } from './dataService';
import { DATA_WORDS } from './dataView';

const COLORS: Record<DecoratedState, string> = {
  modified: 'gitDecoration.modifiedResourceForeground',
  added: 'gitDecoration.addedResourceForeground',
  deleted: 'gitDecoration.deletedResourceForeground',
  renamed: 'gitDecoration.renamedResourceForeground',
};

export class DataDecorationProvider implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private decorations = new Map<string, DataDecoration>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly service: DataService) {
    this.subscription = service.onDidLoad(() => this.update());
  }

  private update(): void {
    const before = this.decorations;
    this.decorations = dataDecorations(this.service.loadedProjectList());
    const touched = new Set([...before.keys(), ...this.decorations.keys()]);
    if (touched.size > 0) this.changed.fire([...touched].map((file) => vscode.Uri.file(file)));
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== 'file') return undefined;
    const decoration = this.decorations.get(uri.fsPath);
    if (!decoration) return undefined;
    const words = decoration.tags.filter((tag) => tag.state !== 'unchanged').map(DATA_WORDS.state);
    return new vscode.FileDecoration(
      decoration.badge,
      vscode.l10n.t('DVC data: {0}', words.join(', ')),
      new vscode.ThemeColor(COLORS[decoration.state]),
    );
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
