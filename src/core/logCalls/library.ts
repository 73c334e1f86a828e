// The tracking APIs the detector knows: where each logging function or class lives (the dotted path
// an import resolves to) and which argument holds the key or the dict of keys.
import type { LogKind, LogLibrary } from './types';

/** Where a logging call's keys are: one key argument, or a dict argument of keys. */
export interface KeyArgument {
  library: LogLibrary;
  kind: LogKind;
  /** 'key': the argument is the key; 'dict': the argument is a dict (or `dict(…)`) of keys. */
  shape: 'key' | 'dict';
  /** Its position among the positional arguments, and its keyword name. */
  index: number;
  keyword: string;
}

/** The kinds of objects whose methods log: what `Live()`, `MlflowClient()`, … return. */
export type InstanceKind =
  'mlflowClient' | 'live' | 'wandbRun' | 'summaryWriter' | 'lightningModule' | 'scaffoldTracker';

const arg = (
  library: LogLibrary,
  kind: LogKind,
  shape: 'key' | 'dict',
  index: number,
  keyword: string,
): KeyArgument[] => [{ library, kind, shape, index, keyword }];

const MLFLOW_FUNCTIONS: Record<string, KeyArgument[]> = {
  log_metric: arg('mlflow', 'metric', 'key', 0, 'key'),
  log_metrics: arg('mlflow', 'metric', 'dict', 0, 'metrics'),
  log_param: arg('mlflow', 'param', 'key', 0, 'key'),
  log_params: arg('mlflow', 'param', 'dict', 0, 'params'),
};

const WANDB_RUN_METHODS: Record<string, KeyArgument[]> = {
  log: arg('wandb', 'metric', 'dict', 0, 'data'),
  'config.update': arg('wandb', 'param', 'dict', 0, 'd'),
};

/** Module-level functions by full dotted path. */
export const LOG_FUNCTIONS: Record<string, KeyArgument[]> = {
  ...prefixed('mlflow.', MLFLOW_FUNCTIONS),
  ...prefixed('wandb.', WANDB_RUN_METHODS),
  'wandb.init': arg('wandb', 'param', 'dict', -1, 'config'),
};

/** Methods by the kind of object they are called on. */
export const LOG_METHODS: Record<InstanceKind, Record<string, KeyArgument[]>> = {
  mlflowClient: {
    log_metric: arg('mlflow', 'metric', 'key', 1, 'key'),
    log_param: arg('mlflow', 'param', 'key', 1, 'key'),
  },
  live: {
    log_metric: arg('dvclive', 'metric', 'key', 0, 'name'),
    log_param: arg('dvclive', 'param', 'key', 0, 'name'),
    log_params: arg('dvclive', 'param', 'dict', 0, 'params'),
  },
  wandbRun: WANDB_RUN_METHODS,
  summaryWriter: {
    add_scalar: arg('tensorboard', 'metric', 'key', 0, 'tag'),
    add_scalars: arg('tensorboard', 'metric', 'key', 0, 'main_tag'),
  },
  lightningModule: {
    log: arg('lightning', 'metric', 'key', 0, 'name'),
    log_dict: arg('lightning', 'metric', 'dict', 0, 'dictionary'),
  },
  // The `Tracker` of the tracking module MLOps Lens scaffolds: it forwards to the chosen tracker.
  scaffoldTracker: {
    log_params: arg('scaffold', 'param', 'dict', 0, 'params'),
    log_metrics: arg('scaffold', 'metric', 'dict', 0, 'metrics'),
  },
};

/** Calling one of these (full dotted path) gives an object whose methods log. */
export const CONSTRUCTORS: Record<string, InstanceKind> = {
  'mlflow.MlflowClient': 'mlflowClient',
  'mlflow.tracking.MlflowClient': 'mlflowClient',
  'mlflow.client.MlflowClient': 'mlflowClient',
  'mlflow.tracking.client.MlflowClient': 'mlflowClient',
  'dvclive.Live': 'live',
  'dvclive.live.Live': 'live',
  'wandb.init': 'wandbRun',
  'wandb.sdk.wandb_init.init': 'wandbRun',
  'torch.utils.tensorboard.SummaryWriter': 'summaryWriter',
  'torch.utils.tensorboard.writer.SummaryWriter': 'summaryWriter',
  'tensorboardX.SummaryWriter': 'summaryWriter',
  'tensorboardX.writer.SummaryWriter': 'summaryWriter',
};

/** What calling (or annotating with) the class or function at `path` gives, if it logs. */
export function constructorOf(path: string): InstanceKind | undefined {
  if (Object.hasOwn(CONSTRUCTORS, path)) return CONSTRUCTORS[path];
  // `from <package>.tracking import start_run, Tracker` in a scaffolded project.
  return /^\w+\.tracking\.(?:start_run|Tracker)$/.test(path) ? 'scaffoldTracker' : undefined;
}

/** Module attributes that are themselves a logging object (`wandb.run.log(…)`, `wandb.config.x = …`). */
export const MODULE_INSTANCES: Record<string, { kind: InstanceKind; member: string }> = {
  'wandb.run': { kind: 'wandbRun', member: '' },
  'wandb.config': { kind: 'wandbRun', member: 'config' },
};

/** Lightning's module class, whose subclasses' `self.log(…)` logs. */
export function isLightningModulePath(path: string): boolean {
  return /^(?:lightning|pytorch_lightning)(?:\.[\w.]+)?\.LightningModule$/.test(path);
}

/** The member path on a wandb run that takes `config.x = …` assignments. */
export const CONFIG_MEMBER = 'config';

function prefixed(prefix: string, table: Record<string, KeyArgument[]>): Record<string, KeyArgument[]> {
  return Object.fromEntries(Object.entries(table).map(([name, args]) => [prefix + name, args]));
}
