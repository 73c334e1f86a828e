// Finds the calls that log metrics and params in Python source, with their literal keys and where
// they are, without running anything: the source is tokenized (pythonTokens) and read statement by
// statement, following imports, aliases and the objects logging goes through (`live = Live()`).
import {
  logicalLines,
  normalizeLineBreaks,
  PythonSyntaxError,
  type LogicalLine,
  type PyToken,
} from '../sources/dvc/values/pythonTokens';
import { evaluatePrimary, evaluateSpan, startsPrimary, type KeySink } from './evaluate';
import { CONFIG_MEMBER, constructorOf, isLightningModulePath, type KeyArgument } from './library';
import { Scopes, UNKNOWN, type Value } from './scopes';
import {
  closingBracket,
  findTopLevel,
  literalKey,
  splitTopLevel,
  type LiteralKey,
  type Span,
} from './tokens';
import type { LogCall, LogCallScan, SourcePosition } from './types';

const isOp = (token: PyToken | undefined, text: string): boolean =>
  token?.kind === 'op' && token.text === text;
const isName = (token: PyToken | undefined, text: string): boolean =>
  token?.kind === 'name' && token.text === text;

/** The logging calls of a Python file, in source order. Never throws. */
export function findLogCalls(source: string): LogCallScan {
  const text = normalizeLineBreaks(source);
  let lines: LogicalLine[];
  try {
    lines = logicalLines(text);
  } catch (error) {
    if (error instanceof PythonSyntaxError) return { calls: [], error: error.message };
    throw error;
  }
  const locate = positionFinder(text);
  const calls: LogCall[] = [];
  const sink: KeySink = (argument, key, callOffset, callEnd) =>
    calls.push(toLogCall(argument, key, { offset: callOffset, end: callEnd }, locate));
  const scopes = new Scopes();
  for (const line of lines) readLine(line, scopes, sink);
  return { calls };
}

function toLogCall(
  argument: Pick<KeyArgument, 'library' | 'kind'>,
  key: LiteralKey,
  callSpan: { offset: number; end: number },
  locate: (offset: number) => SourcePosition,
): LogCall {
  return {
    library: argument.library,
    kind: argument.kind,
    key: key.key,
    match: key.match,
    range: { start: locate(key.offset), end: locate(key.end) },
    callRange: { start: locate(callSpan.offset), end: locate(callSpan.end) },
  };
}

function readLine(line: LogicalLine, scopes: Scopes, sink: KeySink): void {
  scopes.leaveTo(line.indent);
  const tokens = line.tokens;
  let body = 0;
  if (isName(tokens[0], 'async')) body = 1;
  const keyword = tokens[body]?.kind === 'name' ? tokens[body].text : '';
  if (keyword === 'class') readClass(tokens, body, line.indent, scopes);
  else if (keyword === 'def') readDef(tokens, body, line.indent, scopes);
  else if (keyword === 'import' || keyword === 'from') readImport(tokens, scopes);
  else if (keyword === 'with') readWith(tokens, body, scopes);
  else if (keyword === 'return') readReturn(tokens, scopes);
  else if (keyword === 'for')
    unbindTargets(tokens, { from: body + 1, to: indexOfName(tokens, 'in') }, scopes);
  else
    for (const statement of splitTopLevel(tokens, { from: 0, to: tokens.length }, ';'))
      readStatement(tokens, statement, scopes, sink);
  scanCalls(tokens, scopes, sink);
}

/** Every primary expression of the line, so that each logging call is met once. */
function scanCalls(tokens: PyToken[], scopes: Scopes, sink: KeySink): void {
  for (let i = 0; i < tokens.length; i++) {
    if (startsPrimary(tokens, i)) evaluatePrimary(tokens, i, scopes, sink);
  }
}

function readClass(tokens: PyToken[], at: number, indent: number, scopes: Scopes): void {
  const name = tokens[at + 1];
  if (name?.kind !== 'name') return;
  let lightning = false;
  if (isOp(tokens[at + 2], '(')) {
    const close = closingBracket(tokens, at + 2);
    for (const base of splitTopLevel(tokens, { from: at + 3, to: close }, ',')) {
      const value = evaluateSpan(tokens, base, scopes);
      if (value.t === 'lightningClass' || (value.t === 'path' && isLightningModulePath(value.path)))
        lightning = true;
    }
  }
  scopes.bind(name.text, lightning ? { t: 'lightningClass' } : UNKNOWN);
  scopes.enter('class', indent, lightning);
}

