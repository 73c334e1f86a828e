// Loading `vars` into an interpolation context (Context.load_from_vars / merge_from in
// dvc/parsing/context.py): params.yaml next to dvc.yaml first, then files (`file`, `file:k1,k2`)
// and inline dicts, in order. Files are read through `readFile` so a caller can read them from a
// git tree instead of the disk.
import * as path from 'node:path';
import { Context, containsInterpolation, InterpolationError } from './interpolate';
import { isPyDict, type PyDict, type PyValue } from './pyValue';
import { DEFAULT_PARAMS_FILE } from './stageFields';
import { parseDataFile } from './typedData';

export interface VarsEnv {
  readFile: (absPath: string) => string | undefined;
}

function loadFile(env: VarsEnv, file: string, label: string): PyDict {
  const text = env.readFile(file);
  if (text === undefined) throw new InterpolationError(`'${label}' does not exist`);
  let data: PyValue;
  try {
    data = parseDataFile(file, text);
  } catch (error) {
    throw new InterpolationError(`unable to read '${label}': ${(error as Error).message}`);
  }
  if (!isPyDict(data)) {
    const kind = Array.isArray(data) ? 'list' : data === null ? 'NoneType' : typeof data;
    throw new InterpolationError(`expected a dictionary, got '${kind}' in file '${label}'`);
  }
  return data;
}

function checkLoaded(imported: string[] | null, item: string, keys: string[] | null): void {
  if (!keys && imported !== null) {
    throw new InterpolationError(`cannot load '${item}' as it's partially loaded already`);
  }
  if (keys && imported === null)
    throw new InterpolationError(`cannot partially load '${item}' as it's already loaded.`);
  if (keys && imported && keys.some((key) => imported.includes(key))) {
    throw new InterpolationError(`cannot load '${item}' as it's partially loaded already`);
  }
}

/** One `vars` file entry: `path` or `path:key1,key2` (top-level keys), relative to `dir`. */
export function mergeVarsFile(context: Context, env: VarsEnv, item: string, dir: string): void {
  const colon = item.indexOf(':');
  const relative = colon === -1 ? item : item.slice(0, colon);
  const keysText = colon === -1 ? '' : item.slice(colon + 1);
  const file = path.resolve(dir, relative);
  const keys = keysText ? keysText.split(',').filter(Boolean) : null;
  const selected = keys && keys.length > 0 ? keys : null;
  if (context.imports.has(file)) {
    const imported = context.imports.get(file) ?? null;
    if (!selected && imported === null) return;
    checkLoaded(imported, item, selected);
  }
  const data = loadFile(env, file, relative);
  let picked: PyDict = data;
  if (selected) {
    picked = {};
    for (const key of selected) {
      if (!Object.prototype.hasOwnProperty.call(data, key)) {
        throw new InterpolationError(`could not find '${key}' in '${relative}'`);
      }
      picked[key] = data[key];
    }
  }
  context.mergeUpdate(picked, relative);
  const previous = context.imports.get(file);
  if (!context.imports.has(file)) context.imports.set(file, selected && [...selected]);
  else if (previous && selected) previous.push(...selected);
}

/**
 * Loads a `vars` list into `context`. `dir` is the folder paths are relative to (the dvc.yaml
 * folder at the top level, the stage's wdir for stage vars). `withDefault` adds params.yaml first.
 */
export function loadVars(
  context: Context,
  env: VarsEnv,
  vars: PyValue,
  dir: string,
  options: { stageName?: string; withDefault?: boolean } = {},
): void {
  if (options.withDefault && env.readFile(path.join(dir, DEFAULT_PARAMS_FILE)) !== undefined) {
    mergeVarsFile(context, env, DEFAULT_PARAMS_FILE, dir);
  }
  if (vars === null || vars === undefined) return;
  if (!Array.isArray(vars)) throw new InterpolationError('vars must be a list of files and dicts');
  if (containsInterpolation(vars)) throw new InterpolationError('interpolating is not allowed');
  vars.forEach((item, index) => {
    if (typeof item === 'string') mergeVarsFile(context, env, item, dir);
    else if (isPyDict(item)) {
      const prefix = options.stageName ? `${options.stageName}.` : '';
      context.mergeUpdate(item, `${prefix}vars[${index}]`);
    } else throw new InterpolationError(`vars[${index}] must be a file path or a dict`);
  });
}
