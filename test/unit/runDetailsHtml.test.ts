import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { buildRunDetailsHtml, contentSecurityPolicy, escapeHtml } from '../../src/views/runDetails/html';
import { panelAssets } from '../../src/views/webviewHtml';

const CSP_SOURCE = 'https://*.vscode-cdn.net';
const NONCE = 'q1w2e3r4t5y6u7i8o9p0AA==';
const EVIL = '<img src=x onerror=alert(1)>"\'</title><script>alert(1)</script>';
const EXTENSION = 'https://file+.vscode-resource.vscode-cdn.net/ext';
const asset = (...segments: string[]): string => `${EXTENSION}/${segments.join('/')}`;

function render(overrides: Partial<Parameters<typeof buildRunDetailsHtml>[0]> = {}): string {
  return buildRunDetailsHtml({
    nonce: NONCE,
    cspSource: CSP_SOURCE,
    ...panelAssets(asset, 'runDetails'),
    title: EVIL,
    loadingText: EVIL,
    lang: 'en',
    ...overrides,
  });
}

function cspOf(html: string): string {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(match, 'a CSP meta tag');
  return match[1] ?? '';
}

describe('Run details HTML', () => {
  it('has a strict CSP: nothing by default, scripts by nonce, styles and fonts from the webview', () => {
    const csp = cspOf(render());
    assert.equal(csp, contentSecurityPolicy(NONCE, CSP_SOURCE));
    assert.doesNotMatch(csp, /unsafe-|\*(?!\.vscode-cdn)|data:|blob:/);
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/) as [string, ...string[]])
        .map((p) => [p[0], p.slice(1)]),
    );
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.deepEqual(directives.get('script-src'), [`'nonce-${NONCE}'`]);
    assert.deepEqual(directives.get('style-src'), [CSP_SOURCE]);
    assert.deepEqual(directives.get('font-src'), [CSP_SOURCE]);
  });

  it('gives every script tag the nonce and an external src, with no inline code', () => {
    const html = render();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    assert.equal(scripts.length, 1);
    for (const [, attrs, body] of scripts) {
      assert.match(attrs ?? '', new RegExp(`\\snonce="${NONCE.replace(/[+/=]/g, '\\$&')}"`));
      assert.match(attrs ?? '', /\ssrc="[^"]+"/);
      assert.equal(body, '');
    }
    assert.equal(
      (html.match(/<script\b/gi) ?? []).length,
      1,
      'no other script tag, escaped user text included',
    );
  });

  it('has no inline styles or event handlers', () => {
    const html = render();
    const tags = [...html.matchAll(/<[a-z][^>]*>/gi)].map((m) => m[0]);
    assert.ok(tags.length > 5);
    for (const tag of tags) {
      assert.doesNotMatch(tag, /^<style\b/i, tag);
      assert.doesNotMatch(tag, /\sstyle\s*=/i, tag);
      assert.doesNotMatch(tag, /\son[a-z]+\s*=/i, tag);
      assert.doesNotMatch(tag, /javascript:/i, tag);
    }
    const links = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((m) => m[1]);
    assert.equal(links.length, 3);
  });

  it('loads the codicons, the rules every panel shares, then its own stylesheet, and its script', () => {
    const html = render();
    const links = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((m) => m[1]);
    assert.deepEqual(links, [
      `${EXTENSION}/dist/codicon.css`,
      `${EXTENSION}/media/panel.css`,
      `${EXTENSION}/media/runDetails.css`,
    ]);
    assert.match(
      html,
      /<script nonce="[^"]+" src="https:\/\/[^"]+\/ext\/dist\/webview\/runDetails\.js"><\/script>/,
    );
    for (const sheet of ['panel.css', 'runDetails.css', 'compare.css']) {
      assert.ok(existsSync(path.join(__dirname, '../../media', sheet)), sheet);
    }
  });

  it('escapes the title and loading text', () => {
    const html = render();
    assert.ok(!html.includes('<img'));
    assert.ok(html.includes(`<title>${escapeHtml(EVIL)}</title>`));
    assert.equal(escapeHtml(`<a href="x">'&`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
  });

  it('refuses a weak or injected nonce', () => {
    assert.throws(() => render({ nonce: 'short' }));
    assert.throws(() => render({ nonce: `${NONCE}" onload="x` }));
  });
});

describe('Run details panel host', () => {
  const source = readFileSync(path.join(__dirname, '../../src/views/runDetails/panel.ts'), 'utf8');
  it('keeps no hidden context and restricts local resources to dist/ and media/', () => {
    assert.ok(!source.includes('retainContextWhenHidden'));
    assert.match(
      source,
      /localResourceRoots:\s*\[\s*vscode\.Uri\.joinPath\(this\.extensionUri, 'dist'\),\s*vscode\.Uri\.joinPath\(this\.extensionUri, 'media'\),?\s*\]/,
    );
    assert.match(source, /parseRunDetailsMessage\(raw\)/);
    assert.match(source, /\.\.\.panelAssets\(asset, 'runDetails'\)/);
  });
});

describe('Run details CSS', () => {
  // Its own stylesheet and the rules it shares with every panel.
  const css = ['panel.css', 'runDetails.css']
    .map((sheet) => readFileSync(path.join(__dirname, '../../media', sheet), 'utf8'))
    .join('\n')
    .replace(/\/\*[\s\S]*?\*\//g, '');
  it('takes colours and fonts only from --vscode-* variables', () => {
    const declarations = [...css.matchAll(/([a-z-]+)\s*:\s*([^;{}]+);/g)];
    const themed = /^(color|background(-color)?|border(-[a-z]+)?(-color)?|outline|font-family|fill|stroke)$/;
    for (const [, property, value] of declarations) {
      if (!themed.test(property ?? '')) continue;
      const withoutVars = (value ?? '').replace(/var\(--vscode-[a-zA-Z0-9-]+(,\s*transparent)?\)/g, '');
      assert.doesNotMatch(
        withoutVars,
        /#[0-9a-f]{3,8}\b|rgba?\(|hsla?\(|\b(black|white|red|green|blue|gray|grey)\b/i,
        `${property}: ${value}`,
      );
      if (/^font-family$/.test(property ?? ''))
        assert.match(value ?? '', /^(var\(--vscode-[a-z-]+\)|inherit)$/);
    }
  });
});
