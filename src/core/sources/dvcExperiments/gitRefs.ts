// The revisions `dvc exp show` lists: HEAD and its first-parent history (`-n`), their names
// (dvc/repo/experiments/utils.py `describe`: the current branch for HEAD, else a tag, else a
// branch), and the experiments saved as refs/exps/<sha[:2]>/<sha[2:]>/<name> (refs.py ExpRefInfo).
import { simpleGit, type SimpleGit } from 'simple-git';

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

export function gitClient(root: string): SimpleGit {
  return simpleGit({ baseDir: root, maxConcurrentProcesses: 4, trimmed: false });
}

/** One for-each-ref for every branch, tag and experiment ref, plus HEAD. */
export async function readRepoRefs(git: SimpleGit): Promise<RepoRefs> {
  const [head, symbolic, refsText] = await Promise.all([
    git.raw(['rev-parse', '--verify', '-q', 'HEAD^{commit}']).catch(() => ''),
    git.raw(['symbolic-ref', '-q', 'HEAD']).catch(() => ''),
    git.raw([
      'for-each-ref',
      '--format=%(objectname) %(*objectname) %(committerdate:unix) %(refname)',
      'refs/heads',
      'refs/tags',
      'refs/exps',
    ]),
  ]);
  const headSha = head.trim() || null;
  const headRef = symbolic.trim();
  const headBranch = headRef.startsWith('refs/heads/') ? headRef.slice('refs/heads/'.length) : null;
  const tags = new Map<string, string>();
  const branches = new Map<string, string>();
  const experiments: ExpRef[] = [];
  for (const line of refsText.split('\n')) {
    const match = /^([0-9a-f]+) ([0-9a-f]*) (\d*) (.+)$/.exec(line);
    if (!match) continue;
    const [, object, peeled, time, ref] = match;
    const sha = peeled || object;
    if (ref.startsWith('refs/tags/')) setFirst(tags, sha, ref.slice('refs/tags/'.length));
    else if (ref.startsWith('refs/heads/')) setFirst(branches, sha, ref.slice('refs/heads/'.length));
    else {
      const exp = experimentRef(ref, sha, Number(time) * 1000);
      if (exp) experiments.push(exp);
    }
  }
  const names = new Map<string, string>();
  for (const [sha, name] of branches) names.set(sha, tags.get(sha) ?? name);
  for (const [sha, name] of tags) names.set(sha, name);
  if (headSha && headBranch) names.set(headSha, headBranch);
  return { head: headSha, headBranch, names, experiments };
}

function setFirst(map: Map<string, string>, key: string, value: string): void {
  if (!map.has(key)) map.set(key, value);
}

export function experimentRef(ref: string, sha: string, time: number): ExpRef | null {
  if (NOT_EXPERIMENTS.test(ref)) return null;
  const match = EXP_REF.exec(ref);
  if (!match) return null;
  return { ref, name: match[3], baseline: match[1] + match[2], sha, time };
}

/** HEAD and its first parents, `depth` commits in all (`dvc exp show -n depth`), with commit times. */
export async function baselineCommits(
  git: SimpleGit,
  depth: number,
): Promise<{ sha: string; time: number }[]> {
  if (depth <= 0) return [];
  const text = await git
    .raw(['rev-list', '--first-parent', `--max-count=${depth}`, '--format=%ct', 'HEAD'])
    .catch(() => '');
  const commits: { sha: string; time: number }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^commit ([0-9a-f]+)$/.exec(lines[i]);
    if (match) commits.push({ sha: match[1], time: Number(lines[i + 1] ?? 0) * 1000 });
  }
  return commits;
}
