// The keys DVC 3's dvc.yaml schema allows (dvc/schema.py MULTI_STAGE_SCHEMA, STAGE_DEFINITION,
// FOREACH_IN / DO). DVC 3 refuses a dvc.yaml with any other key ("validation failed"), and then
// `dvc exp show` has no params or metrics for that revision — e.g. DVC 1.0's `metrics_no_cache`.
import { parse as parseYaml } from 'yaml';
import { isMapping } from '../dvc/values/paramsFile';

const TOP_LEVEL = new Set(['vars', 'stages', 'plots', 'params', 'metrics', 'artifacts', 'datasets']);
const STAGE = new Set([
  'cmd', 'wdir', 'deps', 'params', 'outs', 'metrics', 'plots', 'frozen', 'meta', 'always_changed',
  'desc', 'vars', 'matrix',
]); // prettier-ignore
const FOREACH = new Set(['foreach', 'do']);

const verdicts = new Map<string, string | null>();

/** The first key DVC 3 would reject, as "stages.train.metrics_no_cache"; null when there is none. */
export function schemaViolation(text: string): string | null {
  const known = verdicts.get(text);
  if (known !== undefined) return known;
  const verdict = firstViolation(text);
  if (verdicts.size >= 500) verdicts.clear();
  verdicts.set(text, verdict);
  return verdict;
}

function firstViolation(text: string): string | null {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch {
    return null;
  }
  if (!isMapping(raw)) return null;
  const top = Object.keys(raw).find((key) => !TOP_LEVEL.has(key));
  if (top) return `extra key '${top}'`;
  if (!isMapping(raw.stages)) return null;
  for (const [name, stage] of Object.entries(raw.stages)) {
    if (!isMapping(stage)) continue;
    const isForeach = 'foreach' in stage;
    const body = isForeach && isMapping(stage.do) ? stage.do : stage;
    const outer = isForeach ? Object.keys(stage).find((key) => !FOREACH.has(key)) : undefined;
    const inner = Object.keys(body).find((key) => !STAGE.has(key));
    if (outer ?? inner) return `extra key 'stages.${name}.${outer ?? inner}'`;
  }
  return null;
}
