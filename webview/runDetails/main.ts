// Entry of the Run details webview (browser). Renders host snapshots; talks to the host by messages only.
import type { HostMessage, RunDetailsState, WebviewMessage } from '../../src/views/runDetails/protocol';
import type { VsCodeApi } from '../shared/vscodeApi';
import { RunCharts } from './charts';
import { parseSavedCharts } from './chartState';
import type { Actions } from './dom';
import { formatDuration, readStale, runDuration } from './format';
import { DURATION_ID, renderMissing, renderSnapshot, STALE_ID, staleText, type Snapshot } from './render';
import { createUiState } from './tables';

declare function acquireVsCodeApi(): VsCodeApi<WebviewMessage, RunDetailsState>;

const api = acquireVsCodeApi();
const ui = createUiState();
let ticker: ReturnType<typeof setInterval> | undefined;
/** The page's run, for the state (the serializer reopens it) and for renders between snapshots. */
let shownRun: { store: string; id: string } | undefined;
let lastSnapshot: Snapshot | undefined;

const charts = new RunCharts(document, parseSavedCharts(api.getState()), {
  post: (message) => api.postMessage(message),
  save: () => saveState(),
  rerender: () => {
    if (lastSnapshot) show(renderSnapshot(document, lastSnapshot, ui, actions, Date.now(), charts));
    charts.shown();
  },
});

function saveState(): void {
  if (shownRun) api.setState({ ...shownRun, charts: charts.state });
}

const status = document.createElement('div');
status.className = 'visually-hidden';
status.setAttribute('role', 'status');
document.body.append(status);

const actions: Actions = {
  post: (message) => api.postMessage(message),
  announce: (text) => {
    status.textContent = '';
    setTimeout(() => (status.textContent = text), 50);
  },
};

function isHostMessage(data: unknown): data is HostMessage {
  if (typeof data !== 'object' || data === null || !('type' in data)) return false;
  return data.type === 'snapshot' || data.type === 'missing' || data.type === 'series';
}

interface Focus {
  key: string;
  start: number | null;
  end: number | null;
}

function captureFocus(): Focus | undefined {
  const active = document.activeElement;
  const key = active?.getAttribute('data-focus-key');
  if (!active || !key) return undefined;
  const input = active instanceof HTMLInputElement ? active : undefined;
  return { key, start: input?.selectionStart ?? null, end: input?.selectionEnd ?? null };
}

function restoreFocus(root: HTMLElement, focus: Focus | undefined): void {
  if (!focus) return;
  for (const candidate of Array.from(root.querySelectorAll<HTMLElement>('[data-focus-key]'))) {
    if (candidate.getAttribute('data-focus-key') !== focus.key) continue;
    candidate.focus({ preventScroll: true });
    if (candidate instanceof HTMLInputElement && focus.start !== null && focus.end !== null) {
      candidate.setSelectionRange(focus.start, focus.end);
    }
    return;
  }
}

function show(nodes: Node[]): void {
  const root = document.getElementById('root');
  if (!root) return;
  const focus = captureFocus();
  root.replaceChildren(...nodes);
  restoreFocus(root, focus);
}

/** Keeps a running run's duration, or a stale run's "… ago", current. */
function startTicker(snap: Snapshot): void {
  const { startTime, endTime, status: runStatus } = snap.run;
  if (runStatus !== 'RUNNING') return;
  const lastUpdate = readStale(snap.stale);
  if (lastUpdate !== null) {
    ticker = setInterval(() => {
      const target = document.getElementById(STALE_ID);
      if (target) target.textContent = staleText(snap.strings, lastUpdate, Date.now());
    }, 1000);
    return;
  }
  if (startTime === null || endTime !== null) return;
  ticker = setInterval(() => {
    const target = document.getElementById(DURATION_ID);
    if (target) target.textContent = formatDuration(runDuration(startTime, null, true, Date.now()));
  }, 1000);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isHostMessage(message)) return;
  if (message.type === 'series') {
    charts.receive(message);
    return;
  }
  if (ticker !== undefined) clearInterval(ticker);
  ticker = undefined;
  if (message.type === 'snapshot') {
    const { run } = message;
    shownRun = { store: run.store, id: run.id };
    lastSnapshot = message;
    saveState();
    document.title = run.name || run.id;
    const key = `${run.store}\u0000${run.id}`;
    const metrics = run.metrics.map((m) => m.key);
    charts.update({ key, store: run.store, id: run.id, name: run.name || run.id }, metrics, message.strings);
    show(renderSnapshot(document, message, ui, actions, Date.now(), charts));
    charts.shown();
    startTicker(message);
  } else {
    shownRun = { store: message.store, id: message.id };
    lastSnapshot = undefined;
    saveState();
    show(renderMissing(document, message));
  }
});

api.postMessage({ type: 'ready' });
