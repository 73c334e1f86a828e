// Opening the Data Diff panel: from two TableInputs (the comparison commands), or from a tracked
// path and two revisions (the `mlopsLens.data.openTableDiff` command, used by e2e and other code),
// and again after a reload from the state the webview saved (the same two versions re-read).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { cacheDirOf, cacheObjectPath } from '../core/data/cache';
import type { TableInput } from '../core/data/table/types';
import {
  parseDataDiffState,
  type AlignmentChoice,
  type DiffRestore,
  type DiffSource,
} from '../views/dataDiff/protocol';
import { panelStrings } from '../views/dataDiff/strings';
import { DATA_DIFF_VIEW_TYPE, DataDiffPanel, tableDiffWorkerPath } from './dataDiffPanel';
import type { DataService } from './dataService';
import { createTableDiffClient } from './tableDiffClient';

export const WORKSPACE_REV = 'workspace';

export type Resolved = TableInput | { problem: string };

/** One version of `key`: the workspace file, or its DVC cache object at `rev`. */
export async function resolveVersion(
  service: DataService,
  root: string,
  key: string,
  rev: string,
): Promise<Resolved> {
  if (rev === WORKSPACE_REV) {
    const file = path.join(root, ...key.split('/'));
    if (!fs.existsSync(file)) return { problem: vscode.l10n.t('{0} is not in the workspace.', key) };
    return { label: vscode.l10n.t('Workspace'), file, name: key };
  }
  let at;
  try {
    at = await service.history(root).at(rev, key);
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
  const label = /^[0-9a-f]{40}$/.test(rev) ? rev.slice(0, 7) : rev;
  if (!at.hash) return { problem: vscode.l10n.t('{0} is not tracked at {1}.', key, label) };
  if (at.isDir) return { problem: vscode.l10n.t('{0} is a folder at {1}: pick a file in it.', key, label) };
  const file = cacheObjectPath(cacheDirOf(root), at.hash);
  if (!file || !fs.existsSync(file))
    return { problem: vscode.l10n.t('{0} ({1}) is not in cache: {2}', key, label, file ?? at.hash.value) };
  return { label, file, name: key };
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** A restored state names files; only those inside a workspace folder are read again. */
function inWorkspace(file: string): boolean {
  return (vscode.workspace.workspaceFolders ?? []).some(
    (f) => f.uri.scheme === 'file' && isInside(path.resolve(file), f.uri.fsPath),
  );
}

export class DataDiffPanels {
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly service: DataService,
  ) {}

  /** Opens a Data Diff of `a` against `b` beside the active editor. */
  open(
    a: TableInput,
    b: TableInput,
    source: DiffSource | null = null,
    choice: AlignmentChoice = { kind: 'auto' },
  ): void {
    const panel = vscode.window.createWebviewPanel(
      DATA_DIFF_VIEW_TYPE,
      b.name,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      DataDiffPanel.webviewOptions(this.extensionUri),
    );
    this.attach(panel, { a, b, source, choice });
  }

  private attach(panel: vscode.WebviewPanel, restore: DiffRestore): DataDiffPanel {
    return new DataDiffPanel(
      panel,
      this.extensionUri,
      createTableDiffClient(tableDiffWorkerPath(this.extensionUri)),
      restore,
    );
  }

  /** `mlopsLens.data.openTableDiff(root, key, revA, revB)`; a revision may be "workspace". */
  async openByRevision(root: unknown, key: unknown, revA: unknown, revB: unknown): Promise<void> {
    if (
      typeof root !== 'string' ||
      typeof key !== 'string' ||
      typeof revA !== 'string' ||
      typeof revB !== 'string'
    )
      return;
    const [a, b] = await Promise.all([
      resolveVersion(this.service, root, key, revA),
      resolveVersion(this.service, root, key, revB),
    ]);
    for (const side of [a, b]) {
      if ('problem' in side) {
        void vscode.window.showWarningMessage(side.problem);
        return;
      }
    }
    this.open(a as TableInput, b as TableInput, { root, key, revA, revB });
  }

  private async restored(raw: unknown): Promise<DiffRestore | string> {
    const restore = parseDataDiffState(raw).restore;
    if (!restore) return panelStrings.cannotRestore();
    const source = restore.source;
    if (source && this.service.projectRoots().includes(source.root)) {
      const [a, b] = await Promise.all([
        resolveVersion(this.service, source.root, source.key, source.revA),
        resolveVersion(this.service, source.root, source.key, source.revB),
      ]);
      if ('problem' in a) return a.problem;
      if ('problem' in b) return b.problem;
      return { ...restore, a, b };
    }
    if (!inWorkspace(restore.a.file) || !inWorkspace(restore.b.file)) return panelStrings.outsideWorkspace();
    return restore;
  }

  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(DATA_DIFF_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, raw: unknown): Promise<void> => {
        panel.webview.options = DataDiffPanel.webviewOptions(this.extensionUri);
        if (this.service.projectRoots().length === 0) await this.service.discover();
        const restore = await this.restored(raw);
        if (typeof restore === 'string') {
          panel.dispose();
          void vscode.window.showWarningMessage(restore);
          return;
        }
        this.attach(panel, restore);
      },
    });
  }
}

let panels: DataDiffPanels | undefined;

/** Registers the panel's command and serializer; call once from the Data view's wiring. */
export function registerTableDiff(context: vscode.ExtensionContext, service: DataService): void {
  panels = new DataDiffPanels(context.extensionUri, service);
  const registered = panels;
  context.subscriptions.push(
    registered.registerSerializer(),
    vscode.commands.registerCommand(
      'mlopsLens.data.openTableDiff',
      (root: unknown, key: unknown, revA: unknown, revB: unknown) =>
        registered.openByRevision(root, key, revA, revB),
    ),
  );
}

/** Opens the Data Diff panel on two versions of a table (what dataCompare.ts routes tables to). */
export async function openTableDiff(a: TableInput, b: TableInput): Promise<void> {
  if (!panels) throw new Error('registerTableDiff was not called');
  panels.open(a, b);
}
