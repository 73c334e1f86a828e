// DVC's `${}` interpolation (dvc/parsing/interpolate.py and context.py): a context of nested
// values, dotted/indexed selection, exact-string substitution keeping the type, text substitution
// with Python's str(), and dicts expanded to `--key value` arguments inside `cmd`.
import { isComposite, isPrimitive, isPyDict, pyStr, shellQuote, type PyDict, type PyValue } from './pyValue';

export class InterpolationError extends Error {}

export interface ParsingConfig {
  /** `[parsing] bool` in .dvc/config: how `false` expands in a cmd dict. */
  bool?: 'store_true' | 'boolean_optional';
  /** `[parsing] list`: `--k a b` (nargs) or `--k a --k b` (append). */
  list?: 'nargs' | 'append';
}

const KEYCRE = /(?<!\\)\$\{(.*?)\}/g;
const EXPRESSION = /^[^.[\]]+(?:\.[^.[\]]+|\[[^.[\]]+\])*$/;

export function hasInterpolation(text: string): boolean {
  return new RegExp(KEYCRE.source).test(text);
}

/** True when any string (key or value) inside `data` contains `${…}`. */
export function containsInterpolation(data: unknown): boolean {
  if (typeof data === 'string') return hasInterpolation(data);
  if (Array.isArray(data)) return data.some(containsInterpolation);
  if (isPyDict(data))
    return Object.entries(data).some(([k, v]) => hasInterpolation(k) || containsInterpolation(v));
  return false;
}

function copyValue(value: PyValue): PyValue {
  if (Array.isArray(value)) return value.map(copyValue);
  if (isPyDict(value)) {
    const out: PyDict = {};
    for (const [key, item] of Object.entries(value)) out[key] = copyValue(item);
    return out;
  }
  return value;
}

function pythonIndex(segment: string, length: number): number | undefined {
  const text = segment.trim().replace(/_/g, '');
  if (!/^[-+]?\d+$/.test(text)) return undefined;
  const index = Number(text);
  const resolved = index < 0 ? length + index : index;
  return resolved >= 0 && resolved < length ? resolved : undefined;
}

/** Flattens nested dicts with dotted keys (flatten_dict's "dot" reducer); lists stay values. */
function flattenDict(value: PyDict, prefix = ''): [string, PyValue][] {
  const out: [string, PyValue][] = [];
  for (const [key, item] of Object.entries(value)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (isPyDict(item)) out.push(...flattenDict(item, full));
    else out.push([full, item]);
  }
  return out;
}

function dictToArgs(value: PyDict, config: ParsingConfig): string {
  let result = '';
  for (const [key, item] of flattenDict(value)) {
    if (typeof item === 'boolean') {
      if (item) result += `--${key} `;
      else if (config.bool === 'boolean_optional') result += `--no-${key} `;
    } else if (typeof item === 'string') {
      result += `--${key} ${shellQuote(item)} `;
    } else if (Array.isArray(item)) {
      item.forEach((element, n) => {
        if (isComposite(element))
          throw new InterpolationError(`Cannot interpolate nested iterable in '${key}'`);
        const text = typeof element === 'string' ? shellQuote(element) : pyStr(element);
        if (config.list === 'append') result += `--${key} ${text} `;
        else result += n > 0 ? `${text} ` : `--${key} ${text} `;
      });
    } else {
      result += `--${key} ${pyStr(item)} `;
    }
  }
  return result.trimEnd();
}

/** DVC's `to_str`: booleans lower-case, dicts as command-line options, the rest Python's str(). */
export function toStr(value: PyValue, config: ParsingConfig = {}): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (isPyDict(value)) return dictToArgs(value, config);
  return pyStr(value);
}

function validateValue(value: PyValue, key: string | undefined): void {
  const notPrimitive = value !== null && !isPrimitive(value);
  const notForeach = key !== undefined && !key.includes('foreach');
  if (notPrimitive && notForeach) {
    if (isPyDict(value) && key === 'cmd') return;
    throw new InterpolationError(`Cannot interpolate data of type '${isPyDict(value) ? 'dict' : 'list'}'`);
  }
}

