// A fast reader for the block-style YAML that DVC writes and most people write in dvc.yaml:
// block mappings and sequences (also "indentless" and nested `- - x` ones), plain and quoted
// scalars (also folded over several lines, as DVC's dumper wraps long commands), literal and
// folded block scalars (`|`, `>-` …), flow collections (also over several lines) and comments.
// dvc.lock files reach hundreds of kilobytes and the full YAML parser takes about a second for
// them; this one takes milliseconds. Anything outside that subset (anchors and aliases, tags,
// directives, explicit keys, indentation indicators …) makes it give up (return undefined) so that
// the caller uses the full parser: it never guesses. test/unit/dvc-fastYaml-corpus.test.ts holds it
// to the full parser's result on every YAML file of the real-project corpus.
import type { PyDict, PyValue } from './pyValue';
import {
  afterValue,
  GiveUp,
  plainContinuation,
  readFlow,
  readPlain,
  readQuoted,
  readValue,
  splitEntry,
} from './fastYamlScalars';

interface Line {
  indent: number;
  text: string;
  /** 1-based line number in the source. */
  number: number;
  /** Empty lines right before this one. */
  blanks: number;
  /** Whether a comment-only line stands between the previous content line and this one. */
  comment: boolean;
}

export interface FastYaml {
  value: PyValue;
  /** 1-based line of mapping keys down to depth 2, keyed by the key path joined with "\0". */
  keyLines: Map<string, number>;
}

/** Joins a value's lines: one break is a space, n empty lines between are n newlines. */
function foldLines(first: string, more: Line[], map: (text: string) => string): string {
  let out = first;
  for (const line of more) out += (line.blanks === 0 ? ' ' : '\n'.repeat(line.blanks)) + map(line.text);
  return out;
}

/** Folded (`>`) block scalar lines: breaks between two plain lines become spaces. */
function foldBlock(lines: string[]): string {
  let out = '';
  let started = false;
  let previousPlain = false;
  let empty = 0;
  for (const line of lines) {
    if (line === '') {
      empty++;
      continue;
    }
    const moreIndented = line[0] === ' ' || line[0] === '\t';
    if (!started) out += '\n'.repeat(empty);
    else if (previousPlain && !moreIndented) out += empty === 0 ? ' ' : '\n'.repeat(empty);
    else out += '\n'.repeat(empty + 1);
    out += line;
    started = true;
    previousPlain = !moreIndented;
    empty = 0;
  }
  return out;
}

class Reader {
  private index = 0;
  readonly keyLines = new Map<string, number>();

  constructor(
    private readonly lines: Line[],
    /** The source's lines as they are (block scalars keep comments, spaces and empty lines). */
    private readonly raw: string[],
    private readonly floats: boolean,
  ) {}

  private isItem(line: Line | undefined, indent: number): boolean {
    return !!line && line.indent === indent && (line.text === '-' || line.text.startsWith('- '));
  }

  /** A nested block after `key:` or `-` on its own, or null when nothing is nested. */
  private nested(parentIndent: number, allowIndentless: boolean, path: string[] | null): PyValue {
    const next = this.lines[this.index];
    if (next && next.indent > parentIndent) return this.block(next.indent, path, parentIndent);
    if (next && allowIndentless && this.isItem(next, parentIndent)) return this.sequence(next.indent, path);
    return null;
  }

  /** `path` is the key path while key lines are still recorded (depth < 2), then null. */
  block(indent: number, path: string[] | null, parentIndent = -1): PyValue {
    const line = this.lines[this.index];
    if (this.isItem(line, indent)) return this.sequence(indent, path);
    const entry = line.text[0] === '[' || line.text[0] === '{' ? undefined : splitEntry(line.text);
    if (entry) return this.mapping(indent, path, entry);
    // A scalar on the lines below its key: `foreach:` then `  ${items}` on the next line.
    return this.scalar(line.text, parentIndent, line);
  }

  /** Lines below the current one that are more indented than `parent`: the rest of a scalar. */
  private continuation(parent: number): Line[] {
    const out: Line[] = [];
    for (let line = this.lines[this.index]; line && line.indent > parent; line = this.lines[this.index]) {
      out.push(line);
      this.index++;
    }
    return out;
  }

  /** A scalar or flow collection starting with `text` on `line`, going on while lines are deeper than `parent`. */
  private scalar(text: string, parent: number, line: Line): PyValue {
    if (text[0] === '|' || text[0] === '>') return this.blockScalar(text, parent, line);
    this.index++;
    const more = this.continuation(parent);
    if (more.length === 0) return readValue(text, this.floats);
    if (more.some((l) => l.comment)) throw new GiveUp();
    const first = text[0];
    if (first === '"' || first === "'") {
      const multi = text + more.map((l) => '\n'.repeat(l.blanks + 1) + l.text).join('');
      const [value, end] = readQuoted(multi, 0);
      afterValue(multi, end);
      return value;
    }
    if (first === '[' || first === '{') {
      if (more.some((l) => l.blanks > 0) || /\\$/.test(text) || more.some((l) => l.text.endsWith('\\')))
        throw new GiveUp();
      const joined = [text, ...more.map((l) => l.text)].join(' ');
      const [value, end] = readFlow(joined, 0, this.floats);
      afterValue(joined, end);
      return value;
    }
    readPlain(text, this.floats); // gives up on what a plain first line cannot be
    return foldLines(text, more, plainContinuation);
  }

