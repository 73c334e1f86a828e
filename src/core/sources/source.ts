// The one interface every run source implements (MLflow file and SQLite stores, DVC repos, DVCLive
// folders, W&B run folders, …). The run index, the CLI and the views reach sources only through it
// and through the list in ./registry.ts: a new tracker is a new module and one line there.
import type * as fs from 'node:fs';
import type { MetricPoint, Problem, Run, SourceKind, StoreSnapshot } from '../model';
import type { RunSortKey } from './mlflow/cachedRun';
import type { RunBatchReader } from './mlflow/fileStore';

/** A store found under a workspace folder, before it is read. */
export interface DiscoveredStore {
  kind: SourceKind;
  /** Absolute path of the store: an `mlruns`-like folder, a database file, a DVC repo root, the folder
   * holding DVCLive folders, a `wandb/` folder. */
  path: string;
  /** DVCLive stores: the DVCLive folders (absolute) grouped in this store. */
  folders?: string[];
  /** DVC repos: their dvc.yaml files and sub-repos' `.dvc/config` seen by the walk (repo-relative). */
  files?: string[];
}

/**
 * What one source noticed while discovery walked the workspace. `notice` sees every folder the walk
 * enters; `stores` is asked once the walk is over.
 */
export interface StoreFinder {
  /**
   * Looks at one folder's entries. 'store' ends the walk there (the folder is a store of this source
   * and nothing below it is another store); otherwise the names of child folders not to enter.
   */
  notice(dir: string, entries: readonly fs.Dirent[]): 'store' | ReadonlySet<string> | undefined;
  stores(): DiscoveredStore[];
}

/** A store as read: plain data (it is cached between sessions with v8 serialization). */
export interface StoreEntry {
  kind: SourceKind;
}

export interface ReadContext {
  yieldNow?: () => Promise<void>;
  /** Reads many run folders at once elsewhere (worker threads). */
  readInParallel?: RunBatchReader;
  /** Commits of the current branch shown as DVC baselines. */
  dvcExperimentDepth: number;
}

/** A run as `runs --json` prints it, with what the CLI sorts and filters by. */
export interface EncodedRun {
  json: Uint8Array;
  store: string;
  sortKey: RunSortKey;
}

export interface HistoryRead {
  points: MetricPoint[];
  problems: Problem[];
}

export interface RunSource<Entry extends StoreEntry = StoreEntry> {
  /** The kinds of store this source reads (`Run.source`, `StoreSnapshot.source`). */
  readonly kinds: readonly SourceKind[];
  /**
   * Whether its stores are keyed apart from other stores at the same path (a DVCLive folder group
   * may sit at a DVC repo's root).
   */
  readonly keyedApart?: boolean;
  /** Read after every other store, given those already read (DVCLive leaves out pipeline folders). */
  readonly readLast?: boolean;
  /** Glob (workspace-relative, `**` allowed) of files whose appearance may mean a new store. */
  readonly newStoreGlob: string;
  /** A fresh finder for one discovery walk. */
  finder(): StoreFinder;
  /** Narrows a discovered store given the stores read before it; undefined skips it. */
  narrow?(store: DiscoveredStore, readBefore: readonly StoreEntry[]): DiscoveredStore | undefined;
  /** Reads a store; `previous` (same kind, from the cache or the last read) may be reused. */
  read(store: DiscoveredStore, previous: Entry | undefined, context: ReadContext): Promise<Entry>;
  /**
   * Applies changed paths (from a file watcher) that `owns` attributed to this store. Returns the
   * same entry when nothing changed.
   */
  update(storePath: string, entry: Entry, changed: readonly string[], context: ReadContext): Promise<Entry>;
  /** Whether a changed path concerns this store (which run, if any, `update` works out). */
  owns(changed: string, storePath: string, entry: Entry): boolean;
  /** Whether the store accounts for a changed path; unclaimed paths make discovery look again. */
  claims?(changed: string, storePath: string, entry: Entry): boolean;
  /** What a file watcher should watch for this store's changes. */
  watchPattern(storePath: string): { base: string; glob: string };
  snapshot(storePath: string, entry: Entry): StoreSnapshot;
  /** Every run's `runs --json` encoding without decoding cached runs. */
  encodedRuns(storePath: string, entry: Entry): EncodedRun[];
  problems(entry: Entry, storePath: string): Problem[];
  /** A metric's full history, read only now (histories are not kept in the index). */
  history(entry: Entry, run: Run, key: string): Promise<HistoryRead>;
}
