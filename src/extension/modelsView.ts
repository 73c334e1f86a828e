// The Models view: MLflow registered models and their versions, MLflow 3 logged models, model
// folders among run artifacts and DVC's model registry, read (core/models) from the stores the run
// index found whenever it changes. A version opens its source run's details; its URI can be copied.
import * as vscode from 'vscode';
import type { DiscoveredStore } from '../core/index/discover';
import { readDvcModelRegistry } from '../core/models/dvcRegistry';
import { readModels } from '../core/models/readModels';
import { emptyModelsSnapshot, type ModelsSnapshot, type ModelVersion } from '../core/models/types';
import type { RunDetailsPanels } from '../views/runDetails/panel';
import {
  modelChildren,
  modelCount,
  modelItem,
  modelNodeId,
  modelUris,
  type ModelNode,
  type ModelWords,
} from '../views/models/modelTree';
import { workspaceFolderPaths } from './config';
import { registerModelCard } from './modelCard';
import type { IndexService } from './indexService';

export const MODELS_VIEW_ID = 'mlopsLens.models';
const REREAD_DELAY_MS = 1000;
/** Above this many runs their artifact folders are not searched for models on every index change. */
const MAX_RUNS_SEARCHED = 2000;

const WORDS: ModelWords = {
  group: (group) =>
    ({
      logged: vscode.l10n.t('Logged models'),
      artifacts: vscode.l10n.t('Models in run artifacts'),
      dvc: vscode.l10n.t('DVC artifacts'),
    })[group],
  versions: (count) => (count === 1 ? vscode.l10n.t('1 version') : vscode.l10n.t('{0} versions', count)),
  sourceRun: (state) =>
    state === 'deleted'
      ? vscode.l10n.t('source run deleted')
      : state === 'missing'
        ? vscode.l10n.t('source run gone')
        : undefined,
  deprecated: vscode.l10n.t('deprecated'),
};

class ModelsTreeProvider implements vscode.TreeDataProvider<ModelNode> {
  private readonly changed = new vscode.EventEmitter<ModelNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  snapshot: ModelsSnapshot = emptyModelsSnapshot();

  update(snapshot: ModelsSnapshot): void {
    this.snapshot = snapshot;
    this.changed.fire(undefined);
  }

  getChildren(node?: ModelNode): ModelNode[] {
    return modelChildren(this.snapshot, node);
  }

  getTreeItem(node: ModelNode): vscode.TreeItem {
    const shown = modelItem(node, WORDS);
    const item = new vscode.TreeItem(
      shown.label,
      shown.collapsible ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = modelNodeId(node);
    item.description = shown.description;
    item.tooltip = shown.tooltip;
    item.contextValue = shown.contextValue;
    item.iconPath = shown.warning
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
      : new vscode.ThemeIcon(shown.icon);
    if (sourceRunOf(node))
      item.command = {
        command: 'mlopsLens.openModelSourceRun',
        title: vscode.l10n.t('Open Source Run'),
        arguments: [node],
      };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function sourceRunOf(node: ModelNode | undefined): { store: string; runId: string } | undefined {
  if (node?.kind === 'version' && node.version.runId && node.version.sourceRun === 'present')
    return { store: node.model.store, runId: node.version.runId };
  if (node?.kind === 'logged' && node.model.sourceRunId && node.model.sourceRun === 'present')
    return { store: node.model.store, runId: node.model.sourceRunId };
  if (node?.kind === 'artifact') return { store: node.model.store, runId: node.model.runId };
  return undefined;
}

function runsToSearch(index: IndexService) {
  const runs = index.allRuns().filter((r) => r.source === 'mlflow-file' || r.source === 'mlflow-sqlite');
  return runs.length <= MAX_RUNS_SEARCHED ? runs : [];
}

function storesOf(index: IndexService): DiscoveredStore[] {
  return index.snapshots().map((s) => ({ kind: s.source, path: s.store }));
}

/** Wires the Models view; the disposables go to the extension's context. */
export function registerModelsView(
  index: IndexService,
  details: RunDetailsPanels,
  extensionUri: vscode.Uri,
): vscode.Disposable[] {
  const tree = new ModelsTreeProvider();
  let timer: NodeJS.Timeout | undefined;
  let reading = Promise.resolve();
  const reread = () => {
    reading = reading.then(async () => {
      const snapshot = await readModels(workspaceFolderPaths(), {
        stores: storesOf(index),
        runs: runsToSearch(index),
        readDvcArtifacts: readDvcModelRegistry,
      }).catch(() => emptyModelsSnapshot());
      tree.update(snapshot);
      void vscode.commands.executeCommand('setContext', 'mlopsLens.modelCount', modelCount(snapshot));
    });
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(reread, REREAD_DELAY_MS);
  };
  return [
    tree,
    vscode.window.createTreeView(MODELS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true }),
    index.onDidChange(schedule),
    { dispose: () => timer && clearTimeout(timer) },
    vscode.commands.registerCommand('mlopsLens.openModelSourceRun', (node?: ModelNode) => {
      const source = sourceRunOf(node);
      const run = source && index.findRun(source.store, source.runId);
      if (run) details.show(run);
      else
        void vscode.window.showWarningMessage(
          vscode.l10n.t('The source run of this model is not in the store.'),
        );
    }),
    vscode.commands.registerCommand('mlopsLens.copyModelUri', (node?: ModelNode) => copyModelUri(node)),
    ...registerModelCard(extensionUri, {
      snapshot: () => tree.snapshot,
      findRun: (store, runId) => index.findRun(store, runId),
      onDidChange: (listener) => tree.onDidChangeTreeData(listener),
      showRun: (run) => details.show(run),
    }),
  ];
}

async function copyModelUri(node: ModelNode | undefined): Promise<void> {
  if (node?.kind !== 'version') return;
  const uris = modelUris(node.model, node.version as ModelVersion);
  const chosen =
    uris.length === 1
      ? uris[0]
      : await vscode.window.showQuickPick(uris, { title: vscode.l10n.t('Copy Model URI') });
  if (chosen) await vscode.env.clipboard.writeText(chosen);
}
