// Hosts the Model card webview panels: one per model, restored after reloads (the webview keeps
// its model's reference with setState), rebuilt whenever the Models view reads the stores again.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Run } from '../../core/model';
import type { ModelsSnapshot } from '../../core/models/types';
import { buildWebviewHtml, panelAssets } from '../webviewHtml';
import { buildModelCard, cardTitle, type ModelCard, type ModelCardRef, type RunFinder } from './card';
import {
  parseModelCardMessage,
  parseModelCardState,
  type HostMessage,
  type WebviewMessage,
} from './protocol';
import { modelCardPanelStrings, modelCardStrings } from './strings';

export const MODEL_CARD_VIEW_TYPE = 'mlopsLens.modelCard';

/** What the panels need of the Models view and the run index. */
export interface ModelCardSource {
  snapshot(): ModelsSnapshot;
  findRun: RunFinder;
  onDidChange(listener: () => void): vscode.Disposable;
  showRun(run: Run): void;
}

interface Entry {
  key: string;
  ref: ModelCardRef;
  panel: vscode.WebviewPanel;
  card: ModelCard | undefined;
  ready: boolean;
}

const keyOf = (ref: ModelCardRef): string => JSON.stringify(ref);

export class ModelCardPanels implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly source: ModelCardSource,
  ) {
    this.subscription = source.onDidChange(() => {
      for (const entry of this.entries.values()) if (entry.ready) this.post(entry);
    });
  }

  show(ref: ModelCardRef): void {
    const existing = this.entries.get(keyOf(ref));
    if (existing) {
      existing.panel.reveal(undefined, false);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      MODEL_CARD_VIEW_TYPE,
      modelCardPanelStrings.title(cardTitle(ref)),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      this.webviewOptions(),
    );
    this.attach(panel, ref);
  }

  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(MODEL_CARD_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown): Promise<void> => {
        const parsed = parseModelCardState(state);
        if (!parsed || this.entries.has(keyOf(parsed.ref))) {
          panel.dispose();
          return;
        }
        panel.webview.options = this.webviewOptions();
        this.attach(panel, parsed.ref);
      },
    });
  }

  dispose(): void {
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

  private attach(panel: vscode.WebviewPanel, ref: ModelCardRef): void {
    const entry: Entry = { key: keyOf(ref), ref, panel, card: undefined, ready: false };
    this.entries.set(entry.key, entry);
    panel.webview.html = this.html(panel.webview, panel.title);
    const listener = panel.webview.onDidReceiveMessage((raw: unknown) => {
      const message = parseModelCardMessage(raw);
      if (message) void this.handle(entry, message);
    });
    panel.onDidDispose(() => {
      listener.dispose();
      this.entries.delete(entry.key);
    });
  }

  private post(entry: Entry): void {
    entry.card = buildModelCard(entry.ref, this.source.snapshot(), this.source.findRun);
    const message: HostMessage = { type: 'card', card: entry.card };
    void entry.panel.webview.postMessage(message);
  }

  private async handle(entry: Entry, message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        entry.ready = true;
        this.post(entry);
        return;
      case 'copyUri':
        // Only a URI the card offers is copied: the webview is not trusted to choose the text.
        if (entry.card?.uris.includes(message.uri)) await vscode.env.clipboard.writeText(message.uri);
        return;
      case 'openRun': {
        const id = entry.card?.run?.id;
        const run = id ? this.source.findRun(entry.ref.store, id) : undefined;
        if (run) this.source.showRun(run);
        return;
      }
      case 'revealFolder':
        if (entry.card?.folder)
          await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(entry.card.folder));
        return;
    }
  }

  private html(webview: vscode.Webview, title: string): string {
    const asset = (...segments: string[]): string =>
      webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...segments)).toString();
    const strings = modelCardStrings();
    return buildWebviewHtml(
      {
        nonce: randomBytes(18).toString('base64'),
        cspSource: webview.cspSource,
        ...panelAssets(asset, 'modelCard'),
        title,
        loadingText: strings.loading,
        lang: vscode.env.language,
      },
      { class: 'model-card-root', 'data-strings': JSON.stringify(strings) },
    );
  }
}
