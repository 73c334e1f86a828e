// Bundles the extension host code, the CLI, the index worker and each webview into dist/.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

const nodeBundles = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  entryPoints: {
    extension: 'src/extension/extension.ts',
    cli: 'src/cli/launcher.ts',
    cliMain: 'src/cli/main.ts',
    pipelinesStatusWorker: 'src/extension/pipelinesStatusWorker.ts',
    dataWorker: 'src/extension/dataWorker.ts',
    inlineScanWorker: 'src/extension/inline/scanWorker.ts',
    tableDiffWorker: 'src/extension/tableDiffWorker.ts',
    runReaderWorker: 'src/core/index/runReaderWorker.ts',
    launchWrapper: 'src/extension/launchWrapper.ts',
  },
  outdir: 'dist',
};

const webviewBundles = {
  ...common,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  entryPoints: {
    'webview/runDetails': 'webview/runDetails/main.ts',
    'webview/compare': 'webview/compare/main.ts',
    'webview/runsTable': 'webview/runsTable/main.ts',
    'webview/dataImage': 'webview/dataImage/main.ts',
    'webview/dataDiff': 'webview/dataDiff/main.ts',
    'webview/modelCard': 'webview/modelCard/main.ts',
  },
  outdir: 'dist',
};

mkdirSync('dist', { recursive: true });
copyFileSync('node_modules/sql.js/dist/sql-wasm.wasm', 'dist/sql-wasm.wasm');
copyFileSync('node_modules/@vscode/codicons/dist/codicon.css', 'dist/codicon.css');
copyFileSync('node_modules/@vscode/codicons/dist/codicon.ttf', 'dist/codicon.ttf');

if (watch) {
  const contexts = [await esbuild.context(nodeBundles), await esbuild.context(webviewBundles)];
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all([esbuild.build(nodeBundles), esbuild.build(webviewBundles)]);
}
