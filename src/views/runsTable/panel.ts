// Hosts the Runs Table webview: one panel, restored after reloads, updated live from the index and
// from the stars and ticks that the Runs view and Compare Runs share.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Run } from '../../core/model';
import { panelAssets } from '../webviewHtml';
import { buildRunsTableHtml } from './html';
import {
  availableColumnIds,
  DEFAULT_SORT,
  EMPTY_FILTER,
  nextFilterState,
  scopeRuns,
  type FilterState,
} from './model';
import {
  parseRunsTableMessage,
  parseRunsTableState,
  parseTableLayout,
  type RunMark,
  type TableLayout,
  type TableScope,
  type WebviewMessage,
} from './protocol';
import { buildTableSnapshot } from './snapshot';
import { attributeLabel, panelStrings, runsTableStrings } from './strings';

export const RUNS_TABLE_VIEW_TYPE = 'mlopsLens.runsTable';
const LAYOUT_KEY = 'mlopsLens.runsTable.layout';
/** Coalesces bursts of index and mark changes into one snapshot. */
const REFRESH_DELAY_MS = 100;

/** The stars and ticks (RunMarks), as far as the table uses them. */
export interface TableMarks {
  isStarred(run: Run): boolean;
  isChecked(run: Run): boolean;
  update(mark: RunMark, changes: readonly (readonly [Run, boolean])[]): Promise<void>;
  marked(mark: RunMark, all: readonly Run[]): Run[];
  onDidChange(listener: () => void): { dispose(): void };
}

/** What the panel needs of the rest of the extension. */
export interface RunsTableSource {
  allRuns(): readonly Run[];
  findRun(store: string, id: string): Run | undefined;
  /** A short name of the scope for the title ("mlruns", "exp · mlruns"); undefined for all stores. */
  scopeLabel(scope: TableScope): string | undefined;
  /** A store's path as the table shows it (relative to the workspace). */
  storeLabel(store: string): string;
  onDidChange(listener: () => void): { dispose(): void };
  isIndexing(): boolean;
  marks: TableMarks;
  memento: Pick<vscode.Memento, 'get' | 'update'>;
  showRunDetails(run: Run): void;
  compareChecked(): void;
  /** Lets the user choose columns from `available` (ids), `current` ticked; undefined when cancelled. */
  pickColumns(available: readonly string[], current: readonly string[]): Promise<string[] | undefined>;
}

