// Places the chart cards: one grid, or, when the metrics have prefixes, one collapsible section
// per prefix (see chartGroups). Elements are moved only when their place changed, so charts are
// never recreated by a live update.
import type { ChartStrings } from '../../../src/views/charts/protocol';
import { h } from '../dom';
import { groupMetrics } from './chartGroups';
import { format } from './format';

interface Section {
  details: HTMLDetailsElement;
  grid: HTMLElement;
  title: HTMLElement;
  count: HTMLElement;
}

export interface SectionHooks {
  collapsed(): readonly string[];
  toggled(group: string, open: boolean): void;
}

function replaceIfChanged(parent: HTMLElement, children: readonly HTMLElement[]): void {
  const current = Array.from(parent.children);
  if (children.length !== current.length || children.some((child, i) => child !== current[i])) {
    parent.replaceChildren(...children);
  }
}

export class ChartSections {
  private readonly sections = new Map<string, Section>();

  constructor(
    private readonly doc: Document,
    private readonly container: HTMLElement,
    private readonly hooks: SectionHooks,
  ) {}

  place(
    metrics: readonly string[],
    cardOf: (metric: string) => HTMLElement,
    strings: Pick<ChartStrings, 'otherMetrics' | 'chartCount' | 'oneChart'>,
  ): void {
    const groups = groupMetrics(metrics);
    this.container.classList.toggle('grouped', groups !== null);
    if (!groups) {
      replaceIfChanged(this.container, metrics.map(cardOf));
      return;
    }
    const shown = groups.map((group) => {
      const section = this.section(group.name);
      section.title.textContent = group.name === '' ? strings.otherMetrics : group.name;
      const count = group.metrics.length;
      section.count.textContent =
        count === 1 && strings.oneChart !== undefined ? strings.oneChart : format(strings.chartCount, count);
      replaceIfChanged(section.grid, group.metrics.map(cardOf));
      return section.details;
    });
    replaceIfChanged(this.container, shown);
  }

  private section(name: string): Section {
    const existing = this.sections.get(name);
    if (existing) return existing;
    const title = h(this.doc, 'span', { class: 'group-title' });
    const count = h(this.doc, 'span', { class: 'group-count' });
    const grid = h(this.doc, 'div', { class: 'chart-grid' });
    const details = h(
      this.doc,
      'details',
      { class: 'chart-group', attrs: { 'data-group': name } },
      h(this.doc, 'summary', {}, title, count),
      grid,
    ) as HTMLDetailsElement;
    details.open = !this.hooks.collapsed().includes(name);
    details.addEventListener('toggle', () => this.hooks.toggled(name, details.open));
    const section = { details, grid, title, count };
    this.sections.set(name, section);
    return section;
  }
}
