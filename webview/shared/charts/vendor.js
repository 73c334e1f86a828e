// The chart.js modules the line and bar charts use, re-exported. Plain JavaScript on purpose: the
// project's TypeScript (module node16) checks webview files as CommonJS, which may not import these
// ESM-only packages by value; esbuild bundles this file as ESM, and vendor.d.ts gives it its types.
export {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Decimation,
  Interaction,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
} from 'chart.js';
export { default as zoomPlugin } from 'chartjs-plugin-zoom';
