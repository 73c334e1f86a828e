// The condition language of scaffold templates (`{% if EXPR %}` and `when:` in scaffold.yaml):
//   option == 'value' | option != 'value' | option | option in ['a', 'b']
//   not EXPR | EXPR and EXPR | EXPR or EXPR | ( EXPR )
// Parsed once into a tree, checked against the known variables, then evaluated. Nothing is executed.

export type Expr =
  | { kind: 'truthy'; name: string }
  | { kind: 'compare'; name: string; op: '==' | '!='; value: string }
  | { kind: 'in'; name: string; values: string[] }
  | { kind: 'not'; operand: Expr }
  | { kind: 'and' | 'or'; left: Expr; right: Expr };

/** A variable's value as templates see it: booleans stay booleans, everything else is a string. */
export type VarValue = string | boolean;

export class ExprError extends Error {}

type Token =
  | { kind: 'name'; text: string; pos: number }
  | { kind: 'string'; text: string; pos: number }
  | { kind: 'punct'; text: string; pos: number }
  | { kind: 'end'; text: ''; pos: number };

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const PUNCT = /==|!=|[()[\],]/y;
const WORDS = new Set(['and', 'or', 'not', 'in']);

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < source.length) {
    const ch = source[pos]!;
    if (/\s/.test(ch)) {
      pos++;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const close = source.indexOf(ch, pos + 1);
      if (close < 0) throw new ExprError(`unterminated string starting at column ${pos + 1}`);
      tokens.push({ kind: 'string', text: source.slice(pos + 1, close), pos });
      pos = close + 1;
      continue;
    }
    NAME.lastIndex = pos;
    PUNCT.lastIndex = pos;
    const name = NAME.exec(source);
    const punct = name ? null : PUNCT.exec(source);
    const match = name ?? punct;
    if (!match) throw new ExprError(`unexpected character '${ch}' at column ${pos + 1}`);
    tokens.push({ kind: name ? 'name' : 'punct', text: match[0], pos });
    pos += match[0].length;
  }
  tokens.push({ kind: 'end', text: '', pos: source.length });
  return tokens;
}

/** Recursive descent over the tokens; precedence: or < and < not < comparison. */
class Parser {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Expr {
    const expr = this.parseOr();
    const rest = this.peek();
    if (rest.kind !== 'end') throw new ExprError(`unexpected '${rest.text}' at column ${rest.pos + 1}`);
    return expr;
  }

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private next(): Token {
    return this.tokens[this.index++]!;
  }

  private isWord(word: string): boolean {
    const token = this.peek();
    return token.kind === 'name' && token.text === word;
  }

  private expectPunct(text: string): void {
    const token = this.next();
    if (token.kind !== 'punct' || token.text !== text) {
      const seen = token.kind === 'end' ? 'the end' : `'${token.text}'`;
      throw new ExprError(`expected '${text}' but found ${seen} at column ${token.pos + 1}`);
    }
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isWord('or')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isWord('and')) {
      this.next();
      left = { kind: 'and', left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): Expr {
    if (this.isWord('not')) {
      this.next();
      return { kind: 'not', operand: this.parseNot() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Expr {
    const token = this.next();
    if (token.kind === 'punct' && token.text === '(') {
      const inner = this.parseOr();
      this.expectPunct(')');
      return inner;
    }
    if (token.kind !== 'name' || WORDS.has(token.text)) {
      const seen = token.kind === 'end' ? 'the end' : `'${token.text}'`;
      throw new ExprError(`expected an option name but found ${seen} at column ${token.pos + 1}`);
    }
    return this.parseComparison(token.text);
  }

  private parseComparison(name: string): Expr {
    const token = this.peek();
    if (token.kind === 'punct' && (token.text === '==' || token.text === '!=')) {
      this.next();
      return { kind: 'compare', name, op: token.text, value: this.expectString() };
    }
    if (this.isWord('in')) {
      this.next();
      return { kind: 'in', name, values: this.parseList() };
    }
    return { kind: 'truthy', name };
  }

  private expectString(): string {
    const token = this.next();
    if (token.kind !== 'string') {
      const seen = token.kind === 'end' ? 'the end' : `'${token.text}'`;
      throw new ExprError(`expected a quoted value but found ${seen} at column ${token.pos + 1}`);
    }
    return token.text;
  }

  private parseList(): string[] {
    this.expectPunct('[');
    const values: string[] = [];
    if (this.peek().text === ']') throw new ExprError(`empty list at column ${this.peek().pos + 1}`);
    for (;;) {
      values.push(this.expectString());
      if (this.peek().text === ',') {
        this.next();
        continue;
      }
      this.expectPunct(']');
      return values;
    }
  }
}

/** Parses an expression; throws ExprError with the column of the problem. */
export function parseExpr(source: string): Expr {
  if (source.trim() === '') throw new ExprError('empty condition');
  return new Parser(tokenize(source)).parse();
}

/** What a name may be compared with: the allowed values of a choice, or undefined for free text. */
export interface ExprVariable {
  values?: readonly string[];
}

/**
 * Every problem of an expression against the known variables: unknown names, and comparisons with
 * values a choice can never take (a typo such as `tracker == 'mlfow'` would otherwise be silently false).
 */
export function checkExpr(expr: Expr, variables: ReadonlyMap<string, ExprVariable>): string[] {
  const problems: string[] = [];
  const visit = (node: Expr): void => {
    switch (node.kind) {
      case 'not':
        return visit(node.operand);
      case 'and':
      case 'or':
        visit(node.left);
        return visit(node.right);
      default: {
        const variable = variables.get(node.name);
        if (!variable) {
          problems.push(`unknown name '${node.name}'`);
          return;
        }
        const compared = node.kind === 'compare' ? [node.value] : node.kind === 'in' ? node.values : [];
        for (const value of compared)
          if (variable.values && !variable.values.includes(value))
            problems.push(`'${value}' is not a value of ${node.name} (${variable.values.join(', ')})`);
      }
    }
  };
  visit(expr);
  return problems;
}

/** A value as text: booleans as true/false, the way `{{ name }}` renders them. */
export function valueText(value: VarValue): string {
  return typeof value === 'boolean' ? String(value) : value;
}

function lookup(vars: Readonly<Record<string, VarValue>>, name: string): VarValue {
  if (!Object.hasOwn(vars, name)) throw new ExprError(`unknown name '${name}'`);
  return vars[name]!;
}

/** Evaluates a parsed expression; an unknown name is an error, never silently false. */
export function evaluateExpr(expr: Expr, vars: Readonly<Record<string, VarValue>>): boolean {
  switch (expr.kind) {
    case 'truthy': {
      const value = lookup(vars, expr.name);
      return typeof value === 'boolean' ? value : value !== '' && value !== 'none';
    }
    case 'compare': {
      const equal = valueText(lookup(vars, expr.name)) === expr.value;
      return expr.op === '==' ? equal : !equal;
    }
    case 'in':
      return expr.values.includes(valueText(lookup(vars, expr.name)));
    case 'not':
      return !evaluateExpr(expr.operand, vars);
    case 'and':
      return evaluateExpr(expr.left, vars) && evaluateExpr(expr.right, vars);
    case 'or':
      return evaluateExpr(expr.left, vars) || evaluateExpr(expr.right, vars);
  }
}
