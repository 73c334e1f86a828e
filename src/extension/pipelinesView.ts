// The Pipelines tree view and the dvc.yaml CodeLens, both drawn from the pipelines service and the
// launch runner (which stages are running); re-rendered when either changes.
import * as vscode from 'vscode';
import type { DvcStage } from '../core/pipeline/model';
import { stageKey } from '../views/pipelines/pipelineTreeModel';
import { PipelinesTreeProvider } from '../views/pipelines/pipelinesTreeProvider';
import { StageCodeLensProvider } from '../views/pipelines/stageCodeLens';
import { workspaceFolderPaths } from './config';
import type { LaunchRunner } from './launchRunner';
import type { PipelinesService } from './pipelinesService';

export class PipelinesView implements vscode.Disposable {
  private readonly tree: PipelinesTreeProvider;
  private readonly lenses: StageCodeLensProvider;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly service: PipelinesService,
    runner: LaunchRunner,
  ) {
    const isRunning = (stage: DvcStage): boolean => runner.isRunning(stageKey(stage));
    this.tree = new PipelinesTreeProvider({
      files: () => service.files(),
      status: (stage) => service.status(stage),
      exists: (p) => service.exists(p),
      dataFiles: () => service.dataFiles(),
      dataFileStatus: (file) => service.dataFileStatus(file),
      isRunning,
      workspaceFolders: () => workspaceFolderPaths(),
    });
    this.lenses = new StageCodeLensProvider({
      stagesIn: (dvcfile) => service.stagesIn(dvcfile),
      status: (stage) => service.status(stage),
      isRunning,
      isTrusted: () => vscode.workspace.isTrusted,
      onDidChange: (listener) => service.onDidChange(listener),
    });
    this.disposables.push(
      vscode.window.createTreeView('mlopsLens.pipelines', {
        treeDataProvider: this.tree,
        showCollapseAll: true,
      }),
      this.lenses,
      vscode.languages.registerCodeLensProvider({ scheme: 'file', pattern: '**/dvc.yaml' }, this.lenses),
      service.onDidChange(() => this.render()),
      runner.onDidChangeRunning(() => this.renderAll()),
      // Run lenses appear once the workspace is trusted.
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.renderAll()),
    );
    this.render();
  }

  /** The tree, and the context key that shows the view only where there are pipelines. */
  render(): void {
    this.tree.refresh();
    const count = this.service.files().length + this.service.dataFiles().length;
    void vscode.commands.executeCommand('setContext', 'mlopsLens.pipelineCount', count);
  }

  private renderAll(): void {
    this.render();
    this.lenses.refresh();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
