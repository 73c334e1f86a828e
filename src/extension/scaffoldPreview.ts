// Read-only previews of files a command is about to write (a content provider, so the documents
// cannot be edited or saved by mistake), the preview step listing them, and the question asked
// before replacing files that already exist.
import * as vscode from 'vscode';
import type { OverwriteDecision } from '../core/scaffold/write';
import { BACK, pickOne, type Answer, type StepPosition } from './scaffoldInput';

export const PREVIEW_SCHEME = 'mlops-lens-preview';
const MAX_PREVIEWS = 1000;

/** Holds the text of proposed files; their URIs open as read-only documents. */
export class PreviewDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private counter = 0;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.query) ?? '';
  }

  /** A URI whose document shows `content`, named after `relativePath` (for the language mode). */
  uriFor(relativePath: string, content: string): vscode.Uri {
    const key = String(++this.counter);
    this.contents.set(key, content);
    if (this.contents.size > MAX_PREVIEWS) this.contents.delete(this.contents.keys().next().value!);
    return vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${relativePath}`, query: key });
  }

  /** Opens the proposed content beside the quick input, keeping the focus there. */
  async show(relativePath: string, content: string): Promise<void> {
    await vscode.window.showTextDocument(this.uriFor(relativePath, content), {
      preview: true,
      preserveFocus: true,
    });
  }

  /** A diff of the current and the proposed text. */
  async showDiff(relativePath: string, before: string, after: string): Promise<void> {
    await vscode.commands.executeCommand(
      'vscode.diff',
      this.uriFor(relativePath, before),
      this.uriFor(relativePath, after),
      vscode.l10n.t('{0} (proposed change)', relativePath),
      { preview: true, preserveFocus: true },
    );
  }

  /**
   * Closes the editor tabs of proposed files (previews and diffs): once a flow ends, cancelled or
   * done, they show text that is not on disk and would stay open otherwise.
   */
  async closeAll(): Promise<void> {
    const isPreview = (uri: unknown): boolean => uri instanceof vscode.Uri && uri.scheme === PREVIEW_SCHEME;
    const tabs = vscode.window.tabGroups.all.flatMap((group) =>
      group.tabs.filter(({ input }) =>
        input instanceof vscode.TabInputText
          ? isPreview(input.uri)
          : input instanceof vscode.TabInputTextDiff &&
            (isPreview(input.original) || isPreview(input.modified)),
      ),
    );
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
  }

  dispose(): void {
    this.registration.dispose();
    this.contents.clear();
  }
}

export interface PreviewEntry {
  /** Relative path shown as the label. */
  path: string;
  /** E.g. "new file", "exists: you will be asked", "adds mlflow>=2.10". */
  description: string;
  open: () => Promise<void>;
}

type PreviewItem = vscode.QuickPickItem & { role: 'confirm' | 'warning' | 'file'; entry?: PreviewEntry };

/**
 * The last step: a confirm item, any warnings, then every file (accepting a file opens its preview
 * and keeps the step open). Resolves 'confirm', BACK or undefined.
 */
export async function confirmPreview(
  at: StepPosition,
  canGoBack: boolean,
  confirmLabel: string,
  entries: readonly PreviewEntry[],
  warnings: readonly string[] = [],
): Promise<Answer<'confirm'>> {
  const items: PreviewItem[] = [
    { label: `$(check) ${confirmLabel}`, role: 'confirm', alwaysShow: true },
    ...warnings.map((text): PreviewItem => ({
      label: `$(warning) ${text}`,
      role: 'warning',
      alwaysShow: true,
    })),
    {
      label: vscode.l10n.t('Files (select one to preview it)'),
      kind: vscode.QuickPickItemKind.Separator,
      role: 'file',
    },
    ...entries.map((entry): PreviewItem => ({
      label: entry.path,
      description: entry.description,
      role: 'file',
      entry,
    })),
  ];
  const answer = await pickOne(at, items, {
    canGoBack,
    placeholder: vscode.l10n.t('Select a file to preview it, or confirm'),
    keepOpen: async (item) => {
      if (item.role === 'confirm') return false;
      if (item.entry) await item.entry.open();
      return true;
    },
  });
  if (answer === BACK || answer === undefined) return answer;
  return 'confirm';
}

function listForMessage(paths: readonly string[], limit = 10): string {
  const shown = paths.slice(0, limit).map((p) => `  ${p}`);
  if (paths.length > limit) shown.push(vscode.l10n.t('  … and {0} more', paths.length - limit));
  return shown.join('\n');
}

/**
 * Asks what to do with files that already exist: overwrite all, keep all, or choose one by one.
 * Returns a decision for every path, or undefined when the user cancelled.
 */
export async function decideOverwrites(
  existing: readonly string[],
  folder: string,
): Promise<Map<string, OverwriteDecision> | undefined> {
  const decisions = new Map<string, OverwriteDecision>();
  if (existing.length === 0) return decisions;
  const overwrite = vscode.l10n.t('Overwrite All');
  const keep = vscode.l10n.t('Keep Existing Files');
  const choose = vscode.l10n.t('Choose…');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('{0} file(s) already exist in {1}', existing.length, folder),
    {
      modal: true,
      detail: `${listForMessage(existing)}\n\n${vscode.l10n.t('Nothing is replaced unless you say so.')}`,
    },
    overwrite,
    keep,
    choose,
  );
  if (answer === undefined) return undefined;
  if (answer !== choose) {
    for (const path of existing) decisions.set(path, answer === overwrite ? 'overwrite' : 'skip');
    return decisions;
  }
  const picked = await vscode.window.showQuickPick(
    existing.map((path) => ({ label: path })),
    {
      canPickMany: true,
      title: vscode.l10n.t('Check the files to overwrite; the others are kept'),
      ignoreFocusOut: true,
    },
  );
  if (picked === undefined) return undefined;
  const chosen = new Set(picked.map((p) => p.label));
  for (const path of existing) decisions.set(path, chosen.has(path) ? 'overwrite' : 'skip');
  return decisions;
}

/** An error's message for a notification. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
