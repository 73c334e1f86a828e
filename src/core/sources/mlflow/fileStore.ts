import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Experiment, Problem, StoreSnapshot } from '../../model';
import { asString, parseMetaYaml } from './flatYaml';
import { readRunSafely } from './fileStoreRun';
export { readRunSafely } from './fileStoreRun';
import { folderProblem, listFolder, readKeyValueFolder, readSmallTextFile, SMALL_FILE_LIMIT } from './fsWalk';
import { fingerprintOf, isFresh, sameStamp, type Fingerprint } from './fingerprint';
import { runOf, type CachedRun } from './cachedRun';
export type { CachedRun } from './cachedRun';

const TRASH = '.trash';
const REGISTRY = 'models';
const DIGITS = /^[0-9]+$/;
const RESERVED_EXPERIMENT_FOLDERS = new Set(['tags', 'datasets', 'traces', 'models']);

/** MLflow's own test: a digit-named folder holding `meta.yaml`. An artifact-only `mlruns` fails it. */
export function isMlflowFileStore(dir: string): boolean {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  return entries.some((e) => e.isDirectory() && DIGITS.test(e.name) && mayHoldMeta(path.join(dir, e.name)));
}

/**
 * Whether an experiment folder holds `meta.yaml`, or may (it cannot be searched): an unreadable
 * experiment still makes a store, whose reading then reports it instead of losing its runs.
 */
export function mayHoldMeta(experimentDir: string): boolean {
  try {
    return fs.statSync(path.join(experimentDir, 'meta.yaml'), { throwIfNoEntry: false }) !== undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOTDIR';
  }
}

export interface CachedExperiment {
  experiment: Experiment;
  /** The experiment folder's and its meta.yaml's stamps: runs added or removed change the first. */
  fingerprint: Fingerprint;
  runDirs: string[];
  problems: Problem[];
}

/** What a file store read leaves behind so that the next read only redoes what changed. */
export interface FileStoreState {
  experiments: Record<string, CachedExperiment>;
  runs: Record<string, CachedRun>;
  /** The store folder (or its `.trash`) could not be listed; found afresh on every read, never cached. */
  problems?: Problem[];
}

export function emptyFileStoreState(): FileStoreState {
  return { experiments: {}, runs: {} };
}

/** Lets the event loop run between chunks of synchronous reads (an extension host stays responsive). */
export type Yielder = () => Promise<void>;

const YIELD_EVERY_RUNS = 100;
/** Below this many runs to read, starting reader threads costs more than it saves. */
const PARALLEL_THRESHOLD = 400;

export interface RunReadJob {
  runDir: string;
  experiment: Experiment;
}

/** Reads run folders elsewhere (worker threads); results in the order of the jobs. */
export type RunBatchReader = (jobs: RunReadJob[]) => Promise<(CachedRun | undefined)[]>;

async function readSequentially(jobs: RunReadJob[], yieldNow?: Yielder): Promise<(CachedRun | undefined)[]> {
  const results: (CachedRun | undefined)[] = [];
  for (const job of jobs) {
    results.push(readRunSafely(job.runDir, job.experiment));
    if (yieldNow && results.length % YIELD_EVERY_RUNS === 0) await yieldNow();
  }
  return results;
}

/**
 * Reads a whole file store. With the state of a previous read, only experiments and runs whose
 * fingerprints changed are read again; the returned state replaces the previous one.
 */
export async function readFileStore(
  root: string,
  previous: FileStoreState = emptyFileStoreState(),
  yieldNow?: Yielder,
  readInParallel?: RunBatchReader,
): Promise<FileStoreRead> {
  const store = path.resolve(root);
  const state = emptyFileStoreState();
  const jobs: RunReadJob[] = [];
  let changed = false;
  let sinceYield = 0;
  const storeProblems: Problem[] = [];
  for (const { dir, deleted } of listExperimentDirs(store, storeProblems)) {
    const cached = readExperiment(store, dir, deleted, previous.experiments[dir]);
    if (!cached) continue;
    state.experiments[dir] = cached;
    changed ||= cached !== previous.experiments[dir];
    for (const runDir of cached.runDirs) {
      const reusable = reusableRun(cached.experiment, previous.runs[runDir]);
      if (reusable) state.runs[runDir] = reusable;
      else jobs.push({ runDir, experiment: cached.experiment });
      if (yieldNow && ++sinceYield >= YIELD_EVERY_RUNS * 10) {
        sinceYield = 0;
        await yieldNow();
      }
    }
  }
  const results =
    readInParallel && jobs.length >= PARALLEL_THRESHOLD
      ? await readInParallel(jobs)
      : await readSequentially(jobs, yieldNow);
  jobs.forEach((job, i) => setRun(state, job.runDir, results[i]));
  changed ||= jobs.length > 0;
  changed ||= Object.keys(previous.runs).length !== Object.keys(state.runs).length;
  changed ||= Object.keys(previous.experiments).length !== Object.keys(state.experiments).length;
  if (storeProblems.length > 0) state.problems = storeProblems;
  changed ||= JSON.stringify(previous.problems ?? []) !== JSON.stringify(storeProblems);
  return readResult(store, state, changed);
}

