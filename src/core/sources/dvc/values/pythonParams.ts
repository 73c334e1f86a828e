// Python params files read as DVC reads them (dvc/utils/serialize/_py.py), without executing them:
// module-level `NAME = <literal>` and `NAME: T = <literal>`, class bodies as nested mappings, and
// `self.x = <literal>` directly inside `__init__`. Statements whose value is not a literal (what
// `ast.literal_eval` rejects), with several targets, or nested in other blocks are skipped.
import { logicalLines, type LogicalLine, type PyToken } from './pythonTokens';

export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

class NotALiteral extends Error {}

const COMPOUND = new Set(['if', 'elif', 'else', 'for', 'while', 'with', 'try', 'except', 'finally', 'async']);

/** Parses a Python params file; throws PythonSyntaxError when the source cannot be tokenized. */
export function parsePythonParams(source: string): Record<string, PyValue> {
  const lines = logicalLines(source);
  return readBlock(lines, 0, lines.length, false);
}

/** Reads lines [from, to) of one block. `selfOnly`: inside `__init__`, only `self.x = …` counts. */
function readBlock(
  lines: LogicalLine[],
  from: number,
  to: number,
  selfOnly: boolean,
): Record<string, PyValue> {
  const result: Record<string, PyValue> = {};
  let i = from;
  while (i < to) {
    const line = lines[i];
    let end = i + 1;
    while (end < to && lines[end].indent > line.indent) end++;
    readStatement(line.tokens, lines, i + 1, end, selfOnly, result);
    i = end;
  }
  return result;
}

function readStatement(
  tokens: PyToken[],
  lines: LogicalLine[],
  bodyFrom: number,
  bodyTo: number,
  selfOnly: boolean,
  result: Record<string, PyValue>,
): void {
  const first = tokens[0];
  const isKeyword = first.kind === 'name';
  if (isKeyword && first.text === 'class' && tokens[1]?.kind === 'name') {
    const inline = readInlineBody(tokens, false);
    result[tokens[1].text] = { ...inline, ...readBlock(lines, bodyFrom, bodyTo, false) };
  } else if (isKeyword && first.text === 'def') {
    if (tokens[1]?.text === '__init__')
      Object.assign(result, readInlineBody(tokens, true), readBlock(lines, bodyFrom, bodyTo, true));
  } else if (first.text === '@' || (isKeyword && COMPOUND.has(first.text)) || isSoftCompound(tokens)) {
    return;
  } else {
    for (const statement of splitTopLevel(tokens, ';')) readAssignment(statement, selfOnly, result);
  }
}

/** `match x:` / `case 1:` start blocks, but `match = 1` is an assignment. */
function isSoftCompound(tokens: PyToken[]): boolean {
  return (tokens[0].text === 'match' || tokens[0].text === 'case') && tokens[tokens.length - 1].text === ':';
}

/** The simple statements after a `class …:` or `def …:` header on the same line. */
function readInlineBody(tokens: PyToken[], selfOnly: boolean): Record<string, PyValue> {
  const colon = topLevelIndexes(tokens, ':').find((i) => i > 1);
  const result: Record<string, PyValue> = {};
  if (colon === undefined || colon === tokens.length - 1) return result;
  for (const statement of splitTopLevel(tokens.slice(colon + 1), ';'))
    readAssignment(statement, selfOnly, result);
  return result;
}

function readAssignment(tokens: PyToken[], selfOnly: boolean, result: Record<string, PyValue>): void {
  const equals = topLevelIndexes(tokens, '=');
  if (equals.length !== 1) return;
  let target = tokens.slice(0, equals[0]);
  const annotation = topLevelIndexes(target, ':');
  if (annotation.length > 0) target = target.slice(0, annotation[0]);
  const name = targetName(target, selfOnly);
  if (name === null) return;
  try {
    result[name] = parseLiteral(tokens.slice(equals[0] + 1));
  } catch (error) {
    if (!(error instanceof NotALiteral)) throw error;
  }
}

function targetName(target: PyToken[], selfOnly: boolean): string | null {
  if (target.length === 1 && target[0].kind === 'name' && !selfOnly) return target[0].text;
  const [object, dot, attribute] = target;
  if (target.length === 3 && object.text === 'self' && dot.text === '.' && attribute.kind === 'name')
    return attribute.text;
  return null;
}

function topLevelIndexes(tokens: PyToken[], op: string): number[] {
  const found: number[] = [];
  let depth = 0;
  tokens.forEach((token, index) => {
    if (token.kind !== 'op') return;
    if ('([{'.includes(token.text)) depth++;
    else if (')]}'.includes(token.text)) depth--;
    else if (depth === 0 && token.text === op) found.push(index);
  });
  return found;
}

