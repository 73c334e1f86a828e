// Entry of the Data Diff webview (browser). Renders what the host posts; talks to it by messages only.
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import {
  parseDataDiffState,
  UI_STRING_KEYS,
  type DataDiffState,
  type WebviewMessage,
} from '../../src/views/dataDiff/protocol';
import { parseStrings } from '../shared/strings';
import type { VsCodeApi } from '../shared/vscodeApi';
import { DataDiffApp } from './app';

declare function acquireVsCodeApi(): VsCodeApi<WebviewMessage, DataDiffState>;

const api = acquireVsCodeApi();
const root = document.getElementById('root') ?? document.body;
const app = new DataDiffApp(
  document,
  root,
  parseStrings(root.getAttribute('data-strings'), UI_STRING_KEYS),
  parseDataDiffState(api.getState()),
  {
    post: (message) => api.postMessage(message),
    saveState: (state) => api.setState(state),
  },
);
window.addEventListener('message', (event: MessageEvent<unknown>) => app.receive(event.data));
app.start();
