// The rows of `dvc exp show` (dvc/repo/experiments/collect.py): the workspace, then each baseline
// commit (HEAD and `depth - 1` first parents) followed by the experiments saved on it, newest first.
// Commits never change, so what was read for a sha is kept and reused (also across restarts).
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { diskTree } from '../dvclive/fileTree';
import { GitObjects } from './gitObjects';
import { baselineCommits, gitClient, readRepoRefs, type ExpRef } from './gitRefs';
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
  data: RevisionData;
}

export interface DvcExperimentsOptions {
  /** How many commits of the current branch are baselines (`dvc exp show -n`); default 20. */
  depth?: number;
  /** Data already read, by commit sha; reused as is (commits are immutable). */
  revisions?: Map<string, RevisionData>;
}

export interface DvcExperiments {
  rows: ExpRow[];
  revisions: Map<string, RevisionData>;
  /** A DVC or DVCLive run is going on in the workspace. */
  workspaceRunning: boolean;
}

const execFileAsync = promisify(execFile);

export async function readDvcExperiments(
  root: string,
  options: DvcExperimentsOptions = {},
): Promise<DvcExperiments> {
  const git = gitClient(root);
  const isRepo = await git.checkIsRepo().catch(() => false);
  const refs = isRepo ? await readRepoRefs(git) : null;
  const baselines = refs?.head ? await baselineCommits(git, options.depth ?? 20) : [];
  const previous = options.revisions ?? new Map<string, RevisionData>();
  const revisions = new Map<string, RevisionData>();
  const objects = new GitObjects(root);
  const blobs = new BlobTexts(objects);
  const readCommit = async (sha: string): Promise<RevisionData> => {
    const known = previous.get(sha) ?? revisions.get(sha);
    if (known) {
      revisions.set(sha, known);
      return known;
    }
    const commit = await objects.commit(sha);
    const data = commit
      ? await collectRevision(gitTree(objects, blobs, commit.tree), root)
      : { params: {}, metrics: {}, dvcfiles: [] };
    revisions.set(sha, data);
    return data;
  };
  try {
    const headName = refs?.head ? nameOf(refs.names, refs.head) : '';
    const rows: ExpRow[] = [await readWorkspaceRow(root, refs?.head ?? '', headName, isRepo)];
    for (const { sha, time } of baselines) {
      const name = nameOf(refs?.names ?? new Map(), sha);
      rows.push({
        kind: 'baseline',
        rev: sha,
        name,
        baseline: sha,
        baselineName: name,
        ref: null,
        time,
        data: await readCommit(sha),
      });
      for (const exp of experimentsOf(refs?.experiments ?? [], sha))
        rows.push({
          kind: 'experiment',
          rev: exp.sha,
          name: exp.name,
          baseline: sha,
          baselineName: name,
          ref: exp.ref,
          time: exp.time,
          data: await readCommit(exp.sha),
        });
    }
    return { rows, revisions, workspaceRunning: workspaceRunning(root) };
  } finally {
    objects.close();
  }
}

/** The workspace row alone (its files changed; the commits did not). */
export async function readWorkspaceRow(
  root: string,
  head: string,
  headName: string,
  isRepo = true,
): Promise<ExpRow> {
  return {
    kind: 'workspace',
    rev: 'workspace',
    name: 'workspace',
    baseline: head,
    baselineName: headName,
    ref: null,
    time: null,
    data: await collectRevision(diskTree(root), root, await workspaceFiles(root, isRepo)),
  };
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
async function workspaceFiles(root: string, isRepo: boolean): Promise<string[] | undefined> {
  if (!isRepo) return undefined;
  try {
    const { stdout } = await execFileAsync(
      'git',
      ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
      {
        cwd: root,
        maxBuffer: 256 * 1024 * 1024,
      },
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
