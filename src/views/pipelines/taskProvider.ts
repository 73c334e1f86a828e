// "Run Task" integration: every DVC stage, Makefile target and MLproject entry point (whose
// parameters all have defaults) is offered as an "mlops-lens" task; tasks.json entries of that type
// are resolved against the pipelines found.
import * as vscode from 'vscode';
import { parseTaskDefinition, type LaunchTaskDefinition } from '../../core/launch/taskDefinition';

export interface PipelineTaskHost {
  /** The tasks to offer, each with its folder (nothing in an untrusted workspace). */
  definitions(): Promise<{ definition: LaunchTaskDefinition; folder: vscode.WorkspaceFolder }[]>;
  /** The task for a definition in `folder`; a string explains why there is none. */
  toTask(definition: LaunchTaskDefinition, folder: vscode.WorkspaceFolder): Promise<vscode.Task | string>;
}

export class PipelineTaskProvider implements vscode.TaskProvider {
  constructor(private readonly host: PipelineTaskHost) {}

  async provideTasks(): Promise<vscode.Task[]> {
    const tasks: vscode.Task[] = [];
    for (const { definition, folder } of await this.host.definitions()) {
      const task = await this.host.toTask(definition, folder);
      if (typeof task !== 'string') tasks.push(task);
    }
    return tasks;
  }

  /** A task from tasks.json: validated (it is user input), then built like a provided one. */
  async resolveTask(task: vscode.Task): Promise<vscode.Task | undefined> {
    const parsed = parseTaskDefinition(task.definition);
    const folder = typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
    if (!parsed.ok || !folder) {
      const reason = parsed.ok ? vscode.l10n.t('it needs a workspace folder') : parsed.error;
      void vscode.window.showErrorMessage(
        vscode.l10n.t('MLOps task "{0}" cannot run: {1}', task.name, reason),
      );
      return undefined;
    }
    const resolved = await this.host.toTask(parsed.definition, folder);
    if (typeof resolved === 'string') {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('MLOps task "{0}" cannot run: {1}', task.name, resolved),
      );
      return undefined;
    }
    // VS Code wants the resolved task to carry the definition it was given.
    return new vscode.Task(
      task.definition,
      folder,
      task.name,
      resolved.source,
      resolved.execution,
      resolved.problemMatchers,
    );
  }
}