/** A read's new state; the snapshot (which decodes every run) is built only when asked for. */
export interface FileStoreRead {
  state: FileStoreState;
  /** False when every experiment and run was reused from the previous state. */
  changed: boolean;
  readonly snapshot: StoreSnapshot;
}

function readResult(store: string, state: FileStoreState, changed: boolean): FileStoreRead {
  let snapshot: StoreSnapshot | undefined;
  return {
    state,
    changed,
    get snapshot() {
      snapshot ??= snapshotOf(store, state);
      return snapshot;
    },
  };
}

/** The runs of a state in experiment order (the order snapshots list them in). */
export function orderedRuns(state: FileStoreState): CachedRun[] {
  const runs: CachedRun[] = [];
  for (const cached of Object.values(state.experiments)) {
    for (const runDir of cached.runDirs) {
      const run = state.runs[runDir];
      if (run) runs.push(run);
    }
  }
  return runs;
}

export function problemsOf(state: FileStoreState): Problem[] {
  const problems: Problem[] = [...(state.problems ?? [])];
  for (const experiment of Object.values(state.experiments)) problems.push(...experiment.problems);
  for (const run of orderedRuns(state)) if (run.problems.length > 0) problems.push(...run.problems);
  return problems;
}

export function snapshotOf(store: string, state: FileStoreState): StoreSnapshot {
  const snapshot: StoreSnapshot = {
    source: 'mlflow-file',
    store,
    experiments: [],
    runs: [],
    problems: [...(state.problems ?? [])],
  };
  for (const cached of Object.values(state.experiments)) {
    snapshot.experiments.push(cached.experiment);
    snapshot.problems.push(...cached.problems);
    for (const runDir of cached.runDirs) {
      const run = state.runs[runDir];
      if (!run) continue;
      const decoded = runOf(run);
      if (decoded) snapshot.runs.push(decoded);
      snapshot.problems.push(...run.problems);
    }
  }
  return snapshot;
}

/**
 * Applies file events to a previous read: only the runs and experiments the paths lie in are read
 * again. A path at the store's top level (a new or removed experiment) rereads the store, which
 * still reuses every unchanged run through its fingerprint.
 */
export async function updateFileStore(
  root: string,
  previous: FileStoreState,
  changedPaths: readonly string[],
): Promise<FileStoreRead> {
  const store = path.resolve(root);
  const state: FileStoreState = { experiments: { ...previous.experiments }, runs: { ...previous.runs } };
  for (const changed of changedPaths) {
    const location = locate(store, changed);
    if (location === undefined) continue;
    if (location.experimentDir === undefined) return readFileStore(store, state);
    if (!refreshExperimentFor(store, state, location.experimentDir, location.runDir)) {
      return readFileStore(store, state);
    }
  }
  return readResult(store, state, true);
}

/** Returns false when the experiment is unknown, so the caller rereads the store. */
function refreshExperimentFor(
  store: string,
  state: FileStoreState,
  experimentDir: string,
  runDir: string | undefined,
): boolean {
  const previous = state.experiments[experimentDir];
  if (!previous) return false;
  const inTrash = path.dirname(experimentDir) === path.join(store, TRASH);
  const current = readExperiment(store, experimentDir, inTrash, previous);
  if (!current) {
    delete state.experiments[experimentDir];
    for (const dir of previous.runDirs) delete state.runs[dir];
    return true;
  }
  state.experiments[experimentDir] = current;
  if (current !== previous) {
    for (const dir of previous.runDirs) if (!current.runDirs.includes(dir)) delete state.runs[dir];
    for (const dir of current.runDirs)
      setRun(state, dir, readRunCached(dir, current.experiment, state.runs[dir]));
  }
  // The event itself says the run changed, even where its fingerprint does not watch the file.
  if (runDir && current.runDirs.includes(runDir))
    setRun(state, runDir, readRunSafely(runDir, current.experiment));
  return true;
}

function setRun(state: FileStoreState, runDir: string, run: CachedRun | undefined): void {
  if (run) state.runs[runDir] = run;
  else delete state.runs[runDir];
}

