// The template syntax of scaffolds/**/files/** (documented in scaffolds/README.md):
//   {{ name }}            a variable; any other {{ … }} is an error (except GitHub's ${{ … }})
//   {% if EXPR %} {% elif EXPR %} {% else %} {% endif %}   nestable conditions
//   {% raw %} … {% endraw %}                               content emitted untouched
// A line holding only block tags and whitespace disappears with its newline. Substitutions and
// tags sit on one line. Templates are compiled once, checked, then rendered; nothing is executed.
import {
  checkExpr,
  evaluateExpr,
  ExprError,
  parseExpr,
  valueText,
  type Expr,
  type ExprVariable,
} from './expr';
import type { VarValue } from './expr';

/** A problem in a template, with the file (as given to compileTemplate) and the 1-based line. */
export class TemplateError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
  }
}

type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'var'; name: string; line: number }
  | { kind: 'if'; branches: Branch[]; otherwise: TemplateNode[] | undefined };

interface Branch {
  condition: Expr;
  line: number;
  body: TemplateNode[];
}

export interface CompiledTemplate {
  file: string;
  nodes: TemplateNode[];
}

type Tag =
  | { kind: 'if' | 'elif'; condition: Expr; line: number }
  | { kind: 'else' | 'endif' | 'raw' | 'endraw'; line: number };

