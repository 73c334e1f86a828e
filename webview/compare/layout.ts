// The page skeleton: notes, the empty state, and four tabs (charts, table, scatter, parallel
// coordinates) with their toolbars. Built once; snapshots then fill the hosts it returns.
import type { CompareTab, UiStrings, XAxisMode } from '../../src/views/compare/protocol';
import { h, iconButton } from '../shared/dom';
import { COMPARE_TABS, type ViewState } from './viewState';

export interface LayoutActions {
  selectTab(tab: CompareTab): void;
  setXAxis(mode: XAxisMode): void;
  /** While the slider moves (label only) and when it is released (`final`). */
  setSmoothing(weight: number, final: boolean): void;
  setMetricFilter(text: string): void;
  setOnlyDifferences(on: boolean): void;
  copyTable(format: 'csv' | 'markdown'): void;
  exportTable(): void;
  pickRuns(): void;
}

export interface Layout {
  root: HTMLElement;
  notes: HTMLElement;
  empty: HTMLElement;
  tabs: HTMLElement;
  legend: HTMLElement;
  chartGrid: HTMLElement;
  smoothingValue: HTMLElement;
  tableHost: HTMLElement;
  scatterControls: HTMLElement;
  scatterHost: HTMLElement;
  parallelControls: HTMLElement;
  parallelHost: HTMLElement;
}

type Value = { value?: unknown; checked?: unknown };
const valueOf = (event: Event): string => String((event.currentTarget as Value | null)?.value ?? '');

function option(doc: Document, value: string, label: string, selected: boolean): HTMLElement {
  return h(doc, 'vscode-option', { text: label, attrs: selected ? { value, selected: '' } : { value } });
}

function field(doc: Document, label: string, id: string, control: HTMLElement): HTMLElement {
  control.setAttribute('id', id);
  return h(doc, 'span', { class: 'field' }, h(doc, 'label', { text: label, attrs: { for: id } }), control);
}

function chartsToolbar(doc: Document, strings: UiStrings, view: ViewState, actions: LayoutActions) {
  const modes: [XAxisMode, string][] = [
    ['step', strings.step],
    ['wallTime', strings.wallTime],
    ['relativeTime', strings.relativeTime],
  ];
  const xAxis = h(
    doc,
    'vscode-single-select',
    { on: { change: (e) => actions.setXAxis(valueOf(e) as XAxisMode) } },
    ...modes.map(([mode, label]) => option(doc, mode, label, view.options.xAxis === mode)),
  );
  const weight = String(view.options.smoothing);
  const slider = h(doc, 'input', {
    attrs: { type: 'range', min: '0', max: '0.99', step: '0.01', value: weight },
    on: {
      input: (e) => actions.setSmoothing(Number(valueOf(e)), false),
      change: (e) => actions.setSmoothing(Number(valueOf(e)), true),
    },
  });
  const filter = h(doc, 'vscode-textfield', {
    attrs: {
      placeholder: strings.filterMetrics,
      'aria-label': strings.filterMetrics,
      value: view.metricFilter,
    },
    on: { input: (e) => actions.setMetricFilter(valueOf(e)) },
  });
  const smoothingValue = h(doc, 'output', {
    class: 'smoothing-value',
    text: weight,
    attrs: { for: 'smoothing' },
  });
  const toolbar = h(
    doc,
    'div',
    { class: 'toolbar' },
    field(doc, strings.xAxis, 'x-axis', xAxis),
    h(
      doc,
      'span',
      { class: 'field' },
      h(doc, 'label', { text: strings.smoothing, attrs: { for: 'smoothing' } }),
      slider,
      smoothingValue,
    ),
    field(doc, strings.filterMetrics, 'metric-filter', filter),
    h(doc, 'span', { class: 'hint', text: strings.zoomHint }),
  );
  slider.setAttribute('id', 'smoothing');
  return { toolbar, smoothingValue };
}