  /** `|` and `>` with an optional chomping indicator, content read from the raw source lines. */
  private blockScalar(header: string, parent: number, line: Line): string {
    const match = /^([|>])([-+]?)(?:\s+#.*)?$/.exec(header);
    if (!match) throw new GiveUp(); // indentation indicators, or content on the header line
    const body: string[] = [];
    let contentIndent = -1;
    let next = line.number; // raw index of the line after the header
    for (; next < this.raw.length; next++) {
      const text = this.raw[next];
      const content = text.trimStart();
      const indent = text.length - content.length;
      if (content === '') {
        // White space beyond the content's indentation would be content: not in this subset.
        if (indent > Math.max(contentIndent, 0) || text.includes('\t')) throw new GiveUp();
        body.push('');
        continue;
      }
      if (contentIndent === -1) {
        if (indent <= parent) break;
        contentIndent = indent;
      }
      if (indent < contentIndent) break;
      if (text.slice(0, contentIndent).includes('\t')) throw new GiveUp();
      body.push(text.slice(contentIndent));
    }
    if (contentIndent === -1) throw new GiveUp(); // no content at all
    let trailing = 0;
    while (body.length > 0 && body[body.length - 1] === '') {
      body.pop();
      trailing++;
    }
    const value = match[1] === '|' ? body.join('\n') : foldBlock(body);
    while (this.index < this.lines.length && this.lines[this.index].number <= next) this.index++;
    if (match[2] === '-') return value;
    return match[2] === '+' ? `${value}\n${'\n'.repeat(trailing)}` : `${value}\n`;
  }

  private mapping(indent: number, path: string[] | null, first?: [string, string, number]): PyDict {
    const out: PyDict = {};
    let entry = first;
    for (let line = this.lines[this.index]; line && line.indent === indent; line = this.lines[this.index]) {
      if (this.isItem(line, indent)) break;
      entry ??= splitEntry(line.text);
      if (!entry || Object.prototype.hasOwnProperty.call(out, entry[0]) || entry[0] === '<<')
        throw new GiveUp();
      const [key, rest] = entry;
      entry = undefined;
      const childPath = path && path.length < 2 ? [...path, key] : null;
      if (childPath) this.keyLines.set(childPath.join('\0'), line.number);
      if (rest === '') {
        this.index++;
        out[key] = this.nested(indent, true, childPath);
      } else out[key] = this.scalar(rest, indent, line);
    }
    const after = this.lines[this.index];
    if (after && after.indent > indent) throw new GiveUp();
    return out;
  }

  private sequence(indent: number, path: string[] | null): PyValue[] {
    const out: PyValue[] = [];
    while (this.isItem(this.lines[this.index], indent)) {
      const line = this.lines[this.index];
      const rest = line.text.slice(1).trimStart();
      const column = indent + line.text.length - rest.length;
      const entry = rest === '' || /^[[{#]/.test(rest) ? undefined : splitEntry(rest);
      if (rest === '' || rest.startsWith('#')) {
        this.index++;
        out.push(this.nested(indent, false, path));
      } else if (rest.startsWith('- ') || rest === '-') {
        // `- - x`: a sequence whose items line up with this inner dash.
        this.lines[this.index] = { ...line, indent: column, text: rest };
        out.push(this.sequence(column, path));
      } else if (entry) {
        // `- key: value`: a mapping whose keys line up with this first key.
        this.lines[this.index] = { ...line, indent: column, text: rest };
        out.push(this.mapping(column, path, entry));
      } else out.push(this.scalar(rest, indent, line));
    }
    return out;
  }

  done(): boolean {
    return this.index >= this.lines.length;
  }
}

function toLines(text: string): Line[] {
  const lines: Line[] = [];
  let number = 0;
  let blanks = 0;
  let comment = false;
  for (let start = 0; start <= text.length;) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    number++;
    let stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    let first = start;
    while (first < stop && text.charCodeAt(first) === 32) first++;
    while (stop > first && (text.charCodeAt(stop - 1) === 32 || text.charCodeAt(stop - 1) === 9)) stop--;
    const lead = text.charCodeAt(first);
    if (first >= stop) blanks++;
    else if (lead === 35 /* # */) {
      comment = true;
      blanks = 0;
    } else {
      // A tab in the indentation, directives and document markers are outside the subset.
      if (lead === 9 || lead === 37 /* % */) throw new GiveUp();
      const content = text.slice(first, stop);
      if ((lead === 45 || lead === 46) && /^(?:---|\.\.\.)(?:\s|$)/.test(content)) throw new GiveUp();
      lines.push({ indent: first - start, text: content, number, blanks, comment });
      blanks = 0;
      comment = false;
    }
    start = end + 1;
  }
  return lines;
}

/**
 * Parses `source` if it is in the supported subset, else undefined (use the full parser). Floats
 * are PyFloat unless `plainFloats` (then plain numbers, as the `yaml` package gives them).
 */
export function fastParseYaml(source: string, plainFloats = false): FastYaml | undefined {
  try {
    const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
    const lines = toLines(text);
    if (lines.length === 0) return { value: null, keyLines: new Map() };
    if (lines[0].indent !== 0) return undefined;
    const raw = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
    if (raw[raw.length - 1] === '') raw.pop(); // what follows the last line break is no line
    const reader = new Reader(lines, raw, !plainFloats);
    const value = reader.block(0, []);
    return reader.done() ? { value, keyLines: reader.keyLines } : undefined;
  } catch (error) {
    if (error instanceof GiveUp) return undefined;
    throw error;
  }
}
