// DVC 3's dvc.yaml schema (dvc/schema.py MULTI_STAGE_SCHEMA, STAGE_DEFINITION, FOREACH_IN, the
// outs/metrics/plots options, artifacts), checked on the text before `${…}` is resolved, as DVC
// does. DVC 3 refuses a dvc.yaml that breaks it ("validation failed": an unknown key such as DVC
// 1.0's `metrics_no_cache`, `frozen: yes`, top-level plots as a mapping), and `dvc exp show` then
// has no params or metrics for that revision.
import { parse as parseYaml } from 'yaml';
import { isMapping } from '../dvc/values/paramsFile';

/** Returns why `value` does not fit, as "expected … at 'path'"; null when it fits. */
type Rule = (value: unknown, at: string) => string | null;

const str: Rule = (v, at) => (typeof v === 'string' ? null : `expected str at ${where(at)}`);
const bool: Rule = (v, at) => (typeof v === 'boolean' ? null : `expected bool at ${where(at)}`);
const anything: Rule = () => null;
const list: Rule = (v, at) => (Array.isArray(v) ? null : `expected a list at ${where(at)}`);
const dict: Rule = (v, at) => (isMapping(v) ? null : `expected a dictionary at ${where(at)}`);

/** Fits one of the rules; else the reason of the rule that got furthest into the value. */
function anyOf(...rules: Rule[]): Rule {
  return (v, at) => {
    const verdicts: string[] = [];
    for (const rule of rules) {
      const verdict = rule(v, at);
      if (verdict === null) return null;
      verdicts.push(verdict);
    }
    return verdicts.find((verdict) => !verdict.endsWith(`at ${where(at)}`)) ?? verdicts[0];
  };
}

function where(at: string): string {
  return at ? `'${at}'` : 'the top level';
}

/** voluptuous `[a, b]`: a list whose every item fits one of the rules. */
function listOf(...rules: Rule[]): Rule {
  const item = anyOf(...rules);
  return (v, at) => list(v, at) ?? firstOf((v as unknown[]).map((x, i) => item(x, `${at}.${i}`)));
}

/** voluptuous `{str: rule}`: a mapping with any keys. */
function mapOf(rule: Rule): Rule {
  return (v, at) => dict(v, at) ?? firstOf(Object.entries(v as object).map(([k, x]) => rule(x, join(at, k))));
}

/** A mapping with these keys only; `required` ones must be there. */
function shape(fields: Record<string, Rule>, required: readonly string[] = []): Rule {
  return (v, at) => {
    const wrong = dict(v, at);
    if (wrong) return wrong;
    const record = v as Record<string, unknown>;
    const missing = required.find((key) => !(key in record));
    if (missing) return `required key not provided at '${join(at, missing)}'`;
    return firstOf(
      Object.entries(record).map(([k, x]) =>
        Object.prototype.hasOwnProperty.call(fields, k)
          ? fields[k](x, join(at, k))
          : `extra key '${join(at, k)}'`,
      ),
    );
  };
}

function firstOf(verdicts: (string | null)[]): string | null {
  return verdicts.find((v) => v !== null) ?? null;
}

function join(at: string, key: string): string {
  return at ? `${at}.${key}` : key;
}

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
  mapOf(
    anyOf(PLOT_DEFINITION, (x, place) => (x === null ? null : `expected a plot definition at '${place}'`)),
  )(v, at);

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
