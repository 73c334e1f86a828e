// Composition of the pipelines feature: the service, the Pipelines view, the CodeLens in dvc.yaml,
// the "mlops-lens" task provider, the launch commands and workspace trust.
import * as vscode from 'vscode';
import { TASK_TYPE } from '../core/launch/taskDefinition';
import { stageKey } from '../views/pipelines/pipelineTreeModel';
import { PipelinesTreeProvider } from '../views/pipelines/pipelinesTreeProvider';
import { StageCodeLensProvider } from '../views/pipelines/stageCodeLens';
import { PipelineTaskProvider } from '../views/pipelines/taskProvider';
import { workspaceFolderPaths } from './config';
import { LaunchEnvironment } from './launchEnvironment';
import { LaunchFlows } from './launchFlows';
import { LaunchRunner } from './launchRunner';
import { LaunchTasks } from './launchTasks';
import { registerPipelineCommands } from './pipelinesCommands';
import { PipelinesService } from './pipelinesService';
import { WorkerStatusSource } from './pipelinesStatus';

/** Wires the pipelines feature into the extension; everything it creates is disposed with `context`. */
export function registerPipelines(context: vscode.ExtensionContext): PipelinesService {
  const storage = context.storageUri ?? context.globalStorageUri;
  const statusSource = WorkerStatusSource.create(
    vscode.Uri.joinPath(context.extensionUri, 'dist', 'pipelinesStatusWorker.js').fsPath,
    vscode.Uri.joinPath(storage, 'pipeline-hashes.v1.json').fsPath,
  );
  const service = new PipelinesService(statusSource);
  const environment = new LaunchEnvironment();
  const runner = new LaunchRunner(environment);
  const flows = new LaunchFlows(environment, runner);
  const isRunning = (stage: Parameters<typeof stageKey>[0]): boolean => runner.isRunning(stageKey(stage));

  const tree = new PipelinesTreeProvider({
    files: () => service.files(),
    status: (stage) => service.status(stage),
    exists: (p) => service.exists(p),
    isRunning,
    workspaceFolders: () => workspaceFolderPaths(),
  });
  const treeView = vscode.window.createTreeView('mlopsLens.pipelines', {
    treeDataProvider: tree,
    showCollapseAll: true,
  });
  const lenses = new StageCodeLensProvider({
    stagesIn: (dvcfile) => service.stagesIn(dvcfile),
    status: (stage) => service.status(stage),
    isRunning,
    isTrusted: () => vscode.workspace.isTrusted,
    onDidChange: (listener) => service.onDidChange(listener),
  });
  const render = (): void => {
    tree.refresh();
    void vscode.commands.executeCommand('setContext', 'mlopsLens.pipelinesReady', service.ready);
    void vscode.commands.executeCommand('setContext', 'mlopsLens.pipelineCount', service.files().length);
  };

  context.subscriptions.push(
    service,
    statusSource,
    runner,
    treeView,
    lenses,
    service.onDidChange(render),
    runner.onDidChangeRunning(() => {
      render();
      lenses.refresh();
    }),
    // The watchers see the files a run writes; recheck its pipeline once more when it ends.
    runner.onDidEndRun((e) => service.recheckFile(e.file)),
    vscode.languages.registerCodeLensProvider({ scheme: 'file', pattern: '**/dvc.yaml' }, lenses),
    vscode.tasks.registerTaskProvider(
      TASK_TYPE,
      new PipelineTaskProvider(new LaunchTasks(service, environment, runner)),
    ),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      lenses.refresh();
      render();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void service.refresh()),
    ...registerPipelineCommands(service, flows),
  );
  render();
  void service.refresh().catch((error: unknown) => {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('MLOps Lens could not read the pipelines: {0}', String(error)),
    );
  });
  return service;
}
