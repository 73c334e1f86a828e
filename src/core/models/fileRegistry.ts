// MLflow's model registry and logged models in a file store (`mlruns`), read as MLflow's
// `FileStore`s do (mlflow/store/model_registry/file_store.py, mlflow/store/tracking/file_store.py):
//   mlruns/models/<name>/{meta.yaml, tags/<key>, aliases/<alias>, version-<N>/{meta.yaml, tags/<key>}}
//   mlruns/<experiment>/models/<model_id>/{meta.yaml, params/, tags/, metrics/, artifacts/}
// Read only; what cannot be read is listed with the reason instead of ending the read.
import * as path from 'node:path';
import type { Problem } from '../model';
import { asNumber, asString, parseMetaYaml } from '../sources/mlflow/flatYaml';
import {
  listFolder,
  listSubdirs,
  readKeyValueFolder,
  readSmallTextFile,
  walkTree,
} from '../sources/mlflow/fsWalk';
import { localFolderOf } from './locations';
import { hasMlModel, readMlModel } from './mlmodel';
import {
  compareVersionsDescending,
  latestModelMetrics,
  loggedModelStatus,
  type LoggedModel,
  type LoggedModelMetric,
  type ModelVersion,
  type RegisteredModel,
  type SourceRunState,
} from './types';

const REGISTRY = 'models';
const TRASH = '.trash';
const VERSION_PREFIX = 'version-';
const DELETED_STAGE = 'Deleted_Internal';
const PROMPT_TAG = 'mlflow.prompt.is_prompt';

export interface FileRegistryRead {
  registeredModels: RegisteredModel[];
  loggedModels: LoggedModel[];
  problems: Problem[];
}

function readMeta(file: string): Record<string, unknown> {
  return parseMetaYaml(readSmallTextFile(file));
}

/** Reads the registry and the logged models of one file store. */
export function readFileRegistry(root: string): FileRegistryRead {
  const store = path.resolve(root);
  const problems: Problem[] = [];
  const registeredModels = readRegisteredModels(store, problems);
  const loggedModels = readLoggedModels(store, problems);
  const runs = new FileStoreRuns(store);
  for (const model of registeredModels)
    for (const version of model.versions) version.sourceRun = runs.stateOf(version.runId);
  for (const model of loggedModels) model.sourceRun = runs.stateOf(model.sourceRunId);
  return { registeredModels, loggedModels, problems };
}

export function readRegisteredModels(store: string, problems: Problem[]): RegisteredModel[] {
  const models: RegisteredModel[] = [];
  for (const name of listSubdirs(path.join(store, REGISTRY), problems)) {
    const model = readRegisteredModel(store, path.join(store, REGISTRY, name), problems);
    if (model && model.tags[PROMPT_TAG]?.toLowerCase() !== 'true') models.push(model);
  }
  return models;
}

function readRegisteredModel(store: string, dir: string, problems: Problem[]): RegisteredModel | undefined {
  const folderName = path.basename(dir);
  const model: RegisteredModel = {
    source: 'mlflow-file',
    store,
    name: folderName,
    description: null,
    creationTime: null,
    lastUpdatedTime: null,
    tags: {},
    aliases: {},
    versions: [],
  };
  const metaFile = path.join(dir, 'meta.yaml');
  try {
    const meta = readMeta(metaFile);
    model.name = asString(meta.name) ?? folderName;
    model.description = asString(meta.description);
    model.creationTime = asNumber(meta.creation_timestamp);
    model.lastUpdatedTime = asNumber(meta.last_updated_timestamp);
  } catch (error) {
    model.problem = `unreadable registered model meta.yaml: ${(error as Error).message}`;
    problems.push({ path: metaFile, reason: model.problem });
  }
  model.tags = readKeyValueFolder(path.join(dir, 'tags'), problems);
  model.aliases = trimmedValues(readKeyValueFolder(path.join(dir, 'aliases'), problems));
  for (const entry of listFolder(dir, problems)) {
    if (!entry.isDirectory() || !entry.name.startsWith(VERSION_PREFIX)) continue;
    const version = readVersion(path.join(dir, entry.name), model, problems);
    if (version && version.stage !== DELETED_STAGE && version.tags[PROMPT_TAG]?.toLowerCase() !== 'true')
      model.versions.push(version);
  }
  model.versions.sort(compareVersionsDescending);
  return model;
}

