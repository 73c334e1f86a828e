// The Compare Runs charts: the shared metric charts (../shared/charts/metricCharts) over the
// snapshot's runs and the metrics the filter box lets through.
import { matchesFilter } from '../shared/charts/format';
import {
  MetricCharts as SharedMetricCharts,
  type ChartsContext as SharedContext,
} from '../shared/charts/metricCharts';
import type { Shown } from './shown';
import type { ViewState } from './viewState';

export interface ChartsContext extends Omit<SharedContext, 'view'> {
  view: () => ViewState;
}

export class MetricCharts {
  private readonly charts: SharedMetricCharts;

  constructor(
    doc: Document,
    grid: HTMLElement,
    private readonly ctx: ChartsContext,
  ) {
    this.charts = new SharedMetricCharts(doc, grid, ctx);
  }

  /** Brings cards and charts in line with `snap`. `shown`: the charts tab is the visible one. */
  update(snap: Shown, shown: boolean): void {
    const filter = this.ctx.view().metricFilter;
    const model = {
      metrics: snap.metrics.filter((m) => matchesFilter(m, filter)),
      runs: snap.runs,
      xAxis: snap.options.xAxis,
      smoothing: snap.options.smoothing,
      strings: snap.strings,
    };
    this.charts.update(model, shown);
  }

  createVisible(): void {
    this.charts.createVisible();
  }

  resetAll(): void {
    this.charts.resetAll();
  }

  setHidden(): void {
    this.charts.setHidden();
  }

  retheme(): void {
    this.charts.retheme();
  }
}
