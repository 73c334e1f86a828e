// Runs launch plans as VS Code tasks (output in a terminal), tracks which stages are running, and
// tells the user how each run ended.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describePlan, renderPlan, type LaunchPlan } from '../core/launch/plans';
import { TASK_TYPE, type LaunchTaskDefinition } from '../core/launch/taskDefinition';
import { pathWithBinDir, type ToolLocation } from '../core/launch/toolLocator';
import type { LaunchEnvironment } from './launchEnvironment';

/** A run that ended: which pipeline file it ran, and how. */
export interface RunEnded {
  file: string;
  title: string;
  exitCode: number | undefined;
}

export class LaunchRunner implements vscode.Disposable {
  /** Stage keys ("<dvc.yaml>\0<name>") of each running task, for the views' "running" state. */
  private readonly running = new Map<vscode.TaskExecution, string[]>();
  private readonly runningChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeRunning = this.runningChanged.event;
  private readonly ended = new vscode.EventEmitter<RunEnded>();
  readonly onDidEndRun = this.ended.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly environment: LaunchEnvironment) {
    this.disposables.push(
      this.runningChanged,
      this.ended,
      vscode.tasks.onDidStartTaskProcess((e) => this.onStart(e.execution)),
      vscode.tasks.onDidEndTaskProcess((e) => this.onEnd(e.execution, e.exitCode)),
      // A task that never started a process (e.g. terminated at once) still stops "running".
      vscode.tasks.onDidEndTask((e) => this.forget(e.execution)),
    );
  }

  /** The task that runs `plan` in its folder, with the tool's environment first on PATH. */
  task(plan: LaunchPlan, definition: LaunchTaskDefinition, tool: ToolLocation | undefined): vscode.Task {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(plan.file));
    const env: Record<string, string> = {};
    if (tool?.binDir) {
      env.PATH = pathWithBinDir(process.env.PATH ?? '', tool.binDir, process.platform);
    }
    const execution = new vscode.ShellExecution(renderPlan(plan, this.environment.shellKind()), {
      cwd: plan.cwd,
      env,
    });
    const task = new vscode.Task(
      definition,
      folder ?? vscode.TaskScope.Workspace,
      taskName(plan, folder),
      'MLOps',
      execution,
      [],
    );
    task.detail = describePlan(plan);
    task.presentationOptions = {
      reveal: vscode.TaskRevealKind.Always,
      panel: vscode.TaskPanelKind.Dedicated,
      clear: true,
      showReuseMessage: false,
    };
    return task;
  }

  async run(
    plan: LaunchPlan,
    definition: LaunchTaskDefinition,
    tool: ToolLocation | undefined,
  ): Promise<void> {
    await vscode.tasks.executeTask(this.task(plan, definition, tool));
  }

  /** Whether a task of ours is running the stage with this key. */
  isRunning(stageKey: string): boolean {
    for (const keys of this.running.values()) if (keys.includes(stageKey)) return true;
    return false;
  }

  private onStart(execution: vscode.TaskExecution): void {
    const definition = ourDefinition(execution);
    if (!definition) return;
    const file = definitionFile(execution, definition);
    this.running.set(execution, file ? [`${file}\u0000${definition.name}`] : []);
    this.runningChanged.fire();
  }

  private onEnd(execution: vscode.TaskExecution, exitCode: number | undefined): void {
    const definition = ourDefinition(execution);
    if (!definition) return;
    this.forget(execution);
    const title = execution.task.detail ?? execution.task.name;
    const file = definitionFile(execution, definition);
    if (file) this.ended.fire({ file, title, exitCode });
    if (exitCode === 0) {
      vscode.window.setStatusBarMessage(`$(pass) ${vscode.l10n.t('{0} finished', title)}`, 10_000);
      void vscode.window.showInformationMessage(vscode.l10n.t('"{0}" finished.', title));
    } else if (exitCode !== undefined) {
      vscode.window.setStatusBarMessage(`$(error) ${vscode.l10n.t('{0} failed', title)}`, 10_000);
      void vscode.window.showErrorMessage(
        vscode.l10n.t('"{0}" failed with exit code {1}; its output is in the terminal.', title, exitCode),
      );
    }
  }

  private forget(execution: vscode.TaskExecution): void {
    if (this.running.delete(execution)) this.runningChanged.fire();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function ourDefinition(execution: vscode.TaskExecution): LaunchTaskDefinition | undefined {
  const definition = execution.task.definition;
  return definition.type === TASK_TYPE ? (definition as LaunchTaskDefinition) : undefined;
}

/** The absolute pipeline file a task ran, from its definition (relative to its folder). */
function definitionFile(
  execution: vscode.TaskExecution,
  definition: LaunchTaskDefinition,
): string | undefined {
  const scope = execution.task.scope;
  const folder =
    typeof scope === 'object' ? scope.uri.fsPath : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!folder) return undefined;
  const fallback =
    definition.kind === 'mlproject' ? 'MLproject' : definition.kind === 'make' ? 'Makefile' : 'dvc.yaml';
  return path.resolve(folder, definition.file ?? fallback);
}

/** "train (dvc.yaml)", "evaluate@test (sub/dvc.yaml, up to here)", "lint (Makefile)". */
function taskName(plan: LaunchPlan, folder: vscode.WorkspaceFolder | undefined): string {
  const file = folder ? path.relative(folder.uri.fsPath, plan.file).split(path.sep).join('/') : plan.file;
  const where = plan.kind === 'dvc-upstream' ? `${file}, ${vscode.l10n.t('up to here')}` : file;
  const name = plan.kind === 'dvc-exp' ? `${vscode.l10n.t('experiment')} ${plan.name}`.trim() : plan.name;
  return `${name} (${where})`;
}
