// The Run details charts' fixed parts: the x axis choice, the "Plot all metrics" section, and the
// files that could not be read. Built once and kept across snapshots (the charts live in them).
import type { KeyValue, UiStrings, XAxisMode } from '../../src/views/runDetails/protocol';
import { h, icon } from '../shared/dom';

export interface PlotAllParts {
  root: HTMLDetailsElement;
  count: HTMLElement;
  /** "Reading the history…" while histories are on their way. */
  status: HTMLElement;
  problems: HTMLElement;
}

export function buildToolbar(
  doc: Document,
  strings: UiStrings,
  xAxis: XAxisMode,
  changed: (mode: XAxisMode) => void,
): { root: HTMLElement; select: HTMLSelectElement } {
  const modes: [XAxisMode, string][] = [
    ['step', strings.step],
    ['wallTime', strings.wallTime],
    ['relativeTime', strings.relativeTime],
  ];
  const select = h(
    doc,
    'select',
    {
      attrs: { 'aria-label': strings.xAxis, 'data-focus-key': 'charts:x-axis' },
      on: { change: () => changed(select.value as XAxisMode) },
    },
    ...modes.map(([value, label]) => h(doc, 'option', { text: label, attrs: { value } })),
  );
  select.value = xAxis;
  const root = h(
    doc,
    'div',
    { class: 'chart-toolbar' },
    h(doc, 'label', {}, h(doc, 'span', { text: strings.xAxis }), select),
  );
  return { root, select };
}

export function buildPlotAll(
  doc: Document,
  strings: UiStrings,
  grid: HTMLElement,
  open: boolean,
  toggled: (open: boolean) => void,
): PlotAllParts {
  const count = h(doc, 'span', { class: 'count' });
  const status = h(doc, 'p', { class: 'loading', attrs: { hidden: '' } });
  const problems = h(doc, 'div', { class: 'chart-problems' });
  const root = h(
    doc,
    'details',
    { class: 'plot-all' },
    h(
      doc,
      'summary',
      { attrs: { 'data-focus-key': 'summary:plotAll', title: strings.plotAllHint } },
      icon(doc, 'codicon-graph-line'),
      h(doc, 'span', { text: strings.plotAll }),
      count,
    ),
    status,
    problems,
    grid,
  ) as HTMLDetailsElement;
  root.open = open;
  root.addEventListener('toggle', () => toggled(root.open));
  return { root, count, status, problems };
}

export function renderProblems(
  doc: Document,
  problems: readonly KeyValue[],
  strings: UiStrings,
): HTMLElement[] {
  if (problems.length === 0) return [];
  return [
    h(
      doc,
      'div',
      { class: 'note warning' },
      h(doc, 'p', { text: strings.historyProblems }),
      h(
        doc,
        'ul',
        {},
        ...problems.map((p) => h(doc, 'li', {}, h(doc, 'code', { text: p.key }), `: ${p.value}`)),
      ),
    ),
  ];
}
