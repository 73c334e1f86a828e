// The options of scaffolds/options.yaml: parsing and validation of the definitions, and resolving
// the values of one scaffold run (options.yaml defaults < layout defaults < the user's choices).
import type { ExprVariable, VarValue } from './expr';

export type OptionType = 'choice' | 'boolean' | 'string';

export interface ScaffoldOption {
  name: string;
  type: OptionType;
  /** The allowed values of a choice (empty for booleans and strings). */
  values: string[];
  default: VarValue;
  label: string;
  description: string;
  /** Choice options: one line per value, shown under it in the wizard. */
  details?: Record<string, string>;
  /** String options only: a stricter shape than any allowed text (see STRING_FORMATS). */
  format?: StringFormat;
}

/** Bad input from the caller (an unknown option, a value a choice does not allow, …). */
export class ScaffoldInputError extends Error {}

/** Names every template sees besides the options. */
export const BUILTIN_VARIABLES = ['project_name', 'package', 'layout'] as const;

const OPTION_NAME = /^[a-z][a-z0-9_]*$/;
const OPTION_KEYS = new Set(['type', 'values', 'default', 'description', 'label', 'format', 'details']);
/**
 * String values are substituted into code and config files as they are, so they are limited to
 * characters that cannot end a quoted string or start a new line.
 */
const STRING_VALUE = /^[A-Za-z0-9 ._+@:/-]*$/;

/**
 * `version`: a release version such as 3.11 or 3.12.4. It lands in a Dockerfile's `FROM` line,
 * requires-python, CI and environment files, where a space or `:` would change what they mean.
 */
const STRING_FORMATS = {
  version: { pattern: /^[0-9]{1,4}(?:\.[0-9]{1,4}){1,2}$/, text: 'a version such as 3.11 or 3.12.4' },
} as const;

export type StringFormat = keyof typeof STRING_FORMATS;

function isStringFormat(value: unknown): value is StringFormat {
  return typeof value === 'string' && Object.hasOwn(STRING_FORMATS, value);
}

export function stringValueProblem(value: string, format?: StringFormat): string | undefined {
  if (format && !STRING_FORMATS[format].pattern.test(value))
    return `'${value}' is not ${STRING_FORMATS[format].text}`;
  return STRING_VALUE.test(value)
    ? undefined
    : `'${value}' may only contain letters, digits, spaces and . _ + @ : / -`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkValues(name: string, raw: Record<string, unknown>, problems: string[]): string[] {
  const values = raw.values;
  if (raw.type !== 'choice') {
    if (values !== undefined) problems.push(`${name}: only choice options have values`);
    return [];
  }
  if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'string')) {
    problems.push(`${name}: a choice needs values: a non-empty list of strings`);
    return [];
  }
  if (new Set(values).size !== values.length) problems.push(`${name}: values repeat`);
  return values as string[];
}

function checkDefault(
  name: string,
  type: OptionType,
  values: string[],
  value: unknown,
  format?: StringFormat,
): string | undefined {
  if (type === 'boolean' && typeof value !== 'boolean') return `${name}: default must be true or false`;
  if (type === 'choice' && (typeof value !== 'string' || !values.includes(value)))
    return `${name}: default must be one of ${values.join(', ')}`;
  if (type === 'string') {
    if (typeof value !== 'string') return `${name}: default must be a string (quote it, e.g. '3.11')`;
    const problem = stringValueProblem(value, format);
    return problem && `${name}: default ${problem}`;
  }
  return undefined;
}

function checkFormat(
  name: string,
  raw: Record<string, unknown>,
  problems: string[],
): StringFormat | undefined {
  if (raw.format === undefined) return undefined;
  if (raw.type !== 'string') problems.push(`${name}: only string options have a format`);
  else if (isStringFormat(raw.format)) return raw.format;
  else problems.push(`${name}: format must be one of ${Object.keys(STRING_FORMATS).join(', ')}`);
  return undefined;
}

function parseOption(name: string, raw: unknown, problems: string[]): ScaffoldOption | undefined {
  if (!OPTION_NAME.test(name)) problems.push(`'${name}' is not a valid option name (a-z, 0-9, _)`);
  if ((BUILTIN_VARIABLES as readonly string[]).includes(name))
    problems.push(`'${name}' is a built-in variable and cannot be an option`);
  if (!isRecord(raw)) {
    problems.push(`${name}: expected a mapping with type, default, label and description`);
    return undefined;
  }
  for (const key of Object.keys(raw))
    if (!OPTION_KEYS.has(key)) problems.push(`${name}: unknown key '${key}'`);
  const type = raw.type;
  if (type !== 'choice' && type !== 'boolean' && type !== 'string') {
    problems.push(`${name}: type must be choice, boolean or string`);
    return undefined;
  }
  const values = checkValues(name, raw, problems);
  const format = checkFormat(name, raw, problems);
  const details = checkDetails(name, raw, values, problems);
  const defaultProblem = checkDefault(name, type, values, raw.default, format);
  if (defaultProblem) problems.push(defaultProblem);
  for (const key of ['label', 'description'] as const)
    if (typeof raw[key] !== 'string' || raw[key] === '')
      problems.push(`${name}: ${key} must be a non-empty string`);
  return {
    name,
    type,
    values,
    default: raw.default as VarValue,
    label: String(raw.label ?? name),
    description: String(raw.description ?? ''),
    ...(format ? { format } : {}),
    ...(details ? { details } : {}),
  };
}

