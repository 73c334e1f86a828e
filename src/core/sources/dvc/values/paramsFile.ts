// Params files as DVC reads them (dvc/utils/serialize: LOADERS picks the parser by extension:
// .json, .toml, .py, and YAML for everything else) and params as DVC shows them (dotted keys).
import * as path from 'node:path';
import { parseToml } from './toml';
import { parse as parseYaml } from 'yaml';
import type { Problem, TypedValue } from '../../../model';
import { parsePythonParams } from './pythonParams';
import { PythonSyntaxError } from './pythonTokens';
import { refusedTab } from './yamlTabs';

export type ParamScalar = string | number | boolean | null;

export interface ParsedValues {
  values: Record<string, unknown>;
  problems: Problem[];
}

export type ValuesFormat = 'yaml' | 'json' | 'toml' | 'py';

/** DVC's loader choice: by extension, YAML for anything unknown (also `.yml` and no extension). */
export function formatOf(file: string): ValuesFormat {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.json' || extension === '.toml' || extension === '.py')
    return extension.slice(1) as ValuesFormat;
  return 'yaml';
}

/**
 * Parses a params file. A file that cannot be parsed gives empty values and one problem naming
 * the file and the reason (DVC: "… file structure is corrupted"); it never throws.
 */
export function parseParamsFile(text: string, file: string): ParsedValues {
  const loaded = loadValuesFile(text, file);
  if ('error' in loaded) return { values: {}, problems: [{ path: file, reason: loaded.error }] };
  if (!isMapping(loaded.data))
    return { values: {}, problems: [{ path: file, reason: 'the file does not hold a mapping of params' }] };
  return { values: loaded.data, problems: [] };
}

/**
 * A params or metrics file's content as DVC's `load_path` gives it: parsed by extension, an empty
 * YAML or JSON document as `{}` (`… or {}`). It may be a mapping, a list or a single value; a file
 * that does not parse gives the reason instead. Never throws.
 */
export function loadValuesFile(text: string, file: string): { data: unknown } | { error: string } {
  if (valuesFileTooLarge(text)) return { error: tooLargeReason(text) };
  const format = formatOf(file);
  try {
    const parsed = parseByFormat(text, format);
    if ((format === 'yaml' || format === 'json') && isPythonFalsy(parsed)) return { data: {} };
    return { data: parsed };
  } catch (error) {
    return { error: describeParseError(error, format) };
  }
}

/**
 * Params and metrics files are small; the YAML parser needs minutes for tens of megabytes, so larger
 * texts are refused with a reason instead of stalling every reader (DVC itself would read them).
 */
export const MAX_VALUES_FILE_CHARS = 5 * 1024 * 1024;
const UNIQUE_KEYS_CHECK_CHARS = 256 * 1024;

export function valuesFileTooLarge(text: string): boolean {
  return text.length > MAX_VALUES_FILE_CHARS;
}

function tooLargeReason(text: string): string {
  return `not read: too large (${text.length} characters; MLOps Lens reads params and metrics files of up to 5 MiB)`;
}

/** Python's `not value` for what a parser returns (None, False, 0, "", [], {}). */
export function isPythonFalsy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return isMapping(value) && Object.keys(value).length === 0;
}

export function parseByFormat(text: string, format: ValuesFormat): unknown {
  switch (format) {
    case 'json':
      return parsePythonJson(text);
    case 'toml':
      return normaliseToml(parseToml(text));
    case 'py':
      return parsePythonParams(text);
    default: {
      const tab = refusedTab(text);
      if (tab)
        throw new Error(
          `found character '\\t' that cannot start any token (line ${tab.line}, column ${tab.column})`,
        );
      // The parser's duplicate-key check is quadratic in the keys of a mapping (minutes for a few MB):
      // large files are read without it (a duplicate key there wins instead of being refused).
      const uniqueKeys = text.length <= UNIQUE_KEYS_CHECK_CHARS;
      return parseYaml(text, { merge: true, prettyErrors: false, uniqueKeys });
    }
  }
}

