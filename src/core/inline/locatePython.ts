// Where the values of a Python params file are written, following what DVC's loader reads
// (pythonParams.ts): module-level `NAME = …`, class bodies as nested names (`Optim.decay`), and
// `self.x = …` directly inside `__init__`. Statements nested in other blocks are skipped.
import { logicalLines, type LogicalLine, type PyToken } from '../sources/dvc/values/pythonTokens';
import type { ValueSpans } from './locate';

interface Block {
  indent: number;
  kind: 'class' | 'init' | 'other';
  name: string;
}

export function locatePython(text: string): ValueSpans {
  const toOriginal = offsetMapper(text);
  const spans: ValueSpans = new Map();
  const blocks: Block[] = [];
  for (const line of logicalLines(text)) {
    while (blocks.length > 0 && blocks[blocks.length - 1].indent >= line.indent) blocks.pop();
    const opened = blockOf(line);
    if (opened) {
      blocks.push(opened);
      continue;
    }
    const prefix = namePrefix(blocks);
    if (prefix === null) continue;
    const assignment = assignmentOf(line.tokens, blocks[blocks.length - 1]?.kind === 'init');
    if (!assignment) continue;
    const key = prefix + assignment.name;
    spans.set(key, {
      key,
      keyStart: toOriginal(assignment.target.offset),
      keyEnd: toOriginal(assignment.target.end),
      valueStart: toOriginal(assignment.value[0].offset),
      valueEnd: toOriginal(assignment.value[assignment.value.length - 1].end),
    });
  }
  return spans;
}

/** A line that opens a block (ends with ':' or is `class …:`/`def …:`), and which kind. */
function blockOf(line: LogicalLine): Block | null {
  const [first, second] = line.tokens;
  if (first.text === 'class' && second?.kind === 'name')
    return { indent: line.indent, kind: 'class', name: second.text };
  if (first.text === 'def')
    return { indent: line.indent, kind: second?.text === '__init__' ? 'init' : 'other', name: '' };
  const last = line.tokens[line.tokens.length - 1];
  if (last.kind === 'op' && last.text === ':' && !hasTopLevelEquals(line.tokens))
    return { indent: line.indent, kind: 'other', name: '' };
  return null;
}

/** "Outer.Inner." for the classes around a line, null inside any other block. */
function namePrefix(blocks: readonly Block[]): string | null {
  let prefix = '';
  for (const [i, block] of blocks.entries()) {
    if (block.kind === 'class') prefix += `${block.name}.`;
    // `__init__` counts only as the innermost block (its `self.x` are the class's values).
    else if (block.kind !== 'init' || i !== blocks.length - 1) return null;
  }
  return prefix;
}

function hasTopLevelEquals(tokens: readonly PyToken[]): boolean {
  return equalsIndexes(tokens).length > 0;
}

function equalsIndexes(tokens: readonly PyToken[]): number[] {
  const found: number[] = [];
  let depth = 0;
  tokens.forEach((token, index) => {
    if (token.kind !== 'op') return;
    if ('([{'.includes(token.text)) depth++;
    else if (')]}'.includes(token.text)) depth--;
    else if (depth === 0 && token.text === '=') found.push(index);
  });
  return found;
}

function assignmentOf(
  tokens: readonly PyToken[],
  selfOnly: boolean,
): { name: string; target: PyToken; value: readonly PyToken[] } | null {
  const equals = equalsIndexes(tokens);
  if (equals.length !== 1 || equals[0] === tokens.length - 1) return null;
  let target = tokens.slice(0, equals[0]);
  const colon = target.findIndex((t) => t.kind === 'op' && t.text === ':');
  if (colon >= 0) target = target.slice(0, colon);
  const value = tokens.slice(equals[0] + 1);
  if (!selfOnly && target.length === 1 && target[0].kind === 'name')
    return { name: target[0].text, target: target[0], value };
  const [object, dot, attribute] = target;
  if (
    selfOnly &&
    target.length === 3 &&
    object.text === 'self' &&
    dot.text === '.' &&
    attribute.kind === 'name'
  )
    return { name: attribute.text, target: attribute, value };
  return null;
}

/** Token offsets count `\r\n` as one character (the tokenizer normalises line breaks): map them back. */
function offsetMapper(text: string): (offset: number) => number {
  if (!text.includes('\r')) return (offset) => offset;
  const breaks: number[] = [];
  for (let i = 0, removed = 0; i < text.length; i++)
    if (text[i] === '\r' && text[i + 1] === '\n') breaks.push(i - removed++);
  return (offset) => {
    let shift = 0;
    while (shift < breaks.length && breaks[shift] < offset) shift++;
    return offset + shift;
  };
}
