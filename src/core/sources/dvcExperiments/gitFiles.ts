// Git refs read from the files Git keeps them in (HEAD, packed-refs, refs/**), without starting a
// process: listing experiments when nothing changed then costs a few file reads. Repositories using
// the reftable format (no loose/packed ref files) are left to the git CLI (see gitRefs.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface GitLocation {
  /** The repository's git dir (a worktree's own dir for worktrees: HEAD lives there). */
  gitDir: string;
  /** Where refs and objects are shared (`commondir`), the git dir itself for plain repos. */
  commonDir: string;
}

export interface FileRefs {
  /** Commit sha HEAD points at, or null in a repository without commits. */
  head: string | null;
  /** `refs/heads/<name>` when HEAD is a branch. */
  headRef: string | null;
  /** Ref → object sha, for refs/heads, refs/tags and refs/exps. */
  refs: Map<string, string>;
  /** Tag ref → the commit an annotated tag points at, where packed-refs says. */
  peeled: Map<string, string>;
}

/** The Git repository `start` is in (walking up), or null outside Git. */
export function findGitLocation(start: string): GitLocation | null {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, '.git');
    const stat = fs.statSync(dotGit, { throwIfNoEntry: false });
    if (stat?.isDirectory()) return withCommonDir(dotGit);
    if (stat?.isFile()) {
      const match = /^gitdir:\s*(.+)$/m.exec(fs.readFileSync(dotGit, 'utf8'));
      if (match) return withCommonDir(path.resolve(dir, match[1].trim()));
    }
    if (path.dirname(dir) === dir) return null;
  }
}

function withCommonDir(gitDir: string): GitLocation {
  try {
    const common = fs.readFileSync(path.join(gitDir, 'commondir'), 'utf8').trim();
    return { gitDir, commonDir: path.resolve(gitDir, common) };
  } catch {
    return { gitDir, commonDir: gitDir };
  }
}

/** Refs from files; null when the repository keeps them elsewhere (reftable). */
export function readFileRefs(location: GitLocation): FileRefs | null {
  if (fs.existsSync(path.join(location.commonDir, 'reftable'))) return null;
  const refs = new Map<string, string>();
  const peeled = new Map<string, string>();
  readPackedRefs(path.join(location.commonDir, 'packed-refs'), refs, peeled);
  for (const namespace of ['refs/heads', 'refs/tags', 'refs/exps'])
    readLooseRefs(location.commonDir, namespace, refs, peeled);
  const headText = readText(path.join(location.gitDir, 'HEAD'))?.trim() ?? '';
  const symbolic = /^ref:\s*(\S+)$/.exec(headText);
  const headRef = symbolic ? symbolic[1] : null;
  const head = headRef ? (refs.get(headRef) ?? null) : /^[0-9a-f]{40,64}$/.test(headText) ? headText : null;
  return { head, headRef, refs, peeled };
}

function readPackedRefs(file: string, refs: Map<string, string>, peeled: Map<string, string>): void {
  let last: string | null = null;
  for (const line of (readText(file) ?? '').split('\n')) {
    const entry = /^([0-9a-f]{40,64}) (refs\/\S+)$/.exec(line);
    if (entry) {
      refs.set(entry[2], entry[1]);
      last = entry[2];
    } else if (line.startsWith('^') && last) peeled.set(last, line.slice(1).trim());
  }
}

/** Loose ref files override packed ones (a loose ref is newer); a loose ref's peel is unknown. */
function readLooseRefs(
  commonDir: string,
  dir: string,
  refs: Map<string, string>,
  peeled: Map<string, string>,
): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(commonDir, dir), { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const ref = `${dir}/${entry.name}`;
    if (entry.isDirectory()) readLooseRefs(commonDir, ref, refs, peeled);
    else if (entry.isFile()) {
      const sha = readText(path.join(commonDir, ref))?.trim() ?? '';
      if (!/^[0-9a-f]{40,64}$/.test(sha)) continue;
      refs.set(ref, sha);
      peeled.delete(ref);
    }
  }
}

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