export class RunsTablePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private scope: TableScope = {};
  private filterState: FilterState = EMPTY_FILTER;
  private ready = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: { dispose(): void }[];
  /** The columns of the last snapshot: the chooser starts from what the user sees. */
  private shownColumns: string[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly source: RunsTableSource,
  ) {
    this.subscriptions = [
      source.onDidChange(() => this.scheduleRefresh()),
      source.marks.onDidChange(() => this.scheduleRefresh()),
    ];
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** The table has the focus: what it opens goes beside it rather than over it. */
  get isActive(): boolean {
    return this.panel?.active === true;
  }

  /** Opens the table on `scope` with `filterText` (or shows them in the open one). */
  show(scope: TableScope, filterText: string): void {
    this.scope = scope;
    this.applyFilter(filterText);
    if (this.panel) {
      this.panel.title = this.title();
      this.panel.reveal(undefined, false);
      this.scheduleRefresh();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      RUNS_TABLE_VIEW_TYPE,
      this.title(),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      this.webviewOptions(),
    );
    this.attach(panel);
  }

  /** Restores the panel after a window reload; the registration must be disposed with the extension. */
  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(RUNS_TABLE_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, raw: unknown): Promise<void> => {
        if (this.panel) {
          panel.dispose(); // one table at a time
          return;
        }
        const state = parseRunsTableState(raw);
        panel.webview.options = this.webviewOptions();
        this.scope = state.scope;
        this.applyFilter(state.filter);
        this.attach(panel);
      },
    });
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    for (const s of this.subscriptions) s.dispose();
    this.panel?.dispose();
  }

  private title(): string {
    return panelStrings.title(this.source.scopeLabel(this.scope));
  }

  private applyFilter(text: string): void {
    this.filterState = nextFilterState(this.filterState, text);
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

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    panel.title = this.title();
    panel.webview.html = this.html(panel.webview);
    this.panelDisposables = [
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseRunsTableMessage(raw);
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
      }),
    ];
  }

  private html(webview: vscode.Webview): string {
    const asset = (...segments: string[]): string =>
      webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...segments)).toString();
    return buildRunsTableHtml({
      nonce: randomBytes(18).toString('base64'),
      cspSource: webview.cspSource,
      ...panelAssets(asset, 'runsTable'),
      title: this.title(),
      loadingText: panelStrings.loading(),
      strings: runsTableStrings(),
      lang: vscode.env.language,
    });
  }

  private layout(): TableLayout {
    return parseTableLayout(this.source.memento.get<unknown>(LAYOUT_KEY), DEFAULT_SORT);
  }

  private async saveLayout(change: Partial<TableLayout>): Promise<void> {
    await this.source.memento.update(LAYOUT_KEY, { ...this.layout(), ...change });
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        return this.refresh();
      case 'setFilter':
        this.applyFilter(message.text);
        return this.refresh();
      case 'setSort':
        await this.saveLayout({ sort: message.sort });
        return this.refresh();
      case 'resetColumns':
        await this.saveLayout({ columns: null });
        return this.refresh();
      case 'chooseColumns':
        return this.chooseColumns();
      case 'setWidths':
        // The webview already shows them; saved for the next table, no snapshot needed.
        return this.saveLayout({ widths: { ...this.layout().widths, ...message.widths } });
      case 'setMark': {
        const run = this.source.findRun(message.store, message.id);
        if (run) await this.source.marks.update(message.mark, [[run, message.on]]);
        return;
      }
      case 'openRun': {
        const run = this.source.findRun(message.store, message.id);
        if (run) this.source.showRunDetails(run);
        else void vscode.window.showWarningMessage(panelStrings.runNotFound(message.id));
        return;
      }
      case 'compareChecked':
        return this.source.compareChecked();
    }
  }

  private async chooseColumns(): Promise<void> {
    const available = availableColumnIds(scopeRuns(this.source.allRuns(), this.scope));
    const picked = await this.source.pickColumns(available, this.shownColumns);
    if (!picked) return;
    await this.saveLayout({ columns: picked });
    await this.refresh();
  }

  private reportError(error: unknown): void {
    void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
  }

  private scheduleRefresh(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refresh().catch((error: unknown) => this.reportError(error));
    }, REFRESH_DELAY_MS);
  }

  private async refresh(): Promise<void> {
    const panel = this.panel;
    if (!panel || !this.ready) return;
    const layout = this.layout();
    const all = this.source.allRuns();
    const snapshot = buildTableSnapshot({
      runs: all,
      scope: this.scope,
      scopeLabel: this.source.scopeLabel(this.scope) ?? panelStrings.allStores(),
      filter: this.filterState.filter,
      filterText: this.filterState.text,
      filterError: this.filterState.error,
      chosenColumns: layout.columns,
      sort: layout.sort,
      widths: layout.widths,
      isStarred: (run) => this.source.marks.isStarred(run),
      isChecked: (run) => this.source.marks.isChecked(run),
      attributeLabel,
      storeLabel: (store) => this.source.storeLabel(store),
      now: Date.now(),
      checkedCount: this.source.marks.marked('checked', all).length,
      indexing: this.source.isIndexing(),
    });
    this.shownColumns = snapshot.columns.map((c) => c.id);
    panel.title = this.title();
    await panel.webview.postMessage(snapshot).then(
      () => undefined,
      () => undefined,
    );
  }
}