/** `details`: a mapping from some of a choice's values to one line of text each. */
function checkDetails(
  name: string,
  raw: Record<string, unknown>,
  values: readonly string[],
  problems: string[],
): Record<string, string> | undefined {
  const details = raw.details;
  if (details === undefined) return undefined;
  if (raw.type !== 'choice' || !isRecord(details)) {
    problems.push(`${name}: details must be a mapping of a choice's values to text`);
    return undefined;
  }
  const result: Record<string, string> = {};
  for (const [value, text] of Object.entries(details)) {
    if (!values.includes(value)) problems.push(`${name}: details names '${value}', which is not a value`);
    else if (typeof text !== 'string' || text === '')
      problems.push(`${name}: details of '${value}' must be a non-empty string`);
    else result[value] = text;
  }
  return result;
}

/** Validates the parsed options.yaml; problems are appended, valid options returned in file order. */
export function parseOptions(raw: unknown, problems: string[]): ScaffoldOption[] {
  if (!isRecord(raw)) {
    problems.push('expected a mapping of option names to their definitions');
    return [];
  }
  const options: ScaffoldOption[] = [];
  for (const [name, definition] of Object.entries(raw)) {
    const option = parseOption(name, definition, problems);
    if (option) options.push(option);
  }
  return options;
}

/** Why `value` is not a value of `option`, or undefined when it is. */
export function optionValueProblem(option: ScaffoldOption, value: unknown): string | undefined {
  if (option.type === 'boolean')
    return typeof value === 'boolean' ? undefined : `${option.name} is true or false, not '${String(value)}'`;
  if (typeof value !== 'string') return `${option.name} takes text, not '${String(value)}'`;
  if (option.type === 'choice' && !option.values.includes(value))
    return `'${value}' is not a value of ${option.name} (${option.values.join(', ')})`;
  if (option.type === 'string') {
    const problem = stringValueProblem(value, option.format);
    return problem && `${option.name}: ${problem}`;
  }
  return undefined;
}

const TRUE_WORDS = new Set(['true', 'yes', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'off', '0']);

/** A value typed on the command line (`--option tests=false`) as the option's type. */
export function parseOptionText(option: ScaffoldOption, text: string): VarValue {
  if (option.type !== 'boolean') return text;
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new ScaffoldInputError(`${option.name} is true or false, not '${text}'`);
}

/**
 * The value of every option: options.yaml defaults, overridden by the layout's defaults, overridden
 * by `given`. Unknown names and invalid values are ScaffoldInputErrors.
 */
export function resolveOptionValues(
  options: readonly ScaffoldOption[],
  layoutDefaults: Readonly<Record<string, VarValue>>,
  given: Readonly<Record<string, VarValue>>,
): Record<string, VarValue> {
  const byName = new Map(options.map((o) => [o.name, o]));
  for (const name of Object.keys(given))
    if (!byName.has(name))
      throw new ScaffoldInputError(`unknown option '${name}' (options: ${[...byName.keys()].join(', ')})`);
  const values: Record<string, VarValue> = {};
  for (const option of options) {
    const value = Object.hasOwn(given, option.name)
      ? given[option.name]!
      : Object.hasOwn(layoutDefaults, option.name)
        ? layoutDefaults[option.name]!
        : option.default;
    const problem = optionValueProblem(option, value);
    if (problem) throw new ScaffoldInputError(problem);
    values[option.name] = value;
  }
  return values;
}

/** The names templates may use, with the values a choice can take (for checking conditions). */
export function templateVariables(
  options: readonly ScaffoldOption[],
  layoutIds: readonly string[],
): Map<string, ExprVariable> {
  const variables = new Map<string, ExprVariable>([
    ['project_name', {}],
    ['package', {}],
    ['layout', { values: layoutIds }],
  ]);
  for (const option of options) {
    const values =
      option.type === 'choice' ? option.values : option.type === 'boolean' ? ['true', 'false'] : undefined;
    variables.set(option.name, values ? { values } : {});
  }
  return variables;
}
