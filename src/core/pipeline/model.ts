// The pipeline model: DVC stages, MLproject entry points and Makefile targets, shared by the
// Pipelines view, the launcher, CodeLens, the task provider and `mlops-lens stages`; and the `.dvc`
// data files (`dvc add`, `dvc import`) whose status `dvc status` reports beside the stages.
import type { Problem } from '../model';

export interface StageOut {
  path: string;
  cache: boolean;
  persist: boolean;
  kind: 'outs' | 'metrics' | 'plots';
}

export interface StageParams {
  /** The params file, relative to the stage's wdir (default params.yaml). */
  file: string;
  /** Keys (dotted paths) the stage depends on; null means the whole file. */
  keys: string[] | null;
}

/**
 * Why DVC would rerun a stage, in `dvc status`'s words; "unknown" when some dep or out cannot be
 * examined (a symlink loop, a permission denied, a FIFO: `dvc status` itself fails there).
 */
export type StageState = 'up-to-date' | 'changed' | 'never-run' | 'unknown';

export interface DvcStage {
  kind: 'dvc';
  /** Absolute path of the dvc.yaml (or DVC 0.x single-stage .dvc file). */
  dvcfile: string;
  /** "train", "evaluate@test", "exports@0", "train@lr-0.1-epochs-10" (foreach / matrix items). */
  name: string;
  /** The command(s) after interpolation; a list when dvc.yaml gives a list. */
  cmd: string[];
  /** Absolute working directory. */
  wdir: string;
  /** Paths relative to wdir, as written after interpolation. */
  deps: string[];
  params: StageParams[];
  outs: StageOut[];
  frozen: boolean;
  /** 1-based line of the stage's key in dvc.yaml (the foreach/matrix parent's for items). */
  line: number;
  /** True when dvc.yaml gives `cmd` as a list (dvc.lock then stores a list: it matters for "changed command"). */
  cmdIsList?: boolean;
  /** `always_changed: true`: DVC reruns it every time. */
  alwaysChanged?: boolean;
  desc?: string;
  /** The foreach/matrix group a generated stage belongs to ("train" for "train@cnn-0.1"). */
  group?: string;
}

export interface StageStatus {
  state: StageState;
  /** E.g. "changed deps: data/raw.csv", "changed params: train.lr", "missing outs: model.pkl". */
  reasons: string[];
  /** The stage's entry of `dvc status --json`, exactly as DVC prints it ([] when up to date). */
  dvc?: DvcStatusEntry[];
  /** Paths that could not be examined, with the reason (the state is then "unknown"). */
  problems?: Problem[];
}

/** One element of a stage's list in `dvc status --json`. */
export type DvcStatusEntry =
  | 'changed command'
  | 'always changed'
  | 'changed checksum'
  | { 'changed deps': Record<string, string | Record<string, string>> }
  | { 'changed outs': Record<string, string> };

export interface MlprojectParameter {
  name: string;
  type: string;
  default: string | null;
}

export interface MlprojectEntryPoint {
  kind: 'mlproject';
  /** Absolute path of the MLproject file. */
  file: string;
  name: string;
  command: string;
  parameters: MlprojectParameter[];
  line: number;
  /** The project's environment (`conda_env`, `python_env`, `docker_env`), when the file names one. */
  env?: MlprojectEnv;
  /** The project's `name:`. */
  project?: string;
}

export interface MlprojectEnv {
  kind: 'conda' | 'python' | 'docker';
  /** The env file (conda/python) or the docker image. */
  value: string;
}

export interface MakeTarget {
  kind: 'make';
  /** Absolute path of the Makefile. */
  file: string;
  name: string;
  /** The command that runs it, e.g. "make train". */
  command: string;
  line: number;
}

export type PipelineItem = DvcStage | MlprojectEntryPoint | MakeTarget;

/**
 * A `.dvc` file written by `dvc add`, `dvc import` or `dvc import-url`: data DVC tracks outside any
 * pipeline (nothing to run). Its hashes are read again from the file when its status is computed.
 */
export interface DvcDataFile {
  kind: 'dvc-file';
  /** Absolute path of the .dvc file. */
  file: string;
  /** The DVC project root it belongs to (its own folder outside any project). */
  root: string;
  /** Absolute working directory (the file's folder joined with its `wdir`). */
  wdir: string;
  /** Output paths relative to wdir. */
  outs: string[];
  /** Dependency paths or URLs (imports), as written. */
  deps: string[];
  frozen: boolean;
}
