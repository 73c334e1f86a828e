// Number parsing shared by filtering and sorting. Params and tags are strings; these
// decide when such a string is treated as a number.

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;
const INFINITE = /^([+-]?)inf(?:inity)?$/i;

/**
 * The number a string spells in decimal or exponent notation ("0.5", "-1e-3", ".5", "inf"),
 * or undefined. Hex, empty strings, "NaN" and anything with trailing text are not numbers.
 */
export function parseNumeric(text: string): number | undefined {
  const trimmed = text.trim();
  if (DECIMAL.test(trimmed)) return Number(trimmed);
  const infinite = INFINITE.exec(trimmed);
  if (infinite) return infinite[1] === '-' ? -Infinity : Infinity;
  return undefined;
}

let collator: Intl.Collator | undefined;

/**
 * Natural ordering for names and non-numeric values: "run-2" before "run-10". The collator is made
 * on first use: creating one loads ICU data, a noticeable part of a short CLI call.
 */
export function naturalCompare(a: string, b: string): number {
  collator ??= new Intl.Collator(undefined, { numeric: true });
  return collator.compare(a, b);
}
