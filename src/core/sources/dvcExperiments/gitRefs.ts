// The revisions `dvc exp show` lists: HEAD and its first-parent history (`-n`), their names
// (dvc/repo/experiments/utils.py `describe`: the current branch for HEAD, else a tag, else a
// branch), and the experiments saved as refs/exps/<sha[:2]>/<sha[2:]>/<name> (refs.py ExpRefInfo).
// Refs come from Git's files (gitFiles.ts); the git CLI only reads reftable repos.
import { runGit } from '../../git/hardenedGit';
import { findGitLocation, readFileRefs, type FileRefs } from './gitFiles';
import type { GitObjects } from './gitObjects';

export interface ExpRef {
  /** Full ref, e.g. refs/exps/48/b1e5…/cnn-64. */
  ref: string;
  name: string;
  baseline: string;
  /** The experiment's tip commit. */
  sha: string;
  /** Committer time of the tip, ms. */
  time: number;
}

export interface RepoRefs {
  head: string | null;
  headBranch: string | null;
  /** Commit sha → name as describe() gives it. */
  names: Map<string, string>;
  experiments: ExpRef[];
}

/** Namespaces under refs/exps that are not saved experiments (queue stashes, executors, temp). */
const NOT_EXPERIMENTS = /^refs\/exps\/(?:stash|celery|exec|apply|temp|runs)(?:\/|$)/;
const EXP_REF = /^refs\/exps\/([0-9a-f]{2})\/([0-9a-f]{38}|[0-9a-f]{62})\/(.+)$/;

export function experimentRef(ref: string, sha: string, time: number): ExpRef | null {
  if (NOT_EXPERIMENTS.test(ref)) return null;
  const match = EXP_REF.exec(ref);
  if (!match) return null;
  return { ref, name: match[3], baseline: match[1] + match[2], sha, time };
}

/**
 * Branches, tags, HEAD and experiments of the repository `root` is in; null outside Git.
 * `knownTimes` (commit sha → time) spares reading commits seen before.
 */
export async function readRepoRefs(
  root: string,
  objects: GitObjects,
  knownTimes: ReadonlyMap<string, number> = new Map(),
): Promise<RepoRefs | null> {
  const location = findGitLocation(root);
  if (!location) return null;
  const files = readFileRefs(location) ?? (await refsFromCli(root));
  const headBranch = files.headRef?.startsWith('refs/heads/')
    ? files.headRef.slice('refs/heads/'.length)
    : null;
  const tags = new Map<string, string>();
  const branches = new Map<string, string>();
  const experiments: ExpRef[] = [];
  for (const [ref, sha] of [...files.refs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (ref.startsWith('refs/tags/')) {
      const commit = files.peeled.get(ref) ?? (await peel(objects, sha));
      if (commit && !tags.has(commit)) tags.set(commit, ref.slice('refs/tags/'.length));
    } else if (ref.startsWith('refs/heads/')) {
      if (!branches.has(sha)) branches.set(sha, ref.slice('refs/heads/'.length));
    } else if (experimentRef(ref, sha, 0)) {
      const time = knownTimes.get(sha) ?? (await objects.commit(sha))?.time ?? 0;
      experiments.push(experimentRef(ref, sha, time) as ExpRef);
    }
  }
  const names = new Map<string, string>();
  for (const [sha, name] of branches) names.set(sha, tags.get(sha) ?? name);
  for (const [sha, name] of tags) names.set(sha, name);
  if (files.head && headBranch) names.set(files.head, headBranch);
  return { head: files.head, headBranch, names, experiments };
}

/** An annotated tag's commit (lightweight tags point at the commit itself). */
async function peel(objects: GitObjects, sha: string): Promise<string | null> {
  const object = await objects.object(sha);
  if (!object) return null;
  if (object.type !== 'tag') return object.type === 'commit' ? sha : null;
  const target = /^object ([0-9a-f]+)$/m.exec(object.content.toString('utf8'))?.[1];
  return target ? peel(objects, target) : null;
}

/** For reftable repositories: the same refs from `git for-each-ref` and `git symbolic-ref`. */
async function refsFromCli(root: string): Promise<FileRefs> {
  const [head, symbolic, text] = await Promise.all([
    runGit(['rev-parse', '--verify', '-q', 'HEAD^{commit}'], root).catch(() => ''),
    runGit(['symbolic-ref', '-q', 'HEAD'], root).catch(() => ''),
    runGit(
      [
        'for-each-ref',
        '--format=%(objectname) %(*objectname) %(refname)',
        'refs/heads',
        'refs/tags',
        'refs/exps',
      ],
      root,
    ),
  ]);
  const refs = new Map<string, string>();
  const peeled = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([0-9a-f]+) ([0-9a-f]*) (.+)$/.exec(line);
    if (!match) continue;
    refs.set(match[3], match[1]);
    if (match[2]) peeled.set(match[3], match[2]);
  }
  return { head: head.trim() || null, headRef: symbolic.trim() || null, refs, peeled };
}

export interface Baseline {
  sha: string;
  time: number;
  /** First parent; null for a root commit. */
  parent: string | null;
  /** The commit message's first line. */
  subject: string;
}

/** HEAD and its first parents, `depth` commits in all (`dvc exp show -n depth`), with commit times. */
export async function baselineCommits(objects: GitObjects, head: string, depth: number): Promise<Baseline[]> {
  const commits: Baseline[] = [];
  for (let sha: string | null = head; sha && commits.length < depth;) {
    const commit = await objects.commit(sha);
    if (!commit) break;
    sha = commit.parents[0] ?? null;
    commits.push({ sha: commit.sha, time: commit.time, parent: sha, subject: commit.subject });
  }
  return commits;
}
