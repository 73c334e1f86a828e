// Hosts the Compare Runs webview: one panel, restored after reloads, updated live from the index.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { filterRows, buildCompareRows } from '../../core/compare/table';
import { HistoryCache } from '../../core/compare/historyCache';
import { RunStyleAssigner } from '../../core/compare/colors';
import { safeFileName, toCsv, toMarkdown } from '../../core/compare/export';
import type { MetricPoint, Problem, Run } from '../../core/model';
import { panelAssets } from '../webviewHtml';
import { buildCompareHtml } from './html';
import {
  DEFAULT_OPTIONS,
  parseCompareMessage,
  parseCompareState,
  type HostOptions,
  type RunRefState,
  type TableFormat,
  type WebviewMessage,
} from './protocol';
import { buildSnapshot } from './snapshot';
import { compareStrings, panelStrings } from './strings';

export const COMPARE_VIEW_TYPE = 'mlopsLens.compare';
/** Coalesces bursts of index changes; with the index's own debounce, live values show within ~0.5 s. */
const REFRESH_DELAY_MS = 100;

/** What the panel needs of the rest of the extension. */
export interface CompareSource {
  findRun(store: string, id: string): Run | undefined;
  history(run: Run, key: string): Promise<{ points: MetricPoint[]; problems: Problem[] }>;
  onDidChange(listener: () => void): { dispose(): void };
  isIndexing(): boolean;
  showRunDetails(run: Run): void;
  /** Lets the user choose runs (the "Compare Runs…" quick pick); undefined when cancelled. */
  pickRuns(current: readonly Run[]): Promise<Run[] | undefined>;
}

