// Composition of the Data view: the service, the tree (with the folder Comparison at its top), the
// read-only `mlops-lens-data:` file system, the Data Image panel, the comparison and fetch commands
// and the status-bar count of paths that differ from HEAD.
import * as vscode from 'vscode';
import { ObjectStore } from '../core/data/objects';
import { DataImagePanel } from '../views/dataImage/panel';
import { DATA_SCHEME } from '../views/data/dataContent';
import type { DataNode } from '../views/data/dataTree';
import { workspaceFolderPaths } from './config';
import { compareDataVersions, compareVersionWithWorkspace } from './dataCompare';
import { DataComparisons, openComparisonEntry, showComparisonImages } from './dataComparison';
import { fetchTargetOf, runFetch } from './dataFetch';
import { registerTableDiff } from './dataDiffOpen';
import { DataFileSystem } from './dataFileSystem';
import type { DataHost } from './dataHost';
import { createDataLoader } from './dataLoader';
import { DataService } from './dataService';
import { DataDecorationProvider } from './dataDecorations';
import { DataStatusBar } from './dataStatusBar';
import { DATA_VIEW_ID, DataTreeProvider } from './dataView';
import { LaunchEnvironment } from './launchEnvironment';

/** Where the image panel may read: the workspace folders, and each project's cache and local remotes. */
function imageRoots(service: DataService): string[] {
  const roots = [...workspaceFolderPaths()];
  for (const root of service.projectRoots()) {
    const store = new ObjectStore(root);
    roots.push(store.cacheDir, ...store.remoteDirs);
  }
  return roots;
}

/**
 * Wires the Data view into the extension; everything it creates is disposed with `context`. Returns
 * the service, which the inline data hovers read too.
 */
export function registerDataView(context: vscode.ExtensionContext): DataService {
  const storage = context.storageUri ?? context.globalStorageUri;
  const loader = createDataLoader(
    vscode.Uri.joinPath(context.extensionUri, 'dist', 'dataWorker.js').fsPath,
    vscode.Uri.joinPath(storage, 'data-hashes.v1.json').fsPath,
  );
  const service = new DataService(loader);
  const comparisons = new DataComparisons();
  const tree = new DataTreeProvider(service, comparisons);
  const fileSystem = new DataFileSystem(service);
  const images = new DataImagePanel(context.extensionUri, () => imageRoots(service));
  const view = vscode.window.createTreeView(DATA_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const host: DataHost = {
    service,
    images,
    environment: new LaunchEnvironment(),
    compareFolder: async (root, key, first, second) => {
      await comparisons.compare(root, key, first, second);
      await vscode.commands.executeCommand(`${DATA_VIEW_ID}.focus`);
    },
    refreshComparison: () => comparisons.refresh(),
  };
  const command = (id: string, run: (node: DataNode) => unknown) =>
    vscode.commands.registerCommand(id, (node: DataNode) => run(node));
  const decorations = new DataDecorationProvider(service);
  context.subscriptions.push(
    service,
    tree,
    fileSystem,
    comparisons,
    images,
    images.registerSerializer(),
    view,
    new DataStatusBar(service),
    vscode.window.registerFileDecorationProvider(decorations),
    decorations,
    vscode.workspace.registerFileSystemProvider(DATA_SCHEME, fileSystem, {
      isReadonly: true,
      isCaseSensitive: true,
    }),
    vscode.commands.registerCommand('mlopsLens.refreshData', () => service.refreshAll()),
    command('mlopsLens.dataShowMore', (node) => tree.showMore(node)),
    command('mlopsLens.compareDataWithWorkspace', (node) => compareVersionWithWorkspace(host, node)),
    vscode.commands.registerCommand('mlopsLens.compareDataVersions', (arg?: unknown) =>
      compareDataVersions(host, arg),
    ),
    command(
      'mlopsLens.dataOpenComparisonFile',
      (node) => node.kind === 'cmpFile' && openComparisonEntry(host, node),
    ),
    command('mlopsLens.dataShowComparisonImages', (node) =>
      node.kind === 'comparison' || node.kind === 'cmpDir' ? showComparisonImages(host, node) : undefined,
    ),
    vscode.commands.registerCommand('mlopsLens.dataCloseComparison', () => comparisons.close()),
    command('mlopsLens.dataFetch', (node) => {
      const target = fetchTargetOf(node);
      return target ? runFetch(host, target) : undefined;
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void service.discover()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('mlopsLens.dvc.experimentDepth')) void service.refreshAll();
    }),
  );
  registerTableDiff(context, service);
  void service.discover();
  return service;
}
