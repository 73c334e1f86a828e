import * as vscode from 'vscode';
import { setGitWorkspaceTrust } from '../core/git/hardenedGit';
import { RunDetailsPanels } from '../views/runDetails/panel';
import { relatives } from '../views/runs/runTreeModel';
import { registerCompare } from './compare';
import { CONFIG_SECTION, readConfig } from './config';
import { registerDataView } from './dataRegister';
import { dataBaselineOf } from './inline/baselineSource';
import { registerInlineParams } from './inline/register';
import { registerInlineCode } from './inline/registerInlineCode';
import { IndexService } from './indexService';
import { registerModelsView } from './modelsView';
import { registerPipelines } from './pipelines';
import { registerRunCommands } from './runCommands';
import { RunMarks } from './runMarks';
import { RunsView } from './runsView';
import { registerRunsTable } from './runsTable';
import { registerScaffoldCommands } from './scaffoldCommands';
import { RunCountStatusBar } from './statusBar';

/** The activity-bar container of package.json (contributes.viewsContainers). */
const VIEW_CONTAINER_ID = 'mlopsLens';

/** The composition root: the only place that wires core and views to VS Code. */
export function activate(context: vscode.ExtensionContext): void {
  // Before the first read: in Restricted Mode Git only reads objects and refs (hardenedGit.ts).
  setGitWorkspaceTrust(vscode.workspace.isTrusted);
  const storage = context.storageUri ?? context.globalStorageUri;
  const index = new IndexService(vscode.Uri.joinPath(storage, 'run-index.v8').fsPath);
  // The views' data providers first: until they exist VS Code says that no provider is registered.
  const marks = new RunMarks(context.workspaceState);
  const view = new RunsView(index, context.workspaceState, marks);
  context.subscriptions.push(view);
  registerPipelines(context);
  const data = registerDataView(context);
  const baseline = registerInlineParams(context, index);
  const details = new RunDetailsPanels(context.extensionUri, {
    getRun: (store, id) => index.findRun(store, id),
    parentOf: (run) => relatives(run, index.snapshots()).parent,
    childrenOf: (run) => relatives(run, index.snapshots()).children,
    onDidChange: (listener) => index.onDidChange(listener),
    history: (run, key) => index.history(run, key),
    staleHours: () => readConfig().staleHours,
  });
  const table = registerRunsTable(context, index, view, marks);
  registerInlineCode(context, { index, data, baseline: dataBaselineOf(baseline) });
  context.subscriptions.push(
    index,
    details,
    details.registerSerializer(context),
    new RunCountStatusBar(index),
    ...registerRunCommands(index, view, details),
    ...registerModelsView(index, details, context.extensionUri),
    ...registerCompare(context, index, view, marks, table.isActive),
    ...table.disposables,
    ...registerScaffoldCommands(context),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (
        e.affectsConfiguration(`${CONFIG_SECTION}.mlflow`) ||
        e.affectsConfiguration(`${CONFIG_SECTION}.dvc`)
      )
        void index.refresh({ rebuild: true });
      else if (e.affectsConfiguration(CONFIG_SECTION)) view.render();
      if (e.affectsConfiguration(`${CONFIG_SECTION}.runs.staleAfterHours`)) details.refreshAll();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void index.refresh({ rebuild: true })),
    // Trust lets Git list the working tree and the workspace's store locations count.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      setGitWorkspaceTrust(true);
      void index.refresh({ rebuild: true });
    }),
  );
  void index.refresh();
  if (readConfig().showViewOnStartup)
    void vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
}

export function deactivate(): void {
  // Disposables registered on the context persist the index cache and stop the watchers.
}
