// Wires the Compare Runs panel to the Runs view, the index and the commands.
import * as vscode from 'vscode';
import type { Run } from '../core/model';
import { ComparePanel } from '../views/compare/panel';
import type { RunNode } from '../views/runs/runTreeModel';
import type { RunsTreeNode } from '../views/runs/runsTreeProvider';
import { runStatusLabel } from '../views/runs/statusLabel';
import type { IndexService } from './indexService';
import type { RunMarks } from './runMarks';
import type { RunsView } from './runsView';

const HAS_CHECKED = 'mlopsLens.hasCheckedRuns';

/**
 * Registers the panel, its serializer, the compare commands and the checkbox → panel link.
 * `tableActive`: the Runs Table has the focus, so that Compare Runs opens beside it, not over it.
 */
export function registerCompare(
  context: Pick<vscode.ExtensionContext, 'extensionUri'>,
  index: IndexService,
  view: RunsView,
  marks: RunMarks,
  tableActive: () => boolean = () => false,
): vscode.Disposable[] {
  const panel = new ComparePanel(context.extensionUri, {
    findRun: (store, id) => index.findRun(store, id),
    history: (run, key) => index.history(run, key),
    onDidChange: (listener) => index.onDidChange(listener),
    isIndexing: () => index.isIndexing,
    showRunDetails: (run) => void vscode.commands.executeCommand('mlopsLens.showRunDetails', runNode(run)),
    pickRuns: (current) => pickRuns(index, current),
  });
  const compareChosen = async (preselected: readonly Run[]): Promise<void> => {
    const runs = await pickRuns(index, preselected);
    if (runs) panel.show(runs);
  };
  const updateContext = (): void => {
    void vscode.commands.executeCommand('setContext', HAS_CHECKED, view.checkedRuns().length > 0);
  };
  const onCheckboxes = (ticked: boolean): void => {
    // Let every other listener of the marks (the Runs view, the Runs Table) render first.
    setTimeout(() => {
      updateContext();
      const checked = view.checkedRuns();
      if (panel.isOpen) panel.setRuns(checked);
      else if (ticked && checked.length >= 2)
        panel.show(checked, { preserveFocus: true, beside: tableActive() });
    }, 0);
  };
  updateContext();
  return [
    panel,
    panel.registerSerializer(),
    index.onDidChange(updateContext),
    // Ticks from the Runs view and the Runs Table alike, once saved.
    marks.onDidChange((change) => {
      if (change.mark === 'checked') onCheckboxes(change.added);
    }),
    vscode.commands.registerCommand('mlopsLens.compareRuns', () =>
      compareChosen(panel.isOpen ? panel.currentRuns() : view.checkedRuns()),
    ),
    vscode.commands.registerCommand('mlopsLens.compareCheckedRuns', () => {
      const checked = view.checkedRuns();
      // From the table's button: beside the table, which keeps the focus.
      const fromTable = tableActive();
      if (checked.length === 0) return compareChosen([]);
      return panel.show(checked, { preserveFocus: fromTable, beside: fromTable });
    }),
    vscode.commands.registerCommand(
      'mlopsLens.compareSelectedRuns',
      (node?: RunsTreeNode, selected?: readonly RunsTreeNode[]) => {
        const runs = view.runsFor(node, selected);
        return runs.length > 0 ? panel.show(runs) : compareChosen(view.checkedRuns());
      },
    ),
  ];
}

/** The tree node "Show Run Details" expects, for a run that the panel (not the tree) names. */
function runNode(run: Run): RunNode {
  return { kind: 'run', run, children: [], matches: true };
}

type RunItem = vscode.QuickPickItem & { run: Run };

/** A multi-select quick pick over every active run; `preselected` start ticked. */
async function pickRuns(index: IndexService, preselected: readonly Run[]): Promise<Run[] | undefined> {
  const runs = index.allRuns().filter((r) => r.lifecycle === 'active');
  if (runs.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No MLflow runs were found in this workspace.'));
    return undefined;
  }
  const chosen = new Set(preselected.map((r) => `${r.store}\u0000${r.id}`));
  const items = runs
    .sort((a, b) => (b.startTime ?? 0) - (a.startTime ?? 0))
    .map((run): RunItem => ({
      run,
      label: run.name || run.id,
      description: `${run.experimentName} · ${vscode.workspace.asRelativePath(run.store)}`,
      detail: `${run.id} · ${runStatusLabel(run.status)}`,
      picked: chosen.has(`${run.store}\u0000${run.id}`),
    }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Compare Runs'),
    placeHolder: vscode.l10n.t('Choose the runs to compare'),
    canPickMany: true,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked && picked.length > 0 ? picked.map((item) => item.run) : undefined;
}
