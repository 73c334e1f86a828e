// The rows of `dvc exp show` (dvc/repo/experiments/collect.py): the workspace, then each baseline
// commit (HEAD and `depth - 1` first parents) followed by the experiments saved on it, newest first.
// Commits never change, so what was read for a sha is kept and reused (also across restarts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runGit } from '../../git/hardenedGit';
import { diskTree } from '../dvclive/fileTree';
import { GitObjects } from './gitObjects';
import { baselineCommits, readRepoRefs, type Baseline, type ExpRef } from './gitRefs';
import { BlobTexts, gitTree } from './gitTree';
import { collectRevision, type RevisionData } from './revision';

export interface ExpRow {
  kind: 'workspace' | 'baseline' | 'experiment';
  /** "workspace" or the commit sha. */
  rev: string;
  /** As DVC shows it: "workspace", a branch or tag, the short sha, or the experiment's name. */
  name: string;
  /** The baseline commit ("" in a repository without commits). */
  baseline: string;
  baselineName: string;
  ref: string | null;
  /** Commit time in ms; null for the workspace. */
  time: number | null;
  /** Baselines: the first parent (null for a root commit), so a later read knows where the chain ends. */
  parent?: string | null;
  /** Baselines: the commit message's first line. */
  subject?: string;
  /** The workspace: Git sees tracked files changed or deleted since they were staged (undefined: not asked). */
  trackedChanges?: boolean;
  data: RevisionData;
}

export interface DvcExperimentsOptions {
  /** How many commits of the current branch are baselines (`dvc exp show -n`); default 20. */
  depth?: number;
  /** Data already read, by commit sha; reused as is (commits are immutable). */
  revisions?: Map<string, RevisionData>;
  /** The rows of the previous read with the same depth: commit times and baselines are reused. */
  previousRows?: readonly ExpRow[];
  /** Repo-relative dvc.yaml files of the workspace (and `<sub-repo>/.dvc/config`), if known. */
  workspaceFiles?: string[];
}

export interface DvcExperiments {
  rows: ExpRow[];
  revisions: Map<string, RevisionData>;
  /** A DVC or DVCLive run is going on in the workspace. */
  workspaceRunning: boolean;
}

/**
 * Reads the rows. Git is only asked (one `git cat-file --batch` process) for what earlier reads do
 * not already know: with nothing new, listing the experiments reads a few ref files and the
 * workspace's params and metrics files.
 */
export async function readDvcExperiments(
  root: string,
  options: DvcExperimentsOptions = {},
): Promise<DvcExperiments> {
  const objects = new GitObjects(root);
  const depth = options.depth ?? 20;
  const previousRows = options.previousRows ?? [];
  const knownTimes = new Map(
    previousRows.filter((r) => r.time !== null).map((r) => [r.rev, r.time as number]),
  );
  try {
    const refs = await readRepoRefs(root, objects, knownTimes);
    const baselines = refs?.head ? await baselinesOf(objects, refs.head, depth, previousRows) : [];
    const revisions = new Map<string, RevisionData>();
    const commitData = commitReader(root, objects, options.revisions ?? new Map(), revisions);
    const headName = refs?.head ? nameOf(refs.names, refs.head) : '';
    const files = options.workspaceFiles ?? (await workspaceFiles(root, refs !== null));
    const rows: ExpRow[] = [await readWorkspaceRow(root, refs?.head ?? '', headName, files)];
    for (const { sha, time, parent, subject } of baselines) {
      const name = nameOf(refs?.names ?? new Map(), sha);
      const common = { baseline: sha, baselineName: name, ref: null };
      const experiments = experimentsOf(refs?.experiments ?? [], sha);
      // Read side by side: their Git requests then travel together through the one cat-file process.
      const [data, ...expData] = await Promise.all([sha, ...experiments.map((e) => e.sha)].map(commitData));
      rows.push({ kind: 'baseline', rev: sha, name, ...common, time, parent, subject, data });
      experiments.forEach(({ sha: rev, name: expName, ref, time: expTime }, i) =>
        rows.push({
          kind: 'experiment',
          rev,
          name: expName,
          ...common,
          ref,
          time: expTime,
          data: expData[i],
        }),
      );
    }
    return { rows, revisions, workspaceRunning: workspaceRunning(root) };
  } finally {
    objects.close();
  }
}

