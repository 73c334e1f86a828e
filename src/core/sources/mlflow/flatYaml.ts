import { parse } from 'yaml';

export type YamlScalar = string | number | boolean | null;
export type FlatYaml = Record<string, unknown>;

const PLAIN_KEY = /^([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?$/;
const INTEGER = /^-?[0-9]+$/;
const FLOAT = /^-?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/;

/**
 * Parses the flat, one-line-per-key YAML that MLflow writes with `yaml.safe_dump` for run and
 * experiment `meta.yaml`. Thousands of these are read per store, so the common shape is parsed by
 * hand and anything unusual (folded lines, nested maps, anchors) falls back to the full YAML parser.
 */
export function parseMetaYaml(text: string): FlatYaml {
  const fast = parseFlat(text);
  if (fast) return fast;
  const parsed: unknown = parse(text, { version: '1.1' });
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error('meta.yaml is not a mapping');
  }
  return parsed as FlatYaml;
}

function parseFlat(text: string): FlatYaml | undefined {
  const result: FlatYaml = {};
  for (const rawLine of text.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line === '') continue;
    const match = PLAIN_KEY.exec(line);
    if (!match) return undefined;
    const scalar = parseScalar(match[2] ?? '');
    if (scalar === undefined) return undefined;
    result[match[1]] = scalar;
  }
  return result;
}

function parseScalar(raw: string): YamlScalar | [] | Record<string, never> | undefined {
  if (raw === '' || raw === 'null' || raw === '~') return null;
  if (raw === '[]') return [];
  if (raw === '{}') return {};
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (INTEGER.test(raw)) return Number(raw);
  if (FLOAT.test(raw)) return Number(raw);
  if (raw.startsWith("'")) {
    if (!raw.endsWith("'") || raw.length < 2) return undefined;
    const inner = raw.slice(1, -1);
    if (/'(?!')/.test(inner.replace(/''/g, ''))) return undefined;
    return inner.replace(/''/g, "'");
  }
  // Anything YAML could read as something other than a plain string goes to the full parser.
  if (/^[-?:,[\]{}#&*!|>"%@`]/.test(raw) || /: |\s#/.test(raw) || raw.endsWith(':')) return undefined;
  if (/^(?:yes|no|on|off|y|n|\.nan|\.inf|-\.inf|\+\.inf|NULL|Null|True|False|TRUE|FALSE)$/.test(raw)) {
    return undefined;
  }
  return raw;
}

export function asString(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

export function asNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return null;
}
