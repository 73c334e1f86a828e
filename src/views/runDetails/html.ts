// The HTML shell of the Run details webview (the extension's common shell, see ../webviewHtml).
import { buildWebviewHtml, type WebviewHtmlInput } from '../webviewHtml';

export { contentSecurityPolicy, escapeHtml } from '../webviewHtml';

export type RunDetailsHtmlInput = WebviewHtmlInput;

export function buildRunDetailsHtml(input: RunDetailsHtmlInput): string {
  return buildWebviewHtml(input);
}