function describeParseError(error: unknown, format: ValuesFormat): string {
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  const kind = error instanceof PythonSyntaxError ? 'Python' : format.toUpperCase();
  return `${kind} file structure is corrupted: ${message}`;
}

/** Marks a bare NaN/Infinity while JSON.parse runs; written as an escape, read back as U+0000. */
const NON_FINITE = '\u0000non-finite:';
const NON_FINITE_IN_JSON = '\\u0000non-finite:';

/** Python's json.loads also takes the bare tokens NaN, Infinity and -Infinity (DVCLive writes them). */
export function parsePythonJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!/NaN|Infinity/.test(text)) throw error;
  }
  const marked = text.replace(/"(?:[^"\\]|\\.)*"|-?\b(?:NaN|Infinity)\b/g, (match) =>
    match.startsWith('"') ? match : `"${NON_FINITE_IN_JSON}${match}"`,
  );
  return JSON.parse(marked, (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(NON_FINITE)
      ? Number(value.slice(NON_FINITE.length))
      : value,
  );
}

/** TOML dates become their TOML text (smol-toml gives Date objects); everything else is plain. */
function normaliseToml(value: unknown): unknown {
  if (value instanceof Date)
    return typeof (value as { toISOString?: () => string }).toISOString === 'function'
      ? value.toISOString()
      : String(value);
  if (Array.isArray(value)) return value.map(normaliseToml);
  if (isMapping(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normaliseToml(v)]));
  return value;
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * Nested params as DVC shows them: keys joined with "." (flatten_dict's "dot" reducer), lists kept
 * whole as lists (as `dvc exp show --json` has them; formatParamValue writes them as Python
 * does), empty mappings dropped.
 */
export function flattenParams(values: Record<string, unknown>): Record<string, TypedValue> {
  const flat: Record<string, TypedValue> = {};
  const walk = (prefix: string, node: Record<string, unknown>): void => {
    for (const [key, value] of Object.entries(node)) {
      const name = prefix ? `${prefix}.${key}` : key;
      if (isMapping(value)) walk(name, value);
      else flat[name] = toTypedValue(value);
    }
  };
  walk('', values);
  return flat;
}

/** A parsed value as plain JSON data: lists and mappings inside lists kept, anything else as text. */
export function toTypedValue(value: unknown): TypedValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(toTypedValue);
  if (isMapping(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toTypedValue(v)]));
  return pythonRepr(value);
}

/** A value at a dotted path ("train.lr", "layers.0"), as DVC's params dependencies address them. */
export function getParam(values: Record<string, unknown>, dottedKey: string): unknown {
  if (Object.prototype.hasOwnProperty.call(values, dottedKey)) return values[dottedKey];
  let node: unknown = values;
  for (const part of dottedKey.split('.')) {
    if (isMapping(node) && Object.prototype.hasOwnProperty.call(node, part)) node = node[part];
    else if (Array.isArray(node) && /^[0-9]+$/.test(part) && Number(part) < node.length)
      node = node[Number(part)];
    else return undefined;
  }
  return node;
}

/** Python's str() of a param value: what `dvc exp show` prints and what MLflow would log. */
export function formatParamValue(value: unknown): string {
  if (typeof value === 'string') return value;
  return pythonRepr(value);
}

/** Python's repr() of a JSON-like value. Integral numbers print as ints (the float/int split is lost). */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return pythonFloatRepr(value);
  if (typeof value === 'string') return quotePython(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (isMapping(value))
    return `{${Object.entries(value)
      .map(([k, v]) => `${quotePython(k)}: ${pythonRepr(v)}`)
      .join(', ')}}`;
  return String(value);
}

/** repr(float): shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return String(value);
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 16) return String(value);
  const sign = exponent < 0 ? '-' : '+';
  return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

function quotePython(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote;
}
