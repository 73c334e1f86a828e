// What the logging-call detector reports: one entry a logged key, with where its literal is.

/** 'scaffold': the tracking module of a project MLOps Lens scaffolded (`<package>.tracking`). */
export type LogLibrary = 'mlflow' | 'dvclive' | 'wandb' | 'lightning' | 'tensorboard' | 'scaffold';
export type LogKind = 'metric' | 'param';

/** A place in the source, 0-based like VS Code's Position; `character` counts UTF-16 code units. */
export interface SourcePosition {
  line: number;
  character: number;
}

export interface SourceRange {
  start: SourcePosition;
  end: SourcePosition;
}

export interface LogCall {
  library: LogLibrary;
  kind: LogKind;
  /** The key as logged, or its literal start when `match` is 'prefix' (`f"val_{name}"` → `val_`). */
  key: string;
  match: 'exact' | 'prefix';
  /** The key's literal (all of it, for implicitly concatenated strings; the name for `config.x =`). */
  range: SourceRange;
  /** The whole call (or the assignment, for `wandb.config.x = …`). */
  callRange: SourceRange;
}

export interface LogCallScan {
  calls: LogCall[];
  /** Set when the source could not be tokenized (nothing is reported then). */
  error?: string;
}
