// One JSON encoding of a run, used for the CLI's `runs --json` output and for the index cache, so
// that a warm start can print cached runs without decoding them.
import { numberToJson, type DatasetInput, type MetricPoint, type Run } from './model';

export interface RunJson {
  source: Run['source'];
  store: string;
  experimentId: string;
  experimentName: string;
  id: string;
  name: string | null;
  status: Run['status'];
  lifecycle: Run['lifecycle'];
  parentId: string | null;
  startTime: number | null;
  endTime: number | null;
  params: Record<string, string>;
  /** Latest value per key; NaN and infinities as "NaN", "Infinity", "-Infinity". */
  metrics: Record<string, number | string>;
  tags: Record<string, string>;
  artifactUri: string | null;
  runDir: string | null;
  datasets: DatasetInput[];
  outputModelIds: string[];
  /** Step and timestamp (null: none recorded) of each latest metric value. */
  metricSteps: Record<string, [number, number | null]>;
}

export function runToJson(run: Run): RunJson {
  const metrics: Record<string, number | string> = {};
  const metricSteps: Record<string, [number, number | null]> = {};
  for (const [key, point] of Object.entries(run.metrics)) {
    metrics[key] = numberToJson(point.value);
    metricSteps[key] = [point.step, point.timestamp ?? null];
  }
  return {
    source: run.source,
    store: run.store,
    experimentId: run.experimentId,
    experimentName: run.experimentName,
    id: run.id,
    name: run.name,
    status: run.status,
    lifecycle: run.lifecycle,
    parentId: run.parentId,
    startTime: run.startTime,
    endTime: run.endTime,
    params: run.params,
    metrics,
    tags: run.tags,
    artifactUri: run.artifactUri,
    runDir: run.runDir,
    datasets: run.datasets,
    outputModelIds: run.outputModelIds,
    metricSteps,
  };
}

export function encodeRun(run: Run): string {
  return JSON.stringify(runToJson(run));
}

export function jsonToNumber(value: number | string): number {
  if (typeof value === 'number') return value;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  return NaN;
}

export function decodeRun(json: string): Run {
  const data = JSON.parse(json) as RunJson;
  const metrics: Record<string, MetricPoint> = {};
  for (const [key, value] of Object.entries(data.metrics)) {
    const [step, timestamp] = data.metricSteps[key] ?? [0, null];
    metrics[key] = { step, value: jsonToNumber(value) };
    if (timestamp !== null) metrics[key].timestamp = timestamp;
  }
  const run: Run & { metricSteps?: unknown } = { ...data, metrics };
  delete run.metricSteps;
  return run;
}
