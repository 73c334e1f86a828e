// The run model shared by every source, the CLI and the views.

/** 'dvc': a DVC repo's workspace, commits and experiments; 'dvclive': DVCLive folders outside a pipeline. */
export type SourceKind = 'mlflow-file' | 'mlflow-sqlite' | 'dvc' | 'dvclive' | 'wandb' | 'tensorboard';

/**
 * A param or metric value as a source with typed values shows it (DVC: as `dvc exp show --json`,
 * where a list param stays a list, its items possibly mappings).
 */
export type TypedValue = string | number | boolean | null | TypedValue[] | { [key: string]: TypedValue };

/**
 * MLflow's run statuses, and two of a DVC workspace (it is never "finished": it is the project as it
 * is now): MODIFIED when its params or metrics differ from HEAD's, UNMODIFIED when they are HEAD's.
 */
export type RunStatus =
  'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED' | 'MODIFIED' | 'UNMODIFIED';

export type Lifecycle = 'active' | 'deleted';

/**
 * One logged value of a metric. `value` may be NaN or ±Infinity. `timestamp` (ms) is undefined when
 * the source recorded no time for it (a DVC workspace's metrics file, a DVCLive TSV without a
 * timestamp column): nothing is shown then, rather than 1970-01-01.
 */
export interface MetricPoint {
  step: number;
  timestamp?: number;
  value: number;
}

export interface DatasetInput {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  context: string | null;
}

export interface Run {
  source: SourceKind;
  /** Absolute path of the `mlruns` folder or the database file. */
  store: string;
  experimentId: string;
  experimentName: string;
  id: string;
  /** Null where MLflow has none (a 1.x meta.yaml without `run_name` and no `mlflow.runName` tag). */
  name: string | null;
  status: RunStatus;
  lifecycle: Lifecycle;
  parentId: string | null;
  startTime: number | null;
  endTime: number | null;
  params: Record<string, string>;
  /** Latest value per key by MLflow's rule: highest step, then timestamp, then value. */
  metrics: Record<string, MetricPoint>;
  tags: Record<string, string>;
  /** The artifact URI as recorded by the tracker. */
  artifactUri: string | null;
  /** Local folder of the run (file store only). */
  runDir: string | null;
  datasets: DatasetInput[];
  /** MLflow 3 logged models this run produced. */
  outputModelIds: string[];
  /** Typed params (DVC, DVCLive); `params` then holds them as Python's str() writes them. */
  paramValues?: Record<string, TypedValue>;
  /** Typed metrics (DVC, DVCLive), including non-numeric ones that `metrics` cannot hold. */
  metricValues?: Record<string, TypedValue>;
  /** DVC: the repo-relative file each metric was read from (a key metric never comes from a params file). */
  metricSources?: Record<string, string>;
}

export interface Experiment {
  source: SourceKind;
  store: string;
  id: string;
  name: string;
  lifecycle: Lifecycle;
  artifactLocation: string | null;
  tags: Record<string, string>;
}

/** A file that could not be read, and why. Readers report problems instead of throwing. */
export interface Problem {
  path: string;
  reason: string;
}

export interface StoreSnapshot {
  source: SourceKind;
  store: string;
  experiments: Experiment[];
  runs: Run[];
  problems: Problem[];
}

export const RUN_STATUSES: readonly RunStatus[] = [
  'RUNNING',
  'SCHEDULED',
  'FINISHED',
  'FAILED',
  'KILLED',
  'MODIFIED',
  'UNMODIFIED',
];

export function isTerminal(status: RunStatus): boolean {
  return status === 'FINISHED' || status === 'FAILED' || status === 'KILLED';
}

/** JSON has no NaN or infinities; MLflow's own JSON uses these strings. */
export function numberToJson(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}
