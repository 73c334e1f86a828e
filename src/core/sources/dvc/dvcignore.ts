// What DVC leaves out when it hashes a folder or checks an output (dvc/ignore.py): `.git`, `.hg`
// and `.dvc` folders, sub-projects (folders with their own `.dvc`), and `.dvcignore` patterns
// (gitignore syntax, relative to the folder holding the .dvcignore).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRegularFile } from '../../pipeline/fileAccess';

interface Rule {
  regex: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

function classToRegex(glob: string, start: number): [string, number] {
  const end = glob.indexOf(']', start + 2);
  if (end === -1) return ['\\[', start + 1];
  let body = glob.slice(start + 1, end);
  if (body.startsWith('!')) body = `^${body.slice(1)}`;
  return [`[${body.replace(/\\/g, '\\\\')}]`, end + 1];
}

/** gitwildmatch: `**` spans folders, `*`/`?` stay within one path segment. */
function globToRegex(glob: string): string {
  let out = '';
  let i = 0;
  while (i < glob.length) {
    if (glob.startsWith('**/', i)) {
      out += '(?:.*/)?';
      i += 3;
    } else if (glob.startsWith('/**', i) && i + 3 === glob.length) {
      out += '/.*';
      i += 3;
    } else if (glob.startsWith('**', i)) {
      out += '.*';
      i += 2;
    } else if (glob[i] === '*') {
      out += '[^/]*';
      i++;
    } else if (glob[i] === '?') {
      out += '[^/]';
      i++;
    } else if (glob[i] === '[') {
      const [part, next] = classToRegex(glob, i);
      out += part;
      i = next;
    } else if (glob[i] === '\\' && i + 1 < glob.length) {
      out += glob[i + 1].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      i += 2;
    } else {
      out += glob[i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      i++;
    }
  }
  return out;
}

export function parseIgnoreRules(text: string): Rule[] {
  const rules: Rule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/(?<!\\)\s+$/, '');
    if (!line || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    if (!line) continue;
    const prefix = anchored ? '' : '(?:.*/)?';
    rules.push({ regex: new RegExp(`^${prefix}${globToRegex(line)}$`), negate, dirOnly });
  }
  return rules;
}

const ALWAYS_IGNORED_DIRS = new Set(['.git', '.hg', '.dvc']);

/** The ignore rules of one DVC project; .dvcignore files are read on first use and kept. */
export class DvcIgnore {
  private readonly rulesByDir = new Map<string, Rule[]>();
  private readonly ruleDirs = new Map<string, string[]>();

  constructor(readonly root: string) {}

  private rulesIn(dir: string): Rule[] {
    let rules = this.rulesByDir.get(dir);
    if (!rules) {
      try {
        rules = parseIgnoreRules(readRegularFile(path.join(dir, '.dvcignore')));
      } catch {
        rules = [];
      }
      this.rulesByDir.set(dir, rules);
    }
    return rules;
  }

  /** Folders from the project root down to `parent` whose .dvcignore has rules (deeper ones win). */
  private ruleDirsFor(parent: string): string[] {
    let dirs = this.ruleDirs.get(parent);
    if (!dirs) {
      const up = path.dirname(parent);
      const atTop = parent === this.root || up === parent || !parent.startsWith(this.root);
      dirs = [...(atTop ? [] : this.ruleDirsFor(up)), ...(this.rulesIn(parent).length > 0 ? [parent] : [])];
      this.ruleDirs.set(parent, dirs);
    }
    return dirs;
  }

  /** Whether one entry is ignored, given that its parent folder is not. */
  isEntryIgnored(absPath: string, isDir: boolean): boolean {
    const name = path.basename(absPath);
    if (name === '.git' || (isDir && ALWAYS_IGNORED_DIRS.has(name))) return true;
    let ignored = false;
    for (const dir of this.ruleDirsFor(path.dirname(absPath))) {
      const relative = path.relative(dir, absPath).split(path.sep).join('/');
      for (const rule of this.rulesIn(dir)) {
        if ((!rule.dirOnly || isDir) && rule.regex.test(relative)) ignored = !rule.negate;
      }
    }
    return ignored;
  }

  /** Whether a path is ignored itself or through one of its folders below the project root. */
  isIgnored(absPath: string, isDir: boolean): boolean {
    const relative = path.relative(this.root, absPath);
    if (relative.startsWith('..') || path.isAbsolute(relative) || relative === '') return false;
    const parts = relative.split(path.sep);
    let current = this.root;
    for (let i = 0; i < parts.length; i++) {
      current = path.join(current, parts[i]);
      if (this.isEntryIgnored(current, i < parts.length - 1 || isDir)) return true;
    }
    return false;
  }

  /** A folder inside the project with its own `.dvc` folder is a sub-project DVC does not walk into. */
  isSubproject(dir: string): boolean {
    if (dir === this.root) return false;
    try {
      return fs.statSync(path.join(dir, '.dvc')).isDirectory();
    } catch {
      return false;
    }
  }
}
