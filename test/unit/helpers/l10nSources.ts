// Reads the extension's localisable strings the way VS Code will look them up: every
// `vscode.l10n.t('…')` / `l10n.t('…')` literal in src/, and the `%key%` references of package.json.
// Anything that would escape translation (an aliased `t`, a computed message) is reported as a misuse.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

export interface L10nCall {
  /** The bundle key: the message, or `message/comment` for `l10n.t({ message, comment })`. */
  key: string;
  message: string;
  /** `src/…/file.ts:line`, for failure messages. */
  where: string;
}

export interface L10nScan {
  calls: L10nCall[];
  /** Uses of `l10n.t` that the export tool cannot see or that VS Code cannot look up. */
  misuses: string[];
}

export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out.sort();
}

/** `l10n.t` or `vscode.l10n.t` (any object ending in `.l10n`). */
function isL10nT(node: ts.Node): node is ts.PropertyAccessExpression {
  if (!ts.isPropertyAccessExpression(node) || node.name.text !== 't') return false;
  const object = node.expression;
  return (
    (ts.isIdentifier(object) && object.text === 'l10n') ||
    (ts.isPropertyAccessExpression(object) && object.name.text === 'l10n')
  );
}

const isText = (node: ts.Node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral =>
  ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);

/**
 * The key and message of `l10n.t('…')` or `l10n.t({ message: '…', comment: ['…'] })` (a comment
 * tells apart two uses of one English text; the key is then `message/comment`, as the export tool
 * writes it); undefined when the message is not a literal.
 */
function messageOf(arg: ts.Expression): { key: string; message: string } | undefined {
  if (isText(arg)) return { key: arg.text, message: arg.text };
  if (!ts.isObjectLiteralExpression(arg)) return undefined;
  const property = (name: string): ts.Expression | undefined => {
    const found = arg.properties.find(
      (p) => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name,
    );
    return found && ts.isPropertyAssignment(found) ? found.initializer : undefined;
  };
  const message = property('message');
  const comment = property('comment');
  if (!message || !isText(message)) return undefined;
  const comments =
    comment === undefined
      ? []
      : isText(comment)
        ? [comment.text]
        : ts.isArrayLiteralExpression(comment) && comment.elements.every(isText)
          ? comment.elements.map((e) => (e as ts.StringLiteral).text)
          : undefined;
  if (comments === undefined) return undefined;
  return {
    key: comments.length > 0 ? `${message.text}/${comments.join('')}` : message.text,
    message: message.text,
  };
}

function scanFile(file: string, root: string, scan: L10nScan): void {
  const text = fs.readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const where = (node: ts.Node): string =>
    `${path.relative(root, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node): void => {
    if (isL10nT(node)) {
      const call = node.parent;
      if (!ts.isCallExpression(call) || call.expression !== node) {
        scan.misuses.push(`${where(node)}: l10n.t is aliased or passed around; call it directly`);
      } else {
        const first = call.arguments[0];
        const literal = first && messageOf(first);
        if (literal) {
          scan.calls.push({ ...literal, where: where(call) });
        } else {
          scan.misuses.push(`${where(call)}: l10n.t needs a string literal as its message`);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

/** Every `l10n.t` literal under `srcDir`, and every misuse. */
export function scanL10nCalls(srcDir: string, root: string): L10nScan {
  const scan: L10nScan = { calls: [], misuses: [] };
  for (const file of sourceFiles(srcDir)) scanFile(file, root, scan);
  return scan;
}

/** The `%key%` references anywhere in package.json. */
export function packageJsonNlsKeys(packageJson: unknown): Set<string> {
  const keys = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      const match = /^%([^%\s]+)%$/.exec(value);
      if (match) keys.add(match[1]);
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(packageJson);
  return keys;
}

/** `{0}`, `{1}` … in order of appearance, sorted so that a translation may reorder them. */
export function placeholders(text: string): string[] {
  return (text.match(/\{\d+\}/g) ?? []).sort();
}

/**
 * The syntax a translation must keep: Markdown command links and their targets, code spans,
 * bold markers and line breaks (package.nls.json's welcome texts and setting descriptions).
 */
export function markupSignature(text: string): string[] {
  const links = [...text.matchAll(/\]\(([^)]*)\)/g)].map((m) => `link ${m[1]}`);
  const code = [...text.matchAll(/`([^`]*)`/g)].map((m) => `code ${m[1]}`);
  const count = (pattern: RegExp): number => (text.match(pattern) ?? []).length;
  return [...links, ...code.sort(), `bold ${count(/\*\*/g)}`, `newlines ${count(/\n/g)}`];
}

/** Relative imports of a file (`./x`, `../y`), resolved to .ts paths that exist. */
export function relativeImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) specifiers.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      specifiers.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers;
}
