// DVC 3's dvc.yaml schema (dvc/schema.py MULTI_STAGE_SCHEMA, STAGE_DEFINITION, FOREACH_IN, the
// outs/metrics/plots options, artifacts), checked on the text before `${…}` is resolved, as DVC
// does. DVC 3 refuses a dvc.yaml that breaks it ("validation failed": an unknown key such as DVC
// 1.0's `metrics_no_cache`, `frozen: yes`, top-level plots as a mapping), and `dvc exp show` then
// has no params or metrics for that revision.
import { parse as parseYaml } from 'yaml';
import { isMapping } from '../dvc/values/paramsFile';
import {
  anyOf,
  anything,
  bool,
  dict,
  list,
  listOf,
  mapOf,
  none,
  shape,
  str,
  where,
  type Rule,
} from './schemaRules';

const ANNOTATION = { desc: str, type: str, labels: listOf(str), meta: anything };
const OUT_OPTIONS = { ...ANNOTATION, cache: bool, persist: bool, checkpoint: bool, remote: str, push: bool };
const PLOT_PROPS = { template: str, x: str, y: str, x_label: str, y_label: str, title: str, header: bool };
const PLOT_OPTIONS = shape({ ...OUT_OPTIONS, ...PLOT_PROPS });
const OUT = anyOf(str, mapOf(shape(OUT_OPTIONS)));

const STAGE_DEFINITION = shape(
  {
    matrix: mapOf(anyOf(str, list)),
    cmd: anyOf(str, list),
    wdir: str,
    deps: listOf(str),
    params: listOf(str, dict),
    vars: listOf(str, dict),
    frozen: bool,
    meta: anything,
    desc: str,
    always_changed: bool,
    outs: listOf(OUT),
    metrics: listOf(OUT),
    plots: listOf(str, mapOf(anyOf(PLOT_OPTIONS, listOf(PLOT_OPTIONS)))),
  },
  ['cmd'],
);
const FOREACH_IN = shape({ foreach: anyOf(dict, list, str), do: STAGE_DEFINITION }, ['foreach', 'do']);

/** `either_or`: a stage with `foreach` or `do` is a foreach template, any other a plain stage. */
const STAGE: Rule = (v, at) =>
  (isMapping(v) && ('foreach' in v || 'do' in v) ? FOREACH_IN : STAGE_DEFINITION)(v, at);

const PLOT_DEFINITION = shape({
  x: anyOf(str, mapOf(str)),
  y: anyOf(str, listOf(str), mapOf(anyOf(str, listOf(str)))),
  x_label: str,
  y_label: str,
  title: str,
  template: str,
});
const SINGLE_PLOT: Rule = (v, at) =>
  dict(v, at) ??
  (Object.keys(v as object).length === 0 ? `expected a plot at ${where(at)}` : null) ??
  mapOf(anyOf(PLOT_DEFINITION, none))(v, at);

const MULTI_STAGE = shape({
  datasets: anything,
  plots: listOf(str, SINGLE_PLOT),
  stages: mapOf(STAGE),
  vars: listOf(str, dict),
  params: listOf(str),
  metrics: listOf(str),
  artifacts: mapOf(shape({ path: str, ...ANNOTATION }, ['path'])),
});

const verdicts = new Map<string, string | null>();

/** Why DVC 3 would refuse this dvc.yaml, as "extra key 'stages.train.metrics_no_cache'"; null if it would not. */
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
    return null; // the parser reports it
  }
  if (raw === null || raw === undefined) return null;
  return MULTI_STAGE(raw, '');
}
