// Builds the Run details page from a host snapshot. DOM APIs and text nodes only, never HTML strings.
import type {
  DatasetView,
  HostMessage,
  KeyValue,
  MetricView,
  RunRef,
  UiStrings,
} from '../../src/views/runDetails/protocol';
import { h, icon, type Child } from '../shared/dom';
import { renderArtifacts } from './artifacts';
import type { ChartHooks } from './charts';
import { copyButton, type Actions } from './dom';
import {
  fillPlaceholders,
  formatDuration,
  formatTimestamp,
  readStale,
  runDuration,
  statusIcon,
  statusLabel,
} from './format';
import { renderTable, type UiState } from './tables';

export type Snapshot = Extract<HostMessage, { type: 'snapshot' }>;
export type Missing = Extract<HostMessage, { type: 'missing' }>;

export const DURATION_ID = 'run-duration';
/** The "Stale: no update since … (… ago)" line, whose "ago" the page keeps current. */
export const STALE_ID = 'run-stale';
const STALE_ICON = 'codicon-debug-disconnect';
const DESCRIPTION_TAG = 'mlflow.note.content';

function runLink(doc: Document, ref: RunRef, strings: UiStrings, actions: Actions): HTMLElement {
  const label = statusLabel(ref.status, strings);
  return h(
    doc,
    'button',
    {
      class: 'link',
      attrs: { type: 'button', title: `${ref.id} (${label})`, 'data-focus-key': `run:${ref.id}` },
      on: { click: () => actions.post({ type: 'openRun', store: ref.store, id: ref.id }) },
    },
    icon(doc, `${statusIcon(ref.status)} status-${ref.status.toLowerCase()}`),
    h(doc, 'span', { text: ref.name || ref.id }),
  );
}

function metaRow(doc: Document, label: string, ...value: Child[]): HTMLElement[] {
  return [h(doc, 'dt', { text: label }), h(doc, 'dd', {}, ...value)];
}

function relatives(doc: Document, snap: Snapshot, actions: Actions): HTMLElement[] {
  const { strings } = snap;
  const rows: HTMLElement[] = [];
  if (snap.parent) rows.push(...metaRow(doc, strings.parent, runLink(doc, snap.parent, strings, actions)));
  if (snap.children.length > 0) {
    const items = snap.children.map((child) => h(doc, 'li', {}, runLink(doc, child, strings, actions)));
    rows.push(...metaRow(doc, strings.children, h(doc, 'ul', { class: 'children' }, ...items)));
  }
  return rows;
}

/** "Stale: no update since 2024-06-05 10:00:00 (912d 03h 02m ago); …" at `now`. */
export function staleText(strings: UiStrings, lastUpdate: number, now: number): string {
  return fillPlaceholders(strings.staleSince, formatTimestamp(lastUpdate), formatDuration(now - lastUpdate));
}

/** "Running" with a spinner, or — for a run that stopped writing — "Running · stale" and since when. */
function statusLines(doc: Document, snap: Snapshot, now: number): HTMLElement[] {
  const { run, strings } = snap;
  const label = statusLabel(run.status, strings);
  const lastUpdate = run.status === 'RUNNING' ? readStale(snap.stale) : null;
  if (lastUpdate === null) {
    return [
      h(
        doc,
        'p',
        { class: `status status-${run.status.toLowerCase()}` },
        icon(doc, statusIcon(run.status)),
        h(doc, 'span', { text: label }),
      ),
    ];
  }
  return [
    h(
      doc,
      'p',
      { class: 'status status-stale' },
      icon(doc, STALE_ICON),
      h(doc, 'span', { text: `${label} · ${strings.stale}` }),
    ),
    h(doc, 'p', {
      class: 'stale-note',
      text: staleText(strings, lastUpdate, now),
      attrs: { id: STALE_ID, role: 'note' },
    }),
  ];
}

