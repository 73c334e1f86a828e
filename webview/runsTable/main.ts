// Entry of the Runs Table webview (browser). Renders host snapshots; talks to the host by messages only.
import {
  parseRunsTableState,
  UI_STRING_KEYS,
  type RunsTableState,
  type WebviewMessage,
} from '../../src/views/runsTable/protocol';
import { parseStrings } from '../shared/strings';
import type { VsCodeApi } from '../shared/vscodeApi';
import { RunsTableApp } from './app';

declare function acquireVsCodeApi(): VsCodeApi<WebviewMessage, RunsTableState>;

const api = acquireVsCodeApi();
const root = document.getElementById('root') ?? document.body;
const app = new RunsTableApp(
  document,
  root,
  parseStrings(root.getAttribute('data-strings'), UI_STRING_KEYS),
  parseRunsTableState(api.getState()),
  {
    post: (message) => api.postMessage(message),
    saveState: (state) => api.setState(state),
  },
);
window.addEventListener('message', (event: MessageEvent<unknown>) => app.receive(event.data));
app.start();
