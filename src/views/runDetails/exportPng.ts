// "Save as PNG…" of a Run details chart: asks where to save, and writes there only.
import * as vscode from 'vscode';
import { safeFileName } from '../../core/compare/export';
import { panelStrings } from './strings';

/** `dataUrl` was validated as a PNG data URL (see protocol.ts). */
export async function savePng(name: string, dataUrl: string): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, safeFileName(name, 'png')) : undefined,
    filters: { PNG: ['png'] },
  });
  if (!target) return;
  try {
    const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
    await vscode.workspace.fs.writeFile(target, bytes);
    vscode.window.setStatusBarMessage(panelStrings.saved(target.fsPath), 5000);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(panelStrings.saveFailed(target.fsPath, reason));
  }
}
