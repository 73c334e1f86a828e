// A Python tokenizer just good enough to find module-level assignments of literals, the way DVC's
// params loader (dvc/utils/serialize/_py.py, via `ast`) sees them. It never executes anything.

export type PyTokenKind = 'name' | 'number' | 'string' | 'op';

/** A token before its position is stamped on (the tokenizer adds `offset` and `end`). */
type PendingToken = Omit<PyToken, 'offset' | 'end'>;

export interface PyToken {
  kind: PyTokenKind;
  /** Names and operators as written; numbers as written; strings decoded (see `stringKind`). */
  text: string;
  /** For strings: 'str', 'bytes', or 'other' (f-strings and \N{…} escapes: not read as literals). */
  stringKind?: 'str' | 'bytes' | 'other';
  /** For strings: the prefix letters as written (`f`, `rb`, …; '' for none). */
  prefix?: string;
  /** Where the token starts and ends, as offsets in the source with line breaks made `\n`. */
  offset: number;
  end: number;
}

/** A logical line: its indentation column and its tokens (continuations already joined). */
export interface LogicalLine {
  indent: number;
  line: number;
  tokens: PyToken[];
}

export class PythonSyntaxError extends Error {}

const OPERATORS = [
  '**=', '//=', '>>=', '<<=', '...', '->', ':=', '==', '!=', '<=', '>=', '+=', '-=', '*=', '/=', '%=',
  '&=', '|=', '^=', '@=', '**', '//', '<<', '>>',
]; // prettier-ignore
const STRING_PREFIX = /^(?:r|u|b|f|br|rb|fr|rf)$/i;
const NAME_START = /[\p{L}\p{Nl}_]/u;
const NAME_PART = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_]/u;
const NUMBER =
  /^(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:[0-9](?:_?[0-9])*)?\.?(?:[0-9](?:_?[0-9])*)?(?:[eE][+-]?[0-9](?:_?[0-9])*)?[jJ]?)/;
const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
}; // prettier-ignore

/** Splits Python source into logical lines. Throws PythonSyntaxError on unterminated constructs. */
export function logicalLines(source: string): LogicalLine[] {
  return new Tokenizer(normalizeLineBreaks(source)).run();
}

/** The text token offsets refer to: `\r\n` and lone `\r` made `\n` (line and column unchanged). */
export function normalizeLineBreaks(source: string): string {
  return source.replace(/\r\n?/g, '\n');
}

class Tokenizer {
  private pos = 0;
  private lineNumber = 1;
  private depth = 0;
  private lines: LogicalLine[] = [];
  private current: LogicalLine | null = null;
  private tokenStart = 0;
  private tokenLine = 1;

  constructor(private readonly src: string) {}

  run(): LogicalLine[] {
    while (this.pos < this.src.length) this.step();
    if (this.depth > 0) throw new PythonSyntaxError(`unclosed bracket at end of file`);
    this.endLine();
    return this.lines;
  }