export class Context {
  /** Files merged so far: absolute path → the selected top-level keys, or null for the whole file. */
  readonly imports = new Map<string, string[] | null>();

  constructor(readonly data: PyDict = {}) {}

  clone(): Context {
    const copy = new Context(copyValue(this.data) as PyDict);
    for (const [file, keys] of this.imports) copy.imports.set(file, keys && [...keys]);
    return copy;
  }

  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.data, key);
  }

  /** Merges without overwriting: a key defined twice is an error unless both sides are dicts. */
  mergeUpdate(update: PyDict, source: string): void {
    const merge = (into: PyDict, from: PyDict, trail: string[]): void => {
      for (const [key, value] of Object.entries(from)) {
        const existing = into[key];
        if (isPyDict(existing) && isPyDict(value)) merge(existing, value, [...trail, key]);
        else if (Object.prototype.hasOwnProperty.call(into, key)) {
          throw new InterpolationError(`cannot redefine '${[...trail, key].join('.')}' from '${source}'`);
        } else into[key] = value;
      }
    };
    merge(this.data, update, []);
  }

  /** `${a.b[0].c}`: dotted keys and list indexes (negative ones count from the end, as in Python). */
  select(expression: string): PyValue {
    if (!EXPRESSION.test(expression)) {
      throw new InterpolationError(`invalid expression '\${${expression}}'`);
    }
    const parts = expression.replace(/\[/g, '.').replace(/\]/g, '').split('.');
    let node: PyValue = this.data;
    for (const part of parts) {
      if (Array.isArray(node)) {
        const index = pythonIndex(part, node.length);
        if (index === undefined) throw new InterpolationError(`Could not find '${expression}'`);
        node = node[index];
      } else if (isPyDict(node) && Object.prototype.hasOwnProperty.call(node, part.trim())) {
        node = node[part.trim()];
      } else {
        throw new InterpolationError(`Could not find '${expression}'`);
      }
    }
    return copyValue(node);
  }

  /** Sets `item`/`key` for one foreach/matrix iteration, restoring what was there afterwards. */
  withTemporarily<T>(values: PyDict, body: () => T): T {
    const previous = new Map<string, PyValue | undefined>();
    for (const key of Object.keys(values)) previous.set(key, this.has(key) ? this.data[key] : undefined);
    Object.assign(this.data, values);
    try {
      return body();
    } finally {
      for (const [key, value] of previous) {
        if (value === undefined) delete this.data[key];
        else this.data[key] = value;
      }
    }
  }

  resolveString(source: string, key?: string, config: ParsingConfig = {}): PyValue {
    if (!source.includes('${')) return source; // nothing to interpolate or unescape
    const matches = [...source.matchAll(KEYCRE)];
    if (matches.length === 1 && matches[0][0] === source) {
      const value = this.select(matches[0][1]);
      validateValue(value, key);
      return value;
    }
    let buffer = '';
    let index = 0;
    for (const match of matches) {
      const value = this.select(match[1]);
      validateValue(value, key);
      buffer += source.slice(index, match.index) + toStr(value, config);
      index = match.index + match[0].length;
    }
    buffer += source.slice(index);
    return buffer.replace(/\\\$\{/g, '${');
  }

  /** Resolves every string in `value`, dict keys included (DVC's `recurse`). */
  resolve(value: PyValue, key?: string, config: ParsingConfig = {}): PyValue {
    if (typeof value === 'string') return this.resolveString(value, key, config);
    if (Array.isArray(value)) return value.map((item) => this.resolve(item, key, config));
    if (isPyDict(value)) {
      const out: PyDict = {};
      for (const [k, item] of Object.entries(value)) {
        const resolvedKey = this.resolveString(k, key, config);
        out[typeof resolvedKey === 'string' ? resolvedKey : toStr(resolvedKey, config)] = this.resolve(
          item,
          key,
          config,
        );
      }
      return out;
    }
    return value;
  }
}
