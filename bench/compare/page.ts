// Serves the built Compare Runs webview on 127.0.0.1 the way VS Code does (the real HTML shell and
// CSP, a stub acquireVsCodeApi, the Dark Modern theme variables), and hands it host snapshots.
// Typed arrays travel as one binary blob, as VS Code transfers them, and are revived in the page.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { buildCompareHtml } from '../../src/views/compare/html';
import { UI_STRING_KEYS, type HostMessage, type UiStrings } from '../../src/views/compare/protocol';

/** The benchmark page shows string keys: it has no VS Code to translate them. */
const STRINGS = Object.fromEntries(UI_STRING_KEYS.map((key) => [key, key])) as UiStrings;

export const REPO = resolve(__dirname, '..', '..');

/** The variables VS Code's Dark Modern theme sets on the webview's root element (the ones we use). */
export const DARK_THEME_CSS = `:root {
  --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px; --vscode-font-weight: normal;
  --vscode-editor-font-family: monospace; --vscode-editor-font-size: 13px;
  --vscode-foreground: #cccccc; --vscode-descriptionForeground: #9d9d9d; --vscode-disabledForeground: #8c8c8c;
  --vscode-editor-background: #1f1f1f; --vscode-editorWidget-border: #313131; --vscode-panel-border: #2b2b2b;
  --vscode-editor-selectionBackground: #264f78; --vscode-editorHoverWidget-background: #202020;
  --vscode-editorHoverWidget-foreground: #cccccc; --vscode-editorHoverWidget-border: #454545;
  --vscode-textLink-foreground: #4daafc; --vscode-icon-foreground: #cccccc; --vscode-focusBorder: #0078d4;
  --vscode-button-background: #0078d4; --vscode-list-hoverBackground: #2a2d2e; --vscode-charts-green: #89d185;
  --vscode-charts-blue: #3794ff; --vscode-charts-orange: #d18616; --vscode-input-background: #313131;
  --vscode-input-foreground: #cccccc; --vscode-input-border: #3c3c3c; --vscode-input-placeholderForeground: #989898;
}
body { background: #1f1f1f; }`;

export interface PageServer {
  url: string;
  close(): Promise<void>;
}

/** Replaces each Float64Array with a reference into one blob. */
export function encodeSnapshot(message: HostMessage): { json: string; blob: Buffer } {
  const chunks: Buffer[] = [];
  let offset = 0;
  const json = JSON.stringify(message, (_key, value: unknown) => {
    if (value instanceof Float64Array) {
      const ref = { $f64: offset, length: value.length };
      chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
      offset += value.byteLength;
      return ref;
    }
    return value;
  });
  return { json, blob: Buffer.concat(chunks) };
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
  '.html': 'text/html',
};

/**
 * Serves a page at `/`: the Compare Runs page, with `strings` instead of the keys when given (e.g.
 * English ones, for screenshots), or another panel's page when `source` is its HTML builder.
 */
export async function startPageServer(
  source: ((origin: string) => string) | Partial<UiStrings> = {},
): Promise<PageServer> {
  const html = typeof source === 'function' ? source : (origin: string): string => page(origin, source);
  let origin = '';
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const send = (type: string, body: string | Buffer): void => {
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (path === '/') return send('text/html', html(origin));
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    if (path === '/theme.css') return send('text/css', DARK_THEME_CSS);
    const file = normalize(join(REPO, path));
    const allowed = [join(REPO, 'dist'), join(REPO, 'media')].some((dir) => file.startsWith(dir + '/'));
    try {
      if (!allowed) throw new Error('outside');
      return send(TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream', readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function page(origin: string, strings: Partial<UiStrings>): string {
  return buildCompareHtml({
    nonce: 'YmVuY2htYXJrLW5vbmNlLTAx',
    cspSource: origin,
    scriptUri: `${origin}/dist/webview/compare.js`,
    styleUris: [
      `${origin}/theme.css`,
      `${origin}/dist/codicon.css`,
      `${origin}/media/panel.css`,
      `${origin}/media/compare.css`,
    ],
    title: 'Compare',
    loadingText: 'Loading…',
    strings: { ...STRINGS, ...strings },
    lang: 'en',
  });
}

/** Installs the stub VS Code API: messages the webview posts are collected in `window.__posted`. */
export async function installStubApi(page: Page, state: unknown = undefined): Promise<void> {
  // A string, not a function: tsx would wrap a function's inner names in a helper the page lacks.
  await page.addInitScript(`
    window.__posted = [];
    window.__state = ${JSON.stringify(state ?? null)};
    window.acquireVsCodeApi = function () {
      return {
        postMessage: function (m) { window.__posted.push(m); },
        getState: function () { return window.__state === null ? undefined : window.__state; },
        setState: function (s) { window.__state = s; },
      };
    };`);
}

/**
 * Hands `message` to the page (untimed) and revives its typed arrays. Through the test driver, not
 * fetch(): the page's CSP (`default-src 'none'`, as in VS Code) allows no connections.
 */
export async function loadSnapshot(page: Page, message: HostMessage): Promise<void> {
  const { json, blob } = encodeSnapshot(message);
  await page.evaluate(
    ([text, base64]) => {
      const binary = atob(base64);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      (window as unknown as { __snapshot: unknown }).__snapshot = JSON.parse(text, (_key, value: unknown) => {
        const ref = value as { $f64?: number; length?: number } | null;
        if (ref && typeof ref === 'object' && typeof ref.$f64 === 'number') {
          return new Float64Array(bytes.buffer.slice(ref.$f64, ref.$f64 + (ref.length ?? 0) * 8));
        }
        return value;
      });
    },
    [json, blob.toString('base64')] as const,
  );
}

/**
 * Posts the loaded snapshot as VS Code does (its typed arrays' buffers transferred, not copied),
 * marking the moment it was posted.
 */
export async function postSnapshot(page: Page): Promise<void> {
  await page.evaluate(() => {
    const message = (
      window as unknown as { __snapshot: { series: { data: Record<string, unknown> | null }[] } }
    ).__snapshot;
    const buffers = new Set<ArrayBuffer>();
    for (const series of message.series) {
      for (const value of Object.values(series.data ?? {})) {
        if (value instanceof Float64Array) buffers.add(value.buffer as ArrayBuffer);
      }
    }
    performance.mark('bench:post');
    window.postMessage(message, '*', [...buffers]);
  });
}