type Piece = { kind: 'text'; text: string; raw: boolean } | { kind: 'var'; name: string; line: number } | Tag;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ENDRAW = /\{%\s*endraw\s*%\}/g;
const OPENERS = /\$\{\{|\{\{|\{%/g;

function parseTag(content: string, file: string, line: number): Tag {
  const body = content.trim();
  const conditional = /^(if|elif)(?:\s+([\s\S]*))?$/.exec(body);
  if (conditional) {
    const kind = conditional[1] as 'if' | 'elif';
    try {
      return { kind, condition: parseExpr(conditional[2] ?? ''), line };
    } catch (error) {
      if (error instanceof ExprError) throw new TemplateError(file, line, `{% ${kind} %}: ${error.message}`);
      throw error;
    }
  }
  if (body === 'else' || body === 'endif' || body === 'raw' || body === 'endraw') return { kind: body, line };
  throw new TemplateError(
    file,
    line,
    `unknown tag '{% ${body} %}' (supported: if, elif, else, endif, raw, endraw)`,
  );
}

/** Splits one line (without its newline) into pieces; `raw` says whether a raw block is open. */
function scanLine(text: string, file: string, line: number, raw: { open: boolean }): Piece[] {
  const pieces: Piece[] = [];
  let pos = 0;
  const pushText = (end: number, isRaw: boolean): void => {
    if (end > pos) pieces.push({ kind: 'text', text: text.slice(pos, end), raw: isRaw });
  };
  while (pos < text.length) {
    if (raw.open) {
      ENDRAW.lastIndex = pos;
      const end = ENDRAW.exec(text);
      if (!end) break;
      pushText(end.index, true);
      pieces.push({ kind: 'endraw', line });
      raw.open = false;
      pos = end.index + end[0].length;
      continue;
    }
    OPENERS.lastIndex = pos;
    const open = OPENERS.exec(text);
    if (!open) break;
    pushText(open.index, false);
    const closer = open[0] === '{%' ? '%}' : '}}';
    const close = text.indexOf(closer, open.index + open[0].length);
    if (close < 0) throw new TemplateError(file, line, `'${open[0]}' is not closed on the same line`);
    const inner = text.slice(open.index + open[0].length, close);
    const after = close + closer.length;
    if (open[0] === '${{') pieces.push({ kind: 'text', text: text.slice(open.index, after), raw: false });
    else if (open[0] === '{{') {
      const name = inner.trim();
      if (!IDENTIFIER.test(name))
        throw new TemplateError(file, line, `'{{${inner}}}' is not a variable (write {{ name }})`);
      pieces.push({ kind: 'var', name, line });
    } else {
      const tag = parseTag(inner, file, line);
      if (tag.kind === 'raw') raw.open = true;
      if (tag.kind === 'endraw') throw new TemplateError(file, line, '{% endraw %} without {% raw %}');
      pieces.push(tag);
    }
    pos = after;
  }
  if (pos < text.length) pieces.push({ kind: 'text', text: text.slice(pos), raw: raw.open });
  return pieces;
}

/** A line of only block tags and whitespace is dropped with its newline (the tags still count). */
function isTagOnlyLine(pieces: readonly Piece[]): boolean {
  let tags = 0;
  for (const piece of pieces) {
    if (piece.kind === 'var') return false;
    if (piece.kind === 'text') {
      if (piece.text.trim() !== '') return false;
    } else tags++;
  }
  return tags > 0;
}

function scan(source: string, file: string): Piece[] {
  const pieces: Piece[] = [];
  const raw = { open: false };
  let rawLine = 0;
  const lines = source.split(/(?<=\n)/);
  lines.forEach((full, i) => {
    const eol = full.endsWith('\n') ? '\n' : '';
    const wasRaw = raw.open;
    const linePieces = scanLine(full.slice(0, full.length - eol.length), file, i + 1, raw);
    if (!wasRaw && raw.open) rawLine = i + 1;
    if (isTagOnlyLine(linePieces)) pieces.push(...linePieces.filter((p) => p.kind !== 'text'));
    else pieces.push(...linePieces, { kind: 'text', text: eol, raw: raw.open });
  });
  if (raw.open) throw new TemplateError(file, rawLine, '{% raw %} is never closed with {% endraw %}');
  return pieces;
}

interface IfFrame {
  node: Extract<TemplateNode, { kind: 'if' }>;
  line: number;
  body: TemplateNode[];
}

/** Builds the tree of conditions from the flat pieces. */
function build(pieces: readonly Piece[], file: string): TemplateNode[] {
  const root: TemplateNode[] = [];
  const stack: IfFrame[] = [];
  const body = (): TemplateNode[] => stack.at(-1)?.body ?? root;
  for (const piece of pieces) {
    switch (piece.kind) {
      case 'text':
        if (piece.text !== '') body().push({ kind: 'text', text: piece.text });
        break;
      case 'var':
        body().push(piece);
        break;
      case 'raw':
      case 'endraw':
        break;
      case 'if': {
        const node: IfFrame['node'] = { kind: 'if', branches: [], otherwise: undefined };
        const branch: Branch = { condition: piece.condition, line: piece.line, body: [] };
        node.branches.push(branch);
        body().push(node);
        stack.push({ node, line: piece.line, body: branch.body });
        break;
      }
      default: {
        const frame = stack.at(-1);
        if (!frame) throw new TemplateError(file, piece.line, `{% ${piece.kind} %} without {% if %}`);
        if (piece.kind === 'endif') stack.pop();
        else if (frame.node.otherwise)
          throw new TemplateError(file, piece.line, `{% ${piece.kind} %} after {% else %}`);
        else if (piece.kind === 'elif') {
          const branch: Branch = { condition: piece.condition, line: piece.line, body: [] };
          frame.node.branches.push(branch);
          frame.body = branch.body;
        } else frame.body = frame.node.otherwise = [];
      }
    }
  }
  const open = stack.at(-1);
  if (open) throw new TemplateError(file, open.line, '{% if %} is never closed with {% endif %}');
  return root;
}

/** Parses a template; syntax errors are TemplateErrors naming `file` and the line. */
export function compileTemplate(source: string, file: string): CompiledTemplate {
  return { file, nodes: build(scan(source, file), file) };
}

/**
 * Every problem with the names a template uses, in all branches (not only the ones a given set of
 * options would take): unknown variables, unknown names in conditions, impossible choice values.
 */
export function checkTemplate(
  template: CompiledTemplate,
  variables: ReadonlyMap<string, ExprVariable>,
): TemplateError[] {
  const errors: TemplateError[] = [];
  const visit = (nodes: readonly TemplateNode[]): void => {
    for (const node of nodes) {
      if (node.kind === 'var' && !variables.has(node.name))
        errors.push(new TemplateError(template.file, node.line, `unknown variable '{{ ${node.name} }}'`));
      if (node.kind !== 'if') continue;
      for (const branch of node.branches) {
        for (const problem of checkExpr(branch.condition, variables))
          errors.push(new TemplateError(template.file, branch.line, problem));
        visit(branch.body);
      }
      if (node.otherwise) visit(node.otherwise);
    }
  };
  visit(template.nodes);
  return errors;
}

/** Renders a compiled template; every name it uses (in any branch) must be in `vars`. */
export function renderTemplate(template: CompiledTemplate, vars: Readonly<Record<string, VarValue>>): string {
  const known = new Map<string, ExprVariable>(Object.keys(vars).map((name) => [name, {}]));
  const [first] = checkTemplate(template, known);
  if (first) throw first;
  const out: string[] = [];
  const emit = (nodes: readonly TemplateNode[]): void => {
    for (const node of nodes) {
      if (node.kind === 'text') out.push(node.text);
      else if (node.kind === 'var') out.push(valueText(vars[node.name]!));
      else {
        const taken = node.branches.find((b) => evaluateExpr(b.condition, vars));
        const chosen = taken ? taken.body : node.otherwise;
        if (chosen) emit(chosen);
      }
    }
  };
  emit(template.nodes);
  return out.join('');
}

/** Compiles and renders in one go. */
export function renderTemplateText(
  source: string,
  file: string,
  vars: Readonly<Record<string, VarValue>>,
): string {
  return renderTemplate(compileTemplate(source, file), vars);
}
