// How one run's line looks: its colour and dash, markers on short series, and the faded raw line
// under a smoothed one (which the tooltip does not list, see tooltipMode).
import type { ChartDataset } from 'chart.js' with { 'resolution-mode': 'import' };
import type { ChartRunView } from '../../../src/views/charts/protocol';
import type { LegendEntry } from './chartSetup';
import type { ChartPoint } from './seriesStore';

export type LineDataset = ChartDataset<'line', ChartPoint[]> & {
  key: string;
  dataKey: string;
  smoothedLine: boolean;
};

/** Runs at most this many points with markers; longer series are lines only. */
const MARKER_LIMIT = 60;

export function styleLine(
  dataset: LineDataset,
  run: ChartRunView,
  style: { data: ChartPoint[]; faded: boolean; hidden: boolean },
): LineDataset {
  const { data, faded } = style;
  dataset.data = data;
  dataset.smoothedLine = !faded;
  dataset.label = run.name;
  dataset.borderColor = faded ? `${run.color}55` : run.color;
  dataset.backgroundColor = run.color;
  dataset.borderDash = run.dash;
  dataset.borderWidth = faded ? 1 : 1.5;
  dataset.pointRadius = data.length <= MARKER_LIMIT && !faded ? 2 : 0;
  dataset.pointHoverRadius = faded ? 0 : 4;
  dataset.spanGaps = false;
  dataset.hidden = style.hidden;
  dataset.order = faded ? 1 : 0;
  return dataset;
}

/** The legend of an exported chart: the visible runs' main lines. */
export function lineLegend(datasets: Iterable<LineDataset>): LegendEntry[] {
  return [...datasets]
    .filter((d) => d.smoothedLine && !d.hidden)
    .map((d) => ({ label: d.label ?? '', color: String(d.borderColor), dash: d.borderDash as number[] }));
}