function readDef(tokens: PyToken[], at: number, indent: number, scopes: Scopes): void {
  const name = tokens[at + 1];
  if (name?.kind !== 'name' || !isOp(tokens[at + 2], '(')) return;
  scopes.bind(name.text, UNKNOWN);
  const close = closingBracket(tokens, at + 2);
  scopes.enter('function', indent, false, name.text);
  if (isOp(tokens[close + 1], '->')) {
    const colon = findTopLevel(tokens, { from: close + 2, to: tokens.length }, ':');
    const returned = instanceOfType(evaluateSpan(tokens, { from: close + 2, to: colon }, scopes));
    if (returned.t === 'instance') scopes.markFactory(returned.kind);
  }
  const inLightningClass = scopes.enclosingClass?.lightning === true;
  splitTopLevel(tokens, { from: at + 3, to: close }, ',').forEach((parameter, index) => {
    let from = parameter.from;
    while (isOp(tokens[from], '*') || isOp(tokens[from], '**')) from++;
    const parameterName = tokens[from];
    if (parameterName?.kind !== 'name') return;
    let value: Value = UNKNOWN;
    if (index === 0 && inLightningClass) value = { t: 'instance', kind: 'lightningModule', member: '' };
    else if (isOp(tokens[from + 1], ':')) value = annotationValue(tokens, parameter, from + 2, scopes);
    scopes.bind(parameterName.text, value);
  });
}

/** A parameter annotated with a logging class (`live: Live`) holds one of its objects. */
function annotationValue(tokens: PyToken[], parameter: Span, from: number, scopes: Scopes): Value {
  const equals = findTopLevel(tokens, { from, to: parameter.to }, '=');
  return instanceOfType(evaluateSpan(tokens, { from, to: equals < 0 ? parameter.to : equals }, scopes));
}

/** An object of the class a type annotation names (`wandb.init` is a function, not a type). */
function instanceOfType(type: Value): Value {
  const kind = type.t === 'path' && !type.path.endsWith('.init') ? constructorOf(type.path) : undefined;
  return kind ? { t: 'instance', kind, member: '' } : UNKNOWN;
}

function readReturn(tokens: PyToken[], scopes: Scopes): void {
  const value = evaluateSpan(tokens, { from: 1, to: tokens.length }, scopes);
  if (value.t === 'instance' && value.member === '') scopes.markFactory(value.kind);
}

function readImport(tokens: PyToken[], scopes: Scopes): void {
  if (isName(tokens[0], 'import')) {
    for (const part of splitTopLevel(tokens, { from: 1, to: tokens.length }, ',')) {
      const { path, end } = dottedName(tokens, part.from);
      const alias = isName(tokens[end], 'as') ? tokens[end + 1]?.text : undefined;
      if (alias) scopes.bind(alias, { t: 'path', path });
      else if (path) scopes.bind(path.split('.')[0], { t: 'path', path: path.split('.')[0] });
    }
    return;
  }
  const importAt = indexOfName(tokens, 'import');
  const { path: module } = dottedName(tokens, 1);
  if (isOp(tokens[importAt + 1], '*')) return scopes.bindStar(module);
  for (const part of splitTopLevel(tokens, { from: importAt + 1, to: tokens.length }, ',')) {
    let from = part.from;
    while (isOp(tokens[from], '(')) from++;
    const name = tokens[from];
    if (name?.kind !== 'name') continue;
    const alias = isName(tokens[from + 1], 'as') ? (tokens[from + 2]?.text ?? name.text) : name.text;
    scopes.bind(alias, { t: 'path', path: `${module}.${name.text}` });
  }
}

/** `a.b.c` from `from`; relative imports (`.x`) keep their dots, so they match no library. */
function dottedName(tokens: PyToken[], from: number): { path: string; end: number } {
  let path = '';
  let i = from;
  for (; tokens[i] && (tokens[i].kind === 'name' || isOp(tokens[i], '.') || isOp(tokens[i], '...')); i++) {
    if (isName(tokens[i], 'import') || isName(tokens[i], 'as')) break;
    path += tokens[i].text;
  }
  return { path, end: i };
}

function readWith(tokens: PyToken[], at: number, scopes: Scopes): void {
  const colon = findTopLevel(tokens, { from: at + 1, to: tokens.length }, ':');
  let items: Span = { from: at + 1, to: colon < 0 ? tokens.length : colon };
  if (isOp(tokens[items.from], '(') && closingBracket(tokens, items.from) === items.to - 1)
    items = { from: items.from + 1, to: items.to - 1 };
  for (const item of splitTopLevel(tokens, items, ',')) {
    const as = indexOfName(tokens, 'as', item);
    if (as < 0) continue;
    const target = tokens[as + 1];
    if (target?.kind === 'name' && as + 2 === item.to)
      scopes.bind(target.text, evaluateSpan(tokens, { from: item.from, to: as }, scopes));
    else unbindTargets(tokens, { from: as + 1, to: item.to }, scopes);
  }
}

