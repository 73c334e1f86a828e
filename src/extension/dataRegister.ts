// Composition of the Data view: the service, the tree, the read-only `mlops-lens-data:` file
// system, the comparison commands and the status-bar count of paths that differ from HEAD.
import * as vscode from 'vscode';
import { DATA_SCHEME } from '../views/data/dataContent';
import type { DataNode } from '../views/data/dataTree';
import { compareDataVersions, compareVersionWithWorkspace } from './dataCompare';
import { registerTableDiff } from './dataDiffOpen';
import { DataFileSystem } from './dataFileSystem';
import { createDataLoader } from './dataLoader';
import { DataService } from './dataService';
import { DataStatusBar } from './dataStatusBar';
import { DATA_VIEW_ID, DataTreeProvider } from './dataView';

/** Wires the Data view into the extension; everything it creates is disposed with `context`. */
export function registerDataView(context: vscode.ExtensionContext): void {
  const storage = context.storageUri ?? context.globalStorageUri;
  const loader = createDataLoader(
    vscode.Uri.joinPath(context.extensionUri, 'dist', 'dataWorker.js').fsPath,
    vscode.Uri.joinPath(storage, 'data-hashes.v1.json').fsPath,
  );
  const service = new DataService(loader);
  const tree = new DataTreeProvider(service);
  const fileSystem = new DataFileSystem(service);
  context.subscriptions.push(
    service,
    tree,
    fileSystem,
    new DataStatusBar(service),
    vscode.window.createTreeView(DATA_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true }),
    vscode.workspace.registerFileSystemProvider(DATA_SCHEME, fileSystem, {
      isReadonly: true,
      isCaseSensitive: true,
    }),
    vscode.commands.registerCommand('mlopsLens.refreshData', () => service.refreshAll()),
    vscode.commands.registerCommand('mlopsLens.dataShowMore', (node: DataNode) => tree.showMore(node)),
    vscode.commands.registerCommand('mlopsLens.compareDataWithWorkspace', (node: DataNode) =>
      compareVersionWithWorkspace(node),
    ),
    vscode.commands.registerCommand('mlopsLens.compareDataVersions', (arg?: unknown) =>
      compareDataVersions(service, arg),
    ),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void service.discover()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('mlopsLens.dvc.experimentDepth')) void service.refreshAll();
    }),
  );
  registerTableDiff(context, service);
  void service.discover();
}
