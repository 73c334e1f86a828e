// The HTML shell of the Compare Runs webview. Pure, so that the CSP can be unit-tested without VS Code.
import { buildWebviewHtml, contentSecurityPolicy, type WebviewHtmlInput } from '../webviewHtml';
import type { UiStrings } from './protocol';

export interface CompareHtmlInput extends WebviewHtmlInput {
  /** The webview's localized strings, carried in the page so that it can lay out before any data comes. */
  strings: UiStrings;
}

/** The same policy as every panel of the extension: nothing by default, scripts by nonce only. */
export function compareContentSecurityPolicy(nonce: string, cspSource: string): string {
  return contentSecurityPolicy(nonce, cspSource);
}

export function buildCompareHtml(input: CompareHtmlInput): string {
  return buildWebviewHtml(input, { class: 'compare', 'data-strings': JSON.stringify(input.strings) });
}
