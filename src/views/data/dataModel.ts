// What the Data view shows for one DVC project, without VS Code: every tracked output (of `.dvc`
// files and dvc.lock) with its `dvc data status` state, recorded size and file count; a folder's
// files from its `.dir` manifest, a page at a time; and an output's versions along the current
// branch (the first-parent commits where its hash changed). Unreadable versions and corrupt
// manifests become problems naming the path and the reason, never exceptions out of here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheDirOf, cacheHas, cacheObjectPath, readManifest } from '../../core/data/cache';
import type { FileList } from '../../core/data/fileList';
import { DataError, type HashRef } from '../../core/data/model';
import { dataStatus, type DataStatus } from '../../core/data/status';
import { trackedOuts, type TrackedOut } from '../../core/data/tracked';
import { workspaceTree } from '../../core/data/versions';
import type { HashCache } from '../../core/pipeline/hashCache';

export type DataState =
  'modified' | 'added' | 'deleted' | 'renamed' | 'not in cache' | 'unchanged' | 'unknown';

/** One line of `dvc data status` about a path: committed (HEAD vs recorded) or uncommitted (recorded vs disk). */
export interface StateTag {
  state: DataState;
  stage: 'committed' | 'uncommitted' | null;
}

export interface DataOut extends TrackedOut {
  states: StateTag[];
  /** A folder's files that `dvc data status --granular` reports (changed, not in cache), by relpath. */
  fileStates?: Record<string, StateTag[]>;
}

export interface DataProblem {
  path: string;
  reason: string;
}

export interface DataProject {
  root: string;
  cacheDir: string;
  outs: DataOut[];
  problems: DataProblem[];
}

function asProblem(error: unknown, fallbackPath: string): DataProblem {
  if (error instanceof DataError) return { path: error.path, reason: error.reason };
  return { path: fallbackPath, reason: error instanceof Error ? error.message : String(error) };
}

/** A status path ("data/tables/" with the platform's separator) as an index key ("data/tables"). */
function statusKey(shown: string): string {
  const key = shown.split(path.sep).join('/');
  return key.endsWith('/') ? key.slice(0, -1) : key;
}

const DIFF_STATES: [keyof NonNullable<DataStatus['committed']>, DataState][] = [
  ['modified', 'modified'],
  ['added', 'added'],
  ['deleted', 'deleted'],
  ['unknown', 'unknown'],
];

/** The `dvc data status` lines about each key. */
export function statesByKey(status: DataStatus): Map<string, StateTag[]> {
  const states = new Map<string, StateTag[]>();
  const add = (shown: string, tag: StateTag) => {
    const key = statusKey(shown);
    states.set(key, [...(states.get(key) ?? []), tag]);
  };
  for (const stage of ['committed', 'uncommitted'] as const) {
    const diff = status[stage];
    if (!diff) continue;
    for (const [bucket, state] of DIFF_STATES) {
      for (const shown of (diff[bucket] as string[] | undefined) ?? []) add(shown, { state, stage });
    }
    for (const pair of diff.renamed ?? []) add(pair.new, { state: 'renamed', stage });
  }
  for (const shown of status.not_in_cache ?? []) add(shown, { state: 'not in cache', stage: null });
  for (const shown of status.unchanged ?? []) add(shown, { state: 'unchanged', stage: null });
  return states;
}

/**
 * The project's tracked outputs with their states. Outputs HEAD has and the workspace no longer
 * records (`dvc remove`d, committed as deleted) are listed too, so a deletion is visible.
 */
export async function loadDataProject(root: string, hashCache: HashCache): Promise<DataProject> {
  const project: DataProject = { root, cacheDir: '', outs: [], problems: [] };
  try {
    project.cacheDir = cacheDirOf(root);
    const recorded = await trackedOuts(workspaceTree(root), root);
    let states = new Map<string, StateTag[]>();
    try {
      states = statesByKey(await dataStatus(root, { granular: false, unchanged: true, hashCache }));
    } catch (error) {
      project.problems.push(asProblem(error, root));
    }
    project.outs = recorded.map((out) => ({ ...out, states: states.get(out.key) ?? [] }));
    await addFileStates(root, project, hashCache);
    const known = new Set(recorded.map((out) => out.key));
    for (const [key, tags] of states) {
      if (known.has(key) || !tags.some((t) => t.state === 'deleted' && t.stage === 'committed')) continue;
      project.outs.push({ key, hash: null, isDir: false, source: '', states: tags });
    }
    project.outs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  } catch (error) {
    project.problems.push(asProblem(error, root));
  }
  return project;
}

/**
 * The granular states of the files of folder outputs that changed (the hashes are those just read,
 * so this second pass costs manifest reads, not hashing); unchanged files carry no tag.
 */
async function addFileStates(root: string, project: DataProject, hashCache: HashCache): Promise<void> {
  const folders = project.outs.filter((out) => out.isDir && out.states.some((t) => t.state !== 'unchanged'));
  if (folders.length === 0) return;
  let granular: Map<string, StateTag[]>;
  try {
    const targets = folders.map((out) => out.key);
    granular = statesByKey(await dataStatus(root, { targets, granular: true, unchanged: false, hashCache }));
  } catch (error) {
    project.problems.push(asProblem(error, root));
    return;
  }
  for (const out of folders) {
    const prefix = `${out.key}/`;
    const fileStates: Record<string, StateTag[]> = {};
    for (const [key, tags] of granular) {
      if (key.startsWith(prefix)) fileStates[key.slice(prefix.length)] = tags;
    }
    out.fileStates = fileStates;
  }
}

export const PAGE_SIZE = 500;

export interface FolderFile {
  /** Repo-relative key of the file. */
  key: string;
  relpath: string;
  hash: HashRef;
  inCache: boolean;
  /** Its `dvc data status --granular` lines (none when unchanged). */
  states?: StateTag[];
}

export interface FolderPage {
  files: FolderFile[];
  total: number;
  /** Files not shown yet (a "Show more" item when above 0). */
  remaining: number;
}

/** The first `limit` files of a folder output's manifest; a DataError when it is missing or corrupt. */
export function folderPage(cacheDir: string, out: TrackedOut, limit: number): FolderPage {
  if (!out.hash || !out.isDir) return { files: [], total: 0, remaining: 0 };
  const where = cacheObjectPath(cacheDir, out.hash) ?? out.hash.value;
  const manifest: FileList | 'missing' = readManifest(cacheDir, out.hash);
  if (manifest === 'missing') throw new DataError(where, 'not in cache: the .dir manifest is missing');
  const shown = Math.min(limit, manifest.size);
  const files: FolderFile[] = [];
  for (let i = 0; i < shown; i++) {
    const hash = { name: out.hash.name, value: manifest.md5s[i] };
    const relpath = manifest.relpaths[i];
    const file: FolderFile = {
      key: `${out.key}/${relpath}`,
      relpath,
      hash,
      inCache: cacheHas(cacheDir, hash),
    };
    const states = (out as Partial<DataOut>).fileStates?.[relpath];
    if (states && states.length > 0) file.states = states;
    files.push(file);
  }
  return { files, total: manifest.size, remaining: manifest.size - shown };
}

/** Size of a cache object, undefined when it is not there. */
export function objectSize(cacheDir: string, hash: HashRef): number | undefined {
  const file = cacheObjectPath(cacheDir, hash);
  try {
    return file ? fs.statSync(file).size : undefined;
  } catch {
    return undefined;
  }
}
