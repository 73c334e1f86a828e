// Where each params or metrics value is written in a file's text: the flattened dotted key DVC's
// diff uses (`train.optimizer.name`, lists as leaves) → the offsets of its key and value. Hints are
// placed after a value and hovers found on a key from these. A text that does not parse gives null:
// while the user types a half-written file, its hints simply go away.
import { isMap, isScalar, parseDocument, type Node } from 'yaml';
import { formatOf } from '../sources/dvc/values/paramsFile';
import { locatePython } from './locatePython';
import { locateToml } from './locateToml';
import { locateYamlFast } from './locateYamlFast';

export interface ValueSpan {
  key: string;
  keyStart: number;
  keyEnd: number;
  /** The value as written (a flow list or inline table whole); end excludes trailing blanks. */
  valueStart: number;
  valueEnd: number;
}

export type ValueSpans = Map<string, ValueSpan>;

/** The spans of `text`, parsed by the file's extension as DVC picks its loader; null when it does not parse. */
export function locateValues(text: string, file: string): ValueSpans | null {
  try {
    switch (formatOf(file)) {
      case 'json':
        return locateJson(text);
      case 'toml':
        return locateToml(text);
      case 'py':
        return locatePython(text);
      default:
        return locateYaml(text);
    }
  } catch {
    return null;
  }
}

/**
 * The span a change of `key` shows at: its own, or the nearest enclosing one that is written as one
 * value (a key inside an inline table, a flow mapping the locator did not enter).
 */
export function spanFor(spans: ValueSpans, key: string): ValueSpan | undefined {
  for (let name = key; ;) {
    const span = spans.get(name);
    if (span) return span;
    const dot = name.lastIndexOf('.');
    if (dot < 0) return undefined;
    name = name.slice(0, dot);
  }
}

/** The span whose key (or value) holds `offset`. */
export function spanAt(spans: ValueSpans, offset: number): ValueSpan | undefined {
  let found: ValueSpan | undefined;
  for (const span of spans.values()) {
    const onKey = offset >= span.keyStart && offset <= span.keyEnd;
    const onValue = offset >= span.valueStart && offset <= span.valueEnd;
    if (onKey || onValue) found = span;
  }
  return found;
}

export function trimEnd(text: string, start: number, end: number): number {
  let at = end;
  while (at > start && /\s/.test(text[at - 1])) at--;
  return at;
}

function locateYaml(text: string): ValueSpans | null {
  return locateYamlFast(text) ?? locateYamlDocument(text);
}

/** Spans from the full YAML parser (any YAML; slower). */
export function locateYamlDocument(text: string): ValueSpans | null {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) return null;
  const spans: ValueSpans = new Map();
  if (isMap(doc.contents)) walkYamlMap(doc.contents, '', text, spans);
  return spans;
}

function walkYamlMap(map: Node, prefix: string, text: string, spans: ValueSpans): void {
  if (!isMap(map)) return;
  for (const pair of map.items) {
    const keyNode = pair.key as Node | null;
    if (!isScalar(keyNode) || !keyNode.range) continue;
    const key = prefix ? `${prefix}.${String(keyNode.value)}` : String(keyNode.value);
    const value = pair.value as Node | null;
    if (isMap(value)) {
      walkYamlMap(value, key, text, spans);
      continue;
    }
    const [keyStart, keyEnd] = keyNode.range;
    // `key:` without a value (null): the hint goes after the colon.
    const hasValue = value?.range && value.range[1] > value.range[0];
    const valueStart = hasValue ? value.range![0] : keyEnd + 1;
    const valueEnd = hasValue ? trimEnd(text, valueStart, value.range![1]) : keyEnd + 1;
    spans.set(key, { key, keyStart, keyEnd, valueStart, valueEnd: Math.min(valueEnd, text.length) });
  }
}

/** JSON scanned by hand (JSON.parse gives no positions); throws on malformed text. */
function locateJson(text: string): ValueSpans {
  const spans: ValueSpans = new Map();
  const scanner = new JsonScanner(text, spans);
  scanner.value('');
  scanner.blanks();
  if (scanner.pos !== text.length && text.slice(scanner.pos).trim() !== '') throw new Error('trailing text');
  return spans;
}

class JsonScanner {
  pos = 0;
  constructor(
    private readonly text: string,
    private readonly spans: ValueSpans,
  ) {}

  blanks(): void {
    while (this.pos < this.text.length && /[ \t\r\n\ufeff]/.test(this.text[this.pos])) this.pos++;
  }

  /** Reads one value; inside an object `key` is its dotted name ('' at the top). */
  value(key: string): void {
    this.blanks();
    const char = this.text[this.pos];
    if (char === '{') return this.object(key);
    if (char === '[') return this.array();
    if (char === '"') return void this.string();
    const literal = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|NaN|-?Infinity)/.exec(
      this.text.slice(this.pos, this.pos + 400),
    );
    if (!literal) throw new Error(`unexpected character at ${this.pos}`);
    this.pos += literal[0].length;
  }

  private object(prefix: string): void {
    this.pos++;
    this.blanks();
    if (this.text[this.pos] === '}') return void this.pos++;
    for (;;) {
      this.blanks();
      const keyStart = this.pos;
      const name = this.string();
      const keyEnd = this.pos;
      this.blanks();
      this.expect(':');
      this.blanks();
      const key = prefix ? `${prefix}.${name}` : name;
      const valueStart = this.pos;
      const nested = this.text[this.pos] === '{';
      this.value(key);
      if (!nested) this.spans.set(key, { key, keyStart, keyEnd, valueStart, valueEnd: this.pos });
      this.blanks();
      if (this.text[this.pos] === ',') this.pos++;
      else return this.expect('}');
    }
  }

  private array(): void {
    this.pos++;
    this.blanks();
    if (this.text[this.pos] === ']') return void this.pos++;
    for (;;) {
      this.value('');
      this.blanks();
      if (this.text[this.pos] === ',') this.pos++;
      else return this.expect(']');
    }
  }

  private string(): string {
    this.expect('"');
    const start = this.pos - 1;
    while (this.pos < this.text.length && this.text[this.pos] !== '"') {
      if (this.text[this.pos] === '\\') this.pos++;
      if (this.text[this.pos] === '\n') throw new Error('line break in a string');
      this.pos++;
    }
    this.expect('"');
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }

  private expect(char: string): void {
    if (this.text[this.pos] !== char) throw new Error(`expected ${char} at ${this.pos}`);
    this.pos++;
  }
}
