// Recursive-descent parser for run filters.
//
//   filter     := orExpr?
//   orExpr     := andExpr ( OR andExpr )*
//   andExpr    := unary ( AND? unary )*          adjacent terms are ANDed
//   unary      := NOT unary | primary
//   primary    := '(' orExpr ')' | comparison | text
//   comparison := field op value | field [NOT] IN '(' value ( ',' value )* ')'
//   op         := = | == | != | <> | < | <= | > | >= | [NOT] LIKE | [NOT] ILIKE
//   text       := word | quoted phrase
//
// A word followed by an operator is a comparison; any other word or phrase is free text.

import { FilterSyntaxError, type CompareOp, type FilterField, type RunFilter } from './filterAst';
import { NUMERIC_ATTRIBUTES, resolveField } from './filterFields';
import { tokenize, type Token } from './filterLexer';
import { parseNumeric } from './numbers';

const SYMBOL_OPS: Record<string, CompareOp> = {
  '=': '=',
  '==': '=',
  '!=': '!=',
  '<>': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};
const WORD_OPS = new Set(['like', 'ilike', 'in']);
const CONNECTIVES = new Set(['and', 'or', 'not']);

interface Operator {
  op: CompareOp | 'IN' | 'NOT IN';
  /** As written, for messages. */
  text: string;
  pos: number;
}

interface Value {
  text: string;
  pos: number;
}

export function parseFilterText(text: string): RunFilter {
  return new Parser(tokenize(text)).parse();
}

function keyword(token: Token): string | undefined {
  return token.type === 'word' && token.quotedKey === undefined ? token.text.toLowerCase() : undefined;
}

