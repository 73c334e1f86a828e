// The compare panel's browser code keeps to the webview rules: no HTML parsing of strings, and
// nothing from the extension's side but `import type` of its protocol.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const dir = path.join(__dirname, '../../webview/compare');
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
const sourceOf = (file: string) => readFileSync(path.join(dir, file), 'utf8');
/** Every import statement with its specifier (side-effect imports included). */
const importsOf = (file: string) => [
  ...sourceOf(file).matchAll(/^import\s(?:[^;']*?from\s)?'([^']+)'[^;]*;/gm),
];

describe('compare webview sources', () => {
  it('never parse strings as HTML', () => {
    assert.ok(files.includes('main.ts'));
    for (const file of files) {
      assert.doesNotMatch(
        sourceOf(file),
        /innerHTML|outerHTML|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment|\beval\(|new Function/,
        file,
      );
    }
  });

  it('import only packages, their own folder, webview/shared and protocol types', () => {
    let protocolImports = 0;
    for (const file of files) {
      for (const [statement, specifier] of importsOf(file)) {
        if (!specifier.startsWith('.')) continue; // an npm package bundled into the webview
        if (/^\.\/[a-zA-Z]+$/.test(specifier) || /^\.\.\/shared\/(charts\/)?[a-zA-Z]+$/.test(specifier))
          continue;
        assert.equal(specifier, '../../src/views/compare/protocol', `${file}: ${statement}`);
        assert.match(statement, /^import type /, `${file}: ${statement}`);
        protocolImports++;
      }
    }
    assert.ok(protocolImports > 0, 'the panel uses its protocol types');
  });
});
