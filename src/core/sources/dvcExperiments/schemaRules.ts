// The pieces of DVC's voluptuous schemas (dvc/schema.py, dvc/output.py): a rule says why a value
// parsed from YAML does not fit, with the dotted path of the first offending key, or null.
import { isMapping } from '../dvc/values/paramsFile';

/** Returns why `value` does not fit, as "expected … at 'path'"; null when it fits. */
export type Rule = (value: unknown, at: string) => string | null;

export const str: Rule = (v, at) => (typeof v === 'string' ? null : `expected str at ${where(at)}`);
export const bool: Rule = (v, at) => (typeof v === 'boolean' ? null : `expected bool at ${where(at)}`);
export const anything: Rule = () => null;
export const list: Rule = (v, at) => (Array.isArray(v) ? null : `expected a list at ${where(at)}`);
export const dict: Rule = (v, at) => (isMapping(v) ? null : `expected a dictionary at ${where(at)}`);

/** Fits one of the rules; else the reason of the rule that got furthest into the value. */
export function anyOf(...rules: Rule[]): Rule {
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

export function where(at: string): string {
  return at ? `'${at}'` : 'the top level';
}

/** voluptuous `[a, b]`: a list whose every item fits one of the rules. */
export function listOf(...rules: Rule[]): Rule {
  const item = anyOf(...rules);
  return (v, at) => list(v, at) ?? firstOf((v as unknown[]).map((x, i) => item(x, `${at}.${i}`)));
}

/** voluptuous `{str: rule}`: a mapping with any keys. */
export function mapOf(rule: Rule): Rule {
  return (v, at) => dict(v, at) ?? firstOf(Object.entries(v as object).map(([k, x]) => rule(x, join(at, k))));
}

/** A mapping with these keys only; `required` ones must be there. */
export function shape(fields: Record<string, Rule>, required: readonly string[] = []): Rule {
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

/** voluptuous `int` (Python's bool is an int too). */
export const int: Rule = (v, at) =>
  Number.isInteger(v) || typeof v === 'boolean' ? null : `expected int at ${where(at)}`;

export const none: Rule = (v, at) => (v === null ? null : `expected None at ${where(at)}`);

export function equal(expected: unknown): Rule {
  return (v, at) => (v === expected ? null : `expected ${JSON.stringify(expected)} at ${where(at)}`);
}
