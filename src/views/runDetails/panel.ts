// Hosts the "Run details" webview panels: one per run, restored after reloads, live-updated.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { listArtifacts, resolveArtifactFile, type ArtifactListing } from '../../core/artifacts';
import { HistoryCache, type HistoryLoader } from '../../core/compare/historyCache';
import type { Run } from '../../core/model';
import { staleAfter } from '../../core/query/stale';
import { panelAssets } from '../webviewHtml';
import { savePng } from './exportPng';
import { buildSeriesMessage, chartedMetrics, withMetrics } from './history';
import { buildRunDetailsHtml } from './html';
import {
  parseRunDetailsMessage,
  parseRunDetailsState,
  type HostMessage,
  type WebviewMessage,
  type XAxisMode,
} from './protocol';
import { buildSnapshot } from './snapshot';
import { panelStrings, runDetailsStrings } from './strings';

export const RUN_DETAILS_VIEW_TYPE = 'mlopsLens.runDetails';
const REFRESH_DELAY_MS = 200;

/** What the panels need of the run index. */
export interface RunLookup {
  getRun(store: string, id: string): Run | undefined;
  parentOf(run: Run): Run | undefined;
  childrenOf(run: Run): Run[];
  onDidChange: (listener: () => void) => { dispose(): void };
  /** Reads one metric's history (for the charts; read only when the webview shows them). */
  history: HistoryLoader;
  /** The `mlopsLens.runs.staleAfterHours` setting, read at each snapshot. */
  staleHours(): number;
}

/** setTimeout's limit (about 24.8 days); a later switch to stale is rescheduled from there. */
const MAX_TIMER_MS = 2_147_483_647;

const yieldNow = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface PanelEntry {
  readonly key: string;
  readonly store: string;
  readonly id: string;
  readonly panel: vscode.WebviewPanel;
  /** Local artifact root of the last snapshot; `openArtifact` paths resolve below it only. */
  root: string | undefined;
  /** The run given to `show`, used until the index reports a change (it may not know the run yet). */
  fallback: Run | undefined;
  ready: boolean;
  /** Increments per refresh so a slow artifact listing never overwrites a newer snapshot. */
  generation: number;
  /** The metrics whose charts the webview shows, and their x axis (its last `charts` message). */
  charts: { metrics: string[]; xAxis: XAxisMode } | undefined;
  readonly histories: HistoryCache;
  /** History revisions the webview holds, by metric; cleared when it (re)loads. */
  readonly sent: Map<string, string>;
  /** Chart updates run one at a time, in order, so that messages and `sent` never interleave. */
  chartQueue: Promise<void>;
  /** Posts a new snapshot when a RUNNING run that writes nothing more turns stale. */
  staleTimer: ReturnType<typeof setTimeout> | undefined;
  readonly disposables: vscode.Disposable[];
}

const keyOf = (store: string, id: string): string => `${store}\u0000${id}`;

