// After the New Project wizard wrote the files: open the project the way the user chooses.
import * as path from 'node:path';
import * as vscode from 'vscode';

type OpenChoice = 'newWindow' | 'thisWindow' | 'addToWorkspace' | 'reveal';

function containingFolder(uri: vscode.Uri): vscode.WorkspaceFolder | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return folder && folder.uri.fsPath !== uri.fsPath ? folder : undefined;
}

async function askHowToOpen(root: vscode.Uri, count: number, name: string): Promise<OpenChoice | undefined> {
  const inside = containingFolder(root) !== undefined;
  const items: (vscode.QuickPickItem & { choice: OpenChoice })[] = [
    { label: `$(empty-window) ${vscode.l10n.t('Open in New Window')}`, choice: 'newWindow' },
    inside
      ? {
          label: `$(list-tree) ${vscode.l10n.t('Reveal in Explorer')}`,
          description: vscode.l10n.t('it is inside the open workspace'),
          choice: 'reveal',
        }
      : { label: `$(root-folder-opened) ${vscode.l10n.t('Add to Workspace')}`, choice: 'addToWorkspace' },
    { label: `$(window) ${vscode.l10n.t('Open in This Window')}`, choice: 'thisWindow' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Created {0} files in {1}', count, root.fsPath),
    placeHolder: vscode.l10n.t('How do you want to open "{0}"?', name),
    ignoreFocusOut: true,
  });
  return picked?.choice;
}

/** The file to show first: the README when there is one. */
function firstFile(root: vscode.Uri, written: readonly string[]): vscode.Uri | undefined {
  const readme = written.find((p) => /^readme\.md$/i.test(p)) ?? written.find((p) => !p.includes('/'));
  return readme ? vscode.Uri.joinPath(root, ...readme.split('/')) : undefined;
}

async function showInWorkbench(root: vscode.Uri, written: readonly string[]): Promise<void> {
  const file = firstFile(root, written);
  if (file) await vscode.window.showTextDocument(file, { preview: false });
  await vscode.commands.executeCommand('revealInExplorer', file ?? root);
}

/** Waits (briefly) until `root` is one of the workspace folders, so the explorer can reveal in it. */
function folderAdded(root: vscode.Uri): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      listener.dispose();
      resolve();
    }, 5000);
    const listener = vscode.workspace.onDidChangeWorkspaceFolders((event) => {
      if (!event.added.some((f) => f.uri.fsPath === root.fsPath)) return;
      clearTimeout(timer);
      listener.dispose();
      resolve();
    });
  });
}

export async function openCreatedProject(
  root: vscode.Uri,
  written: readonly string[],
  name: string,
): Promise<void> {
  const choice = await askHowToOpen(root, written.length, name);
  switch (choice) {
    case 'newWindow':
    case 'thisWindow':
      await vscode.commands.executeCommand('vscode.openFolder', root, {
        forceNewWindow: choice === 'newWindow',
      });
      return;
    case 'addToWorkspace': {
      const added = folderAdded(root);
      const count = vscode.workspace.workspaceFolders?.length ?? 0;
      if (!vscode.workspace.updateWorkspaceFolders(count, 0, { uri: root, name: path.basename(root.fsPath) }))
        throw new Error(vscode.l10n.t('VS Code did not add {0} to the workspace', root.fsPath));
      await added;
      await showInWorkbench(root, written);
      return;
    }
    case 'reveal':
      await showInWorkbench(root, written);
      return;
    default:
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Created {0} files in {1}.', written.length, root.fsPath),
      );
  }
}