/** The first-parent chain from HEAD; the previous read's when HEAD did not move (commits are immutable). */
async function baselinesOf(
  objects: GitObjects,
  head: string,
  depth: number,
  previousRows: readonly ExpRow[],
): Promise<Baseline[]> {
  const previous = previousRows.filter((r) => r.kind === 'baseline');
  const complete = previous.length === depth || previous[previous.length - 1]?.parent === null;
  // Rows read before subjects were kept have none: read the commits again once.
  const subjects = previous.every((r) => r.subject !== undefined);
  if (previous[0]?.rev === head && complete && subjects && previous.length <= depth)
    return previous.map((r) => ({
      sha: r.rev,
      time: r.time ?? 0,
      parent: r.parent ?? null,
      subject: r.subject ?? '',
    }));
  return baselineCommits(objects, head, depth);
}

function commitReader(
  root: string,
  objects: GitObjects,
  known: ReadonlyMap<string, RevisionData>,
  read: Map<string, RevisionData>,
): (sha: string) => Promise<RevisionData> {
  const blobs = new BlobTexts(objects);
  return async (sha) => {
    let data = known.get(sha) ?? read.get(sha);
    if (!data) {
      const commit = await objects.commit(sha);
      data = commit
        ? await collectRevision(gitTree(objects, blobs, commit.tree), root, undefined, { dvcCache: true })
        : { params: {}, metrics: {}, dvcfiles: [], error: `commit ${sha} is not in the repository` };
    }
    read.set(sha, data);
    return data;
  };
}

/** The workspace row alone (its files changed; the commits did not). */
export async function readWorkspaceRow(
  root: string,
  head: string,
  headName: string,
  files?: string[],
): Promise<ExpRow> {
  return {
    kind: 'workspace',
    rev: 'workspace',
    name: 'workspace',
    baseline: head,
    baselineName: headName,
    ref: null,
    time: null,
    data: await collectRevision(diskTree(root), root, files),
    trackedChanges: head === '' ? undefined : await hasTrackedChanges(root),
  };
}

/**
 * Whether Git sees a tracked file changed or deleted in the working tree (`git ls-files -m -d`,
 * which reads the index and never writes it). Undefined when Git may not be asked (untrusted).
 */
async function hasTrackedChanges(root: string): Promise<boolean | undefined> {
  try {
    return (await runGit(['ls-files', '-z', '--modified', '--deleted'], root, 16 * 1024 * 1024)) !== '';
  } catch {
    return undefined;
  }
}

function nameOf(names: Map<string, string>, sha: string): string {
  return names.get(sha) ?? sha.slice(0, 7);
}

/** `_sorted_ranges`: newest tip first; equal times by sha, descending. */
function experimentsOf(all: readonly ExpRef[], baseline: string): ExpRef[] {
  return all
    .filter((e) => e.baseline === baseline)
    .sort((a, b) => b.time - a.time || (a.sha < b.sha ? 1 : a.sha > b.sha ? -1 : 0));
}

/**
 * Where the workspace's dvc.yaml files may be: Git's view of the working tree (tracked and untracked,
 * without what .gitignore hides — DVC's outputs are there, often thousands of data files). Outside
 * Git every file is listed.
 */
export async function workspaceFiles(root: string, isRepo: boolean): Promise<string[] | undefined> {
  if (!isRepo) return undefined;
  try {
    const stdout = await runGit(
      ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
      root,
      256 * 1024 * 1024,
    );
    return stdout.split('\0').filter((f) => f !== '');
  } catch {
    return undefined;
  }
}

/**
 * A run is going on in the workspace when DVC's workspace executor info says so (TaskStatus below
 * SUCCESS) or DVCLive's DVCLIVE_ONLY signal file is there (FORMATS.md §5.9, §6.5).
 */
export function workspaceRunning(root: string): boolean {
  const runDir = path.join(root, '.dvc', 'tmp', 'exps', 'run');
  if (fs.existsSync(path.join(runDir, 'DVCLIVE_ONLY'))) return true;
  try {
    const info = JSON.parse(fs.readFileSync(path.join(runDir, 'workspace', 'workspace.json'), 'utf8')) as {
      status?: unknown;
    };
    return typeof info.status === 'number' && info.status < 3;
  } catch {
    return false;
  }
}
