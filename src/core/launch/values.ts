// Checking the values a user types before a launch: MLproject parameters by their declared type,
// and DVC `-S` values written in Hydra's override grammar.
import type { MlprojectParameter } from '../pipeline/model';

/** Why a value cannot be used; the view turns it into a sentence. */
export type ValueProblem = 'required' | 'not-a-number' | 'not-an-integer' | 'not-a-uri';

/** The parameter types MLflow knows, plus "int" that projects use in the wild. Others act as string. */
export type MlprojectType = 'string' | 'float' | 'int' | 'path' | 'uri';

export function mlprojectType(declared: string): MlprojectType {
  const type = declared.trim().toLowerCase();
  if (type === 'float' || type === 'double' || type === 'number') return 'float';
  if (type === 'int' || type === 'integer' || type === 'long') return 'int';
  if (type === 'path' || type === 'uri') return type;
  return 'string';
}

/** Python's float(): decimal or scientific notation, underscores between digits, inf and nan. */
const FLOAT =
  /^[+-]?(?:(?:\d(?:_?\d)*)?(?:\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][+-]?\d(?:_?\d)*)?|inf(?:inity)?|nan)$/i;
const INTEGER = /^[+-]?\d(?:_?\d)*$/;
/** What MLflow's is_uri accepts: a scheme (urlparse) before the first colon. */
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * Checks `value` for `parameter`. An empty value means "use the default" and is only a problem
 * when there is none.
 */
export function checkParameterValue(parameter: MlprojectParameter, value: string): ValueProblem | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return parameter.default === null ? 'required' : undefined;
  switch (mlprojectType(parameter.type)) {
    case 'float':
      return FLOAT.test(trimmed) ? undefined : 'not-a-number';
    case 'int':
      return INTEGER.test(trimmed) ? undefined : 'not-an-integer';
    case 'uri':
      return URI.test(trimmed) ? undefined : 'not-a-uri';
    case 'path':
    case 'string':
      return undefined;
  }
}

/**
 * The `-P` values to pass: every parameter the user gave a value, numbers trimmed; parameters
 * left empty fall back to their default by not being passed at all.
 */
export function mlprojectArguments(
  parameters: readonly MlprojectParameter[],
  answers: Readonly<Record<string, string>>,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const parameter of parameters) {
    const answer = answers[parameter.name];
    if (answer === undefined || answer.trim() === '') continue;
    const type = mlprojectType(parameter.type);
    values[parameter.name] = type === 'string' ? answer : answer.trim();
  }
  return values;
}

/** Text Hydra reads as an unquoted primitive without surprises. */
const HYDRA_PLAIN = /^[A-Za-z0-9_\-+./%*@?|]+$/;

/**
 * The Hydra value for a `-S key=value` override. Values typed for a param that currently holds a
 * string are quoted when Hydra would otherwise split or reinterpret them (spaces, commas, brackets,
 * quotes); values for numbers, booleans and lists are Hydra syntax already and pass unchanged.
 */
export function hydraValue(typed: string, current: unknown): string {
  if (typeof current !== 'string') return typed.trim();
  if (HYDRA_PLAIN.test(typed)) return typed;
  if (!typed.includes("'")) return `'${escapeBackslashesBeforeQuote(typed)}'`;
  if (!typed.includes('"')) return `"${escapeBackslashesBeforeQuote(typed)}"`;
  return `'${escapeBackslashesBeforeQuote(typed).replace(/'/g, "\\'")}'`;
}

/** Hydra treats backslashes literally except before a quote or at the end of a quoted string. */
function escapeBackslashesBeforeQuote(text: string): string {
  return text.replace(/(\\+)(?=['"]|$)/g, '$1$1');
}

/** The current value of a param in Hydra syntax, to pre-fill an input box with (lists as JSON). */
export function hydraPrefill(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
