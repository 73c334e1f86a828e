// The HTML shell every webview panel of the extension uses: one CSP (nothing by default, scripts by
// nonce only, styles, fonts and images from the extension), a root element and one script. Pure, so
// the policy is unit-tested without VS Code.

export interface WebviewHtmlInput {
  /** Random per-render nonce; only scripts carrying it run. */
  nonce: string;
  /** `webview.cspSource`. */
  cspSource: string;
  scriptUri: string;
  styleUris: readonly string[];
  /** Document title and the text shown until the first snapshot arrives (already localized). */
  title: string;
  loadingText: string;
  /** BCP 47 language tag of the UI. */
  lang: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => {
    switch (ch) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&#39;';
    }
  });
}

/** For double-quoted attribute values that legitimately contain single quotes (the CSP). */
function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function contentSecurityPolicy(nonce: string, cspSource: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
  ].join('; ');
}

/**
 * A panel's script and stylesheets, from `asset` (extension-relative path segments to a webview URI):
 * the codicon font, the rules every panel shares (media/panel.css), then the panel's own
 * media/<panel>.css, which comes last so that it may add to the shared rules.
 */
export function panelAssets(
  asset: (...segments: string[]) => string,
  panel: string,
): Pick<WebviewHtmlInput, 'scriptUri' | 'styleUris'> {
  return {
    scriptUri: asset('dist', 'webview', `${panel}.js`),
    styleUris: [asset('dist', 'codicon.css'), asset('media', 'panel.css'), asset('media', `${panel}.css`)],
  };
}

export function buildWebviewHtml(
  input: WebviewHtmlInput,
  rootAttributes: Record<string, string> = {},
): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(input.nonce))
    throw new Error('The nonce must be 16+ base64 characters.');
  const csp = escapeAttribute(contentSecurityPolicy(input.nonce, input.cspSource));
  const styles = input.styleUris
    .map((uri) => `    <link rel="stylesheet" href="${escapeHtml(uri)}">`)
    .join('\n');
  const attributes = Object.entries(rootAttributes)
    .map(([name, value]) => ` ${name}="${escapeHtml(value)}"`)
    .join('');
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
    <main id="root"${attributes}><p class="loading">${escapeHtml(input.loadingText)}</p></main>
    <script nonce="${input.nonce}" src="${escapeHtml(input.scriptUri)}"></script>
  </body>
</html>
`;
}
