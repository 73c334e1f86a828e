// What the model readers report: MLflow's model registry (file and SQLite stores), MLflow 3 logged
// models, model folders (an `MLmodel` file) among a run's artifacts, and DVC's model registry.
// Field names follow MLflow's entities (`ModelVersion`, `RegisteredModel`, `LoggedModel`) in camel case.
import type { Problem } from '../model';

export type RegistrySource = 'mlflow-file' | 'mlflow-sqlite';

/** Whether the run a version or logged model came from is still in the store. */
export type SourceRunState = 'present' | 'deleted' | 'missing' | 'none';

export interface ModelVersion {
  name: string;
  /** A string, as MLflow's entity and API give it. */
  version: string;
  aliases: string[];
  /** The legacy stage: `None`, `Staging`, `Production` or `Archived`. */
  stage: string;
  /** `READY`, `PENDING_REGISTRATION` or `FAILED_REGISTRATION`. */
  status: string;
  statusMessage: string | null;
  description: string | null;
  userId: string | null;
  runId: string | null;
  runLink: string | null;
  source: string | null;
  storageLocation: string | null;
  /** MLflow 3: the logged model the version was registered from. */
  modelId: string | null;
  tags: Record<string, string>;
  creationTime: number | null;
  lastUpdatedTime: number | null;
  sourceRun: SourceRunState;
  /** Why the version could not be read whole (then only its folder name is sure). */
  problem?: string;
}

export interface RegisteredModel {
  source: RegistrySource;
  /** The `mlruns` folder or the database file. */
  store: string;
  name: string;
  description: string | null;
  creationTime: number | null;
  lastUpdatedTime: number | null;
  tags: Record<string, string>;
  /** Alias → version. */
  aliases: Record<string, string>;
  /** Highest version first; soft-deleted versions are left out, as MLflow does. */
  versions: ModelVersion[];
  problem?: string;
}

export interface LoggedModelMetric {
  key: string;
  value: number | string;
  step: number;
  timestamp: number;
  runId: string | null;
  datasetName: string | null;
  datasetDigest: string | null;
}

export interface LoggedModel {
  source: RegistrySource;
  store: string;
  modelId: string;
  experimentId: string;
  name: string;
  artifactLocation: string | null;
  creationTime: number | null;
  lastUpdatedTime: number | null;
  /** `UNSPECIFIED`, `PENDING`, `READY` or `FAILED`. */
  status: string;
  statusMessage: string | null;
  lifecycle: 'active' | 'deleted';
  modelType: string | null;
  sourceRunId: string | null;
  sourceRun: SourceRunState;
  params: Record<string, string>;
  tags: Record<string, string>;
  /** The latest value (by step, time, value) per metric and dataset, as MLflow's file store reports. */
  metrics: LoggedModelMetric[];
  /** The model's `MLmodel`, when its artifacts are on this machine. */
  mlmodel?: MlModel;
  problem?: string;
}

export interface TensorOrColumnSpec {
  [key: string]: unknown;
}

export interface ModelSignature {
  inputs: TensorOrColumnSpec[] | null;
  outputs: TensorOrColumnSpec[] | null;
  params: TensorOrColumnSpec[] | null;
}

export interface MlModelFile {
  path: string;
  size: number;
}

/** An `MLmodel` file and the folder around it. */
export interface MlModel {
  /** The model folder (absolute). */
  folder: string;
  artifactPath: string | null;
  runId: string | null;
  modelId: string | null;
  mlflowVersion: string | null;
  utcTimeCreated: string | null;
  modelSizeBytes: number | null;
  /** Each flavor's configuration as written. */
  flavors: Record<string, Record<string, unknown>>;
  /** Flavor → the library version it records (`sklearn_version`, `python_version`, …). */
  libraryVersions: Record<string, string>;
  signature: ModelSignature | null;
  /** `saved_input_example_info`: where the input example is and how it is encoded. */
  inputExample: Record<string, unknown> | null;
  files: MlModelFile[];
  /** What could not be read (an unparsable signature, a missing MLmodel): the rest is still shown. */
  problems: Problem[];
}

/** A model folder among a run's artifacts (MLflow 2.x `log_model`, or any folder with `MLmodel`). */
export interface ArtifactModel {
  source: RegistrySource;
  store: string;
  runId: string;
  experimentId: string;
  /** Relative to the run's artifact root, `/`-separated (`''` for the root itself). */
  artifactPath: string;
  mlmodel: MlModel;
}

export interface DvcArtifactVersion {
  version: string;
  commit: string | null;
  createdAt: string | null;
  author: string | null;
  /** Stage names currently assigned to this version. */
  stages: string[];
  deprecated: boolean;
  tag: string;
}

export interface DvcArtifact {
  /** The repository root. */
  repo: string;
  /** `name`, or `path/to/dvc.yaml's folder:name` for a dvc.yaml below the root. */
  name: string;
  type: string | null;
  path: string | null;
  description: string | null;
  labels: string[];
  meta: Record<string, unknown> | null;
  versions: DvcArtifactVersion[];
  /** Stage → the version assigned to it. */
  stages: Record<string, string>;
  deprecated: boolean;
}

export interface ModelsSnapshot {
  registeredModels: RegisteredModel[];
  loggedModels: LoggedModel[];
  artifactModels: ArtifactModel[];
  dvcArtifacts: DvcArtifact[];
  problems: Problem[];
}

export function emptyModelsSnapshot(): ModelsSnapshot {
  return { registeredModels: [], loggedModels: [], artifactModels: [], dvcArtifacts: [], problems: [] };
}

/** MLflow 3's `LoggedModelStatus.from_int`. */
export function loggedModelStatus(value: unknown): string {
  const names = ['UNSPECIFIED', 'PENDING', 'READY', 'FAILED'];
  if (typeof value === 'number' && names[value]) return names[value];
  if (typeof value === 'string' && names.includes(value)) return value;
  return 'UNSPECIFIED';
}

/** Keeps, per metric and dataset, the point MLflow's file store reports: the max by (step, time, value). */
export function latestModelMetrics(points: readonly LoggedModelMetric[]): LoggedModelMetric[] {
  const latest = new Map<string, LoggedModelMetric>();
  for (const point of points) {
    const key = JSON.stringify([point.key, point.datasetName, point.datasetDigest]);
    const current = latest.get(key);
    if (!current || isLater(point, current)) latest.set(key, point);
  }
  return [...latest.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function numeric(value: number | string): number {
  return typeof value === 'number' ? value : Number(value);
}

function isLater(a: LoggedModelMetric, b: LoggedModelMetric): boolean {
  if (a.step !== b.step) return a.step > b.step;
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp;
  return numeric(a.value) > numeric(b.value);
}

/** Versions highest first (a version that is not a number last). */
export function compareVersionsDescending(a: ModelVersion, b: ModelVersion): number {
  return (Number(b.version) || 0) - (Number(a.version) || 0);
}
