// The HTML shell of the Runs Table webview. Pure, so that the CSP can be unit-tested without VS Code.
import { buildWebviewHtml, type WebviewHtmlInput } from '../webviewHtml';
import type { UiStrings } from './protocol';

export interface RunsTableHtmlInput extends WebviewHtmlInput {
  /** The webview's localized strings, carried in the page so that it can lay out before any data comes. */
  strings: UiStrings;
}

export function buildRunsTableHtml(input: RunsTableHtmlInput): string {
  return buildWebviewHtml(input, { class: 'runs-table-root', 'data-strings': JSON.stringify(input.strings) });
}
