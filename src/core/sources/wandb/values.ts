// W&B's JSON values (`value_json`): Python's json.dumps and W&B's Go writer both write NaN and the
// infinities as bare words, which JSON.parse refuses.
import type { TypedValue } from '../../model';
import { ProtobufError } from './protobuf';

const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };
const MARK = '\u0000wandb-number:';

export type JsonObject = { [key: string]: TypedValue };

const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

export function parseValueJson(text: string): TypedValue {
  // Most values are numbers: Number() reads JSON's number syntax the same, without JSON.parse's cost.
  if (PLAIN_NUMBER.test(text)) return Number(text);
  try {
    return JSON.parse(text) as TypedValue;
  } catch {
    // Quote bare NaN/Infinity outside strings, then turn them back into numbers.
    const quoted = text.replace(
      /("(?:[^"\\]|\\.)*")|(-?Infinity|NaN)/g,
      (match, string: string | undefined) => (string !== undefined ? string : JSON.stringify(MARK + match)),
    );
    try {
      return JSON.parse(quoted, (_key, value: unknown) =>
        typeof value === 'string' && value.startsWith(MARK) ? NON_FINITE[value.slice(MARK.length)] : value,
      ) as TypedValue;
    } catch {
      // Reported as damage of the record that holds it; the other records are read.
      throw new ProtobufError(`a value is not JSON: ${text.slice(0, 40)}`);
    }
  }
}

export function isObject(value: TypedValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets `value` at a nested path, making the objects on the way. */
export function setPath(target: JsonObject, keys: readonly string[], value: TypedValue): void {
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (!isObject(next)) node[key] = {};
    node = node[key] as JsonObject;
  }
  node[keys[keys.length - 1]] = value;
}

export function removePath(target: JsonObject, keys: readonly string[]): void {
  let node: TypedValue | undefined = target;
  for (const key of keys.slice(0, -1)) node = isObject(node) ? node[key] : undefined;
  if (isObject(node)) delete node[keys[keys.length - 1]];
}

/**
 * Leaves of nested objects under keys joined by `separator`. Objects with a `_type` (W&B media,
 * histograms, tables) are values of their own, not folders, and are left out of metrics.
 */
export function flatten(value: JsonObject, separator: string, prefix = ''): [string, TypedValue][] {
  const leaves: [string, TypedValue][] = [];
  for (const [key, child] of Object.entries(value)) {
    const name = prefix + key;
    if (isObject(child)) {
      if (!('_type' in child)) leaves.push(...flatten(child, separator, name + separator));
    } else leaves.push([name, child]);
  }
  return leaves;
}
