// Reads a dvc.yaml the way DVC's DataResolver does (dvc/parsing/__init__.py): vars and params.yaml
// into a context, then every stage resolved: plain stages, `foreach`/`do` (stage@key) and `matrix`
// (stage@v1-v2). A stage that fails to resolve becomes a problem; the others are still returned.
import * as path from 'node:path';
import type { Problem } from '../../model';
import type { DvcStage } from '../../pipeline/model';
import { Context, InterpolationError, toStr, type ParsingConfig } from './interpolate';
import { isComposite, isPyDict, toPlain, type PyDict, type PyValue } from './pyValue';
import { buildStage } from './stageFields';
import { keyLine, parseTypedYaml, type ParsedYaml } from './typedData';
import { loadVars, type VarsEnv } from './vars';

export interface DvcYamlOptions {
  /** Absolute path of the dvc.yaml (paths inside are relative to its folder). */
  dvcfile: string;
  /** Reads a file by absolute path; undefined when it does not exist (vars files, params.yaml). */
  readFile: (absPath: string) => string | undefined;
  /** `[parsing]` of .dvc/config (how dicts expand in `cmd`). */
  parsing?: ParsingConfig;
}

export interface DvcYaml {
  stages: DvcStage[];
  /** Top-level `params` files (relative to the dvc.yaml folder). */
  params: string[];
  metrics: string[];
  /** Top-level plots: each entry's path or id. */
  plots: string[];
  artifacts: Record<string, unknown>;
  problems: Problem[];
}

/**
 * The most stages one `foreach` or `matrix` entry may expand to. DVC has no limit, but a 332-byte
 * matrix of 9 axes × 10 values means 10⁹ stages: past this the entry is reported, not expanded.
 */
export const MAX_EXPANDED_ITEMS = 10_000;

/**
 * The largest dvc.yaml read. Hand-written pipelines are kilobytes; a 7 MB file (a literal foreach
 * over a million items) takes tens of seconds and gigabytes to parse, on the extension host's thread
 * when the Runs view reads DVC experiments.
 */
export const MAX_DVC_YAML_BYTES = 4 * 1024 * 1024;

/** The problem of a dvc.yaml over MAX_DVC_YAML_BYTES, or null. */
export function dvcYamlTooLarge(text: string, file: string): Problem | null {
  if (text.length <= MAX_DVC_YAML_BYTES) return null;
  const limit = `${MAX_DVC_YAML_BYTES / 1024 / 1024} MiB`;
  return {
    path: file,
    reason: `too large to read (${text.length} characters; dvc.yaml files up to ${limit} are read)`,
  };
}

/** The most stages one dvc.yaml may expand to in all (many capped entries still add up). */
export const MAX_STAGES_PER_FILE = 50_000;

function tooManyItems(count: number): InterpolationError {
  return new InterpolationError(
    `too many items: ${count.toLocaleString('en-US')} (at most ${MAX_EXPANDED_ITEMS.toLocaleString('en-US')} per stage)`,
  );
}

interface Resolver {
  env: VarsEnv;
  dvcfile: string;
  dir: string;
  config: ParsingConfig;
  parsed: ParsedYaml;
  /** Stages the file may still expand to (MAX_STAGES_PER_FILE at first). */
  remaining: number;
}

/** Takes `count` stages from the file's budget, or throws when it is spent. */
function reserve(resolver: Resolver, count: number): void {
  if (count > resolver.remaining) {
    throw new InterpolationError(
      `too many stages in the file (at most ${MAX_STAGES_PER_FILE.toLocaleString('en-US')} in all)`,
    );
  }
  resolver.remaining -= count;
}

function resolveEntry(
  resolver: Resolver,
  context: Context,
  name: string,
  definition: PyDict,
  group?: string,
): DvcStage {
  const { vars, ...fields } = definition;
  const wdirText =
    typeof fields.wdir === 'string' && fields.wdir ? toStr(context.resolveString(fields.wdir)) : '';
  const wdir = path.resolve(resolver.dir, wdirText);
  let stageContext = context;
  if (Array.isArray(vars) && vars.length > 0) {
    stageContext = context.clone();
    loadVars(stageContext, resolver.env, vars, wdir, { stageName: name });
  } else if (vars !== undefined && vars !== null && !Array.isArray(vars)) {
    throw new InterpolationError("'vars' must be a list");
  }
  const resolved: PyDict = {};
  for (const [key, value] of Object.entries(fields))
    resolved[key] = stageContext.resolve(value, key, resolver.config);
  const line = keyLine(resolver.parsed, ['stages', group ?? name]) ?? 1;
  return buildStage(resolved, { dvcfile: resolver.dvcfile, name, wdir, line, group });
}

