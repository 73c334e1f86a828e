// Token-level reading for the detector: brackets, argument lists, string keys and dict keys.
import { decodeEscapes, type PyToken } from '../sources/dvc/values/pythonTokens';

/** Tokens [from, to) of one logical line. */
export interface Span {
  from: number;
  to: number;
}

/** A key read from the source: its text, whether it is a prefix, and its offsets. */
export interface LiteralKey {
  key: string;
  match: 'exact' | 'prefix';
  offset: number;
  end: number;
}

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Each line's bracket pairs, found once: looking each one up by scanning was quadratic. */
const pairsOf = new WeakMap<PyToken[], Int32Array>();

/** The index of the bracket closing the one at `open`, or the end of the tokens when unclosed. */
export function closingBracket(tokens: PyToken[], open: number): number {
  let pairs = pairsOf.get(tokens);
  if (!pairs) {
    pairs = matchBrackets(tokens);
    pairsOf.set(tokens, pairs);
  }
  return pairs[open] >= 0 ? pairs[open] : tokens.length;
}

function matchBrackets(tokens: PyToken[]): Int32Array {
  const pairs = new Int32Array(tokens.length).fill(-1);
  const open: number[] = [];
  tokens.forEach((token, i) => {
    if (token.kind !== 'op') return;
    if (OPENERS[token.text]) open.push(i);
    else if (token.text === ')' || token.text === ']' || token.text === '}') {
      const opener = open.pop();
      if (opener !== undefined) pairs[opener] = i;
    }
  });
  return pairs;
}

/** Splits [from, to) at `separator` operators outside brackets; empty trailing parts dropped. */
export function splitTopLevel(tokens: PyToken[], span: Span, separator: string): Span[] {
  const parts: Span[] = [];
  let start = span.from;
  for (let i = span.from; i < span.to; i++) {
    const token = tokens[i];
    if (token.kind === 'op' && OPENERS[token.text]) i = closingBracket(tokens, i);
    else if (token.kind === 'op' && token.text === separator) {
      parts.push({ from: start, to: i });
      start = i + 1;
    }
  }
  if (start < span.to) parts.push({ from: start, to: span.to });
  return parts;
}

/** The first top-level operator `text` in the span, or -1. */
export function findTopLevel(tokens: PyToken[], span: Span, text: string): number {
  for (let i = span.from; i < span.to; i++) {
    const token = tokens[i];
    if (token.kind === 'op' && token.text === text) return i;
    if (token.kind === 'op' && OPENERS[token.text]) i = closingBracket(tokens, i);
  }
  return -1;
}

export interface Arguments {
  positional: Span[];
  keywords: Map<string, Span>;
}

/** The arguments between the brackets at `open` and `close`. Positions after `*args` are unknown. */
export function readArguments(tokens: PyToken[], open: number, close: number): Arguments {
  const positional: Span[] = [];
  const keywords = new Map<string, Span>();
  let starred = false;
  for (const part of splitTopLevel(tokens, { from: open + 1, to: close }, ',')) {
    const first = tokens[part.from];
    const second = tokens[part.from + 1];
    if (first.kind === 'op' && (first.text === '*' || first.text === '**')) starred = true;
    else if (first.kind === 'name' && second?.kind === 'op' && second.text === '=')
      keywords.set(first.text, { from: part.from + 2, to: part.to });
    else if (!starred) positional.push(part);
  }
  return { positional, keywords };
}

/**
 * The key a span of string literals spells: exact for plain strings (adjacent ones joined, as
 * Python does), a prefix for an f-string's text before its first placeholder; undefined otherwise.
 */
export function literalKey(tokens: PyToken[], span: Span): LiteralKey | undefined {
  // `("a" "b")`: parentheses around the strings, as long keys are often wrapped.
  while (
    tokens[span.from]?.text === '(' &&
    tokens[span.from].kind === 'op' &&
    closingBracket(tokens, span.from) === span.to - 1
  )
    span = { from: span.from + 1, to: span.to - 1 };
  if (span.to <= span.from) return undefined;
  let key = '';
  for (let i = span.from; i < span.to; i++) {
    const token = tokens[i];
    if (token.kind !== 'string' || token.stringKind === 'bytes') return undefined;
    const prefix = (token.prefix ?? '').toLowerCase();
    if (prefix.includes('f')) {
      const head = fStringHead(token.text, prefix.includes('r'));
      if (head === undefined) return undefined;
      if (head.complete) {
        key += head.text;
        continue;
      }
      key += head.text;
      if (!key) return undefined;
      return { key, match: 'prefix', offset: tokens[span.from].offset, end: tokens[span.to - 1].end };
    }
    if (token.stringKind !== 'str') return undefined;
    key += token.text;
  }
  if (!key) return undefined;
  return { key, match: 'exact', offset: tokens[span.from].offset, end: tokens[span.to - 1].end };
}

/** An f-string's literal text up to its first placeholder (`{{` and `}}` read as braces). */
function fStringHead(raw: string, isRaw: boolean): { text: string; complete: boolean } | undefined {
  let text = '';
  let complete = true;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if ((c === '{' || c === '}') && raw[i + 1] === c) {
      text += c;
      i++;
    } else if (c === '{') {
      complete = false;
      break;
    } else text += c;
  }
  const decoded = isRaw ? text : decodeEscapes(text);
  return decoded === null ? undefined : { text: decoded, complete };
}

/**
 * The literal keys of a dict display `{…}` (a comprehension's key too, so `{f"train_{k}": v for …}`
 * gives the prefix `train_`) or of `dict(a=…, b=…)`. Entries with other keys are skipped.
 */
export function dictKeys(tokens: PyToken[], span: Span): LiteralKey[] {
  const first = tokens[span.from];
  if (!first || first.kind !== 'op') return dictCallKeys(tokens, span);
  if (first.text !== '{' || closingBracket(tokens, span.from) !== span.to - 1) return [];
  const keys: LiteralKey[] = [];
  for (const item of splitTopLevel(tokens, { from: span.from + 1, to: span.to - 1 }, ',')) {
    const colon = findTopLevel(tokens, item, ':');
    if (colon < 0) continue;
    const key = literalKey(tokens, { from: item.from, to: colon });
    if (key) keys.push(key);
  }
  return keys;
}

function dictCallKeys(tokens: PyToken[], span: Span): LiteralKey[] {
  const [name, open] = [tokens[span.from], tokens[span.from + 1]];
  if (name?.kind !== 'name' || name.text !== 'dict' || open?.text !== '(') return [];
  const close = closingBracket(tokens, span.from + 1);
  if (close !== span.to - 1) return [];
  const keys: LiteralKey[] = [];
  for (const part of splitTopLevel(tokens, { from: span.from + 2, to: close }, ',')) {
    const [keyword, equals] = [tokens[part.from], tokens[part.from + 1]];
    if (keyword.kind === 'name' && equals?.kind === 'op' && equals.text === '=')
      keys.push({ key: keyword.text, match: 'exact', offset: keyword.offset, end: keyword.end });
  }
  return keys;
}