/** Which experiment folder and run folder of the store a changed path lies in ({} = the store itself). */
function locate(store: string, changed: string): { experimentDir?: string; runDir?: string } | undefined {
  const relative = path.relative(store, path.resolve(changed));
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  const parts = relative.split(path.sep).filter((p) => p !== '');
  if (parts[0] === REGISTRY) return undefined;
  const depth = parts[0] === TRASH ? 2 : 1;
  if (parts.length <= depth) return {};
  const experimentDir = path.join(store, ...parts.slice(0, depth));
  const next = parts[depth];
  if (next === 'meta.yaml' || RESERVED_EXPERIMENT_FOLDERS.has(next)) return { experimentDir };
  return { experimentDir, runDir: path.join(experimentDir, next) };
}

function listExperimentDirs(store: string, problems: Problem[]): { dir: string; deleted: boolean }[] {
  const dirs: { dir: string; deleted: boolean }[] = [];
  const before = problems.length;
  for (const name of listSubdirs(store, problems)) {
    if (name === TRASH || name === REGISTRY) continue;
    dirs.push({ dir: path.join(store, name), deleted: false });
  }
  if (problems.length > before) return dirs; // the store itself is unreadable: so is its .trash
  for (const name of listSubdirs(path.join(store, TRASH), problems)) {
    dirs.push({ dir: path.join(store, TRASH, name), deleted: true });
  }
  return dirs;
}

function listSubdirs(dir: string, problems: Problem[]): string[] {
  return subdirsOf(listFolder(dir, problems));
}

const subdirsOf = (entries: fs.Dirent[]): string[] =>
  entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

function readExperiment(
  store: string,
  dir: string,
  inTrash: boolean,
  previous: CachedExperiment | undefined,
): CachedExperiment | undefined {
  const metaPath = path.join(dir, 'meta.yaml');
  const fingerprint = fingerprintOf(dir, ['', 'meta.yaml', 'tags']);
  if (previous && sameStamp(previous.fingerprint.stamp, fingerprint.stamp)) return previous;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    // Its runs vanish from the list: say why, with the folder (unreadable, not absent).
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    const problems = [folderProblem(dir, error)];
    return { experiment: brokenExperiment(store, dir), fingerprint, runDirs: [], problems };
  }
  const metaEntry = entries.find((e) => e.name === 'meta.yaml' && !e.isDirectory());
  if (!metaEntry) return undefined;
  const problems: Problem[] = [];
  let meta: Record<string, unknown>;
  try {
    meta = parseMetaYaml(
      readSmallTextFile(metaPath, { limit: SMALL_FILE_LIMIT, knownRegular: metaEntry.isFile() }),
    );
  } catch (error) {
    problems.push({ path: metaPath, reason: `unreadable experiment meta.yaml: ${(error as Error).message}` });
    return { experiment: brokenExperiment(store, dir), fingerprint, runDirs: [], problems };
  }
  const id = asString(meta.experiment_id) ?? path.basename(dir);
  const lifecycle = inTrash || meta.lifecycle_stage === 'deleted' ? 'deleted' : 'active';
  const experiment: Experiment = {
    source: 'mlflow-file',
    store,
    id,
    name: asString(meta.name) ?? id,
    lifecycle,
    artifactLocation: asString(meta.artifact_location),
    tags: readKeyValueFolder(path.join(dir, 'tags'), problems),
  };
  const runDirs = subdirsOf(entries)
    .filter((name) => !RESERVED_EXPERIMENT_FOLDERS.has(name))
    .map((name) => path.join(dir, name));
  return { experiment, fingerprint, runDirs, problems };
}

function brokenExperiment(store: string, dir: string): Experiment {
  const id = path.basename(dir);
  return {
    source: 'mlflow-file',
    store,
    id,
    name: id,
    lifecycle: 'active',
    artifactLocation: null,
    tags: {},
  };
}

function reusableRun(experiment: Experiment, previous: CachedRun | undefined): CachedRun | undefined {
  // A renamed experiment changes only its own meta.yaml; a deleted one moves its runs to new paths.
  const sameExperiment = (previous?.sortKey?.experimentName ?? experiment.name) === experiment.name;
  return previous && sameExperiment && isFresh(previous.fingerprint) ? previous : undefined;
}

function readRunCached(
  runDir: string,
  experiment: Experiment,
  previous: CachedRun | undefined,
): CachedRun | undefined {
  const reusable = reusableRun(experiment, previous);
  if (reusable) return reusable;
  return readRunSafely(runDir, experiment);
}
