// The launch flows behind the commands: check trust, find the tool, ask what is needed, and run
// the plan as a task. Each flow explains itself when it cannot run (no DVC, no MLflow, no trust).
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { experimentParams } from '../core/launch/experimentParams';
import {
  directCmdPlan,
  expRunPlan,
  makePlan,
  mlflowRunPlan,
  reproPlan,
  type DvcTargetRef,
  type MlflowEnvManager,
} from '../core/launch/plans';
import { TASK_TYPE, type LaunchTaskDefinition, type TaskKind } from '../core/launch/taskDefinition';
import type { DvcStage, MakeTarget, MlprojectEntryPoint } from '../core/pipeline/model';
import { parseParamsFile } from '../core/sources/dvc/values/paramsFile';
import { CONFIG_SECTION } from './config';
import { LaunchEnvironment } from './launchEnvironment';
import { askExperimentOverrides, askMlprojectValues } from './launchPrompts';
import type { LaunchRunner } from './launchRunner';

/**
 * Running a pipeline executes the project's own commands, so nothing runs in Restricted Mode;
 * the message says why and how to change it.
 */
export function ensureTrusted(): boolean {
  if (vscode.workspace.isTrusted) return true;
  const manage = vscode.l10n.t('Manage Workspace Trust');
  void vscode.window
    .showWarningMessage(
      vscode.l10n.t(
        'MLOps Lens does not run pipelines in Restricted Mode: running a stage, entry point or target executes commands from this workspace, which is not trusted. Trust the workspace to run it.',
      ),
      manage,
    )
    .then((choice) => {
      if (choice === manage) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  return false;
}

export class LaunchFlows {
  constructor(
    private readonly environment: LaunchEnvironment,
    private readonly runner: LaunchRunner,
  ) {}

  /** `dvc repro -s` (or up to here) for a stage or a whole foreach/matrix group. */
  async runStage(ref: DvcTargetRef, stages: readonly DvcStage[], upToHere: boolean): Promise<void> {
    if (!ensureTrusted()) return;
    const dvc = await this.environment.locate('dvc', vscode.Uri.file(ref.dvcfile));
    if (dvc) {
      const plan = reproPlan(ref, dvc.executable, upToHere);
      await this.runner.run(plan, definition(upToHere ? 'dvc-upstream' : 'dvc-stage', ref), dvc);
      return;
    }
    const single = stages.length === 1 && stages[0].name === ref.name && !upToHere ? stages[0] : undefined;
    if (single) await this.offerDirectRun(single);
    else await this.explainMissing('dvc', ref.dvcfile);
  }

  /** Without DVC: offer the stage's own command in its wdir, saying what that does not do. */
  private async offerDirectRun(stage: DvcStage): Promise<void> {
    const run = vscode.l10n.t('Run the Command');
    const places = await this.environment.searchedPlaces(vscode.Uri.file(stage.dvcfile));
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t(
        'DVC was not found (looked in: {0}). Run the command of stage "{1}" ({2}) directly in its folder instead? dvc.lock will not be updated, so the stage will still show as changed.',
        places,
        stage.name,
        stage.cmd.join(' && '),
      ),
      { modal: true },
      run,
      ...this.interpreterChoice(),
    );
    if (choice === run) {
      await this.runner.run(directCmdPlan(stage), definition('dvc-cmd', stage), undefined);
    } else if (choice !== undefined) {
      await vscode.commands.executeCommand('python.setInterpreter');
    }
  }

  async runEntryPoint(entry: MlprojectEntryPoint): Promise<void> {
    if (!ensureTrusted()) return;
    const values = await askMlprojectValues(entry);
    if (!values) return;
    const mlflow = await this.environment.locate('mlflow', vscode.Uri.file(entry.file));
    if (!mlflow) return this.explainMissing('mlflow', entry.file);
    const envManager = vscode.workspace
      .getConfiguration(CONFIG_SECTION, vscode.Uri.file(entry.file))
      .get<MlflowEnvManager>('launch.mlflowEnvManager', 'local');
    const plan = mlflowRunPlan(entry, values, mlflow.executable, envManager);
    await this.runner.run(plan, { ...definition('mlproject', entry), parameters: values }, mlflow);
  }

  async runMakeTarget(target: MakeTarget): Promise<void> {
    if (!ensureTrusted()) return;
    const make = await this.environment.locate('make', vscode.Uri.file(target.file));
    if (!make) return this.explainMissing('make', target.file);
    await this.runner.run(makePlan(target, make.executable), definition('make', target), undefined);
  }

  /** `dvc exp run [<stage>] -S …` after asking which params to change and their values. */
  async runExperiment(
    dvcfile: string,
    target: string | undefined,
    stages: readonly DvcStage[],
  ): Promise<void> {
    if (!ensureTrusted()) return;
    const dvc = await this.environment.locate('dvc', vscode.Uri.file(dvcfile));
    if (!dvc) return this.explainMissing('dvc', dvcfile);
    const params = experimentParams(stages, await readParamsFiles(stages));
    if (params.length === 0) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          '{0} depends on no params, so there is nothing to set.',
          target ?? path.basename(dvcfile),
        ),
      );
      return;
    }
    const setParams = await askExperimentOverrides(params, path.dirname(dvcfile));
    if (!setParams) return;
    const plan = expRunPlan(dvcfile, target, setParams, dvc.executable);
    const relative = relativeToFolder(dvcfile);
    const taskDefinition: LaunchTaskDefinition = {
      type: TASK_TYPE,
      kind: 'dvc-exp',
      name: target ?? '',
      file: relative,
      setParams,
    };
    await this.runner.run(plan, taskDefinition, dvc);
  }

  private async explainMissing(tool: 'dvc' | 'mlflow' | 'make', file: string): Promise<void> {
    const message =
      tool === 'make'
        ? vscode.l10n.t('make was not found on PATH, so the target cannot run.')
        : vscode.l10n.t(
            '{0} was not found (looked in: {1}). Install it there (pip install {0}) or select the environment that has it.',
            tool,
            await this.environment.searchedPlaces(vscode.Uri.file(file)),
          );
    const choice = await vscode.window.showErrorMessage(
      message,
      ...(tool === 'make' ? [] : this.interpreterChoice()),
    );
    if (choice !== undefined) await vscode.commands.executeCommand('python.setInterpreter');
  }

  private interpreterChoice(): string[] {
    return LaunchEnvironment.hasPythonExtension() ? [vscode.l10n.t('Select Python Interpreter')] : [];
  }
}

/** The task definition naming an item, its file relative to its workspace folder. */
function definition(
  kind: TaskKind,
  item: { name: string; dvcfile?: string; file?: string },
): LaunchTaskDefinition {
  const file = item.dvcfile ?? item.file ?? '';
  return { type: TASK_TYPE, kind, name: item.name, file: relativeToFolder(file) };
}

function relativeToFolder(file: string): string {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
  return folder ? path.relative(folder.uri.fsPath, file).split(path.sep).join('/') : file;
}

/** The parsed params files of `stages`, read once each (unreadable files give no values). */
async function readParamsFiles(
  stages: readonly DvcStage[],
): Promise<(file: string) => Record<string, unknown> | undefined> {
  const files = new Set(stages.flatMap((s) => s.params.map((p) => path.resolve(s.wdir, p.file))));
  const values = new Map<string, Record<string, unknown>>();
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined) values.set(file, parseParamsFile(text, file).values);
  }
  return (file) => values.get(file);
}