/** foreach keys: dict keys; list of scalars: the values; list with any dict/list: the indexes. */
function foreachItems(iterable: PyValue): { items: [string, PyValue][]; withKey: boolean } {
  if (isPyDict(iterable)) {
    const items = Object.entries(iterable);
    if (items.length > MAX_EXPANDED_ITEMS) throw tooManyItems(items.length);
    return { items, withKey: true };
  }
  if (!Array.isArray(iterable)) {
    throw new InterpolationError(
      `expected list/dictionary, got ${iterable === null ? 'NoneType' : typeof iterable}`,
    );
  }
  if (iterable.some(isComposite)) {
    if (iterable.length > MAX_EXPANDED_ITEMS) throw tooManyItems(iterable.length);
    return { items: iterable.map((value, index) => [String(index), value]), withKey: false };
  }
  const byKey = new Map<string, PyValue>();
  for (const value of iterable) byKey.set(toStr(value), value);
  if (byKey.size > MAX_EXPANDED_ITEMS) throw tooManyItems(byKey.size);
  return { items: [...byKey], withKey: false };
}

/** Rejects a literal foreach that is too long before resolving (copying) a million items. */
function checkLiteralForeach(iterable: PyValue): void {
  if (!Array.isArray(iterable) || iterable.length <= MAX_EXPANDED_ITEMS) return;
  if (iterable.some(isComposite)) throw tooManyItems(iterable.length);
  // Scalars without `${…}` stay as they are; equal ones make one stage.
  if (!iterable.some((value) => typeof value === 'string' && value.includes('${'))) {
    const distinct = new Set(iterable.map((value) => toStr(value))).size;
    if (distinct > MAX_EXPANDED_ITEMS) throw tooManyItems(distinct);
  }
}

function resolveForeach(resolver: Resolver, context: Context, name: string, definition: PyDict): DvcStage[] {
  const template = definition.do;
  if (!isPyDict(template)) throw new InterpolationError("'do' must be a stage definition");
  checkLiteralForeach(definition.foreach ?? null);
  const { items, withKey } = foreachItems(context.resolve(definition.foreach ?? null));
  reserve(resolver, items.length);
  return items.map(([key, item]) => {
    const temporary: PyDict = withKey ? { item, key } : { item };
    return context.withTemporarily(temporary, () =>
      resolveEntry(resolver, context, `${name}@${key}`, template, name),
    );
  });
}

/** Every combination of the axes, first axis slowest (itertools.product). */
function matrixItems(matrix: PyDict): [string, PyDict][] {
  const axes = Object.entries(matrix).map(([axis, raw]): [string, PyValue[]] => {
    if (!Array.isArray(raw) && typeof raw !== 'string') {
      throw new InterpolationError(`matrix axis '${axis}' must be a list`);
    }
    return [axis, typeof raw === 'string' ? [...raw] : raw];
  });
  // Counted before anything is built: the product grows far faster than the file.
  const count = axes.reduce((product, [, values]) => product * values.length, 1);
  if (count > MAX_EXPANDED_ITEMS) throw tooManyItems(count);
  let combos: { fragments: string[]; item: PyDict }[] = [{ fragments: [], item: {} }];
  for (const [axis, values] of axes) {
    combos = combos.flatMap((combo) =>
      values.map((value, index) => ({
        fragments: [...combo.fragments, isComposite(value) ? `${axis}${index}` : toStr(value)],
        item: { ...combo.item, [axis]: value },
      })),
    );
  }
  return combos.map((combo) => [combo.fragments.join('-'), combo.item]);
}

function resolveMatrix(resolver: Resolver, context: Context, name: string, definition: PyDict): DvcStage[] {
  const { matrix, ...template } = definition;
  const resolvedMatrix = context.resolve(matrix ?? null);
  if (!isPyDict(resolvedMatrix)) throw new InterpolationError("'matrix' must be a dictionary");
  const items = matrixItems(resolvedMatrix);
  reserve(resolver, items.length);
  return items.map(([key, item]) =>
    context.withTemporarily({ key, item }, () =>
      resolveEntry(resolver, context, `${name}@${key}`, template, name),
    ),
  );
}

