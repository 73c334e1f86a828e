// Quick picks over the pipelines: "MLOps: Run Pipeline Stage…" (every stage, entry point and
// target, grouped by file) and the stage pickers other commands fall back to.
import * as vscode from 'vscode';
import type { DvcStage, PipelineItem } from '../core/pipeline/model';
import { describeStatus } from '../views/pipelines/strings';
import type { PipelinesService } from './pipelinesService';

type ItemPick = vscode.QuickPickItem & { item?: PipelineItem };

/** A pick of every runnable item; a stage's button runs it "up to here" instead. */
export async function pickPipelineItem(
  pipelines: PipelinesService,
  only?: PipelineItem['kind'],
): Promise<{ item: PipelineItem; upToHere: boolean } | undefined> {
  await pipelines.whenReady();
  const items = pickItems(pipelines, only);
  if (items.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'No DVC stages, MLproject entry points or Makefile targets were found in this workspace.',
      ),
    );
    return undefined;
  }
  const upToHere: vscode.QuickInputButton = {
    iconPath: new vscode.ThemeIcon('run-above'),
    tooltip: vscode.l10n.t('Run up to here (this stage and everything before it)'),
  };
  const quickPick = vscode.window.createQuickPick<ItemPick>();
  quickPick.title = vscode.l10n.t('Run Pipeline Stage');
  quickPick.placeholder = vscode.l10n.t('A DVC stage, MLproject entry point or Makefile target');
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = true;
  quickPick.items = items.map((i) => (i.item?.kind === 'dvc' ? { ...i, buttons: [upToHere] } : i));
  return new Promise((resolve) => {
    let result: { item: PipelineItem; upToHere: boolean } | undefined;
    quickPick.onDidAccept(() => {
      const item = quickPick.selectedItems[0]?.item;
      if (item) result = { item, upToHere: false };
      quickPick.hide();
    });
    quickPick.onDidTriggerItemButton((e) => {
      if (e.item.item) result = { item: e.item.item, upToHere: true };
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      quickPick.dispose();
      resolve(result);
    });
    quickPick.show();
  });
}

function pickItems(pipelines: PipelinesService, only: PipelineItem['kind'] | undefined): ItemPick[] {
  const picks: ItemPick[] = [];
  for (const file of pipelines.files()) {
    const items = file.items.filter((i) => only === undefined || i.kind === only);
    if (items.length === 0) continue;
    picks.push({
      label: vscode.workspace.asRelativePath(file.file),
      kind: vscode.QuickPickItemKind.Separator,
    });
    for (const item of items) picks.push(pickFor(pipelines, item));
  }
  return picks;
}

function pickFor(pipelines: PipelinesService, item: PipelineItem): ItemPick {
  switch (item.kind) {
    case 'dvc':
      return {
        label: `$(${stageIcon(pipelines, item)}) ${item.name}`,
        description: describeStatus(pipelines.status(item)),
        detail: item.cmd.join(' && '),
        item,
      };
    case 'mlproject':
      return {
        label: `$(symbol-event) ${item.name}`,
        description: vscode.l10n.t('MLproject entry point'),
        detail: item.command,
        item,
      };
    case 'make':
      return {
        label: `$(symbol-method) ${item.name}`,
        description: vscode.l10n.t('Makefile target'),
        detail: item.command,
        item,
      };
  }
}

function stageIcon(pipelines: PipelinesService, stage: DvcStage): string {
  const entry = pipelines.status(stage);
  if (entry.state !== 'known') return 'circle-outline';
  return entry.status.state === 'up-to-date' ? 'pass' : 'circle-filled';
}

/** A pick among `stages` (e.g. the items of a foreach group). */
export async function pickStage(
  pipelines: PipelinesService,
  stages: readonly DvcStage[],
  title: string,
): Promise<DvcStage | undefined> {
  await pipelines.whenReady();
  if (stages.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No DVC stages were found in this workspace.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    stages.map((stage) => ({
      label: stage.name,
      description: describeStatus(pipelines.status(stage)),
      detail: `${vscode.workspace.asRelativePath(stage.dvcfile)} · ${stage.cmd.join(' && ')}`,
      stage,
    })),
    { title, matchOnDetail: true },
  );
  return picked?.stage;
}
