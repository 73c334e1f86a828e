// Value spans of plain block-mapping YAML (what params files mostly are) from one pass over the
// lines: the full parser takes tens of milliseconds for a few thousand keys, this a millisecond.
// Anything else — sequences, block scalars, flow mappings, multi-line values, anchors, tags,
// documents — makes it give up (undefined) so that the caller uses the full parser.
import type { ValueSpan, ValueSpans } from './locate';

const KEY = /^([A-Za-z0-9_$][^:#'"{}[\],&*!|>%@`\t]*?)[ ]*:(?=[ ]|$)/;
const QUOTED_KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')[ ]*:(?=[ ]|$)/;

export function locateYamlFast(text: string): ValueSpans | undefined {
  const spans: ValueSpans = new Map();
  const stack: { indent: number; key: string }[] = [];
  /** A `key:` without a value: null, unless the next line is more indented (then it holds a mapping). */
  let open: { indent: number; key: string } | undefined;
  let offset = 0;
  for (const raw of text.split('\n')) {
    const lineStart = offset;
    offset += raw.length + 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const indent = line.length - line.trimStart().length;
    const content = line.slice(indent);
    if (content === '' || content.startsWith('#')) continue;
    if (line.slice(0, indent).includes('\t')) return undefined;
    if (open && indent > open.indent) {
      spans.delete(open.key);
      stack.push(open);
    } else if (open === undefined && stack.length === 0 && indent > 0) return undefined;
    open = undefined;
    while (stack.length > 0 && stack[stack.length - 1].indent >= indent) stack.pop();
    const match = KEY.exec(content) ?? QUOTED_KEY.exec(content);
    if (!match) return undefined;
    const name = keyName(match[1]);
    if (name === undefined) return undefined;
    const key = [...stack.map((s) => s.key), name].join('.');
    const keyStart = lineStart + indent;
    const keyEnd = keyStart + match[1].length;
    const afterColon = indent + match[0].length;
    const value = valueExtent(line, afterColon);
    if (value === undefined) return undefined;
    const span: ValueSpan = {
      key,
      keyStart,
      keyEnd,
      valueStart: lineStart + value[0],
      valueEnd: lineStart + value[1],
    };
    if (value[0] === value[1]) open = { indent, key };
    spans.set(key, span);
  }
  return spans;
}

function keyName(written: string): string | undefined {
  if (written.startsWith('"')) {
    try {
      return JSON.parse(written) as string;
    } catch {
      return undefined;
    }
  }
  if (written.startsWith("'")) return written.slice(1, -1).replace(/''/g, "'");
  return written.trimEnd();
}

/** [start, end) of the value after the colon (equal when there is none); undefined to give up. */
function valueExtent(line: string, from: number): [number, number] | undefined {
  let start = from;
  while (line[start] === ' ') start++;
  if (start >= line.length || line[start] === '#') return [from, from];
  const first = line[start];
  if ('|>&*!%@`{-?'.includes(first) && !(first === '-' && /^-?\d/.test(line.slice(start)))) return undefined;
  let end: number;
  if (first === '"' || first === "'") end = quotedEnd(line, start);
  else if (first === '[') end = flowEnd(line, start);
  else {
    const comment = line.indexOf(' #', start);
    end = comment < 0 ? line.length : comment;
    if (/: |:$/.test(line.slice(start, end))) return undefined;
  }
  if (end < 0) return undefined;
  const rest = line.slice(end).trim();
  if (rest !== '' && !rest.startsWith('#')) return undefined;
  while (end > start && line[end - 1] === ' ') end--;
  return [start, end];
}

function quotedEnd(line: string, start: number): number {
  const quote = line[start];
  for (let i = start + 1; i < line.length; i++) {
    if (quote === '"' && line[i] === '\\') i++;
    else if (line[i] === quote) {
      if (quote === "'" && line[i + 1] === "'") i++;
      else return i + 1;
    }
  }
  return -1;
}

function flowEnd(line: string, start: number): number {
  let depth = 0;
  for (let i = start; i < line.length; i++) {
    const char = line[i];
    if (char === '"' || char === "'") {
      const end = quotedEnd(line, i);
      if (end < 0) return -1;
      i = end - 1;
    } else if (char === '[' || char === '{') depth++;
    else if (char === ']' || char === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}
