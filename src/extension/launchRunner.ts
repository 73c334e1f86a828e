// Runs launch plans as VS Code tasks (output in a terminal), tracks which stages are running, and
// tells the user how each run ended. A task starts the launch wrapper (dist/launchWrapper.js) with
// the extension host's own Node, so no shell ever re-reads an argument, and the wrapper leaves the
// exit code and standard error in a result file that the end of the task reads.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { firstErrorLine } from '../core/launch/errorLine';
import {
  commandsProblem,
  decodeSpec,
  encodeSpec,
  SPEC_VARIABLE,
  type LaunchResult,
  type SpawnHost,
} from '../core/launch/launchProcess';
import { describePlan, renderPlan, type LaunchPlan } from '../core/launch/plans';
import { LaunchTracker } from '../core/launch/launchTracker';
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
  /** Running launches by run id (from the task itself, so any copy of its execution matches). */
  private readonly tracker = new LaunchTracker();
  private readonly runningChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeRunning = this.runningChanged.event;
  private readonly ended = new vscode.EventEmitter<RunEnded>();
  readonly onDidEndRun = this.ended.event;
  private readonly disposables: vscode.Disposable[] = [];
  private resultDir: string | undefined;
  /** The execution of each running launch, for ending it when only its process's exit is seen. */
  private readonly executions = new Map<string, vscode.TaskExecution>();
  private sweep: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly environment: LaunchEnvironment,
    private readonly wrapperScript: string,
  ) {
    this.disposables.push(
      this.runningChanged,
      this.ended,
      vscode.tasks.onDidStartTaskProcess((e) => this.onStart(e.execution, e.processId)),
      vscode.tasks.onDidEndTaskProcess((e) => this.onEnd(e.execution, e.exitCode)),
      // A task without a process exit code (terminated, or its events out of order) still ends.
      vscode.tasks.onDidEndTask((e) => this.onEnd(e.execution, undefined)),
    );
  }

  /** Why `plan` cannot run on this machine (e.g. a batch file with unsafe arguments), if it cannot. */
  problem(plan: LaunchPlan): string | undefined {
    return commandsProblem(plan.commands, spawnHost());
  }

  /** The task that runs `plan` in its folder, with the tool's environment first on PATH. */
  task(plan: LaunchPlan, definition: LaunchTaskDefinition, tool: ToolLocation | undefined): vscode.Task {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(plan.file));
    const id = randomUUID();
    const env: Record<string, string> = { ELECTRON_RUN_AS_NODE: '1' };
    if (tool?.binDir) env.PATH = pathWithBinDir(process.env.PATH ?? '', tool.binDir, process.platform);
    env[SPEC_VARIABLE] = encodeSpec({
      id,
      cwd: plan.cwd,
      commands: plan.commands,
      heading: heading(plan, this.environment),
      resultFile: path.join(this.results(), `${id}.json`),
      unset: ['ELECTRON_RUN_AS_NODE', SPEC_VARIABLE],
    });
    const execution = new vscode.ProcessExecution(process.execPath, [this.wrapperScript, id], {
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
      // The wrapper prints the command itself; VS Code would show the wrapper's command line.
      echo: false,
      showReuseMessage: false,
    };
    return task;
  }

  async run(
    plan: LaunchPlan,
    definition: LaunchTaskDefinition,
    tool: ToolLocation | undefined,
  ): Promise<void> {
    const problem = this.problem(plan);
    if (problem !== undefined) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('"{0}" cannot run: {1}.', describePlan(plan), problem),
      );
      return;
    }
    await vscode.tasks.executeTask(this.task(plan, definition, tool));
  }

  /** Whether a task of ours is running the stage with this key. */
  isRunning(stageKey: string): boolean {
    return this.tracker.isRunning(stageKey);
  }

  private onStart(execution: vscode.TaskExecution, pid: number): void {
    const launch = ourLaunch(execution);
    if (!launch) return;
    const file = definitionFile(execution, launch.definition);
    const stageKey = file ? `${file}\u0000${launch.definition.name}` : undefined;
    this.executions.set(launch.id, execution);
    if (this.tracker.start(launch.id, stageKey, pid)) this.runningChanged.fire();
    this.sweep ??= setInterval(() => this.endGone(), GONE_CHECK_MS);
  }

  /** Ends the launches whose wrapper process has exited without VS Code telling us. */
  private endGone(): void {
    for (const id of this.tracker.gone(isAlive)) {
      const execution = this.executions.get(id);
      if (execution) this.onEnd(execution, undefined);
    }
    if (!this.tracker.watching && this.sweep) {
      clearInterval(this.sweep);
      this.sweep = undefined;
    }
  }

  private onEnd(execution: vscode.TaskExecution, exitCode: number | undefined): void {
    const launch = ourLaunch(execution);
    if (!launch) return;
    const { changed, end } = this.tracker.end(launch.id, exitCode, () => readResult(launch.resultFile));
    this.executions.delete(launch.id);
    if (changed) this.runningChanged.fire();
    if (!end) return;
    const { exitCode: code, result } = end;
    const title = execution.task.detail ?? execution.task.name;
    const file = definitionFile(execution, launch.definition);
    if (file) this.ended.fire({ file, title, exitCode: code });
    if (code === 0) {
      vscode.window.setStatusBarMessage(`$(pass) ${vscode.l10n.t('{0} finished', title)}`, 10_000);
      void vscode.window.showInformationMessage(vscode.l10n.t('"{0}" finished.', title));
      return;
    }
    vscode.window.setStatusBarMessage(`$(error) ${vscode.l10n.t('{0} failed', title)}`, 10_000);
    void showFailure(title, code, result, execution.task.name);
  }

  /** The folder the wrappers write their results to, made on first use. */
  private results(): string {
    this.resultDir ??= mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-launch-'));
    return this.resultDir;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    if (this.sweep) clearInterval(this.sweep);
    if (this.resultDir) rmSync(this.resultDir, { recursive: true, force: true });
  }
}

