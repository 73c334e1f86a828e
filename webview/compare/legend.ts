// The HTML legend of the charts (chart.js draws its own on the canvas, out of reach of assistive
// technology and tests) and the notes above the tabs. The chart cards are ../shared/charts/chartCard.
import type { RunEntry, UiStrings } from '../../src/views/compare/protocol';
import type { Shown } from './shown';
import { h, icon } from '../shared/dom';
import { format, safeColor } from './dom';

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

export {
  createChartCard,
  renderSeriesSummary,
  type CardActions,
  type ChartCard,
  type SeriesSummary,
} from '../shared/charts/chartCard';