const yieldNow = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class ComparePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private refs: RunRefState[] = [];
  private options: HostOptions = DEFAULT_OPTIONS;
  private ready = false;
  /** Series revisions the current webview holds; cleared when it (re)loads. */
  private readonly sent = new Map<string, string>();
  private readonly cache: HistoryCache;
  /** Run colours: a run keeps its colour while the panel lives. */
  private styles = new RunStyleAssigner();
  private readonly subscription: { dispose(): void };
  private queue: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pendingLive = false;
  /** The runs of the last snapshot: exports use exactly what the user sees. */
  private shownRuns: Run[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly source: CompareSource,
  ) {
    this.cache = new HistoryCache((run, key) => source.history(run, key));
    this.subscription = source.onDidChange(() => this.scheduleRefresh(true));
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /**
   * Opens the panel on `runs` (or shows them in the open one, where it is). `beside`: a new panel
   * opens in the group beside the active editor (the Runs Table), which stays visible.
   */
  show(runs: readonly Run[], options: { preserveFocus?: boolean; beside?: boolean } = {}): void {
    this.refs = runs.map((run) => ({ store: run.store, id: run.id }));
    if (this.panel) {
      this.panel.reveal(undefined, options.preserveFocus ?? false);
      this.scheduleRefresh(false);
      return;
    }
    const viewColumn = options.beside ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const panel = vscode.window.createWebviewPanel(
      COMPARE_VIEW_TYPE,
      panelStrings.title(runs.length),
      { viewColumn, preserveFocus: options.preserveFocus ?? false },
      this.webviewOptions(),
    );
    this.attach(panel);
  }

  /** Replaces the compared runs without revealing the panel (e.g. when checkboxes change). */
  setRuns(runs: readonly Run[]): void {
    this.refs = runs.map((run) => ({ store: run.store, id: run.id }));
    this.scheduleRefresh(false);
  }

  currentRuns(): Run[] {
    return this.refs.flatMap((ref) => this.source.findRun(ref.store, ref.id) ?? []);
  }

  /** Restores the panel after a window reload; the registration must be disposed with the extension. */
  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown): Promise<void> => {
        if (this.panel) {
          panel.dispose(); // one comparison at a time
          return;
        }
        panel.webview.options = this.webviewOptions();
        this.refs = parseCompareState(state) ?? [];
        this.attach(panel);
      },
    });
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.subscription.dispose();
    this.panel?.dispose();
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      localResourceRoots: [
        vscode.Uri.joinPath(this.extensionUri, 'dist'),
        vscode.Uri.joinPath(this.extensionUri, 'media'),
      ],
    };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    this.sent.clear();
    panel.webview.html = this.html(panel.webview);
    this.panelDisposables = [
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseCompareMessage(raw);
        if (message) this.handle(message).catch((error: unknown) => this.reportError(error));
      }),
      panel.onDidChangeViewState(() => {
        // A hidden webview is destroyed (no retainContextWhenHidden): it says `ready` again when shown.
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => {
        if (this.panel === panel) this.panel = undefined;
        for (const d of this.panelDisposables) d.dispose();
        this.panelDisposables = [];
        this.cache.clear();
        this.shownRuns = [];
        this.styles = new RunStyleAssigner();
      }),
    ];
  }

  private html(webview: vscode.Webview): string {
    const asset = (...segments: string[]): string =>
      webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...segments)).toString();
    return buildCompareHtml({
      nonce: randomBytes(18).toString('base64'),
      cspSource: webview.cspSource,
      ...panelAssets(asset, 'compare'),
      title: panelStrings.title(this.refs.length),
      loadingText: panelStrings.loading(),
      strings: compareStrings(),
      lang: vscode.env.language,
    });
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.options = message.options;
        this.ready = true;
        this.sent.clear();
        return this.enqueue(false);
      case 'setOptions':
        this.options = message.options;
        return this.enqueue(false);
      case 'openRun': {
        const run = this.source.findRun(message.store, message.id);
        if (run) this.source.showRunDetails(run);
        else void vscode.window.showWarningMessage(panelStrings.runNotFound(message.id));
        return;
      }
      case 'copyTable':
        return this.copyTable(message.format, message.onlyDifferences);
      case 'exportTable':
        return this.save(safeFileName('runs', 'csv'), { CSV: ['csv'] }, () =>
          Buffer.from(this.tableText('csv', message.onlyDifferences), 'utf8'),
        );
      case 'exportChart':
        return this.save(safeFileName(message.name, 'png'), { PNG: ['png'] }, () =>
          Buffer.from(message.dataUrl.slice(message.dataUrl.indexOf(',') + 1), 'base64'),
        );
      case 'pickRuns': {
        const runs = await this.source.pickRuns(this.currentRuns());
        if (runs) this.show(runs);
        return;
      }
    }
  }

  private tableText(format: TableFormat, onlyDifferences: boolean): string {
    const runs = this.shownRuns;
    const rows = filterRows(buildCompareRows(runs, this.options.directions), onlyDifferences);
    const columns = runs.map((run) => ({ name: run.name || run.id, id: run.id }));
    return format === 'csv' ? toCsv(columns, rows) : toMarkdown(columns, rows);
  }

  private async copyTable(format: TableFormat, onlyDifferences: boolean): Promise<void> {
    await vscode.env.clipboard.writeText(this.tableText(format, onlyDifferences));
    vscode.window.setStatusBarMessage(panelStrings.copied(), 3000);
  }

  /** Asks where to save, and writes there only: nothing is written without the user's choice. */
  private async save(
    fileName: string,
    filters: Record<string, string[]>,
    content: () => Buffer,
  ): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
      filters,
    });
    if (!target) return;
    try {
      await vscode.workspace.fs.writeFile(target, content());
      vscode.window.setStatusBarMessage(panelStrings.saved(target.fsPath), 5000);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      void vscode.window.showErrorMessage(panelStrings.saveFailed(target.fsPath, reason));
    }
  }

  private reportError(error: unknown): void {
    void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
  }

  private scheduleRefresh(live: boolean): void {
    this.pendingLive ||= live;
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const rereadLive = this.pendingLive;
      this.pendingLive = false;
      void this.enqueue(rereadLive);
    }, REFRESH_DELAY_MS);
  }

  /** Refreshes one at a time, in order, so that snapshots and the `sent` map never interleave. */
  private enqueue(rereadLive: boolean): Promise<void> {
    this.queue = this.queue
      .then(() => this.refresh(rereadLive))
      .catch((error: unknown) => this.reportError(error));
    return this.queue;
  }

  private async refresh(rereadLive: boolean): Promise<void> {
    const panel = this.panel;
    if (!panel || !this.ready) return;
    const found = this.refs.map((ref) => this.source.findRun(ref.store, ref.id));
    const runs = found.filter((run): run is Run => run !== undefined);
    await this.cache.sync(runs, { rereadLive, yieldNow });
    if (this.panel !== panel || !this.ready) return;
    const snapshot = buildSnapshot({
      runs,
      requested: this.refs,
      missingRuns: this.source.isIndexing() ? 0 : found.length - runs.length,
      indexing: this.source.isIndexing(),
      history: (run, key) => this.cache.get(run, key),
      options: this.options,
      sent: this.sent,
      styles: this.styles,
    });
    this.shownRuns = runs;
    panel.title = panelStrings.title(runs.length);
    const delivered = await panel.webview.postMessage(snapshot).then(
      (ok) => ok,
      () => false,
    );
    // Whatever did not arrive must be sent in full next time.
    if (!delivered) this.sent.clear();
  }
}