function trimmedValues(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()]));
}

function readVersion(dir: string, model: RegisteredModel, problems: Problem[]): ModelVersion | undefined {
  const number = path.basename(dir).slice(VERSION_PREFIX.length);
  const version: ModelVersion = {
    name: model.name,
    version: number,
    aliases: Object.keys(model.aliases)
      .filter((alias) => model.aliases[alias] === number)
      .sort(),
    stage: 'None',
    status: 'READY',
    statusMessage: null,
    description: null,
    userId: null,
    runId: null,
    runLink: null,
    source: null,
    storageLocation: null,
    modelId: null,
    tags: {},
    creationTime: null,
    lastUpdatedTime: null,
    sourceRun: 'none',
  };
  const metaFile = path.join(dir, 'meta.yaml');
  try {
    const meta = readMeta(metaFile);
    version.version = asString(meta.version) ?? number;
    version.stage = asString(meta.current_stage) ?? 'None';
    version.status = asString(meta.status) ?? 'READY';
    version.statusMessage = asString(meta.status_message);
    version.description = asString(meta.description);
    version.userId = asString(meta.user_id);
    version.runId = asString(meta.run_id);
    version.runLink = asString(meta.run_link);
    version.source = asString(meta.source);
    version.storageLocation = asString(meta.storage_location);
    version.modelId = asString(meta.model_id);
    version.creationTime = asNumber(meta.creation_timestamp);
    version.lastUpdatedTime = asNumber(meta.last_updated_timestamp);
  } catch (error) {
    version.problem = `unreadable model version meta.yaml: ${(error as Error).message}`;
    problems.push({ path: metaFile, reason: version.problem });
  }
  version.tags = readKeyValueFolder(path.join(dir, 'tags'), problems);
  return version;
}

/** Experiment folders (active, then deleted ones in `.trash`), as MLflow lists them. */
function experimentDirs(store: string, problems?: Problem[]): { dir: string; deleted: boolean }[] {
  const dirs: { dir: string; deleted: boolean }[] = [];
  for (const name of listSubdirs(store, problems)) {
    if (name === REGISTRY || name === TRASH) continue;
    dirs.push({ dir: path.join(store, name), deleted: false });
  }
  for (const name of listSubdirs(path.join(store, TRASH), problems))
    dirs.push({ dir: path.join(store, TRASH, name), deleted: true });
  return dirs;
}

export function readLoggedModels(store: string, problems: Problem[]): LoggedModel[] {
  const models: LoggedModel[] = [];
  for (const { dir, deleted } of experimentDirs(store)) {
    const modelsDir = path.join(dir, REGISTRY);
    for (const id of listSubdirs(modelsDir, problems)) {
      const model = readLoggedModel(store, path.join(modelsDir, id), path.basename(dir), problems);
      if (deleted) model.lifecycle = 'deleted';
      models.push(model);
    }
  }
  return models;
}

