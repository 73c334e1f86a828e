// The "mlops-lens" task type: what a task in tasks.json (or one we provide) asks to run, checked
// at runtime because tasks.json is user input, and matched against the pipelines found.
import * as path from 'node:path';
import type { DvcStage, MakeTarget, MlprojectEntryPoint, PipelineItem } from '../pipeline/model';

export const TASK_TYPE = 'mlops-lens';

export type TaskKind = 'dvc-stage' | 'dvc-upstream' | 'dvc-cmd' | 'dvc-exp' | 'mlproject' | 'make';

const KINDS: readonly TaskKind[] = ['dvc-stage', 'dvc-upstream', 'dvc-cmd', 'dvc-exp', 'mlproject', 'make'];

/** The fields of a task definition of type "mlops-lens" (mirrors contributes.taskDefinitions). */
export interface LaunchTaskDefinition {
  type: typeof TASK_TYPE;
  kind: TaskKind;
  /** Stage, entry point or target; for dvc-exp, an optional stage ("" runs the whole pipeline). */
  name: string;
  /** The dvc.yaml, MLproject or Makefile, relative to the workspace folder (default: at its root). */
  file?: string;
  /** MLproject parameters (`-P k=v`). */
  parameters?: Record<string, string>;
  /** `dvc exp run -S` overrides as DVC takes them: `[<file>:]<key>=<value>`. */
  setParams?: string[];
}

export type ParsedDefinition = { ok: true; definition: LaunchTaskDefinition } | { ok: false; error: string };

/** Validates a definition read from tasks.json; the error names the field at fault. */
export function parseTaskDefinition(value: unknown): ParsedDefinition {
  if (!isRecord(value) || value.type !== TASK_TYPE) return fail(`"type" must be "${TASK_TYPE}"`);
  const { kind, name, file, parameters, setParams } = value;
  if (typeof kind !== 'string' || !KINDS.includes(kind as TaskKind))
    return fail(`"kind" must be one of ${KINDS.map((k) => `"${k}"`).join(', ')}`);
  if (typeof name !== 'string' || (name.trim() === '' && kind !== 'dvc-exp'))
    return fail('"name" must name a stage, entry point or target');
  if (file !== undefined && (typeof file !== 'string' || file.trim() === ''))
    return fail('"file" must be a path relative to the workspace folder');
  if (parameters !== undefined && !isStringRecord(parameters))
    return fail('"parameters" must map parameter names to string values');
  if (
    setParams !== undefined &&
    !(Array.isArray(setParams) && setParams.every((s) => typeof s === 'string' && s.includes('=')))
  )
    return fail('"setParams" must be a list of "[<file>:]<key>=<value>" strings');
  const definition: LaunchTaskDefinition = { type: TASK_TYPE, kind: kind as TaskKind, name };
  if (file !== undefined) definition.file = file;
  if (parameters !== undefined) definition.parameters = parameters as Record<string, string>;
  if (setParams !== undefined) definition.setParams = setParams as string[];
  return { ok: true, definition };
}

/** The definition that names `item`, with its file relative to `folder` (portable in tasks.json). */
export function definitionFor(kind: TaskKind, item: PipelineItem, folder: string): LaunchTaskDefinition {
  const file = item.kind === 'dvc' ? item.dvcfile : item.file;
  return {
    type: TASK_TYPE,
    kind,
    name: item.name,
    file: path.relative(folder, file).split(path.sep).join('/'),
  };
}

const DEFAULT_FILES: Record<'dvc' | 'mlproject' | 'make', string[]> = {
  dvc: ['dvc.yaml'],
  mlproject: ['MLproject', 'mlproject'],
  make: ['Makefile', 'makefile', 'GNUmakefile'],
};

export type FoundItem<T> = { ok: true; item: T } | { ok: false; error: string };

/** Finds the stage, entry point or target a definition names among `items` of `folder`. */
export function findDefinitionItem(
  definition: LaunchTaskDefinition,
  items: readonly PipelineItem[],
  folder: string,
): FoundItem<DvcStage | MlprojectEntryPoint | MakeTarget> {
  const itemKind =
    definition.kind === 'mlproject' ? 'mlproject' : definition.kind === 'make' ? 'make' : 'dvc';
  const files = definition.file
    ? [path.resolve(folder, definition.file)]
    : DEFAULT_FILES[itemKind].map((f) => path.join(folder, f));
  const candidates = items.filter(
    (i) => i.kind === itemKind && files.includes(i.kind === 'dvc' ? i.dvcfile : i.file),
  );
  const found = candidates.find((i) => i.name === definition.name);
  if (found) return { ok: true, item: found };
  const where = definition.file ?? DEFAULT_FILES[itemKind][0];
  if (candidates.length === 0) return { ok: false, error: `nothing to run was found in ${where}` };
  return { ok: false, error: `${where} has no ${describeKind(itemKind)} "${definition.name}"` };
}

/** The dvc.yaml a dvc-exp definition runs in, when it names no stage. */
export function definitionDvcfile(definition: LaunchTaskDefinition, folder: string): string {
  return path.resolve(folder, definition.file ?? 'dvc.yaml');
}

function describeKind(kind: 'dvc' | 'mlproject' | 'make'): string {
  return kind === 'dvc' ? 'stage' : kind === 'mlproject' ? 'entry point' : 'target';
}

function fail(error: string): ParsedDefinition {
  return { ok: false, error };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((v) => typeof v === 'string');
}
