// A chart's card (title, log/zoom/export buttons, canvas holder, note) and its text summary for
// screen readers and tests. Shared by the Compare Runs and Run details panels.
import type { ChartRunView, ChartStrings } from '../../../src/views/charts/protocol';
import { h, iconButton } from '../dom';
import { format, formatValue } from './format';

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
  strings: Pick<ChartStrings, 'logScale' | 'resetZoom' | 'exportPng'>,
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
  run: ChartRunView;
  points: number;
  last: { value: number; step: number } | undefined;
}

/** Text for screen readers (and tests): each run's point count and last value. */
export function renderSeriesSummary(
  doc: Document,
  items: readonly SeriesSummary[],
  strings: Pick<ChartStrings, 'step' | 'points'>,
): HTMLElement[] {
  return items.map(({ run, points, last }) =>
    h(doc, 'li', {
      attrs: { 'data-run-key': run.key, 'data-points': String(points) },
      text: `${run.name}: ${last ? `${formatValue(last.value)} (${strings.step} ${last.step})` : '—'}, ${format(strings.points, points)}`,
    }),
  );
}
