// Entry of the Compare Runs webview (browser). Renders host snapshots; talks to the host by messages only.
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-multi-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { CompareState, WebviewMessage } from '../../src/views/compare/protocol';
import type { VsCodeApi } from '../shared/vscodeApi';
import { CompareApp } from './app';
import { parseStrings, STRING_KEYS } from './shown';
import { parseSavedRuns, parseViewState, type SavedState } from './viewState';

declare function acquireVsCodeApi(): VsCodeApi<WebviewMessage, CompareState>;

const api = acquireVsCodeApi();
const saved = api.getState();
const view = parseViewState((saved as { view?: unknown } | undefined)?.view);
const root = document.getElementById('root') ?? document.body;

const strings = parseStrings(root.getAttribute('data-strings'), STRING_KEYS);

const app = new CompareApp(document, root, strings, view, parseSavedRuns(saved), {
  post: (message) => api.postMessage(message),
  saveState: (state: SavedState) => api.setState(state),
});

window.addEventListener('message', (event: MessageEvent<unknown>) => app.receive(event.data));
app.start();
