// Splits filter text into tokens. Words run until whitespace, a parenthesis, a comma, a
// quote or an operator character, so keys like `val/loss` or `lr-schedule.v2` stay whole.

import { FilterSyntaxError } from './filterAst';

export type TokenType = 'lparen' | 'rparen' | 'comma' | 'op' | 'string' | 'word' | 'eof';

export interface Token {
  type: TokenType;
  /** The operator, the unescaped string content, or the word as written. */
  text: string;
  /** 0-based offset of the token's first character. */
  pos: number;
  /** The quote character of a string token. */
  quote?: string;
  /** For a prefix word such as `metrics.` directly followed by a quoted key: that key. */
  quotedKey?: string;
}

const QUOTES = new Set(['"', "'", '`']);
const WORD_STOP = new Set(['(', ')', ',', '=', '!', '<', '>', '"', "'", '`']);
const TWO_CHAR_OPS = new Set(['==', '!=', '<>', '<=', '>=']);
const ONE_CHAR_OPS = new Set(['=', '<', '>']);

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ type: c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'comma', text: c, pos: i });
      i++;
    } else if (QUOTES.has(c)) {
      const quoted = readQuoted(text, i);
      tokens.push({ type: 'string', text: quoted.value, pos: i, quote: c });
      i = quoted.end;
    } else if (WORD_STOP.has(c)) {
      const op = readOperator(text, i);
      tokens.push({ type: 'op', text: op, pos: i });
      i += op.length;
    } else {
      const word = readWord(text, i);
      tokens.push(word.token);
      i = word.end;
    }
  }
  tokens.push({ type: 'eof', text: '', pos: text.length });
  return tokens;
}

function readOperator(text: string, start: number): string {
  const two = text.slice(start, start + 2);
  if (TWO_CHAR_OPS.has(two)) return two;
  const one = text[start];
  if (ONE_CHAR_OPS.has(one)) return one;
  throw new FilterSyntaxError(`unexpected '${one}' (did you mean '!='?)`, start);
}

function readWord(text: string, start: number): { token: Token; end: number } {
  let i = start;
  while (i < text.length && !/\s/.test(text[i]) && !WORD_STOP.has(text[i])) i++;
  const word = text.slice(start, i);
  // `metrics."val loss"` or metrics.`val/loss`: the quoted part is the key.
  if (word.endsWith('.') && i < text.length && QUOTES.has(text[i])) {
    const quoted = readQuoted(text, i);
    return { token: { type: 'word', text: word, pos: start, quotedKey: quoted.value }, end: quoted.end };
  }
  return { token: { type: 'word', text: word, pos: start }, end: i };
}

/**
 * Reads a string opened by the quote at `start`. Inside, a backslash escapes the quote or
 * another backslash (any other backslash is kept as is, so Windows paths survive), and a
 * doubled quote stands for one quote as in SQL.
 */
function readQuoted(text: string, start: number): { value: string; end: number } {
  const quote = text[start];
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && (text[i + 1] === quote || text[i + 1] === '\\')) {
      value += text[i + 1];
      i += 2;
    } else if (c === quote && text[i + 1] === quote) {
      value += quote;
      i += 2;
    } else if (c === quote) {
      return { value, end: i + 1 };
    } else {
      value += c;
      i++;
    }
  }
  throw new FilterSyntaxError(`unterminated string: missing the closing ${quote}`, start);
}
