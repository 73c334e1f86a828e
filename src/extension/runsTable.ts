// Wires the Runs Table panel to the index, the shared stars and ticks, Run Details and Compare Runs.
import * as vscode from 'vscode';
import type { Run } from '../core/model';
import type { RunNode } from '../views/runs/runTreeModel';
import type { RunsTreeNode } from '../views/runs/runsTreeProvider';
import { parseColumnId } from '../views/runsTable/columns';
import { RunsTablePanel } from '../views/runsTable/panel';
import type { TableScope } from '../views/runsTable/protocol';
import { attributeLabel, panelStrings } from '../views/runsTable/strings';
import type { IndexService } from './indexService';
import type { RunMarks } from './runMarks';
import type { RunsView } from './runsView';

/** Registers the panel, its serializer and "MLOps: Open Runs Table"; says whether the table has the focus. */
export function registerRunsTable(
  context: Pick<vscode.ExtensionContext, 'extensionUri' | 'workspaceState'>,
  index: IndexService,
  view: RunsView,
  marks: RunMarks,
): { disposables: vscode.Disposable[]; isActive: () => boolean } {
  const panel = new RunsTablePanel(context.extensionUri, {
    allRuns: () => index.allRuns(),
    findRun: (store, id) => index.findRun(store, id),
    scopeLabel: (scope) => scopeLabel(index, scope),
    storeLabel: (store) => vscode.workspace.asRelativePath(store),
    onDidChange: (listener) => index.onDidChange(listener),
    isIndexing: () => index.isIndexing,
    marks,
    memento: context.workspaceState,
    showRunDetails: (run) => void vscode.commands.executeCommand('mlopsLens.showRunDetails', runNode(run)),
    compareChecked: () => void vscode.commands.executeCommand('mlopsLens.compareCheckedRuns'),
    pickColumns,
  });
  const disposables = [
    panel,
    panel.registerSerializer(),
    // From a store or experiment row: its runs; from the palette or the view's title: every store's,
    // filtered as the Runs view is.
    vscode.commands.registerCommand('mlopsLens.openRunsTable', (node?: RunsTreeNode) =>
      panel.show(scopeOf(node), node ? '' : view.currentFilterText),
    ),
  ];
  return { disposables, isActive: () => panel.isActive };
}

function scopeOf(node: RunsTreeNode | undefined): TableScope {
  if (node?.kind === 'source') return { store: node.snapshot.store };
  if (node?.kind === 'experiment') return { store: node.experiment.store, experimentId: node.experiment.id };
  return {};
}

function scopeLabel(index: IndexService, scope: TableScope): string | undefined {
  if (scope.store === undefined) return undefined;
  const store = vscode.workspace.asRelativePath(scope.store);
  if (scope.experimentId === undefined) return store;
  const experiment = index
    .snapshots()
    .find((s) => s.store === scope.store)
    ?.experiments.find((e) => e.id === scope.experimentId);
  return `${experiment?.name ?? scope.experimentId} · ${store}`;
}

/** The tree node "Show Run Details" expects, for a run that the table (not the tree) names. */
function runNode(run: Run): RunNode {
  return { kind: 'run', run, children: [], matches: true };
}

type ColumnItem = vscode.QuickPickItem & { id?: string };

/** A multi-select quick pick over the columns, grouped (attributes, metrics, params), current ticked. */
async function pickColumns(
  available: readonly string[],
  current: readonly string[],
): Promise<string[] | undefined> {
  const shown = new Set(current);
  const groups: { title: string; kind: string; describe: string }[] = [
    { title: vscode.l10n.t('Attributes'), kind: 'attr', describe: panelStrings.attribute() },
    { title: vscode.l10n.t('Metrics'), kind: 'metric', describe: panelStrings.metric() },
    { title: vscode.l10n.t('Params'), kind: 'param', describe: panelStrings.param() },
  ];
  const items: ColumnItem[] = groups.flatMap((group) => {
    const ids = available.filter((id) => parseColumnId(id)?.kind === group.kind);
    if (ids.length === 0) return [];
    return [
      { label: group.title, kind: vscode.QuickPickItemKind.Separator },
      ...ids.map((id): ColumnItem => ({
        id,
        label: group.kind === 'attr' ? attributeLabel(id) : id.slice(id.indexOf(':') + 1),
        description: group.describe,
        picked: shown.has(id),
      })),
    ];
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: panelStrings.chooseColumns(),
    placeHolder: panelStrings.chooseColumnsHint(),
    canPickMany: true,
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  const chosen = new Set(picked.flatMap((item) => (item.id ? [item.id] : [])));
  // Columns already shown keep their place; new ones go to the end, in the chooser's order.
  return [
    ...current.filter((id) => chosen.has(id)),
    ...available.filter((id) => chosen.has(id) && !shown.has(id)),
  ];
}
