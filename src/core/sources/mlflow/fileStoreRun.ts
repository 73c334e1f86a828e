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
import { fingerprintOf, type Fingerprint } from './fingerprint';
import { cachedRunOf, type CachedRun } from './cachedRun';
import { latestPoint, parseMetricBytes, scanLatestPoint } from './metricLines';
import {
  folderProblem,
  listSubdirs,
  readKeyValueFiles,
  readSmallFile,
  readSmallTextFile,
  SMALL_FILE_LIMIT,
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
  const entries = listRunFolder(runDir);
  if (!Array.isArray(entries)) return entries;
  const folders = new Set(entries.filter((e) => e.isDirectory()).map((e) => e.name));
  const metaEntry = entries.find((e) => e.name === 'meta.yaml' && !e.isDirectory());
  if (!metaEntry) return undefined;
  const metaPath = path.join(runDir, 'meta.yaml');
  const problems: Problem[] = [];
  const broken = (reason: string): CachedRun => {
    problems.push({ path: metaPath, reason });
    return cachedRunOf(null, problems, fingerprintOf(runDir, ['', 'meta.yaml']));
  };
  let meta: Record<string, unknown>;
  let status: RunStatus;
  try {
    meta = parseMetaYaml(
      readSmallTextFile(metaPath, { limit: SMALL_FILE_LIMIT, knownRegular: metaEntry.isFile() }),
    );
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
    folders.has(name) ? walkTree(path.join(runDir, name), problems) : EMPTY_TREE;
  const trees = { metrics: subtree('metrics'), params: subtree('params'), tags: subtree('tags') };
  const tags = readKeyValueFiles(path.join(runDir, 'tags'), trees.tags, problems);
  const run: Run = {
    source: 'mlflow-file',
    store: experiment.store,
    experimentId: experiment.id,
    experimentName: experiment.name,
    id: asString(meta.run_id) || asString(meta.run_uuid) || path.basename(runDir),
    name: runNameOf(meta.run_name, tags),
    status,
    lifecycle:
      experiment.lifecycle === 'deleted' || meta.lifecycle_stage === 'deleted' ? 'deleted' : 'active',
    parentId: tags['mlflow.parentRunId'] ?? null,
    startTime: asNumber(meta.start_time),
    endTime: asNumber(meta.end_time),
    params: readKeyValueFiles(path.join(runDir, 'params'), trees.params, problems),
    metrics: readLatestMetrics(path.join(runDir, 'metrics'), trees.metrics, problems),
    tags,
    artifactUri: asString(meta.artifact_uri),
    runDir,
    datasets: folders.has('inputs') ? readDatasetInputs(runDir, problems) : [],
    outputModelIds: folders.has('outputs') ? listSubdirs(path.join(runDir, 'outputs'), problems) : [],
  };
  return cachedRunOf(run, problems, fingerprintOf(runDir, watchedPaths(status, trees)));
}

/** The run folder's entries; gone: undefined; unreadable: a broken run saying so. */
function listRunFolder(runDir: string): fs.Dirent[] | CachedRun | undefined {
  try {
    return fs.readdirSync(runDir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    return cachedRunOf(null, [folderProblem(runDir, error)], neverFresh(runDir));
  }
}

/**
 * MLflow's rule: the name in meta.yaml, else a non-empty `mlflow.runName` tag, else what meta.yaml
 * holds ('' for `run_name: ''`, null when MLflow 1.x wrote no `run_name` at all).
 */
export function runNameOf(recorded: unknown, tags: Record<string, string>): string | null {
  const name = asString(recorded);
  return name || tags['mlflow.runName'] || name;
}

/**
 * Reads one run folder; whatever it throws becomes that run's problem, so one bad run never takes
 * its store (or, in a reader thread, its whole batch) down with it.
 */
export function readRunSafely(runDir: string, experiment: Experiment): CachedRun | undefined {
  try {
    return readRunFolder(runDir, experiment);
  } catch (error) {
    const problem = { path: runDir, reason: `cannot read run: ${(error as Error).message}` };
    return cachedRunOf(null, [problem], neverFresh(runDir));
  }
}

/** A fingerprint that never matches (NaN equals nothing): a run that failed is read again next time
 * (fixing a folder's permissions does not change its mtime). */
function neverFresh(runDir: string): Fingerprint {
  return { base: runDir, paths: '', stamp: [NaN, NaN] };
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

function readLatestMetrics(dir: string, tree: Tree, problems: Problem[]): Record<string, MetricPoint> {
  const metrics: Record<string, MetricPoint> = {};
  for (const key of tree.files) {
    const file = dir + path.sep + key; // path.join is measurably slow over a few hundred thousand files
    let buffer: Buffer;
    try {
      buffer = readSmallFile(file, { knownRegular: !tree.unusual?.has(key) });
    } catch (error) {
      problems.push({ path: file, reason: (error as Error).message });
      continue;
    }
    const scan = scanLatestPoint(buffer);
    const latest = scan.irregular ? latestPoint(metricPointsOf(file, buffer, problems)) : scan.latest;
    if (latest) metrics[key] = latest;
    else problems.push({ path: file, reason: 'metric file holds no value' });
  }
  return metrics;
}

/** All logged values of one metric file, in logged order. Bad lines become problems. */
export function readMetricHistoryFile(file: string, problems: Problem[]): MetricPoint[] {
  let buffer: Buffer;
  try {
    buffer = readSmallFile(file);
  } catch (error) {
    problems.push({ path: file, reason: (error as Error).message });
    return [];
  }
  return metricPointsOf(file, buffer, problems);
}

function metricPointsOf(file: string, buffer: Buffer, problems: Problem[]): MetricPoint[] {
  const { points, badLines } = parseMetricBytes(buffer);
  // A line still being written by the tracker has no newline yet; it is read on the next change.
  const unfinished = buffer.length > 0 && buffer[buffer.length - 1] !== NEWLINE;
  const lastLine = unfinished ? badLines.at(-1)?.line : undefined;
  for (const bad of badLines) {
    if (bad.line !== lastLine || !isLastLine(buffer, bad.line))
      problems.push({ path: file, reason: `line ${bad.line}: ${bad.reason}` });
  }
  return points;
}

const NEWLINE = 0x0a;

/** Whether line `number` (1-based) is the buffer's last line. */
function isLastLine(buffer: Buffer, number: number): boolean {
  let lines = 1;
  for (let i = buffer.indexOf(NEWLINE); i !== -1; i = buffer.indexOf(NEWLINE, i + 1)) lines++;
  return number === lines;
}

function readDatasetInputs(runDir: string, problems: Problem[]): DatasetInput[] {
  const inputsDir = path.join(runDir, 'inputs');
  const datasets: DatasetInput[] = [];
  for (const inputId of listSubdirs(inputsDir, problems)) {
    const metaPath = path.join(inputsDir, inputId, 'meta.yaml');
    try {
      const link = parseMetaYaml(readSmallTextFile(metaPath));
      if (link.source_type !== 'DATASET') continue;
      const datasetId = asString(link.source_id) ?? '';
      const datasetMeta = path.join(runDir, '..', 'datasets', datasetId, 'meta.yaml');
      const dataset = parseMetaYaml(readSmallTextFile(datasetMeta));
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
