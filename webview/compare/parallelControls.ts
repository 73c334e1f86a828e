// The parallel coordinates' brush controls (how many runs are selected, one chip per brush, Clear
// selections) and the tooltip that names the hovered run with its value on each axis.
import type { AxisView, RunEntry, UiStrings } from '../../src/views/compare/protocol';
import { h, iconButton } from '../shared/dom';
import { activeBrushes, describeBrush, fill, type ParallelBrush } from './parallelBrush';
import { swatch } from './legend';
import { axisText } from './scatter';

export interface BrushActions {
  clear(axisId: string): void;
  clearAll(): void;
}

export class BrushControls {
  /** role=status: screen readers hear the count change as brushes are dragged. */
  readonly status: HTMLElement;
  readonly chips: HTMLElement;
  readonly clearButton: HTMLButtonElement;

  constructor(
    private readonly doc: Document,
    private readonly strings: () => UiStrings,
    private readonly actions: BrushActions,
  ) {
    this.status = h(doc, 'span', {
      class: 'pcp-selection',
      attrs: { role: 'status', id: 'parallel-selection' },
    });
    this.chips = h(doc, 'ul', { class: 'pcp-brushes' });
    this.clearButton = iconButton(doc, 'codicon-clear-all', '', () => actions.clearAll(), {
      attrs: { id: 'parallel-clear' },
    });
  }

  /** No chart (too few axes or values): nothing to brush. */
  clear(): void {
    this.status.textContent = '';
    this.chips.replaceChildren();
    this.clearButton.disabled = true;
  }

  /** Renders the count, the chips and the button for the brushes active on `axes`. */
  update(
    axes: readonly AxisView[],
    brushes: readonly ParallelBrush[],
    selected: number,
    drawn: number,
  ): void {
    const strings = this.strings();
    const active = [...activeBrushes(brushes, axes)];
    const label = strings.clearSelections;
    this.clearButton.setAttribute('title', label);
    this.clearButton.setAttribute('aria-label', label);
    this.clearButton.querySelector('span:not(.codicon)')?.replaceChildren(label);
    this.clearButton.disabled = active.length === 0;
    this.status.textContent =
      active.length > 0 ? fill(strings.runsSelected, selected, drawn) : strings.brushHint;
    this.status.classList.toggle('hint', active.length === 0);
    this.status.setAttribute('data-selected', String(active.length > 0 ? selected : drawn));
    this.chips.setAttribute('aria-label', strings.clearSelections);
    this.chips.replaceChildren(
      ...active.map(([k, brush]) => {
        const axis = axes[k];
        const key = axis?.key ?? brush.axis;
        return h(
          this.doc,
          'li',
          { attrs: { 'data-axis': brush.axis } },
          h(this.doc, 'span', { class: 'pcp-brush-axis', text: key }),
          h(this.doc, 'span', { text: describeBrush(brush) }),
          iconButton(
            this.doc,
            'codicon-close',
            fill(strings.clearBrush, key),
            () => this.actions.clear(brush.axis),
            {
              iconOnly: true,
            },
          ),
        );
      }),
    );
  }
}

/** The hovered run's name and its value on each axis, next to the pointer. */
export class ParallelTooltip {
  readonly element: HTMLElement;

  /** Reads out the run chosen with the arrow keys (the tooltip itself is only seen). */
  readonly announcer: HTMLElement;

  constructor(private readonly doc: Document) {
    this.element = h(doc, 'div', {
      class: 'pcp-tooltip',
      attrs: { role: 'tooltip', id: 'parallel-tooltip', hidden: '' },
    });
    this.announcer = h(doc, 'div', { class: 'visually-hidden', attrs: { 'aria-live': 'polite' } });
  }

  show(
    run: RunEntry,
    runIndex: number,
    axes: readonly AxisView[],
    at: { x: number; y: number },
    announce: boolean,
  ): void {
    const texts = axes.map((axis) => {
      const value = axis.values[runIndex];
      return value === null || value === undefined ? '—' : axisText(axis, value);
    });
    if (announce) {
      this.announcer.textContent = `${run.name}: ${axes.map((axis, k) => `${axis.key} ${texts[k]}`).join(', ')}`;
    }
    const rows = axes.map((axis, k) => {
      const text = texts[k] ?? '—';
      return h(
        this.doc,
        'tr',
        { attrs: { 'data-axis': axis.id } },
        h(this.doc, 'th', { text: axis.key, attrs: { scope: 'row' } }),
        h(this.doc, 'td', { text }),
      );
    });
    this.element.replaceChildren(
      h(
        this.doc,
        'div',
        { class: 'pcp-tooltip-title' },
        swatch(this.doc, run),
        h(this.doc, 'span', { text: run.name }),
      ),
      h(this.doc, 'table', {}, h(this.doc, 'tbody', {}, ...rows)),
    );
    this.element.removeAttribute('hidden');
    this.place(at);
  }

  hide(): void {
    this.element.setAttribute('hidden', '');
  }

  /** Below right of the point, or on the other side where the holder would cut it off. */
  private place(at: { x: number; y: number }): void {
    const holder = this.element.offsetParent as HTMLElement | null;
    const width = this.element.offsetWidth;
    const height = this.element.offsetHeight;
    const gap = 14;
    const maxX = (holder?.clientWidth ?? Number.POSITIVE_INFINITY) - width - 2;
    const maxY = (holder?.clientHeight ?? Number.POSITIVE_INFINITY) - height - 2;
    const x = at.x + gap <= maxX ? at.x + gap : Math.max(0, at.x - gap - width);
    const y = at.y + gap <= maxY ? at.y + gap : Math.max(0, at.y - gap - height);
    this.element.style.left = `${Math.round(x)}px`;
    this.element.style.top = `${Math.round(y)}px`;
  }
}
