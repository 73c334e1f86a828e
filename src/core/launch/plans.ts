// Launch plans: what to run, where, for each way of starting a pipeline. Pure data, rendered into a
// command line for the task's shell by renderPlan; the extension turns a plan into a VS Code task.
import * as path from 'node:path';
import type { DvcStage, MakeTarget, MlprojectEntryPoint } from '../pipeline/model';
import { chainCommands, commandLine, type ShellKind } from './shellQuote';

/** One process to start, or shell text the user wrote (a stage's `cmd`) to pass through verbatim. */
export type PlannedCommand = { program: string; args: string[] } | { shellText: string };

export type LaunchKind = 'dvc-stage' | 'dvc-upstream' | 'dvc-cmd' | 'dvc-exp' | 'mlproject' | 'make';

export interface LaunchPlan {
  kind: LaunchKind;
  /** The stage, entry point or target, as the user knows it ("train", "evaluate@test"). */
  name: string;
  /** The dvc.yaml, MLproject or Makefile the item comes from. */
  file: string;
  cwd: string;
  commands: PlannedCommand[];
}

/** A stage or a foreach/matrix group (all its items) of a dvc.yaml. */
export interface DvcTargetRef {
  dvcfile: string;
  name: string;
}

/** The MLflow `--env-manager`; "project" leaves it to the MLproject file. */
export type MlflowEnvManager = 'local' | 'virtualenv' | 'uv' | 'conda' | 'project';

/**
 * The directory to run DVC in and the target to name there. DVC resolves `train` against
 * `./dvc.yaml`, so running beside the file works for nested pipelines and sub-projects alike;
 * a DVC 0.x single-stage file is its own target.
 */
export function dvcTarget(ref: DvcTargetRef): { cwd: string; target: string } {
  const cwd = path.dirname(ref.dvcfile);
  const base = path.basename(ref.dvcfile);
  if (base !== 'dvc.yaml' && base.endsWith('.dvc')) return { cwd, target: base };
  return { cwd, target: ref.name };
}

/** `dvc repro -s <stage>` (this stage only) or `dvc repro <stage>` (it and everything upstream). */
export function reproPlan(ref: DvcTargetRef, dvc: string, upToHere: boolean): LaunchPlan {
  const { cwd, target } = dvcTarget(ref);
  const args = upToHere ? ['repro', target] : ['repro', '-s', target];
  return {
    kind: upToHere ? 'dvc-upstream' : 'dvc-stage',
    name: ref.name,
    file: ref.dvcfile,
    cwd,
    commands: [{ program: dvc, args }],
  };
}

/** Without DVC: the stage's own commands in its wdir (dvc.lock is then not updated). */
export function directCmdPlan(stage: DvcStage): LaunchPlan {
  return {
    kind: 'dvc-cmd',
    name: stage.name,
    file: stage.dvcfile,
    cwd: stage.wdir,
    commands: stage.cmd.map((shellText) => ({ shellText })),
  };
}

/** A `-S` override: which params file (absolute), which key, and the Hydra value text. */
export interface ParamOverride {
  file: string;
  key: string;
  value: string;
}

/**
 * `dvc exp run [<target>] -S <override> …`, run beside the dvc.yaml. Overrides are as DVC takes them,
 * `[<file>:]<key>=<value>` with the file relative to that folder (see setParamArg).
 */
export function expRunPlan(
  dvcfile: string,
  target: string | undefined,
  setParams: readonly string[],
  dvc: string,
): LaunchPlan {
  const cwd = path.dirname(dvcfile);
  const args = ['exp', 'run'];
  if (target) args.push(dvcTarget({ dvcfile, name: target }).target);
  for (const setParam of setParams) args.push('-S', setParam);
  return { kind: 'dvc-exp', name: target ?? '', file: dvcfile, cwd, commands: [{ program: dvc, args }] };
}

/** One `-S` value; DVC takes `params.yaml` (relative to where it runs) when no file is named. */
export function setParamArg(override: ParamOverride, cwd: string): string {
  const relative = path.relative(cwd, override.file).split(path.sep).join('/');
  const prefix = relative === 'params.yaml' ? '' : `${relative}:`;
  return `${prefix}${override.key}=${override.value}`;
}

/** `mlflow run . -e <entry> -P k=v … [--env-manager <m>]` in the MLproject's folder. */
export function mlflowRunPlan(
  entry: MlprojectEntryPoint,
  values: Readonly<Record<string, string>>,
  mlflow: string,
  envManager: MlflowEnvManager,
): LaunchPlan {
  const args = ['run', '.', '-e', entry.name];
  for (const [key, value] of Object.entries(values)) args.push('-P', `${key}=${value}`);
  if (envManager !== 'project') args.push('--env-manager', envManager);
  return {
    kind: 'mlproject',
    name: entry.name,
    file: entry.file,
    cwd: path.dirname(entry.file),
    commands: [{ program: mlflow, args }],
  };
}

const DEFAULT_MAKEFILES = new Set(['GNUmakefile', 'makefile', 'Makefile']);

/** `make <target>` beside the Makefile (`-f <name>` when make would not pick that file itself). */
export function makePlan(target: MakeTarget, make = 'make'): LaunchPlan {
  const base = path.basename(target.file);
  const args = DEFAULT_MAKEFILES.has(base) ? [target.name] : ['-f', base, target.name];
  return {
    kind: 'make',
    name: target.name,
    file: target.file,
    cwd: path.dirname(target.file),
    commands: [{ program: make, args }],
  };
}

/** The plan as one line for `shell`: each command quoted, run in order, stopping at a failure. */
export function renderPlan(plan: LaunchPlan, shell: ShellKind): string {
  return chainCommands(
    plan.commands.map((c) => ('shellText' in c ? c.shellText : commandLine(c.program, c.args, shell))),
    shell,
  );
}

/** The plan for people: tool names instead of absolute paths ("dvc repro -s train"). */
export function describePlan(plan: LaunchPlan): string {
  return renderPlan(
    {
      ...plan,
      commands: plan.commands.map((c) =>
        'shellText' in c ? c : { program: toolName(c.program), args: c.args.map(visibleNul) },
      ),
    },
    'posix',
  );
}

/** A NUL cannot be quoted for any shell; people see it as `\0` (such a plan is refused anyway). */
function visibleNul(arg: string): string {
  return arg.replace(/\0/g, '\\0');
}

function toolName(program: string): string {
  return path.basename(program.replace(/\\/g, '/')).replace(/\.(exe|cmd|bat|com)$/i, '');
}
