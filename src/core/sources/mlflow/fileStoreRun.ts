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
import { cachedRunOf, type CachedRun } from './cachedRun';
import { latestPoint, parseMetricFile, scanLatestPoint } from './metricLines';
import {
  listSubdirs,
  readKeyValueFiles,
  readSmallFile,
  readSmallTextFile,
  walkTree,
  type Tree,
} from './fsWalk';

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

const EMPTY_TREE: Tree = { files: [], dirs: [] };

/**
 * Reads one run folder. Returns undefined for a folder without `meta.yaml` (MLflow does not count
 * it as a run: artifact folders look like this), and a run of null with a problem for a broken one.
 * The folder is listed once so that absent sub-folders cost nothing.
 */
export function readRunFolder(runDir: string, experiment: Experiment): CachedRun | undefined {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(runDir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const folders = new Set(entries.filter((e) => e.isDirectory()).map((e) => e.name));
  if (!entries.some((e) => e.name === 'meta.yaml' && !e.isDirectory())) return undefined;
  const metaPath = path.join(runDir, 'meta.yaml');
  const problems: Problem[] = [];
  const broken = (reason: string): CachedRun => {
    problems.push({ path: metaPath, reason });
    return cachedRunOf(null, problems, fingerprintOf(runDir, ['', 'meta.yaml']));
  };
  let meta: Record<string, unknown>;
  let status: RunStatus;
  try {
    meta = parseMetaYaml(readSmallTextFile(metaPath));
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
  const subtree = (name: string): Tree =>
    folders.has(name) ? walkTree(path.join(runDir, name)) : EMPTY_TREE;
  const trees = { metrics: subtree('metrics'), params: subtree('params'), tags: subtree('tags') };
  const tags = readKeyValueFiles(path.join(runDir, 'tags'), trees.tags.files, problems);
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
    params: readKeyValueFiles(path.join(runDir, 'params'), trees.params.files, problems),
    metrics: readLatestMetrics(path.join(runDir, 'metrics'), trees.metrics.files, problems),
    tags,
    artifactUri: asString(meta.artifact_uri),
    runDir,
    datasets: folders.has('inputs') ? readDatasetInputs(runDir, problems) : [],
    outputModelIds: folders.has('outputs') ? listSubdirs(path.join(runDir, 'outputs')) : [],
  };
  return cachedRunOf(run, problems, fingerprintOf(runDir, watchedPaths(status, trees)));
}

/** Tags users edit after a run ends (notes, their own tags); MLflow's system tags are set once. */
const isEditableTag = (key: string): boolean => !key.startsWith('mlflow.') || key === 'mlflow.note.content';

/**
 * What decides whether a cached run is still valid: meta.yaml (rename, delete, terminate), the
 * key folders (keys added, also to a finished run through MlflowClient), editable tag files
 * (rewritten in place). Metric files grow only while a run is live, so only then is each one
 * watched, with the run folder itself (new inputs/outputs).
 */
function watchedPaths(status: RunStatus, trees: Record<'metrics' | 'params' | 'tags', Tree>): string[] {
  const paths = ['meta.yaml'];
  for (const [folder, tree] of Object.entries(trees)) {
    paths.push(folder, ...tree.dirs.map((d) => `${folder}/${d}`));
  }
  const live = !isTerminal(status);
  paths.push(...trees.tags.files.filter((f) => live || isEditableTag(f)).map((f) => `tags/${f}`));
  if (live) paths.push('', 'inputs', 'outputs', ...trees.metrics.files.map((f) => `metrics/${f}`));
  return paths;
}

function readLatestMetrics(
  dir: string,
  keys: readonly string[],
  problems: Problem[],
): Record<string, MetricPoint> {
  const metrics: Record<string, MetricPoint> = {};
  for (const key of keys) {
    const file = dir + path.sep + key; // path.join is measurably slow over a few hundred thousand files
    let buffer: Buffer;
    try {
      buffer = readSmallFile(file);
    } catch (error) {
      problems.push({ path: file, reason: (error as Error).message });
      continue;
    }
    const scan = scanLatestPoint(buffer);
    const latest = scan.irregular
      ? latestPoint(metricPointsOf(file, buffer.toString('utf8'), problems))
      : scan.latest;
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
  return metricPointsOf(file, text, problems);
}

function metricPointsOf(file: string, text: string, problems: Problem[]): MetricPoint[] {
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