function resolveDefinition(
  resolver: Resolver,
  context: Context,
  name: string,
  definition: PyValue,
): DvcStage[] {
  if (!isPyDict(definition)) throw new InterpolationError('a stage must be a mapping');
  if ('matrix' in definition) return resolveMatrix(resolver, context, name, definition);
  if ('foreach' in definition) return resolveForeach(resolver, context, name, definition);
  reserve(resolver, 1);
  return [resolveEntry(resolver, context, name, definition)];
}

function resolveTop(
  context: Context,
  value: PyValue | undefined,
  problems: Problem[],
  resolver: Resolver,
  where: string,
) {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push({ path: resolver.dvcfile, reason: `'${where}' must be a list` });
    return [];
  }
  const out: PyValue[] = [];
  value.forEach((item, index) => {
    try {
      out.push(context.resolve(item));
    } catch (error) {
      problems.push({
        path: resolver.dvcfile,
        reason: `failed to parse '${where}.${index}': ${(error as Error).message}`,
      });
    }
  });
  return out;
}

function resolveArtifacts(context: Context, value: PyValue | undefined, problems: Problem[], file: string) {
  const artifacts: Record<string, unknown> = {};
  if (!isPyDict(value)) return artifacts;
  for (const [name, definition] of Object.entries(value)) {
    try {
      artifacts[toStr(context.resolveString(name))] = toPlain(context.resolve(definition));
    } catch (error) {
      problems.push({
        path: file,
        reason: `failed to parse 'artifacts.${name}': ${(error as Error).message}`,
      });
    }
  }
  return artifacts;
}

function plotName(plot: PyValue): string | undefined {
  if (typeof plot === 'string') return plot;
  if (isPyDict(plot)) return Object.keys(plot)[0];
  return undefined;
}

/** DVC 2 also took top-level plots as a mapping {path-or-id: props}; DVC 3 wants a list. */
function plotsList(plots: PyValue | undefined): PyValue | undefined {
  if (!isPyDict(plots)) return plots;
  return Object.entries(plots).map(([id, props]) => ({ [id]: props }));
}

function emptyResult(problems: Problem[]): DvcYaml {
  return { stages: [], params: [], metrics: [], plots: [], artifacts: {}, problems };
}

export function parseDvcYaml(text: string, options: DvcYamlOptions): DvcYaml {
  const file = options.dvcfile;
  const tooLarge = dvcYamlTooLarge(text, file);
  if (tooLarge) return emptyResult([tooLarge]);
  let parsed: ParsedYaml;
  try {
    parsed = parseTypedYaml(text);
  } catch (error) {
    return emptyResult([{ path: file, reason: `invalid YAML: ${(error as Error).message}` }]);
  }
  const top = parsed.value === null ? {} : parsed.value;
  if (!isPyDict(top)) return emptyResult([{ path: file, reason: 'dvc.yaml must be a mapping' }]);
  const env: VarsEnv = { readFile: options.readFile };
  const resolver: Resolver = {
    env,
    dvcfile: file,
    dir: path.dirname(file),
    config: options.parsing ?? {},
    parsed,
    remaining: MAX_STAGES_PER_FILE,
  };
  const problems: Problem[] = [];
  const context = new Context();
  try {
    loadVars(context, env, top.vars ?? null, resolver.dir, { withDefault: true });
  } catch (error) {
    problems.push({ path: file, reason: `failed to parse 'vars': ${(error as Error).message}` });
  }
  const stages: DvcStage[] = [];
  const definitions = isPyDict(top.stages) ? top.stages : {};
  for (const [name, definition] of Object.entries(definitions)) {
    try {
      stages.push(...resolveDefinition(resolver, context, name, definition));
    } catch (error) {
      problems.push({ path: file, reason: `failed to parse stage '${name}': ${(error as Error).message}` });
    }
  }
  return {
    stages,
    params: resolveTop(context, top.params, problems, resolver, 'params').map((p) => toStr(p)),
    metrics: resolveTop(context, top.metrics, problems, resolver, 'metrics').map((m) => toStr(m)),
    plots: resolveTop(context, plotsList(top.plots), problems, resolver, 'plots')
      .map(plotName)
      .filter((p): p is string => p !== undefined),
    artifacts: resolveArtifacts(context, top.artifacts, problems, file),
    problems,
  };
}
