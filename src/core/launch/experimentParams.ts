// The params a "Run Experiment with Params…" can set: every key the chosen stages depend on, from
// their params files (whole files listed key by key; a key naming a section lists its leaves).
import * as path from 'node:path';
import type { DvcStage } from '../pipeline/model';
import { flattenParams, getParam, isMapping } from '../sources/dvc/values/paramsFile';

export interface ExperimentParam {
  /** Absolute path of the params file. */
  file: string;
  /** Dotted key, as `-S` takes it ("train.lr"). */
  key: string;
  /** The current value; undefined when the file or key is missing. */
  value: unknown;
}

/**
 * The params of `stages` with their current values, in the order the stages list them, each
 * (file, key) once. `valuesOf` gives a params file's parsed content (undefined when unreadable).
 */
export function experimentParams(
  stages: readonly DvcStage[],
  valuesOf: (file: string) => Record<string, unknown> | undefined,
): ExperimentParam[] {
  const params: ExperimentParam[] = [];
  const seen = new Set<string>();
  const add = (file: string, key: string, value: unknown): void => {
    const id = `${file}\u0000${key}`;
    if (seen.has(id)) return;
    seen.add(id);
    params.push({ file, key, value });
  };
  for (const stage of stages) {
    for (const dependency of stage.params) {
      const file = path.resolve(stage.wdir, dependency.file);
      const values = valuesOf(file);
      if (dependency.keys === null) {
        for (const [key, value] of Object.entries(flattenParams(values ?? {})))
          add(file, key, rawValue(values, key, value));
        continue;
      }
      for (const key of dependency.keys) {
        const value = values ? getParam(values, key) : undefined;
        if (!isMapping(value)) {
          add(file, key, value);
          continue;
        }
        for (const leaf of Object.keys(flattenParams(value))) {
          add(file, `${key}.${leaf}`, getParam(value, leaf));
        }
      }
    }
  }
  return params;
}

/** flattenParams writes lists as Python text; an override wants the list itself. */
function rawValue(values: Record<string, unknown> | undefined, key: string, flat: unknown): unknown {
  const raw = values ? getParam(values, key) : undefined;
  return raw === undefined ? flat : raw;
}
