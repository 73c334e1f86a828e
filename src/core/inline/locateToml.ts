// Where TOML values are written: `[table]` headers and `key = value` lines (dotted and quoted keys,
// multi-line strings and arrays). Inline tables are one span (changes inside them show at their
// key); arrays of tables are lists to DVC's diff, so their keys are not located. Throws on text it
// cannot follow, which the caller reads as "does not parse".
import type { ValueSpans } from './locate';

export function locateToml(text: string): ValueSpans {
  const spans: ValueSpans = new Map();
  const scanner = new TomlScanner(text);
  /** The current table's dotted name; null inside an array of tables. */
  let table: string | null = '';
  while (scanner.skipBlankLines()) {
    if (scanner.peek() === '[') {
      const header = scanner.header();
      table = header.array ? null : header.name;
      continue;
    }
    const keyStart = scanner.pos;
    const key = scanner.dottedKey();
    const keyEnd = scanner.pos;
    scanner.spaces();
    scanner.expect('=');
    scanner.spaces();
    const valueStart = scanner.pos;
    scanner.value();
    const valueEnd = scanner.pos;
    scanner.endOfLine();
    if (table === null) continue;
    const name = table ? `${table}.${key}` : key;
    spans.set(name, { key: name, keyStart, keyEnd, valueStart, valueEnd });
  }
  return spans;
}

class TomlScanner {
  pos = 0;
  constructor(private readonly text: string) {}

  peek(): string {
    return this.text[this.pos];
  }

  /** Skips blank lines and comments; false at the end of the text. */
  skipBlankLines(): boolean {
    for (;;) {
      this.spaces();
      if (this.peek() === '#') this.comment();
      if (this.peek() === '\r' || this.peek() === '\n') this.pos++;
      else return this.pos < this.text.length;
    }
  }

  spaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }

  private comment(): void {
    while (this.pos < this.text.length && this.peek() !== '\n') this.pos++;
  }

  expect(char: string): void {
    if (this.peek() !== char) throw new Error(`expected ${char} at ${this.pos}`);
    this.pos++;
  }

  endOfLine(): void {
    this.spaces();
    if (this.peek() === '#') this.comment();
    if (this.peek() === '\r') this.pos++;
    if (this.pos < this.text.length) this.expect('\n');
  }

  header(): { name: string; array: boolean } {
    this.expect('[');
    const array = this.peek() === '[';
    if (array) this.pos++;
    this.spaces();
    const name = this.dottedKey();
    this.spaces();
    this.expect(']');
    if (array) this.expect(']');
    this.endOfLine();
    return { name, array };
  }

  dottedKey(): string {
    const parts = [this.simpleKey()];
    for (;;) {
      this.spaces();
      if (this.peek() !== '.') return parts.join('.');
      this.pos++;
      this.spaces();
      parts.push(this.simpleKey());
    }
  }

  private simpleKey(): string {
    const char = this.peek();
    if (char === '"' || char === "'") return this.quoted(char);
    const bare = /^[A-Za-z0-9_-]+/.exec(this.text.slice(this.pos, this.pos + 256));
    if (!bare) throw new Error(`expected a key at ${this.pos}`);
    this.pos += bare[0].length;
    return bare[0];
  }

  private quoted(quote: string): string {
    const start = this.pos;
    this.pos++;
    while (this.pos < this.text.length && this.peek() !== quote) {
      if (this.peek() === '\n') throw new Error('line break in a key');
      if (quote === '"' && this.peek() === '\\') this.pos++;
      this.pos++;
    }
    this.expect(quote);
    const raw = this.text.slice(start + 1, this.pos - 1);
    return quote === "'" ? raw : (JSON.parse(`"${raw}"`) as string);
  }

  /** Skips one value: a string, array, inline table, or a bare word (number, date, bool). */
  value(): void {
    const char = this.peek();
    if (char === '"' || char === "'") return this.stringValue(char);
    if (char === '[' || char === '{') return this.bracketed(char === '[' ? ']' : '}');
    const bare = /^[^\s,\]}#]+(?: [0-9][^\s,\]}#]*)?/.exec(this.text.slice(this.pos, this.pos + 256));
    if (!bare) throw new Error(`expected a value at ${this.pos}`);
    this.pos += bare[0].length;
  }

  private stringValue(quote: string): void {
    const triple = this.text.startsWith(quote.repeat(3), this.pos);
    const close = triple ? quote.repeat(3) : quote;
    this.pos += close.length;
    for (;;) {
      if (this.pos >= this.text.length) throw new Error('unterminated string');
      if (!triple && this.peek() === '\n') throw new Error('line break in a string');
      if (quote === '"' && this.peek() === '\\') this.pos += 2;
      else if (this.text.startsWith(close, this.pos)) break;
      else this.pos++;
    }
    this.pos += close.length;
    // A closing """ may be followed by up to two more quotes that belong to the string.
    while (triple && this.peek() === quote) this.pos++;
  }

  private bracketed(close: string): void {
    this.pos++;
    for (;;) {
      while (/[ \t\r\n,]/.test(this.peek() ?? '')) this.pos++;
      if (this.peek() === '#') this.comment();
      else if (this.peek() === close) return void this.pos++;
      else if (this.pos >= this.text.length) throw new Error('unterminated array or table');
      else if (
        close === '}' &&
        this.peek() !== '"' &&
        this.peek() !== "'" &&
        /[A-Za-z0-9_-]/.test(this.peek())
      )
        this.inlinePair();
      else this.value();
    }
  }

  private inlinePair(): void {
    this.dottedKey();
    this.spaces();
    this.expect('=');
    this.spaces();
    this.value();
  }
}
