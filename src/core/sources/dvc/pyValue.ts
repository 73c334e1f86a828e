// Values as DVC (Python) sees them. DVC turns parameters into text with Python's `str()`, which
// tells floats from ints (`10.0` vs `10`, `1e-05`): generated stage names (`train@lr-0.1`) and
// interpolated commands depend on it, so floats read from YAML/JSON/TOML stay wrapped in PyFloat.

export class PyFloat {
  constructor(readonly value: number) {}
}

export type PyValue = null | boolean | number | string | PyFloat | PyValue[] | PyDict;
export interface PyDict {
  [key: string]: PyValue;
}

export function isPyDict(value: unknown): value is PyDict {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof PyFloat);
}

/** Lists and dicts: what DVC calls "map or seq" (strings excluded). */
export function isComposite(value: unknown): value is PyValue[] | PyDict {
  return Array.isArray(value) || isPyDict(value);
}

export function isPrimitive(value: unknown): value is boolean | number | string | PyFloat {
  return (
    typeof value === 'boolean' ||
    typeof value === 'number' ||
    typeof value === 'string' ||
    value instanceof PyFloat
  );
}

/** Python's `repr(float)`: shortest round-trip digits, scientific below 1e-4 and from 1e16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = x.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const fixed = String(x);
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

/** Python's `str()` of a value, as DVC's `to_str` uses it for non-dict values. */
export function pyStr(value: PyValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : pyFloatRepr(value);
  if (typeof value === 'string') return value;
  if (value instanceof PyFloat) return pyFloatRepr(value.value);
  return pyRepr(value);
}

function pyRepr(value: PyValue): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (isPyDict(value)) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`)
      .join(', ')}}`;
  }
  return pyStr(value);
}

/** Plain JavaScript values (floats unwrapped), for callers outside the interpolation engine. */
export function toPlain(value: PyValue): unknown {
  if (value instanceof PyFloat) return value.value;
  if (Array.isArray(value)) return value.map(toPlain);
  if (isPyDict(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = toPlain(item);
    return out;
  }
  return value;
}

function numericValue(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof PyFloat) return value.value;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

/**
 * Python `==` between parsed values: `1 == 1.0 == True`, lists element-wise (tuples equal lists,
 * as DVC allows), dicts by keys and values. Accepts plain or PyFloat-wrapped numbers.
 */
export function pyEquals(a: unknown, b: unknown): boolean {
  const na = numericValue(a);
  const nb = numericValue(b);
  if (na !== undefined || nb !== undefined) return na !== undefined && nb !== undefined && na === nb;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => pyEquals(x, b[i]))
    );
  }
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    const rb = b as Record<string, unknown>;
    const ra = a as Record<string, unknown>;
    return ka.every((key) => Object.prototype.hasOwnProperty.call(rb, key) && pyEquals(ra[key], rb[key]));
  }
  return a === b || (a === undefined && b === null) || (a === null && b === undefined);
}

const SHELL_UNSAFE = /[^\w@%+=:,./-]/;

/** Python's `shlex.quote` (DVC quotes strings it expands from a dict into `cmd`). */
export function shellQuote(text: string): string {
  if (text === '') return "''";
  // Like shlex's re.ASCII pattern, JavaScript's \w is ASCII-only: non-ASCII text gets quoted.
  if (!SHELL_UNSAFE.test(text)) return text;
  return `'${text.replace(/'/g, `'"'"'`)}'`;
}