/** How often running launches are checked for a process that is gone. */
const GONE_CHECK_MS = 2_000;

/** Whether process `pid` still exists (EPERM: it does, owned by someone else). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** "failed (exit code 255): ERROR: …" with a button to the task's terminal. */
async function showFailure(
  title: string,
  exitCode: number,
  result: LaunchResult | undefined,
  taskName: string,
): Promise<void> {
  const line = result ? firstErrorLine(result.stderr) : undefined;
  const show = vscode.l10n.t('Show Terminal');
  const message =
    line === undefined
      ? vscode.l10n.t('"{0}" failed with exit code {1}.', title, exitCode)
      : vscode.l10n.t('"{0}" failed (exit code {1}): {2}', title, exitCode, line);
  if ((await vscode.window.showErrorMessage(message, show)) !== show) return;
  const terminal = [...vscode.window.terminals].reverse().find((t) => t.name.includes(taskName));
  if (terminal) terminal.show();
  else await vscode.commands.executeCommand('workbench.action.terminal.focus');
}

/** The result the wrapper left (then removed: it is read once), undefined when there is none. */
function readResult(file: string): LaunchResult | undefined {
  try {
    const result = JSON.parse(readFileSync(file, 'utf8')) as LaunchResult;
    rmSync(file, { force: true });
    return typeof result.exitCode === 'number' && typeof result.stderr === 'string' ? result : undefined;
  } catch {
    return undefined;
  }
}

/** Our definition, run id and result file, when the execution is one of our launches. */
function ourLaunch(
  execution: vscode.TaskExecution,
): { definition: LaunchTaskDefinition; id: string; resultFile: string } | undefined {
  const definition = execution.task.definition;
  const process = execution.task.execution;
  if (definition.type !== TASK_TYPE || !(process instanceof vscode.ProcessExecution)) return undefined;
  const spec = decodeSpec(process.options?.env?.[SPEC_VARIABLE]);
  if (!spec) return undefined;
  return { definition: definition as LaunchTaskDefinition, id: spec.id, resultFile: spec.resultFile };
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

/** The command line for the user's shell (a copy pasted there runs the same), else for people. */
function heading(plan: LaunchPlan, environment: LaunchEnvironment): string {
  try {
    return renderPlan(plan, environment.shellKind());
  } catch {
    return describePlan(plan);
  }
}

function spawnHost(): SpawnHost {
  return {
    platform: process.platform,
    shell: process.platform === 'win32' ? process.env.ComSpec : process.env.SHELL,
  };
}

/** "train (dvc.yaml)", "evaluate@test (sub/dvc.yaml, up to here)", "lint (Makefile)". */
function taskName(plan: LaunchPlan, folder: vscode.WorkspaceFolder | undefined): string {
  const file = folder ? path.relative(folder.uri.fsPath, plan.file).split(path.sep).join('/') : plan.file;
  const where = plan.kind === 'dvc-upstream' ? `${file}, ${vscode.l10n.t('up to here')}` : file;
  const name = plan.kind === 'dvc-exp' ? vscode.l10n.t('experiment {0}', plan.name).trim() : plan.name;
  return `${name} (${where})`;
}
