// Scalars and flow collections for the fast YAML reader (fastYaml.ts): YAML 1.2 core-schema
// resolution, quoted scalars with line folding, flow collections, `key: value` splitting. Anything
// outside the subset throws GiveUp.
import { PyFloat, type PyDict, type PyValue } from './pyValue';

/** Thrown when the text is outside the subset: the caller uses the full parser. */
export class GiveUp extends Error {}

const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const UNSUPPORTED_START = /^[&*!|>%@`?]|^-$|^- |^<</;

/** YAML 1.2 core-schema resolution of a plain scalar (floats as PyFloat, as typedData.ts does). */
export function resolvePlain(text: string, floats = true): PyValue {
  // Most scalars are words or paths: only these first characters can start anything but a string.
  if (text !== '' && !/^[-+.~0-9tTfFnN]/.test(text)) return text;
  if (text === '' || text === '~' || text === 'null' || text === 'Null' || text === 'NULL') return null;
  if (text === 'true' || text === 'True' || text === 'TRUE') return true;
  if (text === 'false' || text === 'False' || text === 'FALSE') return false;
  if (INT.test(text)) return Number(text);
  if (/^0o[0-7]+$/.test(text)) return parseInt(text.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return parseInt(text.slice(2), 16);
  const float = (value: number) => (floats ? new PyFloat(value) : value);
  if (FLOAT.test(text) || FLOAT_EXP.test(text)) return float(Number(text));
  if (/^[-+]?\.(?:inf|Inf|INF)$/.test(text)) return float(text.startsWith('-') ? -Infinity : Infinity);
  if (/^\.(?:nan|NaN|NAN)$/.test(text)) return float(NaN);
  return text;
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '"': '"',
  '\\': '\\',
  '/': '/',
  '0': '\0',
  ' ': ' ',
};

/**
 * A quoted scalar starting at `text[start]`; returns the value and the index after the closing
 * quote. Line breaks (`\n`, the continuation lines already without their indentation) fold as
 * YAML folds them: one break is a space, n + 1 breaks are n newlines.
 */
export function readQuoted(text: string, start: number): [string, number] {
  const quote = text[start];
  let out = '';
  let kept = 0; // out[0, kept) came from escapes: white space there is content even at a line end
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      out = out.slice(0, kept) + out.slice(kept).replace(/[ \t]+$/, '');
      let breaks = 0;
      for (; text[i] === '\n'; i++) breaks++;
      i--;
      out += breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
      kept = out.length;
    } else if (quote === "'" && c === "'") {
      if (text[i + 1] !== "'") return [out, i + 1];
      out += "'";
      i++;
    } else if (quote === '"' && c === '"') return [out, i + 1];
    else if (quote === '"' && c === '\\') {
      const next = text[++i];
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) {
        out += String.fromCharCode(parseInt(text.slice(i + 1, i + 5), 16));
        i += 4;
      } else if (next !== undefined && next in ESCAPES) out += ESCAPES[next];
      else throw new GiveUp(); // also an escaped line break
      kept = out.length;
    } else out += c;
  }
  throw new GiveUp(); // no closing quote
}

export function afterValue(text: string, index: number): void {
  const rest = text.slice(index);
  if (rest.trim() !== '' && !/^\s+#/.test(rest)) throw new GiveUp();
}

/** A plain scalar in block context: ends at " #"; ": " inside means something this reader does not take. */
export function readPlain(text: string, floats: boolean): PyValue {
  const comment = text.indexOf('#') === -1 ? -1 : text.search(/\s#/);
  const value = comment === -1 ? text : text.slice(0, comment).trimEnd();
  const colon = value.indexOf(':') !== -1 && (value.includes(': ') || value.endsWith(':'));
  if (colon || value.includes('\t') || UNSUPPORTED_START.test(value)) throw new GiveUp();
  return resolvePlain(value, floats);
}

const FLOW_PLAIN = /[^,[\]{}#\n]*/y;

/** Flow collections: [a, 'b', {c: 1}] and {k: v} (lines joined with spaces beforehand). */
export function readFlow(text: string, start: number, floats: boolean): [PyValue, number] {
  let i = start;
  const skip = () => {
    while (text[i] === ' ') i++;
  };
  const scalar = (): PyValue => {
    skip();
    if (text[i] === '"' || text[i] === "'") {
      const [value, end] = readQuoted(text, i);
      i = end;
      return value;
    }
    if (text[i] === '[' || text[i] === '{') {
      const [value, end] = readFlow(text, i, floats);
      i = end;
      return value;
    }
    FLOW_PLAIN.lastIndex = i;
    const match = FLOW_PLAIN.exec(text)![0];
    const plain = match.split(/: |:$/)[0];
    i += plain.length;
    const trimmed = plain.trim();
    if (trimmed.includes(':') || UNSUPPORTED_START.test(trimmed)) throw new GiveUp();
    return resolvePlain(trimmed, floats);
  };
  const open = text[i++];
  const close = open === '[' ? ']' : '}';
  const list: PyValue[] = [];
  const dict: PyDict = {};
  skip();
  if (text[i] === close) return [open === '[' ? list : dict, i + 1];
  for (;;) {
    if (open === '[') list.push(scalar());
    else {
      const key = scalar();
      skip();
      if (typeof key !== 'string' || key in dict || key === '') throw new GiveUp();
      if (text[i] === ':') {
        i++;
        dict[key] = scalar();
      } else dict[key] = null; // `{a, b: 1}`: a key without a value
    }
    skip();
    if (text[i] === ',') {
      i++;
      skip();
      if (text[i] === close) return [open === '[' ? list : dict, i + 1]; // a trailing comma
    } else if (text[i] === close) return [open === '[' ? list : dict, i + 1];
    else throw new GiveUp();
  }
}

export function readValue(text: string, floats: boolean): PyValue {
  if (text[0] === '"' || text[0] === "'") {
    const [value, end] = readQuoted(text, 0);
    afterValue(text, end);
    return value;
  }
  if (text[0] === '[' || text[0] === '{') {
    const [value, end] = readFlow(text, 0, floats);
    afterValue(text, end);
    return value;
  }
  return readPlain(text, floats);
}

/** `key: rest` → [key, rest, column of rest]; undefined when the text is not a mapping entry. */
export function splitEntry(text: string): [string, string, number] | undefined {
  let key: string;
  let end: number;
  if (text[0] === '"' || text[0] === "'") {
    [key, end] = readQuoted(text, 0);
    if (text[end] !== ':') return undefined;
  } else {
    const colon = text.search(/:(?: |$)/);
    if (colon <= 0) return undefined;
    key = text.slice(0, colon).trimEnd(); // `key : value` is allowed
    const unusual = /\s#/.test(key) || UNSUPPORTED_START.test(key) || /^[[{"']/.test(key);
    // Keys that YAML reads as numbers, booleans or null become other text in JavaScript objects.
    if (unusual || typeof resolvePlain(key) !== 'string') throw new GiveUp();
    end = colon;
  }
  let restStart = end + 1;
  while (text[restStart] === ' ') restStart++;
  const rest = text.slice(restStart);
  return [key, rest.startsWith('#') ? '' : rest, restStart];
}

/** Continuation lines of a plain scalar: no comments, keys, or indicators YAML reads otherwise. */
export function plainContinuation(text: string): string {
  if (/\s#|: |:$|\t/.test(text) || /^[-?:,[\]{}#&*!|>'"%@`]/.test(text)) throw new GiveUp();
  return text;
}
