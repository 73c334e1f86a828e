// The HTML shell of the Data Image panel. Pure, so the CSP can be unit-tested without VS Code.
import { buildWebviewHtml, type WebviewHtmlInput } from '../webviewHtml';
import type { UiStrings } from './protocol';

export function buildDataImageHtml(input: WebviewHtmlInput & { strings: UiStrings }): string {
  return buildWebviewHtml(input, { class: 'data-image-root', 'data-strings': JSON.stringify(input.strings) });
}
