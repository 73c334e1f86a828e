// A fast reader for the plain block-style YAML that DVC writes and most people write in dvc.yaml:
// block mappings and sequences (also "indentless" ones under a key), plain and quoted one-line
// scalars, one-line flow collections and comments. dvc.lock files reach hundreds of kilobytes and
// the full YAML parser takes about a second for them; this one takes milliseconds. Anything outside
// that subset (anchors, tags, block scalars, multi-line scalars, directives …) makes it give up
// (return undefined) so that the caller uses the full parser: it never guesses.
import { PyFloat, type PyDict, type PyValue } from './pyValue';

class GiveUp extends Error {}

interface Line {
  indent: number;
  text: string;
  number: number;
}

export interface FastYaml {
  value: PyValue;
  /** 1-based line of mapping keys down to depth 2, keyed by the key path joined with "\0". */
  keyLines: Map<string, number>;
}

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

/** A quoted scalar starting at `text[start]`; returns the value and the index after the closing quote. */
function readQuoted(text: string, start: number): [string, number] {
  const quote = text[start];
  let out = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (quote === "'" && c === "'") {
      if (text[i + 1] === "'") {
        out += "'";
        i++;
      } else return [out, i + 1];
    } else if (quote === '"' && c === '"') return [out, i + 1];
    else if (quote === '"' && c === '\\') {
      const next = text[++i];
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) {
        out += String.fromCharCode(parseInt(text.slice(i + 1, i + 5), 16));
        i += 4;
      } else if (next !== undefined && next in ESCAPES) out += ESCAPES[next];
      else throw new GiveUp();
    } else out += c;
  }
  throw new GiveUp(); // the scalar continues on the next line
}