/** `a = b = <value>`, `x: T = <value>`, `self.x = …`, and `wandb.config.x = …` (a param key). */
function readStatement(tokens: PyToken[], statement: Span, scopes: Scopes, sink: KeySink): void {
  if (tokens[statement.from]?.kind === 'name' && NOT_ASSIGNMENTS.has(tokens[statement.from].text)) return;
  let parts = splitTopLevel(tokens, statement, '=');
  if (parts.length < 2 || !isOp(tokens[parts[0].to], '=')) return;
  // `f = lambda a=1: …`: only the first `=` assigns.
  const lambda = parts.findIndex((part) => indexOfName(tokens, 'lambda', part) >= 0);
  if (lambda >= 1) parts = [parts[0], { from: parts[1].from, to: statement.to }];
  const value = evaluateSpan(tokens, parts[parts.length - 1], scopes);
  for (const target of parts.slice(0, -1)) {
    const colon = findTopLevel(tokens, target, ':');
    const span = colon < 0 ? target : { from: target.from, to: colon };
    bindTarget(
      tokens,
      span,
      value,
      scopes,
      { offset: tokens[statement.from].offset, end: tokens[statement.to - 1].end },
      sink,
    );
  }
}

function bindTarget(
  tokens: PyToken[],
  target: Span,
  value: Value,
  scopes: Scopes,
  statement: { offset: number; end: number },
  sink: KeySink,
): void {
  const length = target.to - target.from;
  if (length === 1 && tokens[target.from].kind === 'name')
    return scopes.bind(tokens[target.from].text, value);
  const last = tokens[target.to - 1];
  const configKey = configAssignmentKey(tokens, target, scopes);
  if (configKey) return sink(CONFIG_PARAM, configKey, statement.offset, statement.end);
  if (last.kind === 'name' && isDottedName(tokens, target)) {
    const dotted = tokens
      .slice(target.from, target.to)
      .map((t) => t.text)
      .join('');
    return scopes.bindAttribute(dotted, value);
  }
  unbindTargets(tokens, target, scopes);
}

/** Statements that start with these assign nothing we follow (block bodies on the same line). */
const NOT_ASSIGNMENTS = new Set([
  'if', 'elif', 'else', 'while', 'try', 'except', 'finally', 'return', 'yield', 'assert', 'del',
  'raise', 'global', 'nonlocal', 'match', 'case', 'print', 'lambda', 'await',
]); // prettier-ignore

const CONFIG_PARAM = { library: 'wandb', kind: 'param', shape: 'key', index: 0, keyword: '' } as const;

/** The key of `<wandb config>.x = …` or `<wandb config>["x"] = …`. */
function configAssignmentKey(tokens: PyToken[], target: Span, scopes: Scopes): LiteralKey | undefined {
  const last = tokens[target.to - 1];
  let objectEnd: number;
  let key: LiteralKey | undefined;
  if (last.kind === 'name' && isOp(tokens[target.to - 2], '.')) {
    objectEnd = target.to - 2;
    key = { key: last.text, match: 'exact', offset: last.offset, end: last.end };
  } else if (isOp(last, ']')) {
    objectEnd =
      [...Array(target.to - target.from).keys()]
        .map((k) => target.from + k)
        .find((i) => isOp(tokens[i], '[') && closingBracket(tokens, i) === target.to - 1) ?? -1;
    if (objectEnd < 0) return undefined;
    key = literalKey(tokens, { from: objectEnd + 1, to: target.to - 1 });
  } else return undefined;
  const object = evaluateSpan(tokens, { from: target.from, to: objectEnd }, scopes);
  return object.t === 'instance' && object.kind === 'wandbRun' && object.member === CONFIG_MEMBER
    ? key
    : undefined;
}

function isDottedName(tokens: PyToken[], span: Span): boolean {
  for (let i = span.from; i < span.to; i++) {
    const expected = (i - span.from) % 2 === 0 ? 'name' : 'op';
    if (tokens[i].kind !== expected || (expected === 'op' && tokens[i].text !== '.')) return false;
  }
  return true;
}

/** Names assigned by a target that is not read (tuples, `for x in`, …) shadow what they were. */
function unbindTargets(tokens: PyToken[], span: Span, scopes: Scopes): void {
  for (let i = span.from; i < span.to; i++) {
    if (tokens[i].kind === 'name' && startsPrimary(tokens, i) && !isOp(tokens[i + 1], '.'))
      scopes.bind(tokens[i].text, UNKNOWN);
  }
}

function indexOfName(tokens: PyToken[], name: string, span: Span = { from: 0, to: tokens.length }): number {
  for (let i = span.from; i < span.to; i++) if (isName(tokens[i], name)) return i;
  return -1;
}

/** Offsets (in the normalized text) to 0-based line and UTF-16 column. */
function positionFinder(text: string): (offset: number) => SourcePosition {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let [low, high] = [0, starts.length - 1];
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low, character: offset - starts[low] };
  };
}
