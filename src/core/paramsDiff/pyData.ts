// Params and metrics values as DVC's diff sees them (dvc/utils/diff.py, dvc/repo/metrics/diff.py):
// Python values, so that `1.0` stays a float and `diff` is computed and printed as Python does.
// Files are collected with the plain readers (revision.ts); the floats they cannot tell from ints
// are recovered from a typed parse of the same text (typedData.ts).
import { pythonJsonString } from '../pipeline/dirHash';
import { isPyDict, pyFloatRepr, PyFloat, type PyDict, type PyValue } from '../sources/dvc/pyValue';
import { isMapping } from '../sources/dvc/values/paramsFile';

/** Plain parsed data (numbers without the int/float split) typed after `typed`, the same data parsed with it. */
export function retype(plain: unknown, typed: PyValue | undefined): PyValue {
  if (typeof plain === 'number') {
    if (typed instanceof PyFloat) return typed;
    return asNumber(plain);
  }
  if (typeof plain === 'string' || typeof plain === 'boolean') return plain;
  if (plain === null || plain === undefined) return null;
  if (Array.isArray(plain))
    return plain.map((item, i) => retype(item, Array.isArray(typed) ? typed[i] : undefined));
  if (isMapping(plain)) {
    const out: PyDict = {};
    for (const [key, value] of Object.entries(plain)) out[key] = retype(value, childOf(typed, key));
    return out;
  }
  return String(plain);
}

/** An integral number the typed parse did not mark as a float is an int (files mostly write them so). */
function asNumber(plain: number): PyValue {
  return Number.isInteger(plain) ? plain : new PyFloat(plain);
}

/** A child by key, or by dotted path (values tracked through `${…}` are keyed "a.b"). */
function childOf(typed: PyValue | undefined, key: string): PyValue | undefined {
  if (!isPyDict(typed)) return undefined;
  if (Object.prototype.hasOwnProperty.call(typed, key)) return typed[key];
  let node: PyValue | undefined = typed;
  for (const part of key.split('.')) {
    if (isPyDict(node) && Object.prototype.hasOwnProperty.call(node, part)) node = node[part];
    else if (Array.isArray(node) && /^\d+$/.test(part)) node = node[Number(part)];
    else return undefined;
  }
  return node;
}

/** Python's repr() of a value (what `str(list)` shows for the items of a list). */
export function pyRepr(value: PyValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return intText(value);
  if (value instanceof PyFloat) return pyFloatRepr(value.value);
  if (typeof value === 'string') return pyStrRepr(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${pyStrRepr(k)}: ${pyRepr(v)}`)
    .join(', ')}}`;
}

function intText(value: number): string {
  return Number.isSafeInteger(value) ? String(value) : BigInt(Math.trunc(value)).toString();
}

const REPR_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** repr(str): single quotes unless the text has ' and no ", control characters escaped. */
function pyStrRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (REPR_ESCAPES[char]) out += REPR_ESCAPES[char];
    else if (char === quote) out += `\\${char}`;
    else if (code < 0x20 || (code >= 0x7f && code <= 0xa0) || code === 0xad)
      out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `${quote}${out}${quote}`;
}

/** Python's json.dumps (", " and ": ", ASCII only, NaN/Infinity as Python writes them). */
export function pyJson(value: PyValue | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return intText(value);
  if (value instanceof PyFloat) return floatJson(value.value);
  if (typeof value === 'string') return pythonJsonString(value);
  if (Array.isArray(value)) return `[${value.map(pyJson).join(', ')}]`;
  const entries = Object.entries(value).map(([k, v]) => `${pythonJsonString(k)}: ${pyJson(v)}`);
  return `{${entries.join(', ')}}`;
}

function floatJson(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return pyFloatRepr(value);
}

/** The number a value is to Python arithmetic (bool is an int), or undefined. */
export function numberOf(value: PyValue): { value: number; float: boolean } | undefined {
  if (typeof value === 'number') return { value, float: false };
  if (typeof value === 'boolean') return { value: value ? 1 : 0, float: false };
  if (value instanceof PyFloat) return { value: value.value, float: true };
  return undefined;
}

/** Python `==` between the flattened values a diff compares (scalars, or list texts). */
export function pyScalarEquals(a: PyValue, b: PyValue): boolean {
  const na = numberOf(a);
  const nb = numberOf(b);
  if (na || nb) return na !== undefined && nb !== undefined && na.value === nb.value;
  if (Array.isArray(a) || Array.isArray(b) || isPyDict(a) || isPyDict(b)) return pyRepr(a) === pyRepr(b);
  return a === b;
}
