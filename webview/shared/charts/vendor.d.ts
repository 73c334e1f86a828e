// Types of vendor.js (see there why it is JavaScript).
import type * as ChartJs from 'chart.js' with { 'resolution-mode': 'import' };
import type ZoomPlugin from 'chartjs-plugin-zoom';

export declare const Chart: typeof ChartJs.Chart;
export type Chart<
  TType extends ChartJs.ChartType = ChartJs.ChartType,
  TData = ChartJs.DefaultDataPoint<TType>,
  TLabel = unknown,
> = ChartJs.Chart<TType, TData, TLabel>;
export declare const BarController: typeof ChartJs.BarController;
export declare const BarElement: typeof ChartJs.BarElement;
export declare const CategoryScale: typeof ChartJs.CategoryScale;
export declare const Decimation: typeof ChartJs.Decimation;
export declare const Interaction: typeof ChartJs.Interaction;
export declare const LinearScale: typeof ChartJs.LinearScale;
export declare const LineController: typeof ChartJs.LineController;
export declare const LineElement: typeof ChartJs.LineElement;
export declare const LogarithmicScale: typeof ChartJs.LogarithmicScale;
export declare const PointElement: typeof ChartJs.PointElement;
export declare const Tooltip: typeof ChartJs.Tooltip;
export declare const zoomPlugin: typeof ZoomPlugin;
