// Hosts a Data Diff webview: two versions of a table diffed in a worker, the summary posted once
// computed, row pages cut on request, a new alignment on request, and the exports. One panel per
// comparison; each is restored after a reload by reading the same two versions again.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TableDiffSummary } from '../core/data/table/types';
import { TableReadError } from '../core/data/table/types';
import { buildDataDiffHtml } from '../views/dataDiff/html';
import {
  PAGE_ROWS,
  parseDataDiffMessage,
  type DiffRestore,
  type DiffSource,
  type HostMessage,
  type WebviewMessage,
} from '../views/dataDiff/protocol';
import { diffTitle, isTableFile, keyCandidates, optionsOf } from '../views/dataDiff/model';
import { dataDiffStrings, panelStrings } from '../views/dataDiff/strings';
import { panelAssets } from '../views/webviewHtml';
import { exportDataDiff } from './dataDiffExport';
import type { TableDiffClient } from './tableDiffClient';

export const DATA_DIFF_VIEW_TYPE = 'mlopsLens.dataDiff';

export { isTableFile };

export class DataDiffPanel {
  private generation = 0;
  private ready = false;
  private computing: Promise<void> | undefined;
  private last: HostMessage | undefined;
  private summary: TableDiffSummary | undefined;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly client: TableDiffClient,
    private restore: DiffRestore,
  ) {
    panel.title = panelStrings.title(path.posix.basename(restore.b.name), restore.a.label, restore.b.label);
    panel.webview.html = this.html(panel.webview);
    const subscriptions = [
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseDataDiffMessage(raw);
        if (message) this.handle(message).catch((error: unknown) => this.reportError(error));
      }),
      panel.onDidChangeViewState(() => {
        // A hidden webview is destroyed (no retainContextWhenHidden): it says `ready` again when shown.
        if (!panel.visible) this.ready = false;
      }),
    ];
    panel.onDidDispose(() => {
      for (const s of subscriptions) s.dispose();
      client.dispose();
    });
    this.computing = this.compute();
  }

  static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [
        vscode.Uri.joinPath(extensionUri, 'dist'),
        vscode.Uri.joinPath(extensionUri, 'media'),
      ],
    };
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  private html(webview: vscode.Webview): string {
    const asset = (...segments: string[]): string =>
      webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...segments)).toString();
    return buildDataDiffHtml({
      nonce: randomBytes(18).toString('base64'),
      cspSource: webview.cspSource,
      ...panelAssets(asset, 'dataDiff'),
      title: this.panel.title,
      loadingText: panelStrings.loading(),
      strings: dataDiffStrings(),
      lang: vscode.env.language,
    });
  }

  private post(message: HostMessage): void {
    if (message.type !== 'page') this.last = message;
    if (!this.ready) return;
    this.panel.webview.postMessage(message).then(
      () => undefined,
      () => undefined,
    );
  }

  private async compute(): Promise<void> {
    const { a, b } = this.restore;
    const title = diffTitle(a, b);
    const generation = ++this.generation;
    this.summary = undefined;
    this.post({ type: 'computing', title, restore: this.restore });
    try {
      const result = await this.client.diff(a, b, optionsOf(this.restore.choice));
      const [all, changed] = await Promise.all([
        this.client.page({ offset: 0, count: PAGE_ROWS, changedOnly: false }),
        this.client.page({ offset: 0, count: PAGE_ROWS, changedOnly: true }),
      ]);
      if (generation !== this.generation) return;
      this.summary = result.summary;
      this.post({
        type: 'summary',
        title,
        generation,
        summary: result.summary,
        keyCandidates: keyCandidates(result.summary),
        choice: this.restore.choice,
        restore: this.restore,
        computeMs: Math.round(result.computeMs),
        firstPages: { all, changed },
      });
    } catch (error) {
      if (generation !== this.generation) return;
      const failure =
        error instanceof TableReadError
          ? { path: error.path, reason: error.reason }
          : {
              path: b.name,
              reason: panelStrings.workerFailed(error instanceof Error ? error.message : String(error)),
            };
      this.post({ type: 'failed', title, ...failure, restore: this.restore });
    }
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.last) this.post(this.last);
        return;
      case 'retry':
        this.computing = this.compute();
        return this.computing;
      case 'align':
        this.restore = { ...this.restore, choice: message.choice };
        this.computing = this.compute();
        return this.computing;
      case 'page': {
        if (message.generation !== this.generation || !this.summary) return;
        const page = await this.client.page({
          offset: message.offset,
          count: message.count,
          changedOnly: message.changedOnly,
        });
        if (message.generation !== this.generation) return;
        this.post({ type: 'page', generation: message.generation, changedOnly: message.changedOnly, page });
        return;
      }
      case 'export':
        if (!this.summary) return;
        return exportDataDiff(this.client, this.restore.b.name, this.summary, message.format, message.target);
    }
  }

  private reportError(error: unknown): void {
    void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
  }
}

/** Where the table-diff worker's bundle is. */
export function tableDiffWorkerPath(extensionUri: vscode.Uri): string {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'tableDiffWorker.js').fsPath;
}

export type { DiffSource };
