// The commands of the Pipelines view, its CodeLens and the command palette.
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DvcStage, MakeTarget, MlprojectEntryPoint } from '../core/pipeline/model';
import type { PipelineNode } from '../views/pipelines/pipelineTreeModel';
import { groupName } from '../views/pipelines/pipelineTreeModel';
import type { StageRef } from '../views/pipelines/stageCodeLens';
import { describeStatus } from '../views/pipelines/strings';
import type { LaunchFlows } from './launchFlows';
import { pickPipelineItem, pickStage } from './pipelinesPick';
import type { PipelinesService } from './pipelinesService';

type CommandArg = PipelineNode | StageRef | undefined;

export function registerPipelineCommands(
  pipelines: PipelinesService,
  flows: LaunchFlows,
): vscode.Disposable[] {
  const stageCommand =
    (upToHere: boolean) =>
    async (arg: CommandArg): Promise<void> => {
      // A dvc.yaml node names no stage: ask which of its stages.
      const named = refOf(arg);
      const ref = named?.name ? named : await pickStageRef(pipelines, named?.dvcfile);
      if (ref) await flows.runStage(ref, pipelines.findStages(ref), upToHere);
    };
  const commands: Record<string, (arg: CommandArg) => unknown> = {
    'mlopsLens.refreshPipelines': () => pipelines.refresh(),
    'mlopsLens.runStage': stageCommand(false),
    'mlopsLens.runUpToHere': stageCommand(true),
    'mlopsLens.runStageItem': async (arg) => {
      const ref = refOf(arg);
      const items = ref ? pipelines.findStages(ref) : [];
      const stage = await pickStage(pipelines, items, vscode.l10n.t('Run an item of {0}', ref?.name ?? ''));
      if (stage) await flows.runStage(stage, [stage], false);
    },
    'mlopsLens.runPipelineStage': () => runPickedItem(pipelines, flows),
    'mlopsLens.runExperimentWithParams': (arg) => runExperiment(pipelines, flows, arg),
    'mlopsLens.runEntryPoint': async (arg) => {
      const entry = itemOf<MlprojectEntryPoint>(arg, 'entry') ?? (await pickOf(pipelines, 'mlproject'));
      if (entry) await flows.runEntryPoint(entry);
    },
    'mlopsLens.runMakeTarget': async (arg) => {
      const target = itemOf<MakeTarget>(arg, 'target') ?? (await pickOf(pipelines, 'make'));
      if (target) await flows.runMakeTarget(target);
    },
    'mlopsLens.openStageDefinition': async (arg) => {
      const ref = refOf(arg) ?? (await pickStageRef(pipelines));
      const stage = ref ? pipelines.findStages(ref)[0] : undefined;
      if (stage) await openAt(stage.dvcfile, stage.line);
    },
    'mlopsLens.openPipelinePath': (arg) =>
      arg && 'kind' in arg && arg.kind === 'path' ? openPath(arg) : undefined,
    'mlopsLens.showStageStatus': (arg) => {
      const ref = refOf(arg);
      if (ref) showStatus(pipelines, ref);
    },
  };
  return Object.entries(commands).map(([id, handler]) => vscode.commands.registerCommand(id, handler));
}

/** "MLOps: Run Pipeline Stage…": whatever the user picks, each kind the way it runs. */
async function runPickedItem(pipelines: PipelinesService, flows: LaunchFlows): Promise<void> {
  const picked = await pickPipelineItem(pipelines);
  if (!picked) return;
  const { item, upToHere } = picked;
  if (item.kind === 'dvc') await flows.runStage(item, [item], upToHere);
  else if (item.kind === 'mlproject') await flows.runEntryPoint(item);
  else await flows.runMakeTarget(item);
}

/** An experiment for a stage or group (from the view or CodeLens) or a picked stage or whole dvc.yaml. */
async function runExperiment(
  pipelines: PipelinesService,
  flows: LaunchFlows,
  arg: CommandArg,
): Promise<void> {
  const ref = refOf(arg) ?? (await pickExperimentTarget(pipelines));
  if (!ref) return;
  const isFile = ref.name === '';
  const stages = isFile ? pipelines.stagesIn(ref.dvcfile) : pipelines.findStages(ref);
  await flows.runExperiment(ref.dvcfile, isFile ? undefined : ref.name, stages);
}