function splitTopLevel(tokens: PyToken[], op: string): PyToken[][] {
  const parts: PyToken[][] = [];
  let start = 0;
  for (const index of [...topLevelIndexes(tokens, op), tokens.length]) {
    if (index > start) parts.push(tokens.slice(start, index));
    start = index + 1;
  }
  return parts;
}

/** `ast.literal_eval` over tokens: the whole token list must be one literal. */
export function parseLiteral(tokens: PyToken[]): PyValue {
  if (tokens.length === 0) throw new NotALiteral();
  const parser = new LiteralParser(tokens);
  const value = parser.parseTopLevel();
  if (!parser.atEnd()) throw new NotALiteral();
  return value;
}

class LiteralParser {
  private i = 0;

  constructor(private readonly tokens: PyToken[]) {}

  atEnd(): boolean {
    return this.i >= this.tokens.length;
  }

  /** A bare tuple (`a = 1, 2`) is allowed at the top. */
  parseTopLevel(): PyValue {
    const first = this.parseValue();
    if (this.peek() !== ',') return first;
    const items = [first];
    while (this.take(',')) {
      if (this.atEnd()) break;
      items.push(this.parseValue());
    }
    return items;
  }

  private peek(): string | undefined {
    return this.tokens[this.i]?.kind === 'op' ? this.tokens[this.i].text : undefined;
  }

  private take(op: string): boolean {
    if (this.peek() !== op) return false;
    this.i++;
    return true;
  }

  private expect(op: string): void {
    if (!this.take(op)) throw new NotALiteral();
  }

  private parseValue(): PyValue {
    const token = this.tokens[this.i++];
    if (!token) throw new NotALiteral();
    if (token.kind === 'number') return pythonNumber(token.text);
    if (token.kind === 'string') return this.parseStrings(token);
    if (token.kind === 'name') return this.parseName(token.text);
    if (token.text === '-' || token.text === '+') {
      const operand = this.tokens[this.i++];
      if (operand?.kind !== 'number') throw new NotALiteral();
      const value = pythonNumber(operand.text);
      return token.text === '-' ? -value : value;
    }
    if (token.text === '[') return this.parseSequence(']');
    if (token.text === '(') return this.parseParenthesised();
    if (token.text === '{') return this.parseBraces();
    throw new NotALiteral();
  }

  /** Adjacent string literals concatenate; bytes and f-strings are not values DVC can show. */
  private parseStrings(first: PyToken): string {
    const parts = [first];
    while (this.tokens[this.i]?.kind === 'string') parts.push(this.tokens[this.i++]);
    if (parts.some((part) => part.stringKind !== 'str')) throw new NotALiteral();
    return parts.map((part) => part.text).join('');
  }

  private parseName(name: string): PyValue {
    if (name === 'True') return true;
    if (name === 'False') return false;
    if (name === 'None') return null;
    if (name === 'set' && this.take('(')) {
      this.expect(')');
      return [];
    }
    throw new NotALiteral();
  }

  private parseSequence(close: string): PyValue[] {
    const items: PyValue[] = [];
    while (!this.take(close)) {
      items.push(this.parseValue());
      if (!this.take(',')) {
        this.expect(close);
        break;
      }
    }
    return items;
  }

  private parseParenthesised(): PyValue {
    if (this.take(')')) return [];
    const first = this.parseValue();
    if (this.take(')')) return first;
    this.expect(',');
    return [first, ...this.parseSequence(')')];
  }

  private parseBraces(): PyValue {
    if (this.take('}')) return {};
    const first = this.parseValue();
    if (!this.take(':')) {
      if (this.take('}')) return [first];
      this.expect(',');
      return [first, ...this.parseSequence('}')];
    }
    const result: Record<string, PyValue> = {};
    result[dictKey(first)] = this.parseValue();
    while (this.take(',')) {
      if (this.take('}')) return result;
      const key = dictKey(this.parseValue());
      this.expect(':');
      result[key] = this.parseValue();
    }
    this.expect('}');
    return result;
  }
}

/** Keys as JSON writes them (json.dumps turns 1 into "1", True into "true"); tuples cannot be keys. */
function dictKey(key: PyValue): string {
  if (key === null) return 'null';
  if (typeof key === 'object') throw new NotALiteral();
  return String(key);
}

function pythonNumber(text: string): number {
  if (/[jJ]$/.test(text)) throw new NotALiteral();
  const value = Number(text.replace(/_/g, ''));
  if (Number.isNaN(value)) throw new NotALiteral();
  return value;
}