export class RunDetailsPanels implements vscode.Disposable {
  private readonly entries = new Map<string, PanelEntry>();
  private readonly subscription: { dispose(): void };
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly lookup: RunLookup,
    private readonly artifactLister: (run: Run) => Promise<ArtifactListing> = (run) => listArtifacts(run),
  ) {
    this.subscription = lookup.onDidChange(() => {
      for (const entry of this.entries.values()) entry.fallback = undefined;
      this.scheduleRefresh();
    });
  }

  /** Opens the details of `run`, or reveals its panel when it is already open. */
  show(run: Run): void {
    const existing = this.entries.get(keyOf(run.store, run.id));
    if (existing) {
      existing.panel.reveal(undefined, false);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      RUN_DETAILS_VIEW_TYPE,
      run.name || run.id,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      this.webviewOptions(),
    );
    this.attach(panel, run.store, run.id, run);
  }

  /** Restores panels after a window reload. Call during activation; the registration joins `context.subscriptions`. */
  registerSerializer(context: Pick<vscode.ExtensionContext, 'subscriptions'>): vscode.Disposable {
    const registration = vscode.window.registerWebviewPanelSerializer(RUN_DETAILS_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown): Promise<void> => {
        panel.webview.options = this.webviewOptions();
        const parsed = parseRunDetailsState(state);
        const key = parsed ? keyOf(parsed.store, parsed.id) : undefined;
        if (key !== undefined && this.entries.has(key)) {
          panel.dispose(); // the same run is already shown in another panel
          return;
        }
        this.attach(panel, parsed?.store ?? '', parsed?.id ?? '');
      },
    });
    context.subscriptions.push(registration);
    return registration;
  }

  /** Posts new snapshots to every shown panel (a setting that changes what they show changed). */
  refreshAll(): void {
    for (const entry of this.entries.values()) if (entry.ready) void this.refresh(entry);
  }

  dispose(): void {
    if (this.refreshTimer !== undefined) clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.subscription.dispose();
    for (const entry of [...this.entries.values()]) entry.panel.dispose();
    this.entries.clear();
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [
        vscode.Uri.joinPath(this.extensionUri, 'dist'),
        vscode.Uri.joinPath(this.extensionUri, 'media'),
      ],
    };
  }

  private attach(panel: vscode.WebviewPanel, store: string, id: string, fallback?: Run): void {
    const entry: PanelEntry = {
      key: keyOf(store, id),
      store,
      id,
      panel,
      root: undefined,
      fallback,
      ready: false,
      generation: 0,
      charts: undefined,
      histories: new HistoryCache(this.lookup.history),
      sent: new Map(),
      chartQueue: Promise.resolve(),
      staleTimer: undefined,
      disposables: [],
    };
    this.entries.set(entry.key, entry);
    panel.webview.html = this.html(panel.webview, panel.title);
    entry.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseRunDetailsMessage(raw);
        if (message) this.handle(entry, message).catch((error: unknown) => this.reportError(error));
      }),
      panel.onDidDispose(() => {
        if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
        clearTimeout(entry.staleTimer);
        for (const d of entry.disposables) d.dispose();
        entry.histories.clear();
      }),
    );
  }

  private html(webview: vscode.Webview, title: string): string {
    const asset = (...segments: string[]): string =>
      webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...segments)).toString();
    return buildRunDetailsHtml({
      nonce: randomBytes(18).toString('base64'),
      cspSource: webview.cspSource,
      ...panelAssets(asset, 'runDetails'),
      title,
      loadingText: panelStrings.loading(),
      lang: vscode.env.language,
    });
  }

  private async handle(entry: PanelEntry, message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        entry.ready = true;
        // A new page holds no histories, and asks for the charts it shows itself.
        entry.sent.clear();
        entry.charts = undefined;
        await this.refresh(entry);
        return;
      case 'charts':
        entry.charts = { metrics: message.metrics, xAxis: message.xAxis };
        return this.refreshCharts(entry, false);
      case 'exportChart':
        return savePng(message.name, message.dataUrl);
      case 'openRun':
        return this.openRun(message.store, message.id);
      case 'openArtifact':
        return this.openArtifact(entry, message.path);
      case 'revealArtifacts':
        if (entry.root !== undefined) {
          await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(entry.root));
        }
        return;
      case 'copy':
        await vscode.env.clipboard.writeText(message.text);
        return;
    }
  }

  private reportError(error: unknown): void {
    void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
  }

  private openRun(store: string, id: string): void {
    const run = this.lookup.getRun(store, id);
    if (run) this.show(run);
    else void vscode.window.showWarningMessage(panelStrings.runNotFound(id));
  }

  private async openArtifact(entry: PanelEntry, rel: string): Promise<void> {
    const file = entry.root === undefined ? undefined : await resolveArtifactFile(entry.root, rel);
    if (file === undefined) {
      void vscode.window.showWarningMessage(panelStrings.cannotOpen(rel));
      return;
    }
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file));
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer !== undefined) return; // coalesce a burst; fires at most every REFRESH_DELAY_MS
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      for (const entry of this.entries.values()) {
        if (!entry.ready || !entry.panel.visible) continue;
        void this.refresh(entry);
        void this.refreshCharts(entry, true);
      }
    }, REFRESH_DELAY_MS);
  }

  /** Looks the run up again and posts a complete snapshot (or the "missing" message). */
  private async refresh(entry: PanelEntry): Promise<void> {
    const generation = ++entry.generation;
    const run = this.lookup.getRun(entry.store, entry.id) ?? entry.fallback;
    if (run === undefined) {
      entry.root = undefined;
      entry.panel.title = panelStrings.missingTitle();
      const id = entry.id;
      await this.post(entry, { type: 'missing', store: entry.store, id, message: panelStrings.missing(id) });
      return;
    }
    const artifacts = await this.artifactLister(run).catch((error: unknown): ArtifactListing => ({
      kind: 'error',
      reason: String(error),
    }));
    if (generation !== entry.generation || this.entries.get(entry.key) !== entry) return;
    entry.root = artifacts.kind === 'local' ? artifacts.root : undefined;
    entry.panel.title = run.name || run.id;
    const staleHours = this.lookup.staleHours();
    const now = Date.now();
    const snapshot = buildSnapshot({
      run,
      parent: this.lookup.parentOf(run),
      children: this.lookup.childrenOf(run),
      artifacts,
      strings: runDetailsStrings(),
      staleHours,
      now,
    });
    this.scheduleStaleSwitch(entry, staleAfter(run, staleHours), now);
    await this.post(entry, snapshot);
  }

  /** A live run that stops writing turns stale with no index change: refresh at that moment. */
  private scheduleStaleSwitch(entry: PanelEntry, after: number | null, now: number): void {
    clearTimeout(entry.staleTimer);
    entry.staleTimer = undefined;
    if (after === null || after < now) return;
    entry.staleTimer = setTimeout(
      () => {
        entry.staleTimer = undefined;
        if (this.entries.get(entry.key) === entry && entry.ready) void this.refresh(entry);
      },
      Math.min(after - now + 1000, MAX_TIMER_MS),
    );
  }

  /** Posts the histories the webview shows; `rereadLive`: reread those of a RUNNING run. */
  private refreshCharts(entry: PanelEntry, rereadLive: boolean): Promise<void> {
    entry.chartQueue = entry.chartQueue
      .then(() => this.postSeries(entry, rereadLive))
      .catch((error: unknown) => this.reportError(error));
    return entry.chartQueue;
  }

  private async postSeries(entry: PanelEntry, rereadLive: boolean): Promise<void> {
    const charts = entry.charts;
    const run = this.lookup.getRun(entry.store, entry.id) ?? entry.fallback;
    if (!charts || !entry.ready || !run) return;
    const metrics = chartedMetrics(run, charts.metrics);
    await entry.histories.sync([withMetrics(run, metrics)], { rereadLive, yieldNow });
    if (this.entries.get(entry.key) !== entry || !entry.ready) return;
    const message = buildSeriesMessage({
      run,
      metrics,
      xAxis: charts.xAxis,
      history: (r, key) => entry.histories.get(r, key),
      sent: entry.sent,
    });
    const delivered = await entry.panel.webview.postMessage(message).then(
      (ok) => ok,
      () => false,
    );
    // Whatever did not arrive must be sent in full next time.
    if (!delivered) entry.sent.clear();
  }

  private async post(entry: PanelEntry, message: HostMessage): Promise<void> {
    try {
      await entry.panel.webview.postMessage(message);
    } catch {
      // the panel was disposed while the snapshot was being built
    }
  }
}