function describe(token: Token): string {
  if (token.type === 'eof') return 'end of filter';
  if (token.type === 'string') return `${token.quote}${token.text}${token.quote}`;
  return `'${token.text}'`;
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parse(): RunFilter {
    if (this.peek().type === 'eof') return { kind: 'and', items: [] };
    const filter = this.parseOr();
    const rest = this.peek();
    if (rest.type === 'rparen')
      throw new FilterSyntaxError("unexpected ')' without a matching '('", rest.pos);
    if (rest.type !== 'eof') throw new FilterSyntaxError(`unexpected ${describe(rest)}`, rest.pos);
    return filter;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    const token = this.peek();
    if (token.type !== 'eof') this.index++;
    return token;
  }

  private startsTerm(token: Token): boolean {
    if (token.type === 'lparen' || token.type === 'string') return true;
    const word = keyword(token);
    return token.type === 'word' && word !== 'and' && word !== 'or';
  }

  private requireTerm(after: Token): void {
    const token = this.peek();
    if (this.startsTerm(token)) return;
    const what = token.type === 'eof' ? '' : `, found ${describe(token)}`;
    throw new FilterSyntaxError(`expected a term after '${after.text}'${what}`, token.pos);
  }

  private parseOr(): RunFilter {
    const items = [this.parseAnd()];
    while (keyword(this.peek()) === 'or') {
      this.requireTerm(this.next());
      items.push(this.parseAnd());
    }
    return items.length === 1 ? items[0] : { kind: 'or', items };
  }

  private parseAnd(): RunFilter {
    const items = [this.parseUnary()];
    for (;;) {
      if (keyword(this.peek()) === 'and') {
        this.requireTerm(this.next());
      } else if (!this.startsTerm(this.peek())) {
        break;
      }
      items.push(this.parseUnary());
    }
    return items.length === 1 ? items[0] : { kind: 'and', items };
  }

  private parseUnary(): RunFilter {
    if (keyword(this.peek()) === 'not') {
      this.requireTerm(this.next());
      return { kind: 'not', item: this.parseUnary() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): RunFilter {
    const token = this.peek();
    if (token.type === 'lparen') return this.parseGroup();
    if (token.type === 'string') {
      this.next();
      return { kind: 'text', term: token.text };
    }
    if (token.type === 'word') {
      const word = keyword(token);
      if (word === 'and' || word === 'or')
        throw new FilterSyntaxError(`expected a term before '${token.text}'`, token.pos);
      if (this.comparisonAhead()) return this.parseComparison();
      this.next();
      return { kind: 'text', term: token.text };
    }
    if (token.type === 'rparen')
      throw new FilterSyntaxError("unexpected ')' without a matching '('", token.pos);
    throw new FilterSyntaxError(`unexpected ${describe(token)}`, token.pos);
  }

  private parseGroup(): RunFilter {
    const open = this.next();
    if (this.peek().type === 'rparen') throw new FilterSyntaxError("empty parentheses '()'", open.pos);
    this.requireTerm(open);
    const inner = this.parseOr();
    const close = this.peek();
    if (close.type !== 'rparen') {
      const found = close.type === 'eof' ? '' : `, found ${describe(close)}`;
      throw new FilterSyntaxError(`missing ')' to close the '(' at position ${open.pos}${found}`, close.pos);
    }
    this.next();
    return inner;
  }

  /** Whether the word at the cursor is followed by a comparison operator. */
  private comparisonAhead(): boolean {
    const after = this.peek(1);
    if (after.type === 'op') return true;
    const word = keyword(after);
    if (word !== undefined && WORD_OPS.has(word)) return true;
    const afterNot = keyword(this.peek(2));
    return word === 'not' && afterNot !== undefined && WORD_OPS.has(afterNot);
  }

  private parseComparison(): RunFilter {
    const fieldToken = this.next();
    const field = resolveField(fieldToken);
    const operator = this.parseOperator();
    if (operator.op === 'IN' || operator.op === 'NOT IN') {
      const values = this.parseInList(operator).map((value) => checkValue(field, value));
      return { kind: 'in', field, values, negated: operator.op === 'NOT IN' };
    }
    if (isLike(operator.op)) checkLikeAllowed(field, operator, fieldToken.text);
    const value = checkValue(field, this.parseValue(`after '${operator.text}'`));
    return { kind: 'compare', field, op: operator.op, value };
  }

  private parseOperator(): Operator {
    const token = this.next();
    const pos = token.pos;
    if (token.type === 'op') return { op: SYMBOL_OPS[token.text], text: token.text, pos };
    const word = keyword(token);
    if (word !== 'not') return { op: wordOperator(word), text: token.text, pos };
    const second = this.next();
    return { op: `NOT ${wordOperator(keyword(second))}`, text: `${token.text} ${second.text}`, pos };
  }

  private parseValue(where: string): Value {
    const token = this.peek();
    const word = keyword(token);
    const isValue =
      (token.type === 'string' && token.quote !== '`') ||
      (token.type === 'word' && token.quotedKey === undefined && !CONNECTIVES.has(word ?? ''));
    if (!isValue) {
      const found = token.type === 'eof' ? '' : `, found ${describe(token)}`;
      throw new FilterSyntaxError(`expected a value ${where}${found}`, token.pos);
    }
    this.next();
    return { text: token.text, pos: token.pos };
  }

  private parseInList(operator: Operator): Value[] {
    const open = this.peek();
    if (open.type !== 'lparen') {
      throw new FilterSyntaxError(`expected '(' after ${operator.text.toUpperCase()}`, open.pos);
    }
    this.next();
    if (this.peek().type === 'rparen') {
      throw new FilterSyntaxError(`expected at least one value in the ${operator.op} list`, this.peek().pos);
    }
    const values: Value[] = [];
    for (;;) {
      values.push(this.parseValue(`in the ${operator.op} list`));
      const separator = this.next();
      if (separator.type === 'rparen') return values;
      if (separator.type !== 'comma') {
        const what = separator.type === 'eof' ? `missing ')' to close` : `expected ',' or ')' in`;
        throw new FilterSyntaxError(`${what} the ${operator.op} list`, separator.pos);
      }
    }
  }
}

function wordOperator(word: string | undefined): 'LIKE' | 'ILIKE' | 'IN' {
  // comparisonAhead() has checked the word already.
  return word === 'ilike' ? 'ILIKE' : word === 'in' ? 'IN' : 'LIKE';
}

function isLike(op: CompareOp): boolean {
  return op === 'LIKE' || op === 'ILIKE' || op === 'NOT LIKE' || op === 'NOT ILIKE';
}

function isNumericField(field: FilterField): boolean {
  return field.kind === 'metric' || (field.kind === 'attribute' && NUMERIC_ATTRIBUTES.has(field.key));
}

function checkLikeAllowed(field: FilterField, operator: Operator, fieldText: string): void {
  if (!isNumericField(field)) return;
  const label = field.kind === 'metric' ? 'metrics' : fieldText;
  throw new FilterSyntaxError(
    `${operator.text.toUpperCase()} cannot be used with ${label}: compare with a number instead`,
    operator.pos,
  );
}

/** Numeric fields need numbers; times may also be given as dates, stored as milliseconds. */
function checkValue(field: FilterField, value: Value): string {
  if (!isNumericField(field) || parseNumeric(value.text) !== undefined) return value.text;
  if (field.kind === 'metric') {
    throw new FilterSyntaxError(`metric values are numbers, '${value.text}' is not`, value.pos);
  }
  if (field.key === 'duration') {
    throw new FilterSyntaxError(`duration is in milliseconds, '${value.text}' is not a number`, value.pos);
  }
  const time = Date.parse(value.text);
  if (Number.isNaN(time)) {
    throw new FilterSyntaxError(
      `expected milliseconds since 1970 or a date like '2024-01-31', found '${value.text}'`,
      value.pos,
    );
  }
  return String(time);
}