function readLoggedModel(store: string, dir: string, experimentId: string, problems: Problem[]): LoggedModel {
  const model: LoggedModel = {
    source: 'mlflow-file',
    store,
    modelId: path.basename(dir),
    experimentId,
    name: path.basename(dir),
    artifactLocation: null,
    creationTime: null,
    lastUpdatedTime: null,
    status: 'UNSPECIFIED',
    statusMessage: null,
    lifecycle: 'active',
    modelType: null,
    sourceRunId: null,
    sourceRun: 'none',
    params: {},
    tags: {},
    metrics: [],
  };
  const metaFile = path.join(dir, 'meta.yaml');
  try {
    const meta = readMeta(metaFile);
    model.modelId = asString(meta.model_id) ?? model.modelId;
    model.experimentId = asString(meta.experiment_id) ?? experimentId;
    model.name = asString(meta.name) ?? model.name;
    model.artifactLocation = asString(meta.artifact_location);
    model.creationTime = asNumber(meta.creation_timestamp);
    model.lastUpdatedTime = asNumber(meta.last_updated_timestamp);
    model.status = loggedModelStatus(meta.status);
    model.statusMessage = asString(meta.status_message);
    model.lifecycle = meta.lifecycle_stage === 'deleted' ? 'deleted' : 'active';
    model.modelType = asString(meta.model_type);
    model.sourceRunId = asString(meta.source_run_id);
  } catch (error) {
    model.problem = `unreadable logged model meta.yaml: ${(error as Error).message}`;
    problems.push({ path: metaFile, reason: model.problem });
  }
  model.params = readKeyValueFolder(path.join(dir, 'params'), problems);
  model.tags = readKeyValueFolder(path.join(dir, 'tags'), problems);
  model.metrics = latestModelMetrics(readModelMetrics(path.join(dir, 'metrics'), problems));
  const artifacts =
    localFolderOf(model.artifactLocation, store, model.modelId) ?? path.join(dir, 'artifacts');
  if (hasMlModel(artifacts)) model.mlmodel = readMlModel(artifacts);
  return model;
}

/** Lines `<timestamp> <value> <step> <run_id> [<dataset_name> <dataset_digest>]`. */
function readModelMetrics(dir: string, problems: Problem[]): LoggedModelMetric[] {
  const points: LoggedModelMetric[] = [];
  const tree = walkTree(dir, problems);
  for (const key of tree.files) {
    const file = path.join(dir, key);
    try {
      for (const line of readSmallTextFile(file).split('\n')) {
        if (line.trim() === '') continue;
        points.push(metricFromLine(key, line.trim()));
      }
    } catch (error) {
      problems.push({ path: file, reason: (error as Error).message });
    }
  }
  return points;
}

function metricFromLine(key: string, line: string): LoggedModelMetric {
  const parts = line.split(' ');
  if (parts.length !== 4 && parts.length !== 6)
    throw new Error(`malformed metric line (${parts.length} fields, expected 4 or 6): ${line}`);
  const value = Number(parts[1]);
  return {
    key,
    value: Number.isFinite(value) ? value : parts[1] === 'nan' ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity',
    timestamp: Number(parts[0]),
    step: Number(parts[2]),
    runId: parts[3] ?? null,
    datasetName: parts[4] ?? null,
    datasetDigest: parts[5] ?? null,
  };
}

/**
 * Where each run of the store is, found by listing experiment folders (one listing each, not one
 * per run); a run's meta.yaml is read only when a model refers to it.
 */
class FileStoreRuns {
  private locations: Map<string, { dir: string; deletedExperiment: boolean }> | undefined;
  private readonly states = new Map<string, SourceRunState>();

  constructor(private readonly store: string) {}

  stateOf(runId: string | null): SourceRunState {
    if (!runId) return 'none';
    let state = this.states.get(runId);
    if (state === undefined) this.states.set(runId, (state = this.find(runId)));
    return state;
  }

  private find(runId: string): SourceRunState {
    this.locations ??= this.listRuns();
    const location = this.locations.get(runId);
    if (!location) return 'missing';
    if (location.deletedExperiment) return 'deleted';
    try {
      return readMeta(path.join(location.dir, 'meta.yaml')).lifecycle_stage === 'deleted'
        ? 'deleted'
        : 'present';
    } catch {
      return 'present';
    }
  }

  private listRuns(): Map<string, { dir: string; deletedExperiment: boolean }> {
    const locations = new Map<string, { dir: string; deletedExperiment: boolean }>();
    for (const { dir, deleted } of experimentDirs(this.store))
      for (const name of listSubdirs(dir))
        locations.set(name, { dir: path.join(dir, name), deletedExperiment: deleted });
    return locations;
  }
}