  private step(): void {
    this.tokenStart = this.pos;
    this.tokenLine = this.lineNumber;
    const c = this.src[this.pos];
    if (c === '\n') {
      this.pos++;
      this.lineNumber++;
      if (this.depth === 0) this.endLine();
    } else if (c === '#') {
      while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
    } else if (c === '\\' && this.src[this.pos + 1] === '\n') {
      this.pos += 2;
      this.lineNumber++;
    } else if (c === ' ' || c === '\t' || c === '\f') {
      this.pos++;
    } else if (c === '"' || c === "'") {
      this.push(this.readString(''));
    } else if (NAME_START.test(c)) {
      this.readNameOrPrefixedString();
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(this.src[this.pos + 1] ?? ''))) {
      const match = NUMBER.exec(this.src.slice(this.pos, this.pos + 400));
      const text = match?.[0] || c;
      this.pos += text.length;
      this.push({ kind: 'number', text });
    } else {
      this.readOperator();
    }
  }

  private readOperator(): void {
    const op = OPERATORS.find((o) => this.src.startsWith(o, this.pos)) ?? this.src[this.pos];
    this.pos += op.length;
    if (op === '(' || op === '[' || op === '{') this.depth++;
    if (op === ')' || op === ']' || op === '}') this.depth = Math.max(0, this.depth - 1);
    this.push({ kind: 'op', text: op });
  }

  private readNameOrPrefixedString(): void {
    const start = this.pos;
    while (this.pos < this.src.length && NAME_PART.test(this.src[this.pos])) this.pos++;
    const name = this.src.slice(start, this.pos);
    const next = this.src[this.pos];
    if ((next === '"' || next === "'") && STRING_PREFIX.test(name)) this.push(this.readString(name));
    else this.push({ kind: 'name', text: name });
  }

  private readString(prefix: string): PendingToken {
    const lower = prefix.toLowerCase();
    const quote = this.src[this.pos];
    const triple = this.src.startsWith(quote.repeat(3), this.pos);
    const delimiter = triple ? quote.repeat(3) : quote;
    const startLine = this.lineNumber;
    this.pos += delimiter.length;
    let raw = '';
    for (;;) {
      if (this.pos >= this.src.length) throw new PythonSyntaxError(`unterminated string (line ${startLine})`);
      if (this.src.startsWith(delimiter, this.pos)) break;
      const c = this.src[this.pos];
      if (c === '\n') {
        if (!triple) throw new PythonSyntaxError(`unterminated string (line ${startLine})`);
        this.lineNumber++;
      }
      if (c === '\\' && this.pos + 1 < this.src.length) {
        if (this.src[this.pos + 1] === '\n') this.lineNumber++;
        raw += this.src.slice(this.pos, this.pos + 2);
        this.pos += 2;
      } else {
        raw += c;
        this.pos++;
      }
    }
    this.pos += delimiter.length;
    const decoded = lower.includes('r') ? raw : decodeEscapes(raw);
    if (lower.includes('f') || decoded === null)
      return { kind: 'string', text: raw, stringKind: 'other', prefix };
    return { kind: 'string', text: decoded, stringKind: lower.includes('b') ? 'bytes' : 'str', prefix };
  }

  private push(token: PendingToken): void {
    if (!this.current) this.current = { indent: this.indentOfLine(), line: this.tokenLine, tokens: [] };
    // Stamped on the object itself: spreading a copy for every token made tokenizing several times slower.
    const stamped = token as PyToken;
    stamped.offset = this.tokenStart;
    stamped.end = this.pos;
    this.current.tokens.push(stamped);
  }

  /** The column where the current physical line's text starts (tabs to multiples of 8, as Python). */
  private indentOfLine(): number {
    let lineStart = this.src.lastIndexOf('\n', this.tokenStart - 1) + 1;
    let column = 0;
    for (; lineStart < this.src.length; lineStart++) {
      const c = this.src[lineStart];
      if (c === ' ') column++;
      else if (c === '\t') column = (Math.floor(column / 8) + 1) * 8;
      else if (c !== '\f') break;
    }
    return column;
  }

  private endLine(): void {
    if (this.current) this.lines.push(this.current);
    this.current = null;
  }
}

/** Python's escape sequences; null for `\\N{name}`, which would need Unicode's name table. */
export function decodeEscapes(raw: string): string | null {
  if (/\\N\{/.test(raw.replace(/\\\\/g, ''))) return null;
  return raw.replace(
    /\\(?:\n|([\\'"abfnrtv])|([0-7]{1,3})|x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|N\{[^}]*\}|(.))/gs,
    (whole, simple?: string, octal?: string, x?: string, u?: string, bigU?: string, other?: string) => {
      if (whole === '\\\n') return '';
      if (simple) return SIMPLE_ESCAPES[simple];
      const code = octal ? parseInt(octal, 8) : parseInt(x ?? u ?? bigU ?? '', 16);
      if (!Number.isNaN(code)) return String.fromCodePoint(code);
      return `\\${other ?? ''}`;
    },
  );
}
