// Fetch for a version whose object is not here (its arguments: views/data/fetchPlan.ts), run as a
// VS Code task with the DVC the launches find (selected Python environment,
// python.defaultInterpreterPath, PATH). Refused in an untrusted workspace (the menus hide it too).
import * as vscode from 'vscode';
import { ObjectStore } from '../core/data/objects';
import { TASK_TYPE } from '../core/launch/taskDefinition';
import type { DataNode } from '../views/data/dataTree';
import { fetchArgs, type FetchTarget } from '../views/data/fetchPlan';
import type { DataHost } from './dataHost';

export type { FetchTarget } from '../views/data/fetchPlan';

/** A warning about something not here, with a Fetch button when it can be fetched. */
export function offerFetch(host: DataHost, message: string, target: FetchTarget | undefined): void {
  const fetch = vscode.l10n.t('Fetch');
  const actions = target && vscode.workspace.isTrusted ? [fetch] : [];
  void vscode.window.showWarningMessage(message, ...actions).then((choice) => {
    if (choice === fetch && target) void runFetch(host, target);
  });
}

export async function runFetch(host: DataHost, target: FetchTarget): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Fetching DVC data needs a trusted workspace.'));
    return;
  }
  const dvc = await host.environment.locate('dvc', vscode.Uri.file(target.root));
  if (!dvc) {
    const places = await host.environment.searchedPlaces(vscode.Uri.file(target.root));
    void vscode.window.showErrorMessage(vscode.l10n.t('dvc was not found in {0}.', places));
    return;
  }
  const args = fetchArgs(target);
  const at = target.rev ? ` (${target.rev.slice(0, 7)})` : '';
  const name = `dvc ${args.join(' ')}${at}`;
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(target.root));
  const task = new vscode.Task(
    { type: TASK_TYPE, kind: 'dvc-cmd', name },
    folder ?? vscode.TaskScope.Workspace,
    name,
    'MLOps',
    new vscode.ProcessExecution(dvc.executable, args, { cwd: target.root }),
    [],
  );
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated };
  const execution = await vscode.tasks.executeTask(task);
  const ended = vscode.tasks.onDidEndTask((e) => {
    if (e.execution !== execution) return;
    ended.dispose();
    void host.service.refreshAll();
    void host.refreshComparison();
  });
}

/** What a Data view item not in cache fetches: its path at the comparison's revision, or the workspace's. */
export function fetchTargetOf(node: DataNode): FetchTarget | undefined {
  switch (node.kind) {
    case 'file':
      return { root: node.root, key: node.file.key };
    case 'out':
      return { root: node.root, key: node.out.key };
    case 'cmpMissing':
      return { root: node.info.root, key: node.missing.outKey, rev: node.missing.rev };
    case 'cmpFile': {
      const { info, entry } = node;
      const store = new ObjectStore(info.root);
      if (entry.oldHash && 'missing' in store.locate(entry.oldHash)) {
        return { root: info.root, key: entry.oldKey ?? entry.key, rev: info.aRev };
      }
      return { root: info.root, key: entry.key, rev: info.bRev };
    }
    default:
      return undefined;
  }
}
