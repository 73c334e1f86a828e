// "MLOps: Add Experiment Tracking…": adds MLflow or DVCLive to the project's dependencies and a small
// tracking module; shows the diff and the new file, and writes only after the user confirmed.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { detectProject } from '../core/scaffold/detect';
import { planFiles, type RenderedFile } from '../core/scaffold/plan';
import {
  dependencyChange,
  TRACKING_REQUIREMENTS,
  trackingModule,
  trackingModulePath,
  type TextChange,
  type TrackingTool,
} from '../core/scaffold/tracking';
import { writePlan } from '../core/scaffold/write';
import {
  confirmPreview,
  decideOverwrites,
  errorText,
  type PreviewDocuments,
  type PreviewEntry,
} from './scaffoldPreview';

/** The workspace folder to work on: the only one, or the one the user picks. */
export async function pickWorkspaceFolder(title: string): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Open a project folder first.'));
    return undefined;
  }
  if (folders.length === 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: title });
}

/** Replaces a file's text through the editor, refusing when it changed since the preview. */
export async function replaceText(uri: vscode.Uri, change: TextChange): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uri);
  if (document.getText() !== change.before)
    throw new Error(vscode.l10n.t('{0} changed since the preview; run the command again', change.path));
  const edit = new vscode.WorkspaceEdit();
  edit.replace(
    uri,
    new vscode.Range(document.positionAt(0), document.positionAt(change.before.length)),
    change.after,
  );
  if (!(await vscode.workspace.applyEdit(edit)))
    throw new Error(vscode.l10n.t('the editor refused the change'));
  await document.save();
}

async function pickTool(): Promise<TrackingTool | undefined> {
  const items: (vscode.QuickPickItem & { tool: TrackingTool })[] = [
    {
      label: 'MLflow',
      detail: vscode.l10n.t('Runs, params, metrics and models in mlflow.db'),
      tool: 'mlflow',
    },
    {
      label: 'DVCLive',
      detail: vscode.l10n.t('Metrics and params under dvclive/, read by DVC'),
      tool: 'dvclive',
    },
  ];
  return (await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Add Experiment Tracking') }))
    ?.tool;
}

export async function runAddTracking(previews: PreviewDocuments): Promise<void> {
  const folder = await pickWorkspaceFolder(vscode.l10n.t('Add experiment tracking to which folder?'));
  if (!folder) return;
  const tool = await pickTool();
  if (!tool) return;
  try {
    await addTracking(folder.uri, tool, previews);
  } catch (error) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Could not add experiment tracking: {0}', errorText(error)),
    );
  }
}

async function addTracking(root: vscode.Uri, tool: TrackingTool, previews: PreviewDocuments): Promise<void> {
  const facts = await detectProject(root.fsPath);
  const dependency = dependencyChange(facts, tool);
  const modulePath = trackingModulePath(facts);
  const moduleFile: RenderedFile = {
    path: modulePath,
    content: trackingModule(tool, modulePath, facts.package),
    executable: false,
    folder: 'tracking',
    source: modulePath,
  };
  const created: RenderedFile[] =
    dependency && dependency.before === undefined
      ? [
          {
            path: dependency.path,
            content: dependency.after,
            executable: false,
            folder: 'tracking',
            source: dependency.path,
          },
        ]
      : [];
  const plan = await planFiles(root.fsPath, [moduleFile, ...created]);
  const entries: PreviewEntry[] = plan.files.map((file) => ({
    path: file.path,
    description: file.exists ? vscode.l10n.t('exists: you will be asked') : vscode.l10n.t('new file'),
    open: () => previews.show(file.path, file.content),
  }));
  if (dependency?.before !== undefined) {
    const { before, after } = dependency;
    entries.unshift({
      path: dependency.path,
      description: vscode.l10n.t('adds {0}', TRACKING_REQUIREMENTS[tool].spec),
      open: () => previews.showDiff(dependency.path, before, after),
    });
  }
  const notes = dependency
    ? []
    : [vscode.l10n.t('{0} is already a dependency', TRACKING_REQUIREMENTS[tool].name)];
  const at = {
    title: vscode.l10n.t('Add {0} Tracking', tool === 'mlflow' ? 'MLflow' : 'DVCLive'),
    step: 1,
    totalSteps: 1,
  };
  const label = vscode.l10n.t('Apply the changes in {0}', path.basename(root.fsPath));
  if ((await confirmPreview(at, false, label, entries, notes)) !== 'confirm') return;
  const decisions = await decideOverwrites(
    plan.files.filter((f) => f.exists).map((f) => f.path),
    root.fsPath,
  );
  if (!decisions) return;
  if (dependency?.before !== undefined)
    await replaceText(vscode.Uri.joinPath(root, dependency.path), dependency);
  await writePlan(plan, decisions);
  await vscode.window.showTextDocument(vscode.Uri.joinPath(root, ...modulePath.split('/')));
}
