// Reads primary expressions (`a.b(…).c[…]`) left to right, resolving what each step stands for and
// reporting the keys of every logging call met on the way.
import type { PyToken } from '../sources/dvc/values/pythonTokens';
import { constructorOf, LOG_FUNCTIONS, LOG_METHODS, type KeyArgument } from './library';
import { attribute, UNKNOWN, type Scopes, type Value } from './scopes';
import { closingBracket, dictKeys, literalKey, readArguments, type LiteralKey, type Span } from './tokens';

/** Receives each key found, with the call's offsets. */
export type KeySink = (argument: KeyArgument, key: LiteralKey, callOffset: number, callEnd: number) => void;

const isOp = (token: PyToken | undefined, text: string): boolean =>
  token?.kind === 'op' && token.text === text;

/** Whether a primary expression starts at `i` (a name not after a dot). */
export function startsPrimary(tokens: PyToken[], i: number): boolean {
  return tokens[i].kind === 'name' && !isOp(tokens[i - 1], '.');
}

/**
 * Evaluates the primary starting with the name at `start`; `sink` (when given) gets the keys of
 * the logging calls in its trailers. Returns its value and the index after it.
 */
export function evaluatePrimary(
  tokens: PyToken[],
  start: number,
  scopes: Scopes,
  sink?: KeySink,
  limit = tokens.length,
): { value: Value; end: number } {
  let { value, end: i } = resolveHead(tokens, start, scopes, limit);
  for (; i < limit;) {
    if (isOp(tokens[i], '.') && i + 1 < limit && tokens[i + 1].kind === 'name') {
      value = attribute(value, tokens[i + 1].text);
      i += 2;
    } else if (isOp(tokens[i], '(')) {
      const close = closingBracket(tokens, i);
      value = call(value, tokens, i, close, sink, tokens[start].offset);
      i = close + 1;
    } else if (isOp(tokens[i], '[')) {
      value = UNKNOWN;
      i = closingBracket(tokens, i) + 1;
    } else break;
  }
  return { value, end: i };
}

/** The value of a span when it is one primary expression, else unknown (`x = a + b`). */
export function evaluateSpan(tokens: PyToken[], span: Span, scopes: Scopes): Value {
  if (span.to <= span.from || !startsPrimary(tokens, span.from)) return UNKNOWN;
  const { value, end } = evaluatePrimary(tokens, span.from, scopes, undefined, span.to);
  return end === span.to ? value : UNKNOWN;
}

/** The name, or the longest dotted attribute binding it starts (`self.live`). */
function resolveHead(
  tokens: PyToken[],
  start: number,
  scopes: Scopes,
  limit: number,
): { value: Value; end: number } {
  let best: { value: Value; end: number } = {
    value: scopes.lookup(tokens[start].text) ?? UNKNOWN,
    end: start + 1,
  };
  let dotted = tokens[start].text;
  for (let i = start + 1; i + 1 < limit && isOp(tokens[i], '.') && tokens[i + 1].kind === 'name'; i += 2) {
    dotted += `.${tokens[i + 1].text}`;
    const value = scopes.lookupAttribute(dotted);
    if (value) best = { value, end: i + 2 };
  }
  return best;
}

function call(
  value: Value,
  tokens: PyToken[],
  open: number,
  close: number,
  sink: KeySink | undefined,
  offset: number,
): Value {
  const callEnd = (tokens[close] ?? tokens[tokens.length - 1]).end;
  const keyArguments = loggingArguments(value);
  if (sink && keyArguments) {
    for (const argument of keyArguments) {
      for (const key of keysOf(argument, tokens, open, close)) sink(argument, key, offset, callEnd);
    }
  }
  if (value.t === 'factory') return { t: 'instance', kind: value.kind, member: '' };
  const kind = value.t === 'path' ? constructorOf(value.path) : undefined;
  if (kind) return { t: 'instance', kind, member: '' };
  return UNKNOWN;
}

function loggingArguments(value: Value): KeyArgument[] | undefined {
  if (value.t === 'path') return LOG_FUNCTIONS[value.path];
  if (value.t === 'instance') return LOG_METHODS[value.kind][value.member];
  return undefined;
}

function keysOf(argument: KeyArgument, tokens: PyToken[], open: number, close: number): LiteralKey[] {
  const args = readArguments(tokens, open, close);
  const span =
    args.keywords.get(argument.keyword) ??
    (argument.index >= 0 ? args.positional[argument.index] : undefined);
  if (!span) return [];
  if (argument.shape === 'dict') return dictKeys(tokens, span);
  const key = literalKey(tokens, span);
  return key ? [key] : [];
}
