// Entry of the Runs Table webview (browser). Renders host snapshots; talks to the host by messages only.
import {
  parseRunsTableState,
  UI_STRING_KEYS,
  type RunsTableState,
  type UiStrings,
  type WebviewMessage,
} from '../../src/views/runsTable/protocol';
import type { VsCodeApi } from '../shared/vscodeApi';
import { RunsTableApp } from './app';

declare function acquireVsCodeApi(): VsCodeApi<WebviewMessage, RunsTableState>;

/** The strings the host put in the page; a missing one shows its key rather than nothing. */
function parseStrings(raw: string | null): UiStrings {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw ?? '{}');
  } catch {
    parsed = {};
  }
  const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const strings = {} as UiStrings;
  for (const key of UI_STRING_KEYS) {
    const value = record[key];
    strings[key] = typeof value === 'string' ? value : key;
  }
  return strings;
}

const api = acquireVsCodeApi();
const root = document.getElementById('root') ?? document.body;
const app = new RunsTableApp(
  document,
  root,
  parseStrings(root.getAttribute('data-strings')),
  parseRunsTableState(api.getState()),
  {
    post: (message) => api.postMessage(message),
    saveState: (state) => api.setState(state),
  },
);
window.addEventListener('message', (event: MessageEvent<unknown>) => app.receive(event.data));
app.start();
