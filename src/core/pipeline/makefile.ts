// Makefile targets a user would run by name: explicit rules, in file order. Pattern rules (`%.o:`),
// special targets (`.PHONY`), targets built from variables (`$(OUT)/x`), variable assignments and
// target-specific variables are skipped; recipe lines and `define` blocks are not rules.
import * as path from 'node:path';
import type { MakeTarget } from './model';

export const MAKEFILE_NAMES = ['GNUmakefile', 'makefile', 'Makefile'];

/** `X = 1`, `X := 1`, `X ?= 1`, `override X += 1`; also what follows `target:` in `target: X = 1`. */
const ASSIGNMENT = /^\s*(?:override\s+|export\s+)?[A-Za-z_][\w.-]*\s*(?:[:+?!]|::)?=/;

/** Joins backslash-continued lines, remembering where each logical line starts. */
function logicalLines(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const physical = text.split(/\r?\n/);
  for (let i = 0; i < physical.length; i++) {
    const start = i;
    let line = physical[i];
    while (line.endsWith('\\') && i + 1 < physical.length) line = line.slice(0, -1) + ' ' + physical[++i];
    out.push({ text: line, line: start + 1 });
  }
  return out;
}

function stripComment(line: string): string {
  const hash = line.search(/(?<!\\)#/);
  return hash === -1 ? line : line.slice(0, hash);
}

/** The targets a rule line names, or [] when the line is not a plain rule. */
export function ruleTargets(line: string): string[] {
  if (line.startsWith('\t') || ASSIGNMENT.test(line)) return [];
  const content = stripComment(line);
  const colon = content.search(/:(?!=)/);
  if (colon <= 0) return [];
  const after = content.slice(colon + 1).replace(/^:/, '');
  if (ASSIGNMENT.test(after)) return [];
  return content
    .slice(0, colon)
    .trim()
    .split(/\s+/)
    .filter((t) => t && !t.startsWith('.') && !t.includes('%') && !t.includes('$'));
}

function commandFor(file: string, target: string): string {
  const name = path.basename(file);
  return MAKEFILE_NAMES.includes(name) ? `make ${target}` : `make -f ${name} ${target}`;
}

export function parseMakefile(text: string, file: string): MakeTarget[] {
  const targets: MakeTarget[] = [];
  const seen = new Set<string>();
  let inDefine = false;
  for (const { text: line, line: number } of logicalLines(text)) {
    const trimmed = line.trim();
    if (/^define\b/.test(trimmed)) inDefine = true;
    if (inDefine) {
      if (/^endef\b/.test(trimmed)) inDefine = false;
      continue;
    }
    for (const target of ruleTargets(line)) {
      if (seen.has(target)) continue;
      seen.add(target);
      targets.push({ kind: 'make', file, name: target, command: commandFor(file, target), line: number });
    }
  }
  return targets;
}
