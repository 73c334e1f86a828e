// Hosts the Data Image panel: two versions of an image (side by side, swipe, onion skin) or the
// images a folder comparison added and removed, as a grid. Images are loaded by the webview from
// their files (cache object, local remote or workspace) through asWebviewUri; the panel may read
// only below the roots it is given. One panel, reused, and restored after a reload.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { panelAssets } from '../webviewHtml';
import { buildDataImageHtml } from './html';
import { parseImageRequest, type ImageFile, type ImageRequest } from './restore';
import {
  parseImagePanelState,
  parseWebviewMessage,
  type ImageRef,
  type ImageView,
  type UiStrings,
} from './protocol';

export type { ImageFile, ImageRequest } from './restore';

export const DATA_IMAGE_VIEW_TYPE = 'mlopsLens.dataImage';

function uiStrings(): UiStrings {
  return {
    sideBySide: vscode.l10n.t('Side by side'),
    swipe: vscode.l10n.t('Swipe'),
    onionSkin: vscode.l10n.t('Onion skin'),
    slider: vscode.l10n.t('Position of the swipe line or opacity of the onion skin'),
    added: vscode.l10n.t('Added'),
    removed: vscode.l10n.t('Removed'),
    none: vscode.l10n.t('No images.'),
    loadFailed: vscode.l10n.t('This image cannot be shown.'),
  };
}

export class DataImagePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private request: ImageRequest | undefined;
  private disposables: vscode.Disposable[] = [];

  /** `roots`: the folders images may come from (workspace folders, caches, local remotes). */
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly roots: () => string[],
  ) {}

  show(request: ImageRequest): void {
    this.request = request;
    if (this.panel) {
      this.panel.webview.options = this.options();
      this.panel.title = request.title;
      this.panel.webview.html = this.html(this.panel.webview);
      this.panel.reveal(undefined, false);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      DATA_IMAGE_VIEW_TYPE,
      request.title,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      this.options(),
    );
    this.attach(panel);
  }

  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(DATA_IMAGE_VIEW_TYPE, {
      deserializeWebviewPanel: (panel: vscode.WebviewPanel, raw: unknown): Promise<void> => {
        const request = parseImageRequest(parseImagePanelState(raw).restore, this.roots());
        if (this.panel || !request) {
          panel.dispose();
          return Promise.resolve();
        }
        this.request = request;
        panel.webview.options = this.options();
        this.attach(panel);
        return Promise.resolve();
      },
    });
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      localResourceRoots: [
        vscode.Uri.joinPath(this.extensionUri, 'dist'),
        vscode.Uri.joinPath(this.extensionUri, 'media'),
        ...this.roots().map((root) => vscode.Uri.file(root)),
      ],
    };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.title = this.request?.title ?? panel.title;
    panel.webview.html = this.html(panel.webview);
    this.disposables = [
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        if (parseWebviewMessage(raw)) void this.post(panel);
      }),
      panel.onDidDispose(() => {
        if (this.panel === panel) this.panel = undefined;
        for (const d of this.disposables) d.dispose();
        this.disposables = [];
      }),
    ];
  }

  private async post(panel: vscode.WebviewPanel): Promise<void> {
    const request = this.request;
    if (!request) return;
    const ref = (image: ImageFile): ImageRef => ({
      label: image.label,
      src: panel.webview.asWebviewUri(vscode.Uri.file(image.file)).toString(),
    });
    const view: ImageView =
      request.kind === 'pair'
        ? { kind: 'pair', title: request.title, left: ref(request.left), right: ref(request.right) }
        : {
            kind: 'grid',
            title: request.title,
            added: request.added.map(ref),
            removed: request.removed.map(ref),
          };
    await panel.webview.postMessage({ type: 'show', view, restore: request });
  }

  private html(webview: vscode.Webview): string {
    const asset = (...segments: string[]): string =>
      webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...segments)).toString();
    return buildDataImageHtml({
      nonce: randomBytes(18).toString('base64'),
      cspSource: webview.cspSource,
      ...panelAssets(asset, 'dataImage'),
      title: this.request?.title ?? vscode.l10n.t('Data Image'),
      loadingText: vscode.l10n.t('Loading the images…'),
      strings: uiStrings(),
      lang: vscode.env.language,
    });
  }
}
