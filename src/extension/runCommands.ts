import * as path from 'node:path';
import * as vscode from 'vscode';
import { artifactCandidates, locateArtifacts } from '../core/artifacts';
import type { Run } from '../core/model';
import { formatMetricValue, pickKeyMetric } from '../core/query/keyMetric';
import { sortKeysAvailable, type RunSortKey } from '../core/query/sort';
import type { RunDetailsPanels } from '../views/runDetails/panel';
import type { RunsTreeNode } from '../views/runs/runsTreeProvider';
import { runStatusLabel } from '../views/runs/statusLabel';
import { readConfig, workspaceFolderPaths } from './config';
import type { IndexService } from './indexService';
import type { RunsView } from './runsView';

type NodeCommand = (node?: RunsTreeNode, selected?: readonly RunsTreeNode[]) => unknown;

/** Registers the commands of the Runs view and "Open Run…". */
export function registerRunCommands(
  index: IndexService,
  view: RunsView,
  details: RunDetailsPanels,
): vscode.Disposable[] {
  const withRuns =
    (action: (runs: Run[]) => unknown): NodeCommand =>
    async (node, selected) => {
      const runs = view.runsFor(node, selected);
      if (runs.length === 0) {
        const picked = await pickRun(index, vscode.l10n.t('Choose a run'));
        if (picked) runs.push(picked);
      }
      if (runs.length > 0) await action(runs);
    };
  const commands: Record<string, NodeCommand> = {
    'mlopsLens.refresh': () => index.refresh({ rebuild: true, reread: true }),
    'mlopsLens.filterRuns': () => askFilter(view),
    'mlopsLens.clearFilter': () => view.clearFilter(),
    'mlopsLens.sortRuns': () => askSort(index, view),
    'mlopsLens.showDeletedRuns': () => view.setShowDeleted(true),
    'mlopsLens.hideDeletedRuns': () => view.setShowDeleted(false),
    'mlopsLens.openRun': async () => {
      const run = await pickRun(index, vscode.l10n.t('Open a run'));
      if (run) details.show(run);
    },
    'mlopsLens.showRunDetails': withRuns((runs) => runs.forEach((r) => details.show(r))),
    'mlopsLens.copyRunId': withRuns((runs) =>
      vscode.env.clipboard.writeText(runs.map((r) => r.id).join('\n')),
    ),
    'mlopsLens.revealRunFolder': withRuns((runs) => revealRunFolder(runs[0])),
    'mlopsLens.openArtifactsFolder': withRuns((runs) => openArtifactsFolder(runs[0])),
    'mlopsLens.starRun': withRuns((runs) => view.setStarred(runs, true)),
    'mlopsLens.unstarRun': withRuns((runs) => view.setStarred(runs, false)),
    'mlopsLens.clearRunSelection': () => view.clearChecked(),
  };
  return Object.entries(commands).map(([id, handler]) => vscode.commands.registerCommand(id, handler));
}

async function askFilter(view: RunsView): Promise<void> {
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Filter Runs'),
    value: view.currentFilterText,
    prompt: vscode.l10n.t(
      'Words to search for, or expressions such as metrics.rmse < 0.8 and params.alpha = 0.5',
    ),
    placeHolder: vscode.l10n.t("e.g. tuned, or metrics.rmse < 0.8 and status = 'FINISHED'"),
    validateInput: (value) => {
      const error = value.trim() === '' ? undefined : view.validateFilter(value);
      return error ? { message: error, severity: vscode.InputBoxValidationSeverity.Error } : undefined;
    },
  });
  if (text === undefined) return;
  const error = view.setFilter(text);
  if (error) void vscode.window.showErrorMessage(vscode.l10n.t('Invalid run filter: {0}', error));
}

async function askSort(index: IndexService, view: RunsView): Promise<void> {
  const { metrics, params } = sortKeysAvailable(index.allRuns());
  type SortItem = vscode.QuickPickItem & { key?: RunSortKey };
  const items: SortItem[] = [
    { label: vscode.l10n.t('Start time'), key: { kind: 'startTime' } },
    { label: vscode.l10n.t('Name'), key: { kind: 'name' } },
    { label: vscode.l10n.t('Status'), key: { kind: 'status' } },
    { label: vscode.l10n.t('Metrics'), kind: vscode.QuickPickItemKind.Separator },
    ...metrics.map((key): SortItem => ({
      label: key,
      description: vscode.l10n.t('metric'),
      key: { kind: 'metric', key },
    })),
    { label: vscode.l10n.t('Params'), kind: vscode.QuickPickItemKind.Separator },
    ...params.map((key): SortItem => ({
      label: key,
      description: vscode.l10n.t('param'),
      key: { kind: 'param', key },
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Sort Runs By') });
  if (!picked?.key) return;
  const direction = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('Descending'), descending: true },
      { label: vscode.l10n.t('Ascending'), descending: false },
    ],
    { title: vscode.l10n.t('Sort by {0}', picked.label) },
  );
  if (direction) await view.setSort(picked.key, direction.descending);
}

/** A quick pick over every run: name, experiment, id and key metric, searchable by each. */
export async function pickRun(index: IndexService, title: string): Promise<Run | undefined> {
  const runs = index.allRuns().filter((r) => r.lifecycle === 'active');
  if (runs.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No MLflow runs were found in this workspace.'));
    return undefined;
  }
  const key = pickKeyMetric(runs, readConfig().keyMetric || undefined);
  const items = runs
    .sort((a, b) => (b.startTime ?? 0) - (a.startTime ?? 0))
    .map((run) => ({
      label: run.name || run.id,
      description: [
        run.experimentName,
        key && run.metrics[key] ? `${key} ${formatMetricValue(run.metrics[key].value)}` : '',
      ]
        .filter(Boolean)
        .join(' · '),
      detail: `${runStatusLabel(run.status)} · ${run.id}`,
      run,
    }));
  const picked = await vscode.window.showQuickPick(items, {
    title,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.run;
}

async function revealPath(target: string): Promise<void> {
  const uri = vscode.Uri.file(target);
  const inWorkspace = workspaceFolderPaths().some((f) => !path.relative(f, target).startsWith('..'));
  await vscode.commands.executeCommand(inWorkspace ? 'revealInExplorer' : 'revealFileInOS', uri);
}

async function revealRunFolder(run: Run): Promise<void> {
  if (!run.runDir) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Run {0} is stored in the database {1}; it has no folder of its own.',
        run.name || run.id,
        run.store,
      ),
    );
    return;
  }
  await revealPath(run.runDir);
}

async function openArtifactsFolder(run: Run): Promise<void> {
  const location = locateArtifacts(run);
  const candidates = artifactCandidates(run);
  for (const candidate of candidates) {
    try {
      await vscode.workspace.fs.stat(vscode.Uri.file(candidate));
      await revealPath(candidate);
      return;
    } catch {
      // Try the next place the artifacts may be.
    }
  }
  const where =
    location.kind === 'remote' ? location.uri : (run.artifactUri ?? vscode.l10n.t('(none recorded)'));
  const message =
    candidates.length === 0
      ? vscode.l10n.t('The artifacts of run {0} are not in a local folder: {1}', run.name || run.id, where)
      : vscode.l10n.t(
          'The artifacts of run {0} are not in a local folder: {1}. Looked in: {2}',
          run.name || run.id,
          where,
          candidates.join(', '),
        );
  void vscode.window.showWarningMessage(message);
}