/** The duration row; none for a stale run, whose "duration" only measures the clock. */
function durationRow(doc: Document, snap: Snapshot, now: number): HTMLElement[] {
  const { run, strings } = snap;
  if (run.status === 'RUNNING' && readStale(snap.stale) !== null) return [];
  const running = run.status === 'RUNNING';
  return metaRow(
    doc,
    strings.duration,
    h(doc, 'span', {
      text: formatDuration(runDuration(run.startTime, run.endTime, running, now)),
      attrs: { id: DURATION_ID },
    }),
  );
}

function header(doc: Document, snap: Snapshot, actions: Actions, now: number): HTMLElement {
  const { run, strings } = snap;
  const description = run.systemTags.find((tag) => tag.key === DESCRIPTION_TAG)?.value;
  const experiment = h(doc, 'span', { text: run.experimentName || run.experimentId });
  return h(
    doc,
    'header',
    { class: 'run-header' },
    h(
      doc,
      'h1',
      {},
      h(doc, 'span', { class: 'run-name', text: run.name || run.id }),
      run.deleted ? h(doc, 'span', { class: 'badge', text: strings.deleted }) : null,
    ),
    ...statusLines(doc, snap, now),
    description ? h(doc, 'p', { class: 'description', text: description }) : null,
    h(
      doc,
      'dl',
      { class: 'meta' },
      ...metaRow(
        doc,
        strings.experiment,
        experiment,
        h(doc, 'span', { class: 'muted', text: ` (${run.experimentId})` }),
      ),
      ...metaRow(
        doc,
        strings.runId,
        h(doc, 'code', { text: run.id }),
        copyButton(doc, run.id, strings, actions, 'copy:id'),
      ),
      ...metaRow(doc, strings.started, formatTimestamp(run.startTime)),
      ...durationRow(doc, snap, now),
      ...relatives(doc, snap, actions),
    ),
  );
}

function section(
  doc: Document,
  id: string,
  title: string,
  count: number | null,
  ...content: Child[]
): HTMLElement {
  const headingId = `h-${id}`;
  return h(
    doc,
    'section',
    { class: `section section-${id}`, attrs: { 'aria-labelledby': headingId } },
    h(
      doc,
      'h2',
      { attrs: { id: headingId } },
      title,
      count === null ? null : h(doc, 'span', { class: 'count', text: String(count) }),
    ),
    ...content,
  );
}

function keyValueTable(
  doc: Document,
  id: string,
  caption: string,
  rows: KeyValue[],
  snap: Snapshot,
  ui: UiState,
) {
  const { strings } = snap;
  const columns = [
    { label: strings.key, cell: (r: KeyValue) => r.key, class: 'key' },
    { label: strings.value, cell: (r: KeyValue) => r.value, class: 'value' },
  ];
  return renderTable(doc, { id, caption, rows, columns, filter: rows.length > 5 }, ui, strings);
}

/** The key cell of a metric with charts: a button that opens (or closes) its history chart. */
function chartToggle(doc: Document, metric: MetricView, strings: UiStrings, charts: ChartHooks): HTMLElement {
  const open = charts.isOpen(metric.key);
  const label = (open ? strings.hideChart : strings.showChart).replace('{0}', metric.key);
  return h(
    doc,
    'button',
    {
      class: 'chart-toggle',
      attrs: {
        type: 'button',
        title: label,
        'aria-label': label,
        'aria-expanded': String(open),
        'data-focus-key': `chart:${metric.key}`,
      },
      on: { click: () => charts.toggle(metric.key) },
    },
    icon(doc, open ? 'codicon-chevron-down' : 'codicon-chevron-right'),
    h(doc, 'span', { text: metric.key }),
    icon(doc, 'codicon-graph-line chart-icon'),
  );
}