function afterValue(text: string, index: number): void {
  const rest = text.slice(index);
  if (rest.trim() !== '' && !/^\s+#/.test(rest)) throw new GiveUp();
}

/** A plain scalar in block context: ends at " #"; ": " inside means something this reader does not take. */
function readPlain(text: string, floats: boolean): PyValue {
  const comment = text.indexOf('#') === -1 ? -1 : text.search(/\s#/);
  const value = comment === -1 ? text : text.slice(0, comment).trimEnd();
  const colon = value.indexOf(':') !== -1 && (value.includes(': ') || value.endsWith(':'));
  if (colon || value.includes('\t') || UNSUPPORTED_START.test(value)) throw new GiveUp();
  return resolvePlain(value, floats);
}

/** One-line flow collections: [a, 'b', {c: 1}] and {k: v}. */
function readFlow(text: string, start: number, floats: boolean): [PyValue, number] {
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
    const match = /^[^,[\]{}#]*/.exec(text.slice(i))![0];
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
      if (text[i] !== ':' || typeof key !== 'string' || key in dict) throw new GiveUp();
      i++;
      dict[key] = scalar();
    }
    skip();
    if (text[i] === ',') i++;
    else if (text[i] === close) return [open === '[' ? list : dict, i + 1];
    else throw new GiveUp();
  }
}

function readValue(text: string, floats: boolean): PyValue {
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
function splitEntry(text: string): [string, string, number] | undefined {
  let key: string;
  let end: number;
  if (text[0] === '"' || text[0] === "'") {
    [key, end] = readQuoted(text, 0);
    if (text[end] !== ':') return undefined;
  } else {
    const colon = text.search(/:(?: |$)/);
    if (colon <= 0) return undefined;
    key = text.slice(0, colon);
    const unusual =
      /\s#/.test(key) || UNSUPPORTED_START.test(key) || key.trimEnd() !== key || /^[[{"']/.test(key);
    // Keys that YAML reads as numbers, booleans or null become other text in JavaScript objects.
    if (unusual || typeof resolvePlain(key) !== 'string') throw new GiveUp();
    end = colon;
  }
  let restStart = end + 1;
  while (text[restStart] === ' ') restStart++;
  const rest = text.slice(restStart);
  return [key, rest.startsWith('#') ? '' : rest, restStart];
}

class Reader {
  private index = 0;
  readonly keyLines = new Map<string, number>();

  constructor(
    private readonly lines: Line[],
    private readonly floats: boolean,
  ) {}

  private isItem(line: Line | undefined, indent: number): boolean {
    return !!line && line.indent === indent && (line.text === '-' || line.text.startsWith('- '));
  }

  /** A nested block after `key:` or `-` on its own, or null when nothing is nested. */
  private nested(parentIndent: number, allowIndentless: boolean, path: string[] | null): PyValue {
    const next = this.lines[this.index];
    if (next && (next.indent > parentIndent || (allowIndentless && this.isItem(next, parentIndent)))) {
      return this.block(next.indent, path);
    }
    return null;
  }

  /** `path` is the key path while key lines are still recorded (depth < 2), then null. */
  block(indent: number, path: string[] | null): PyValue {
    return this.isItem(this.lines[this.index], indent)
      ? this.sequence(indent, path)
      : this.mapping(indent, path);
  }

  private scalarLine(text: string, indent: number): PyValue {
    const value = readValue(text, this.floats);
    this.index++;
    const next = this.lines[this.index];
    if (next && next.indent > indent) throw new GiveUp(); // a multi-line scalar
    return value;
  }

  private mapping(indent: number, path: string[] | null, first?: [string, string, number]): PyDict {
    const out: PyDict = {};
    let entry = first;
    for (let line = this.lines[this.index]; line && line.indent === indent; line = this.lines[this.index]) {
      if (this.isItem(line, indent)) break;
      entry ??= splitEntry(line.text);
      if (!entry || Object.prototype.hasOwnProperty.call(out, entry[0]) || entry[0] === '<<')
        throw new GiveUp();
      const [key, rest] = entry;
      entry = undefined;
      const childPath = path && path.length < 2 ? [...path, key] : null;
      if (childPath) this.keyLines.set(childPath.join('\0'), line.number);
      if (rest === '') {
        this.index++;
        out[key] = this.nested(indent, true, childPath);
      } else out[key] = this.scalarLine(rest, indent);
    }
    const after = this.lines[this.index];
    if (after && after.indent > indent) throw new GiveUp();
    return out;
  }

  private sequence(indent: number, path: string[] | null): PyValue[] {
    const out: PyValue[] = [];
    while (this.isItem(this.lines[this.index], indent)) {
      const line = this.lines[this.index];
      const rest = line.text.slice(1).trimStart();
      const entry = rest === '' || rest[0] === '[' || rest[0] === '{' ? undefined : splitEntry(rest);
      if (rest === '' || rest.startsWith('#')) {
        this.index++;
        out.push(this.nested(indent, false, path));
      } else if (rest.startsWith('- ') || rest === '-') {
        throw new GiveUp();
      } else if (entry) {
        // `- key: value`: a mapping whose keys line up with this first key.
        const column = indent + line.text.length - rest.length;
        this.lines[this.index] = { indent: column, text: rest, number: line.number };
        out.push(this.mapping(column, path, entry));
      } else out.push(this.scalarLine(rest, indent));
    }
    return out;
  }

  done(): boolean {
    return this.index >= this.lines.length;
  }
}

function toLines(source: string): Line[] {
  const lines: Line[] = [];
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  let number = 0;
  for (let start = 0; start <= text.length;) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    number++;
    let stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    let first = start;
    while (first < stop && text.charCodeAt(first) === 32) first++;
    while (stop > first && (text.charCodeAt(stop - 1) === 32 || text.charCodeAt(stop - 1) === 9)) stop--;
    const lead = text.charCodeAt(first);
    if (first < stop && lead !== 35 /* # */) {
      // A tab in the indentation, directives and document markers are outside the subset.
      if (lead === 9 || lead === 37 /* % */) throw new GiveUp();
      const content = text.slice(first, stop);
      if ((lead === 45 || lead === 46) && /^(?:---|\.\.\.)(?:\s|$)/.test(content)) throw new GiveUp();
      lines.push({ indent: first - start, text: content, number });
    }
    start = end + 1;
  }
  return lines;
}

/**
 * Parses `source` if it is in the supported subset, else undefined (use the full parser). Floats
 * are PyFloat unless `plainFloats` (then plain numbers, as the `yaml` package gives them).
 */
export function fastParseYaml(source: string, plainFloats = false): FastYaml | undefined {
  try {
    const lines = toLines(source);
    if (lines.length === 0) return { value: null, keyLines: new Map() };
    if (lines[0].indent !== 0) return undefined;
    const reader = new Reader(lines, !plainFloats);
    const value = reader.block(0, []);
    return reader.done() ? { value, keyLines: reader.keyLines } : undefined;
  } catch (error) {
    if (error instanceof GiveUp) return undefined;
    throw error;
  }
}