function tableToolbar(doc: Document, strings: UiStrings, view: ViewState, actions: LayoutActions) {
  const checkbox = h(doc, 'vscode-checkbox', {
    attrs: view.onlyDifferences ? { id: 'only-differences', checked: '' } : { id: 'only-differences' },
    text: strings.onlyDifferences,
    on: { change: (e) => actions.setOnlyDifferences((e.currentTarget as Value | null)?.checked === true) },
  });
  return h(
    doc,
    'div',
    { class: 'toolbar' },
    checkbox,
    iconButton(doc, 'codicon-copy', strings.copyCsv, () => actions.copyTable('csv'), {
      attrs: { id: 'copy-csv' },
    }),
    iconButton(doc, 'codicon-markdown', strings.copyMarkdown, () => actions.copyTable('markdown'), {
      attrs: { id: 'copy-markdown' },
    }),
    iconButton(doc, 'codicon-save', strings.exportCsv, () => actions.exportTable(), {
      attrs: { id: 'export-csv' },
    }),
  );
}

interface TabContents {
  charts: HTMLElement[];
  table: HTMLElement[];
  scatter: HTMLElement[];
  parallel: HTMLElement[];
}

function buildTabs(
  doc: Document,
  strings: UiStrings,
  view: ViewState,
  contents: TabContents,
  actions: LayoutActions,
) {
  const titles: Record<CompareTab, string> = {
    charts: strings.charts,
    table: strings.table,
    scatter: strings.scatter,
    parallel: strings.parallel,
  };
  const tabs = h(
    doc,
    'vscode-tabs',
    { attrs: { 'selected-index': String(COMPARE_TABS.indexOf(view.tab)) } },
    ...COMPARE_TABS.map((tab) =>
      h(doc, 'vscode-tab-header', { text: titles[tab], attrs: { slot: 'header', 'data-tab': tab } }),
    ),
    ...COMPARE_TABS.map((tab) =>
      h(doc, 'vscode-tab-panel', { attrs: { 'data-tab': tab } }, ...contents[tab]),
    ),
  );
  tabs.addEventListener('vsc-tabs-select', (event) => {
    const index = (event as CustomEvent<{ selectedIndex?: number }>).detail?.selectedIndex ?? 0;
    actions.selectTab(COMPARE_TABS[index] ?? 'charts');
  });
  return tabs;
}

export function buildLayout(
  doc: Document,
  strings: UiStrings,
  view: ViewState,
  actions: LayoutActions,
): Layout {
  const charts = chartsToolbar(doc, strings, view, actions);
  const legend = h(doc, 'ul', { class: 'run-legend', attrs: { 'aria-label': strings.runs } });
  const chartGrid = h(doc, 'div', { class: 'chart-grid' });
  const tableHost = h(doc, 'div', { class: 'table-host' });
  const scatterControls = h(doc, 'div', { class: 'toolbar' });
  const scatterHost = h(doc, 'div', { class: 'wide-chart scatter-host' });
  const parallelControls = h(doc, 'div', { class: 'toolbar' });
  const parallelHost = h(doc, 'div', { class: 'wide-chart parallel-host' });
  const tabs = buildTabs(
    doc,
    strings,
    view,
    {
      charts: [charts.toolbar, legend, chartGrid],
      table: [tableToolbar(doc, strings, view, actions), tableHost],
      scatter: [scatterControls, scatterHost],
      parallel: [parallelControls, parallelHost],
    },
    actions,
  );
  const empty = h(
    doc,
    'div',
    { class: 'empty-state', attrs: { hidden: '' } },
    h(doc, 'p', { text: strings.noRuns }),
    iconButton(doc, 'codicon-checklist', strings.chooseRuns, () => actions.pickRuns(), {
      attrs: { id: 'choose-runs' },
    }),
  );
  const notes = h(doc, 'div', { class: 'notes', attrs: { role: 'status' } });
  const root = h(doc, 'div', { class: 'compare-page' }, notes, empty, tabs);
  const smoothingValue = charts.smoothingValue;
  return {
    root,
    notes,
    empty,
    tabs,
    legend,
    chartGrid,
    smoothingValue,
    tableHost,
    scatterControls,
    scatterHost,
    parallelControls,
    parallelHost,
  };
}

/** The export button of the scatter and parallel coordinates toolbars. */
export function exportButton(
  doc: Document,
  strings: UiStrings,
  onClick: () => void,
  id: string,
): HTMLElement {
  return iconButton(doc, 'codicon-device-camera', strings.exportPng, onClick, { attrs: { id } });
}
