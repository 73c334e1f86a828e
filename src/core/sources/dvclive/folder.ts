// Reading one DVCLive folder: its summary (latest values), params and metric histories.
import type { MetricPoint, Problem, TypedValue } from '../../model';
import { flattenMetrics, parseMetricsFile, type MetricScalar } from '../dvc/values/metricsFile';
import { flattenParams, parseParamsFile } from '../dvc/values/paramsFile';
import type { FileTree } from './fileTree';
import type { DvcLiveFolder } from './layout';
import { parseMetricTsv } from './tsv';

export interface DvcLiveValues {
  /** Latest values by logged name ("train/loss"), from the summary or else the histories' last rows. */
  metrics: Record<string, { value: MetricScalar; step: number; timestamp?: number }>;
  /** Params by dotted key as DVC shows them. */
  params: Record<string, TypedValue>;
  problems: Problem[];
}

/**
 * The folder's latest metric values and params. Summary keys nest by "/" in DVCLive (`train.loss`
 * in JSON is the metric `train/loss`); the summary's own `step` is the step of every value. Metrics
 * that only have a history (no summary, e.g. DVCLive stopped early) take their last row.
 */
export async function readDvcLiveValues(
  tree: FileTree,
  folder: DvcLiveFolder,
  fallbackTimestamp: number,
): Promise<DvcLiveValues> {
  const problems: Problem[] = [];
  const metrics: DvcLiveValues['metrics'] = {};
  if (folder.summary) {
    const text = await tree.read(folder.summary);
    const parsed = text === null ? { values: {}, problems: [] } : parseMetricsFile(text, folder.summary);
    problems.push(...parsed.problems);
    const step = typeof parsed.values.step === 'number' ? parsed.values.step : 0;
    for (const [key, value] of Object.entries(flattenMetrics(parsed.values, '/')))
      metrics[key] = { value, step, timestamp: fallbackTimestamp };
  }
  for (const name of Object.keys(folder.histories)) {
    if (metrics[name]) continue;
    const { points } = await readDvcLiveHistory(tree, folder, name, fallbackTimestamp);
    const last = points[points.length - 1];
    if (last) metrics[name] = { value: last.value, step: last.step, timestamp: last.timestamp };
  }
  let params: Record<string, TypedValue> = {};
  if (folder.params) {
    const text = await tree.read(folder.params);
    if (text !== null) {
      const parsed = parseParamsFile(text, folder.params);
      problems.push(...parsed.problems);
      params = flattenParams(parsed.values);
    }
  }
  return { metrics, params, problems };
}

/** The full history of one logged metric of the folder (empty when it has none). */
export async function readDvcLiveHistory(
  tree: FileTree,
  folder: DvcLiveFolder,
  name: string,
  fallbackTimestamp: number,
): Promise<{ points: MetricPoint[]; problems: Problem[] }> {
  const file = folder.histories[name];
  if (!file) return { points: [], problems: [] };
  const text = await tree.read(file);
  if (text === null) return { points: [], problems: [] };
  return parseMetricTsv(text, name, file, fallbackTimestamp);
}
