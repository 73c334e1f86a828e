// Parses YAML, JSON and TOML into PyValue trees (floats kept apart from ints, see pyValue.ts), the
// way DVC's loaders (`dvc/utils/serialize`) do: the parser is chosen by the file extension and
// anything unknown is read as YAML.
import * as path from 'node:path';
import {
  isMap,
  isScalar,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
  type ScalarTag,
  type Tags,
} from 'yaml';
import { fastParseYaml } from './fastYaml';
import { isPyDict, PyFloat, type PyDict, type PyValue } from './pyValue';
import { parsePythonParams } from './values/pythonParams';

// smol-toml is an ES module with a CommonJS build beside it; this project compiles to CommonJS
// (see values/toml.ts for the same arrangement).
type SmolToml = typeof import('smol-toml', { with: { 'resolution-mode': 'import' } });
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
const smolToml = require('smol-toml') as SmolToml;

const FLOAT_TAG = 'tag:yaml.org,2002:float';

function isScalarTag(tag: Tags[number]): tag is ScalarTag {
  return typeof tag === 'object' && 'resolve' in tag && !('collection' in tag && tag.collection);
}

function wrapFloatTags(tags: Tags): Tags {
  return tags.map((tag) => {
    if (!isScalarTag(tag) || tag.tag !== FLOAT_TAG) return tag;
    const wrapped: ScalarTag = {
      ...tag,
      resolve: (source, onError, options) => {
        const resolved: unknown = tag.resolve(source, onError, options);
        const scalar = isScalar(resolved) ? resolved.value : resolved;
        return new PyFloat(typeof scalar === 'number' ? scalar : Number(scalar));
      },
    };
    return wrapped;
  });
}

export interface ParsedYaml {
  value: PyValue;
  /** 1-based line of a mapping key (`['stages', 'train']`), when known. */
  keyLine: (keys: string[]) => number | undefined;
}

/**
 * ruamel's safe loader is YAML 1.2 with merge keys; floats come back as PyFloat. Plain block YAML
 * goes through the fast reader (fastYaml.ts), anything else through the full parser.
 */
export function parseTypedYaml(text: string, schema: 'core' | 'json' = 'core'): ParsedYaml {
  const fast = schema === 'core' ? fastParseYaml(text) : undefined;
  if (fast) return { value: fast.value, keyLine: (keys) => fast.keyLines.get(keys.join('\0')) };
  return parseTypedYamlFully(text, schema);
}

/** The full YAML parser alone (what the fast reader is tested against). */
export function parseTypedYamlFully(text: string, schema: 'core' | 'json' = 'core'): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, merge: true, schema, customTags: wrapFloatTags });
  if (doc.errors.length > 0) throw new Error(doc.errors[0].message.split('\n')[0]);
  // The library's alias limit (100 expansions) stops "billion laughs" documents; without it a 1 KB
  // file expands to gigabytes. DVC files hardly ever use aliases, let alone a hundred.
  const value = normalize(doc.toJS());
  return { value, keyLine: (keys) => documentKeyLine(doc, lines, keys) };
}

/** Converts what a parser produced into PyValue: dates as their text, bigints as numbers. */
function normalize(value: unknown): PyValue {
  if (value === undefined || value === null) return null;
  if (value instanceof PyFloat) return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(normalize);
  if (value instanceof Map) {
    const out: PyDict = {};
    for (const [key, item] of value) out[String(key)] = normalize(item);
    return out;
  }
  if (typeof value === 'object') {
    if (typeof (value as { toISOString?: unknown }).toISOString === 'function') return String(value);
    const out: PyDict = {};
    for (const [key, item] of Object.entries(value)) out[key] = normalize(item);
    return out;
  }
  return String(value);
}

/** TOML floats become PyFloat; integers (read as bigint to tell them apart) become numbers. */
function parseTypedToml(text: string): PyValue {
  const raw: unknown = smolToml.parse(text, { integersAsBigInt: true });
  const convert = (value: unknown): PyValue => {
    if (typeof value === 'number') return new PyFloat(value);
    if (Array.isArray(value)) return value.map(convert);
    if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
      const out: PyDict = {};
      for (const [key, item] of Object.entries(value)) out[key] = convert(item);
      return out;
    }
    return normalize(value);
  };
  return convert(raw);
}

/** JSON read through the YAML JSON schema keeps `1.0` a float; odd JSON (tab indents) falls back. */
function parseTypedJson(text: string): PyValue {
  try {
    return parseTypedYaml(text, 'json').value;
  } catch {
    return normalize(JSON.parse(text));
  }
}

/** Parses a params/vars file by extension (`.py` is read with `ast`-like rules, never executed). */
export function parseDataFile(file: string, text: string): PyValue {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') return parseTypedJson(text);
  if (ext === '.toml') return parseTypedToml(text);
  if (ext === '.py') return normalize(parsePythonParams(text));
  return parseTypedYaml(text).value;
}

/** 1-based line of the key `keys[last]` inside nested mappings, or undefined. */
function documentKeyLine(doc: Document, lines: LineCounter, keys: string[]): number | undefined {
  let node: Node | null | undefined = doc.contents as Node | null;
  let line: number | undefined;
  for (const key of keys) {
    if (!isMap(node)) return undefined;
    const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
    if (!pair || !isScalar(pair.key) || !pair.key.range) return undefined;
    line = lines.linePos(pair.key.range[0]).line;
    node = pair.value as Node | null;
  }
  return line;
}

export function keyLine(parsed: ParsedYaml, keys: string[]): number | undefined {
  return parsed.keyLine(keys);
}

export function asDict(value: PyValue): PyDict | undefined {
  return isPyDict(value) ? value : undefined;
}