function metricsTable(doc: Document, snap: Snapshot, ui: UiState, charts?: ChartHooks): HTMLElement {
  const { strings, run } = snap;
  const columns = [
    {
      label: strings.key,
      cell: (m: MetricView) => m.key,
      class: 'key',
      render: charts ? (m: MetricView) => chartToggle(doc, m, strings, charts) : undefined,
    },
    { label: strings.value, cell: (m: MetricView) => m.value, class: 'value number' },
    {
      label: strings.step,
      cell: (m: MetricView) => (m.step === null ? '—' : String(m.step)),
      class: 'number',
    },
    { label: strings.timestamp, cell: (m: MetricView) => formatTimestamp(m.timestamp), class: 'time' },
  ];
  const spec = {
    id: 'metrics',
    caption: strings.metrics,
    rows: run.metrics,
    columns,
    filter: run.metrics.length > 5,
    expand: charts ? (m: MetricView) => (charts.isOpen(m.key) ? charts.slot(m.key) : null) : undefined,
  };
  return renderTable(doc, spec, ui, strings);
}

function tagsSection(doc: Document, snap: Snapshot, ui: UiState): HTMLElement {
  const { strings, run } = snap;
  const key = 'details:systemTags';
  const system = h(doc, 'details', {
    class: 'system-tags',
    on: {
      toggle: () => {
        if (system.hasAttribute('open')) ui.toggled.add(key);
        else ui.toggled.delete(key);
      },
    },
  });
  if (ui.toggled.has(key)) system.setAttribute('open', '');
  system.append(
    h(
      doc,
      'summary',
      { attrs: { 'data-focus-key': 'summary:systemTags' } },
      strings.systemTags,
      h(doc, 'span', { class: 'count', text: String(run.systemTags.length) }),
    ),
    keyValueTable(doc, 'systemTags', strings.systemTags, run.systemTags, snap, ui),
  );
  const user = run.tags.length > 0 || run.systemTags.length === 0;
  return section(
    doc,
    'tags',
    strings.tags,
    run.tags.length,
    user ? keyValueTable(doc, 'tags', strings.tags, run.tags, snap, ui) : null,
    run.systemTags.length > 0 ? system : null,
  );
}

function datasetsTable(doc: Document, snap: Snapshot, ui: UiState): HTMLElement {
  const { strings, run } = snap;
  const columns = [
    { label: strings.name, cell: (d: DatasetView) => d.name, class: 'key' },
    { label: strings.digest, cell: (d: DatasetView) => d.digest, class: 'mono' },
    { label: strings.source, cell: (d: DatasetView) => `${d.sourceType}: ${d.source}`, class: 'value' },
    { label: strings.context, cell: (d: DatasetView) => d.context ?? '—' },
  ];
  const spec = { id: 'datasets', caption: strings.datasets, rows: run.datasets, columns, filter: false };
  return renderTable(doc, spec, ui, strings);
}

/**
 * The whole page for one snapshot. `now` (epoch ms) computes the duration of a running run;
 * `charts` (when given) opens each metric's history chart from its row, and plots all metrics.
 */
export function renderSnapshot(
  doc: Document,
  snap: Snapshot,
  ui: UiState,
  actions: Actions,
  now: number,
  charts?: ChartHooks,
): Node[] {
  const { run, strings } = snap;
  const entries = snap.artifacts.kind === 'local' ? snap.artifacts.entries.length : null;
  return [
    header(doc, snap, actions, now),
    section(
      doc,
      'params',
      strings.params,
      run.params.length,
      keyValueTable(doc, 'params', strings.params, run.params, snap, ui),
    ),
    section(
      doc,
      'metrics',
      strings.metrics,
      run.metrics.length,
      charts && run.metrics.length > 0 ? charts.toolbar() : null,
      metricsTable(doc, snap, ui, charts),
      charts && run.metrics.length > 0 ? charts.plotAll() : null,
    ),
    tagsSection(doc, snap, ui),
    section(doc, 'datasets', strings.datasets, run.datasets.length, datasetsTable(doc, snap, ui)),
    section(
      doc,
      'artifacts',
      strings.artifacts,
      entries,
      ...renderArtifacts(doc, snap.artifacts, ui, strings, actions),
    ),
  ];
}

export function renderMissing(doc: Document, message: Missing): Node[] {
  return [
    h(
      doc,
      'div',
      { class: 'missing', attrs: { role: 'alert' } },
      icon(doc, 'codicon-warning'),
      h(doc, 'p', { text: message.message }),
    ),
  ];
}
