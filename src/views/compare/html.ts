// The HTML shell of the Compare Runs webview. Pure, so that the CSP can be unit-tested without VS Code.
import { contentSecurityPolicy, escapeHtml } from '../runDetails/html';
import type { UiStrings } from './protocol';

export interface CompareHtmlInput {
  /** Random per-render nonce; only scripts carrying it run. */
  nonce: string;
  /** `webview.cspSource`. */
  cspSource: string;
  scriptUri: string;
  styleUris: readonly string[];
  /** Document title and the text shown until the first snapshot arrives (already localized). */
  title: string;
  loadingText: string;
  /** The webview's localized strings, carried in the page so that it can lay out before any data comes. */
  strings: UiStrings;
  /** BCP 47 language tag of the UI. */
  lang: string;
}

/** The same policy as every panel of the extension: nothing by default, scripts by nonce only. */
export function compareContentSecurityPolicy(nonce: string, cspSource: string): string {
  return contentSecurityPolicy(nonce, cspSource);
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function buildCompareHtml(input: CompareHtmlInput): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(input.nonce))
    throw new Error('The nonce must be 16+ base64 characters.');
  const csp = escapeAttribute(compareContentSecurityPolicy(input.nonce, input.cspSource));
  const styles = input.styleUris
    .map((uri) => `    <link rel="stylesheet" href="${escapeHtml(uri)}">`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(input.lang)}">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${csp}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}
    <title>${escapeHtml(input.title)}</title>
  </head>
  <body>
    <main id="root" class="compare" data-strings="${escapeHtml(JSON.stringify(input.strings))}"><p class="loading">${escapeHtml(input.loadingText)}</p></main>
    <script nonce="${input.nonce}" src="${escapeHtml(input.scriptUri)}"></script>
  </body>
</html>
`;
}
