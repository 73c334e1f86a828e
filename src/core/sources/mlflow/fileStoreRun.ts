import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  isTerminal,
  type DatasetInput,
  type Experiment,
  type MetricPoint,
  type Problem,
  type Run,
  type RunStatus,
} from '../../model';
import { asNumber, asString, parseMetaYaml } from './flatYaml';
import { fingerprintOf } from './fingerprint';
import type { CachedRun } from './fileStore';
import { latestPoint, parseMetricFile } from './metricLines';
import { listSubdirs, readKeyValueFolder, walkDirs, walkFiles } from './fsWalk';

const STATUS_BY_NUMBER: Record<number, RunStatus> = {
  1: 'RUNNING',
  2: 'SCHEDULED',
  3: 'FINISHED',
  4: 'FAILED',
  5: 'KILLED',
};

export function runStatusFrom(value: unknown): RunStatus {
  if (value === null || value === undefined) return 'RUNNING';
  if (typeof value === 'number' && STATUS_BY_NUMBER[value]) return STATUS_BY_NUMBER[value];
  const text = String(value).toUpperCase();
  if (
    text === 'RUNNING' ||
    text === 'SCHEDULED' ||
    text === 'FINISHED' ||
    text === 'FAILED' ||
    text === 'KILLED'
  ) {
    return text;
  }
  throw new Error(`unknown run status '${String(value)}'`);
}

/**
 * Reads one run folder. Returns undefined for a folder without `meta.yaml` (MLflow does not count
 * it as a run: artifact folders look like this), and a run of null with a problem for a broken one.
 */
export function readRunFolder(runDir: string, experiment: Experiment): CachedRun | undefined {
  const metaPath = path.join(runDir, 'meta.yaml');
  let text: string;
  try {
    text = fs.readFileSync(metaPath, 'utf8');
  } catch {
    return undefined;
  }
  const problems: Problem[] = [];
  const fingerprintPaths = [runDir, metaPath];
  const broken = (reason: string): CachedRun => {
    problems.push({ path: metaPath, reason });
    return { run: null, problems, fingerprint: fingerprintOf(fingerprintPaths) };
  };
  let meta: Record<string, unknown>;
  let status: RunStatus;
  try {
    meta = parseMetaYaml(text);
    status = runStatusFrom(meta.status);
  } catch (error) {
    return broken(`unreadable run meta.yaml: ${(error as Error).message}`);
  }
  const experimentId = asString(meta.experiment_id);
  if (experimentId !== experiment.id) {
    return broken(
      `run records experiment '${experimentId}' but lies in experiment '${experiment.id}'; MLflow ignores it`,
    );
  }
  const tags = readKeyValueFolder(path.join(runDir, 'tags'), problems);
  const metrics = readLatestMetrics(path.join(runDir, 'metrics'), problems);
  const run: Run = {
    source: 'mlflow-file',
    store: experiment.store,
    experimentId: experiment.id,
    experimentName: experiment.name,
    id: asString(meta.run_id) || asString(meta.run_uuid) || path.basename(runDir),
    name: asString(meta.run_name) || tags['mlflow.runName'] || '',
    status,
    lifecycle:
      experiment.lifecycle === 'deleted' || meta.lifecycle_stage === 'deleted' ? 'deleted' : 'active',
    parentId: tags['mlflow.parentRunId'] ?? null,
    startTime: asNumber(meta.start_time),
    endTime: asNumber(meta.end_time),
    params: readKeyValueFolder(path.join(runDir, 'params'), problems),
    metrics,
    tags,
    artifactUri: asString(meta.artifact_uri),
    runDir,
    datasets: readDatasetInputs(runDir, problems),
    outputModelIds: listSubdirs(path.join(runDir, 'outputs')),
  };
  fingerprintPaths.push(...watchedPaths(runDir, status));
  return { run, problems, fingerprint: fingerprintOf(fingerprintPaths) };
}

/**
 * Folders change when keys are added; tag files can be rewritten in place (notes, renames); metric
 * files grow only while a run is live, so only then is each one watched.
 */
function watchedPaths(runDir: string, status: RunStatus): string[] {
  const paths: string[] = [];
  for (const folder of ['metrics', 'params', 'tags', 'inputs', 'outputs']) {
    const dir = path.join(runDir, folder);
    paths.push(dir, ...walkDirs(dir));
  }
  const tagsDir = path.join(runDir, 'tags');
  paths.push(...walkFiles(tagsDir).map((f) => path.join(tagsDir, f)));
  if (!isTerminal(status)) {
    const metricsDir = path.join(runDir, 'metrics');
    paths.push(...walkFiles(metricsDir).map((f) => path.join(metricsDir, f)));
  }
  return paths;
}

function readLatestMetrics(dir: string, problems: Problem[]): Record<string, MetricPoint> {
  const metrics: Record<string, MetricPoint> = {};
  for (const key of walkFiles(dir)) {
    const file = path.join(dir, key);
    const points = readMetricHistoryFile(file, problems);
    const latest = latestPoint(points);
    if (latest) metrics[key] = latest;
    else problems.push({ path: file, reason: 'metric file holds no value' });
  }
  return metrics;
}

/** All logged values of one metric file, in logged order. Bad lines become problems. */
export function readMetricHistoryFile(file: string, problems: Problem[]): MetricPoint[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    problems.push({ path: file, reason: (error as Error).message });
    return [];
  }
  const { points, badLines } = parseMetricFile(text);
  for (const bad of badLines) {
    // A line still being written by the tracker has no newline yet; it is read on the next change.
    const isUnfinishedLastLine = !text.endsWith('\n') && bad.line === text.split('\n').length;
    if (!isUnfinishedLastLine) problems.push({ path: file, reason: `line ${bad.line}: ${bad.reason}` });
  }
  return points;
}

function readDatasetInputs(runDir: string, problems: Problem[]): DatasetInput[] {
  const inputsDir = path.join(runDir, 'inputs');
  const datasets: DatasetInput[] = [];
  for (const inputId of listSubdirs(inputsDir)) {
    const metaPath = path.join(inputsDir, inputId, 'meta.yaml');
    try {
      const link = parseMetaYaml(fs.readFileSync(metaPath, 'utf8'));
      if (link.source_type !== 'DATASET') continue;
      const datasetId = asString(link.source_id) ?? '';
      const datasetMeta = path.join(runDir, '..', 'datasets', datasetId, 'meta.yaml');
      const dataset = parseMetaYaml(fs.readFileSync(datasetMeta, 'utf8'));
      const linkTags = link.tags as Record<string, unknown> | null | undefined;
      datasets.push({
        name: asString(dataset.name) ?? datasetId,
        digest: asString(dataset.digest) ?? '',
        sourceType: asString(dataset.source_type) ?? '',
        source: asString(dataset.source) ?? '',
        context: asString(linkTags?.['mlflow.data.context']),
      });
    } catch (error) {
      problems.push({ path: metaPath, reason: `unreadable dataset input: ${(error as Error).message}` });
    }
  }
  return datasets;
}
