// Composition of the pipelines feature: the service, the Pipelines view and CodeLens, the
// "mlops-lens" task provider, the launch commands and workspace trust.
import * as vscode from 'vscode';
import { TASK_TYPE } from '../core/launch/taskDefinition';
import { PipelineTaskProvider } from '../views/pipelines/taskProvider';
import { LaunchEnvironment } from './launchEnvironment';
import { LaunchFlows } from './launchFlows';
import { LaunchRunner } from './launchRunner';
import { LaunchTasks } from './launchTasks';
import { registerPipelineCommands } from './pipelinesCommands';
import { WorkerPipelineReader } from './pipelinesReader';
import { PipelinesService } from './pipelinesService';
import { WorkerStatusSource } from './pipelinesStatus';
import { PipelinesView } from './pipelinesView';

/** Wires the pipelines feature into the extension; everything it creates is disposed with `context`. */
export function registerPipelines(context: vscode.ExtensionContext): PipelinesService {
  const storage = context.storageUri ?? context.globalStorageUri;
  const workerScript = vscode.Uri.joinPath(context.extensionUri, 'dist', 'pipelinesStatusWorker.js').fsPath;
  const statusSource = WorkerStatusSource.create(
    workerScript,
    vscode.Uri.joinPath(storage, 'pipeline-hashes.v1.json').fsPath,
  );
  // Pipeline files are parsed in a second instance of the worker, under a memory limit.
  const reader = WorkerPipelineReader.create(workerScript);
  const service = new PipelinesService(statusSource, reader);
  const environment = new LaunchEnvironment();
  const runner = new LaunchRunner(
    environment,
    vscode.Uri.joinPath(context.extensionUri, 'dist', 'launchWrapper.js').fsPath,
  );
  const tasks = new LaunchTasks(service, environment, runner);
  context.subscriptions.push(
    service,
    statusSource,
    reader,
    runner,
    new PipelinesView(service, runner),
    // The watchers see the files a run writes; recheck its pipeline once more when it ends.
    runner.onDidEndRun((e) => service.recheckFile(e.file)),
    vscode.tasks.registerTaskProvider(TASK_TYPE, new PipelineTaskProvider(tasks)),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void service.refresh()),
    ...registerPipelineCommands(service, new LaunchFlows(environment, runner)),
  );
  void service.refresh().catch((error: unknown) => {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('MLOps Lens could not read the pipelines: {0}', String(error)),
    );
  });
  return service;
}
