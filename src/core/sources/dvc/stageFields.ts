// Turns one resolved stage definition (after interpolation) into a DvcStage, applying DVC's rules
// for params lists (dvc/dependency/__init__.py `_merge_params`) and outs/metrics/plots entries
// (dvc/output.py `_merge_data`, `load_from_pipeline`).
import type { DvcStage, StageOut, StageParams } from '../../pipeline/model';
import { InterpolationError, toStr } from './interpolate';
import { isPyDict, type PyDict, type PyValue } from './pyValue';

export const DEFAULT_PARAMS_FILE = 'params.yaml';

function asList(value: PyValue | undefined, field: string): PyValue[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new InterpolationError(`'${field}' must be a list`);
  return value;
}

function text(value: PyValue): string {
  return typeof value === 'string' ? value : toStr(value);
}

/** `params:` entries: `key` (params.yaml), `{file: [keys]}`, `{file: null}` (whole file). */
export function mergeParams(entries: PyValue[]): StageParams[] {
  const wholly = new Set<string>();
  for (const entry of entries) {
    if (isPyDict(entry)) {
      for (const [file, keys] of Object.entries(entry)) {
        if (keys === null || (Array.isArray(keys) && keys.length === 0) || keys === '') wholly.add(file);
      }
    }
  }
  const byFile = new Map<string, string[] | null>();
  const add = (file: string, keys: string[] | null): void => {
    if (keys === null || wholly.has(file)) byFile.set(file, null);
    else byFile.set(file, [...(byFile.get(file) ?? []), ...keys]);
  };
  for (const entry of entries) {
    if (typeof entry === 'string') {
      if (!wholly.has(DEFAULT_PARAMS_FILE)) add(DEFAULT_PARAMS_FILE, [entry]);
    } else if (isPyDict(entry)) {
      for (const [file, keys] of Object.entries(entry)) {
        if (wholly.has(file)) add(file, null);
        else if (Array.isArray(keys)) add(file, keys.map(text));
        else throw new InterpolationError(`Expected list of params for custom params file '${file}'`);
      }
    } else {
      throw new InterpolationError('Only list of str/dict is supported in params');
    }
  }
  return [...byFile].map(([file, keys]) => ({ file, keys }));
}

function flagsOf(path: string, flags: PyValue): PyDict {
  if (isPyDict(flags)) return flags;
  // Stage-level plots may carry a list of property sets; the output flags are the same in each.
  if (Array.isArray(flags)) return Object.assign({}, ...flags.filter(isPyDict)) as PyDict;
  throw new InterpolationError(
    `Expected dict for '${path}', got: '${flags === null ? 'NoneType' : typeof flags}'`,
  );
}

/** One of `outs`, `metrics`, `plots`: strings or `{path: {cache, persist, …}}`, merged by path. */
export function outsOf(entries: PyValue[], kind: StageOut['kind']): StageOut[] {
  const merged = new Map<string, PyDict>();
  for (const entry of entries) {
    if (typeof entry === 'string') {
      merged.set(entry, merged.get(entry) ?? {});
    } else if (isPyDict(entry)) {
      for (const [path, flags] of Object.entries(entry)) {
        merged.set(path, { ...(merged.get(path) ?? {}), ...flagsOf(path, flags) });
      }
    } else {
      throw new InterpolationError(`'${kind}' entries must be paths or {path: flags}`);
    }
  }
  return [...merged].map(([path, flags]) => ({
    path,
    cache: flags.cache !== false,
    persist: flags.persist === true,
    kind,
  }));
}

/** DVC 1.0's dvc.yaml spelled output flags as keys: `outs_no_cache`, `metrics_persist`, … */
const LEGACY_OUT_KEYS = /^(outs|metrics|plots)_(no_cache|persist|persist_no_cache)$/;

function legacyOuts(resolved: PyDict): StageOut[] {
  const outs: StageOut[] = [];
  for (const [key, value] of Object.entries(resolved)) {
    const match = LEGACY_OUT_KEYS.exec(key);
    if (!match) continue;
    const kind = match[1] as StageOut['kind'];
    for (const out of outsOf(asList(value, key), kind)) {
      outs.push({ ...out, cache: !match[2].endsWith('no_cache'), persist: match[2].startsWith('persist') });
    }
  }
  return outs;
}

function cmdOf(resolved: PyDict): { cmd: string[]; cmdIsList: boolean } {
  const cmd = resolved.cmd;
  if (typeof cmd === 'string') return { cmd: [cmd], cmdIsList: false };
  if (Array.isArray(cmd)) return { cmd: cmd.map(text), cmdIsList: true };
  if (cmd === undefined) throw new InterpolationError("required key 'cmd' is missing");
  throw new InterpolationError("'cmd' must be a string or a list");
}

export interface StagePlace {
  dvcfile: string;
  name: string;
  wdir: string;
  line: number;
  group?: string;
}

export function buildStage(resolved: PyDict, place: StagePlace): DvcStage {
  const { cmd, cmdIsList } = cmdOf(resolved);
  const stage: DvcStage = {
    kind: 'dvc',
    dvcfile: place.dvcfile,
    name: place.name,
    cmd,
    wdir: place.wdir,
    deps: asList(resolved.deps, 'deps').map(text),
    params: mergeParams(asList(resolved.params, 'params')),
    outs: [
      ...outsOf(asList(resolved.outs, 'outs'), 'outs'),
      ...outsOf(asList(resolved.metrics, 'metrics'), 'metrics'),
      ...outsOf(asList(resolved.plots, 'plots'), 'plots'),
      ...legacyOuts(resolved),
    ],
    frozen: resolved.frozen === true,
    line: place.line,
    cmdIsList,
  };
  if (resolved.always_changed === true) stage.alwaysChanged = true;
  if (typeof resolved.desc === 'string') stage.desc = resolved.desc;
  if (place.group !== undefined) stage.group = place.group;
  return stage;
}