/** The stage or group a tree node or CodeLens argument names. */
function refOf(arg: CommandArg): StageRef | undefined {
  if (!arg) return undefined;
  if (!('kind' in arg))
    return typeof arg.dvcfile === 'string' && typeof arg.name === 'string' ? arg : undefined;
  switch (arg.kind) {
    case 'stage':
    case 'section':
    case 'path':
      return { dvcfile: arg.stage.dvcfile, name: arg.stage.name };
    case 'group':
      return { dvcfile: arg.dvcfile, name: arg.name };
    case 'file':
      return arg.file.kind === 'dvc' ? { dvcfile: arg.file.file, name: '' } : undefined;
    default:
      return undefined;
  }
}

function itemOf<T>(arg: CommandArg, kind: 'entry' | 'target'): T | undefined {
  if (!arg || !('kind' in arg)) return undefined;
  if (kind === 'entry' && arg.kind === 'entry') return arg.entry as T;
  if (kind === 'target' && arg.kind === 'target') return arg.target as T;
  return undefined;
}

async function pickStageRef(pipelines: PipelinesService, dvcfile?: string): Promise<StageRef | undefined> {
  const stages = dvcfile
    ? pipelines.stagesIn(dvcfile)
    : pipelines.files().flatMap((f) => f.items.filter((i): i is DvcStage => i.kind === 'dvc'));
  return pickStage(pipelines, stages, vscode.l10n.t('Choose a stage'));
}

async function pickOf<K extends 'mlproject' | 'make'>(pipelines: PipelinesService, kind: K) {
  const picked = await pickPipelineItem(pipelines, kind);
  return picked?.item.kind === kind
    ? (picked.item as K extends 'mlproject' ? MlprojectEntryPoint : MakeTarget)
    : undefined;
}

/** A dvc.yaml (the whole pipeline, name "") or one of its stages, for an experiment. */
async function pickExperimentTarget(pipelines: PipelinesService): Promise<StageRef | undefined> {
  const dvcFiles = pipelines.files().filter((f) => f.kind === 'dvc' && path.basename(f.file) === 'dvc.yaml');
  if (dvcFiles.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No dvc.yaml was found in this workspace.'));
    return undefined;
  }
  type Item = vscode.QuickPickItem & { ref?: StageRef };
  const items: Item[] = dvcFiles.flatMap((file): Item[] => [
    { label: vscode.workspace.asRelativePath(file.file), kind: vscode.QuickPickItemKind.Separator },
    {
      label: `$(type-hierarchy-sub) ${vscode.l10n.t('Whole pipeline')}`,
      ref: { dvcfile: file.file, name: '' },
    },
    ...pipelines.stagesIn(file.file).map((stage) => ({
      label: stage.name,
      description: describeStatus(pipelines.status(stage)),
      ref: { dvcfile: stage.dvcfile, name: stage.name },
    })),
  ]);
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Run Experiment with Params'),
  });
  return picked?.ref;
}

async function openAt(file: string, line: number): Promise<void> {
  const position = new vscode.Position(Math.max(0, line - 1), 0);
  await vscode.window.showTextDocument(vscode.Uri.file(file), {
    selection: new vscode.Range(position, position),
  });
}

async function openPath(node: Extract<PipelineNode, { kind: 'path' }>): Promise<void> {
  const info = await stat(node.absolutePath).catch(() => undefined);
  if (info?.isDirectory()) {
    await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(node.absolutePath));
  } else if (info) {
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(node.absolutePath));
  } else {
    void vscode.window.showInformationMessage(
      node.section === 'outs'
        ? vscode.l10n.t(
            '{0} does not exist yet: stage "{1}" writes it when it runs.',
            node.path,
            node.stage.name,
          )
        : vscode.l10n.t('{0} is missing: stage "{1}" needs it.', node.path, node.stage.name),
    );
  }
}

function showStatus(pipelines: PipelinesService, ref: StageRef): void {
  const stages = pipelines.findStages(ref);
  const lines = stages.map((stage) => {
    const entry = pipelines.status(stage);
    const reasons = entry.state === 'known' ? entry.status.reasons : [];
    const name = groupName(stage) === ref.name ? stage.name : ref.name;
    return `${name}: ${describeStatus(entry)}${reasons.length > 0 ? ` (${reasons.join('; ')})` : ''}`;
  });
  if (lines.length > 0) void vscode.window.showInformationMessage(lines.join(' · '));
}
