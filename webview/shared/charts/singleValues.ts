// A metric with one value per run, shown as text (the Run details panel): a lone bar, or a lone
// dot on a made-up axis, says less than the number itself.
import type { ChartStrings } from '../../../src/views/charts/protocol';
import { h } from '../dom';
import type { BarItem } from './barCharts';
import { formatValue } from './format';

export function renderSingleValues(
  doc: Document,
  items: readonly BarItem[],
  strings: Pick<ChartStrings, 'step'>,
): HTMLElement {
  return h(
    doc,
    'div',
    { class: 'single-values' },
    ...items.map((item) =>
      h(
        doc,
        'p',
        { class: 'single-value', attrs: { 'data-run-key': item.run.key } },
        h(doc, 'span', { class: 'value', text: formatValue(item.value) }),
        h(doc, 'span', { class: 'step', text: `${strings.step} ${item.step}` }),
      ),
    ),
  );
}
