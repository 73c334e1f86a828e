// Task definitions → tasks: what the "mlops-lens" task provider offers and how a definition (ours
// or one from tasks.json) becomes a runnable task.
import * as vscode from 'vscode';
import {
  directCmdPlan,
  expRunPlan,
  makePlan,
  mlflowRunPlan,
  reproPlan,
  type LaunchPlan,
  type MlflowEnvManager,
} from '../core/launch/plans';
import {
  definitionDvcfile,
  definitionFor,
  findDefinitionItem,
  type LaunchTaskDefinition,
} from '../core/launch/taskDefinition';
import type { ToolLocation } from '../core/launch/toolLocator';
import { checkParameterValue } from '../core/launch/values';
import type { MlprojectEntryPoint } from '../core/pipeline/model';
import type { PipelineTaskHost } from '../views/pipelines/taskProvider';
import { CONFIG_SECTION } from './config';
import type { LaunchEnvironment } from './launchEnvironment';
import { problemMessage } from './launchPrompts';
import type { LaunchRunner } from './launchRunner';
import type { PipelinesService } from './pipelinesService';

type Planned = { plan: LaunchPlan; tool: ToolLocation | undefined } | string;

export class LaunchTasks implements PipelineTaskHost {
  constructor(
    private readonly pipelines: PipelinesService,
    private readonly environment: LaunchEnvironment,
    private readonly runner: LaunchRunner,
  ) {}

  async definitions(): Promise<{ definition: LaunchTaskDefinition; folder: vscode.WorkspaceFolder }[]> {
    if (!vscode.workspace.isTrusted) return [];
    await this.pipelines.whenReady();
    const offered: { definition: LaunchTaskDefinition; folder: vscode.WorkspaceFolder }[] = [];
    for (const file of this.pipelines.files()) {
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file.file));
      if (!folder) continue;
      for (const item of file.items) {
        // Entry points with required parameters need answers: they run from the view or palette.
        if (item.kind === 'mlproject' && item.parameters.some((p) => p.default === null)) continue;
        const kind = item.kind === 'dvc' ? 'dvc-stage' : item.kind;
        offered.push({ definition: definitionFor(kind, item, folder.uri.fsPath), folder });
      }
    }
    return offered;
  }

  async toTask(
    definition: LaunchTaskDefinition,
    folder: vscode.WorkspaceFolder,
  ): Promise<vscode.Task | string> {
    const planned = await this.plan(definition, folder);
    if (typeof planned === 'string') return planned;
    const problem = this.runner.problem(planned.plan);
    if (problem !== undefined) return problem;
    return this.runner.task(planned.plan, definition, planned.tool);
  }

  private async plan(definition: LaunchTaskDefinition, folder: vscode.WorkspaceFolder): Promise<Planned> {
    const root = folder.uri.fsPath;
    if (definition.kind === 'dvc-exp') {
      const dvcfile = definitionDvcfile(definition, root);
      const dvc = await this.environment.locate('dvc', folder.uri);
      if (!dvc) return notFound('dvc');
      const plan = expRunPlan(
        dvcfile,
        definition.name || undefined,
        definition.setParams ?? [],
        dvc.executable,
      );
      return { plan, tool: dvc };
    }
    const found = findDefinitionItem(definition, allItems(this.pipelines), root);
    if (!found.ok) return found.error;
    const { item } = found;
    if (item.kind === 'make') {
      const make = await this.environment.locate('make', folder.uri);
      return make ? { plan: makePlan(item, make.executable), tool: undefined } : notFound('make');
    }
    if (item.kind === 'mlproject') return this.mlflowPlan(item, definition.parameters ?? {}, folder);
    if (definition.kind === 'dvc-cmd') return { plan: directCmdPlan(item), tool: undefined };
    const dvc = await this.environment.locate('dvc', folder.uri);
    if (!dvc) return notFound('dvc');
    return { plan: reproPlan(item, dvc.executable, definition.kind === 'dvc-upstream'), tool: dvc };
  }

  private async mlflowPlan(
    entry: MlprojectEntryPoint,
    values: Record<string, string>,
    folder: vscode.WorkspaceFolder,
  ): Promise<Planned> {
    for (const parameter of entry.parameters) {
      const problem = checkParameterValue(parameter, values[parameter.name] ?? '');
      if (problem) return `${parameter.name}: ${problemMessage(problem)}`;
    }
    const mlflow = await this.environment.locate('mlflow', folder.uri);
    if (!mlflow) return notFound('mlflow');
    const envManager = vscode.workspace
      .getConfiguration(CONFIG_SECTION, folder.uri)
      .get<MlflowEnvManager>('launch.mlflowEnvManager', 'local');
    return { plan: mlflowRunPlan(entry, values, mlflow.executable, envManager), tool: mlflow };
  }
}

function allItems(pipelines: PipelinesService) {
  return pipelines.files().flatMap((f) => f.items);
}

function notFound(tool: string): string {
  return tool === 'make'
    ? vscode.l10n.t('make was not found on PATH')
    : vscode.l10n.t('{0} was not found in the selected Python environment or on PATH', tool);
}
