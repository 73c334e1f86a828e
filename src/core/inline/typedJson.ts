// JSON with Python's int/float split (`1.0` stays a float, as `json.load` gives it) in one
// JSON.parse: float literals are marked before parsing. The YAML-based typed reader takes ~10× as
// long on a params file of a few thousand keys; this runs on every edit. Texts it does not handle
// (NaN, Infinity, anything JSON.parse refuses) give undefined: the caller uses the full reader.
import { PyFloat, type PyDict, type PyValue } from '../sources/dvc/pyValue';

const TOKEN = /"(?:[^"\\]|\\.)*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
const FLOAT_MARK = '\ue000float:';

export function parseTypedJsonFast(text: string): PyValue | undefined {
  if (text.includes('\ue000')) return undefined;
  const marked = text.replace(TOKEN, (token) =>
    token.startsWith('"') || !/[.eE]/.test(token) ? token : `"${FLOAT_MARK}${token}"`,
  );
  try {
    return typed(JSON.parse(marked));
  } catch {
    return undefined;
  }
}

function typed(value: unknown): PyValue {
  if (typeof value === 'string')
    return value.startsWith(FLOAT_MARK) ? new PyFloat(Number(value.slice(FLOAT_MARK.length))) : value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  if (Array.isArray(value)) return value.map(typed);
  const out: PyDict = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) out[key] = typed(item);
  return out;
}
