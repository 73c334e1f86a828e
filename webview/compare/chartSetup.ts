// chart.js for the Compare Runs panel: the shared line and bar charts (../shared/charts/chartSetup)
// plus the scatter and the parallel coordinates controller.
import { registerLineCharts } from '../shared/charts/chartSetup';
import {
  Chart,
  LinearAxis,
  LineSegment,
  ParallelCoordinatesController,
  PCPScale,
  ScatterController,
} from './vendor';

export {
  applyThemeDefaults,
  chartPng,
  themeScale,
  tooltipTheme,
  warmUpCharts,
  type LegendEntry,
} from '../shared/charts/chartSetup';

let registered = false;

export function registerCharts(): void {
  if (registered) return;
  registered = true;
  registerLineCharts();
  Chart.register(ScatterController, ParallelCoordinatesController, PCPScale, LineSegment);
  Chart.registry.addElements(LinearAxis);
}
