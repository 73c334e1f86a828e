// The HTML shell of the Data Diff webview. Pure, so that the CSP can be unit-tested without VS Code.
import { buildWebviewHtml, type WebviewHtmlInput } from '../webviewHtml';
import type { UiStrings } from './protocol';

export interface DataDiffHtmlInput extends WebviewHtmlInput {
  /** The webview's localized strings, carried in the page so that it can lay out before any data comes. */
  strings: UiStrings;
}

export function buildDataDiffHtml(input: DataDiffHtmlInput): string {
  return buildWebviewHtml(input, { class: 'data-diff', 'data-strings': JSON.stringify(input.strings) });
}
