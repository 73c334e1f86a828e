// The HTML legend of the charts (chart.js draws its own on the canvas, out of reach of assistive
// technology and tests), the notes above the tabs, and each chart card's shell.
import type { RunEntry, UiStrings } from '../../src/views/compare/protocol';
import type { Shown } from './shown';
import { h, icon, iconButton } from '../shared/dom';
import { format, safeColor } from './dom';
import { formatValue } from './format';

export function swatch(doc: Document, run: RunEntry): HTMLElement {
  const node = h(doc, 'span', {
    class: run.dash.length > 0 ? 'swatch dashed' : 'swatch',
    attrs: { 'aria-hidden': 'true' },
  });
  node.style.backgroundColor = safeColor(run.color);
  return node;
}

/** One toggle per run: pressed = shown. Hiding a run hides it in every chart. */
export function renderLegend(
  doc: Document,
  runs: readonly RunEntry[],
  hidden: ReadonlySet<string>,
  strings: UiStrings,
  toggle: (run: RunEntry) => void,
): HTMLElement[] {
  return runs.map((run) => {
    const shown = !hidden.has(run.key);
    return h(
      doc,
      'li',
      { attrs: { 'data-run-key': run.key } },
      h(
        doc,
        'button',
        {
          class: shown ? 'legend-item' : 'legend-item off',
          attrs: {
            type: 'button',
            'aria-pressed': String(shown),
            title: `${run.name}\n${run.experimentName}\n${strings.toggleRun}`,
          },
          on: { click: () => toggle(run) },
        },
        swatch(doc, run),
        h(doc, 'span', { class: 'run-name', text: run.name }),
        run.status === 'RUNNING' ? icon(doc, 'codicon-loading codicon-modifier-spin running') : null,
      ),
    );
  });
}

export function renderNotes(doc: Document, snap: Shown): HTMLElement[] {
  const notes: HTMLElement[] = [];
  if (snap.missingRuns > 0) {
    notes.push(
      h(doc, 'p', { class: 'note warning', text: format(snap.strings.missingRuns, snap.missingRuns) }),
    );
  }
  if (snap.problems.length > 0) {
    notes.push(
      h(
        doc,
        'div',
        { class: 'note warning' },
        h(doc, 'p', { text: snap.strings.problems }),
        h(
          doc,
          'ul',
          {},
          ...snap.problems.map((p) => h(doc, 'li', {}, h(doc, 'code', { text: p.path }), `: ${p.reason}`)),
        ),
      ),
    );
  }
  return notes;
}

export interface CardActions {
  toggleLog(metric: string): void;
  resetZoom(metric: string): void;
  exportPng(metric: string): void;
}

export interface ChartCard {
  card: HTMLElement;
  canvasHolder: HTMLElement;
  summary: HTMLElement;
  logButton: HTMLButtonElement;
  /** Says why a chart looks as it does (bars for one value per run, runs without times), or hidden. */
  note: HTMLElement;
}

/** A chart's frame: title, log/zoom/export buttons, the canvas holder, and a text summary. */
export function createChartCard(
  doc: Document,
  metric: string,
  strings: UiStrings,
  log: boolean,
  actions: CardActions,
): ChartCard {
  const logButton = iconButton(doc, 'codicon-graph-line', strings.logScale, () => actions.toggleLog(metric), {
    iconOnly: true,
    class: 'log-toggle',
    attrs: { 'aria-pressed': String(log) },
  });
  const canvasHolder = h(doc, 'div', { class: 'canvas-holder' });
  const summary = h(doc, 'ul', { class: 'series-summary visually-hidden' });
  const note = h(doc, 'p', { class: 'card-note', attrs: { hidden: '' } });
  const card = h(
    doc,
    'section',
    { class: 'chart-card', attrs: { 'data-metric': metric, 'aria-label': metric } },
    h(
      doc,
      'header',
      {},
      h(doc, 'h3', { text: metric, attrs: { title: metric } }),
      h(
        doc,
        'span',
        { class: 'card-actions' },
        logButton,
        iconButton(doc, 'codicon-discard', strings.resetZoom, () => actions.resetZoom(metric), {
          iconOnly: true,
          class: 'reset-zoom',
        }),
        iconButton(doc, 'codicon-device-camera', strings.exportPng, () => actions.exportPng(metric), {
          iconOnly: true,
          class: 'export-png',
        }),
      ),
    ),
    note,
    canvasHolder,
    summary,
  );
  return { card, canvasHolder, summary, logButton, note };
}

export interface SeriesSummary {
  run: RunEntry;
  points: number;
  last: { value: number; step: number } | undefined;
}

/** Text for screen readers (and tests): each run's point count and last value. */
export function renderSeriesSummary(
  doc: Document,
  items: readonly SeriesSummary[],
  strings: UiStrings,
): HTMLElement[] {
  return items.map(({ run, points, last }) =>
    h(doc, 'li', {
      attrs: { 'data-run-key': run.key, 'data-points': String(points) },
      text: `${run.name}: ${last ? `${formatValue(last.value)} (${strings.step} ${last.step})` : '—'}, ${format(strings.points, points)}`,
    }),
  );
}
