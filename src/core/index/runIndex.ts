import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MetricPoint, Problem, Run, StoreSnapshot } from '../model';
import {
  emptyFileStoreState,
  type RunBatchReader,
  problemsOf,
  readFileStore,
  snapshotOf,
  updateFileStore,
} from '../sources/mlflow/fileStore';
import type { RunSortKey } from '../sources/mlflow/cachedRun';
import { encodeRun } from '../runJson';
import { readMetricHistoryFile } from '../sources/mlflow/fileStoreRun';
import { fingerprintOf, isFresh, sameStamp, type Fingerprint } from '../sources/mlflow/fingerprint';
import { readSqliteMetricHistory, readSqliteStore } from '../sources/mlflow/sqliteStore';
import { discoverStores, type DiscoveredStore } from './discover';
import {
  DEFAULT_EXPERIMENT_DEPTH,
  dvcChangeScope,
  dvcHistory,
  encodeTypedRun,
  outsidePipelines,
  readDvcLiveGroup,
  readDvcRepo,
  rereadDvcWorkspace,
  type DvcRepoEntry,
} from './dvcStores';
import { loadIndexCache, saveIndexCache, type CachedStore, type FailedStore } from './indexCache';
import { isInside } from './paths';

export { isInside } from './paths';

export interface RunIndexOptions {
  /** Folders (or store paths) searched for stores. */
  roots: readonly string[];
  /** Store locations given explicitly (a setting), read even where discovery would not look. */
  extraStores?: readonly string[];
  /** File of the persistent index cache; none means no cache. */
  cacheFile?: string;
  /** How deep below each root stores are searched for. */
  searchDepth?: number;
  yieldNow?: () => Promise<void>;
  /** Reads many run folders at once elsewhere (worker threads); without it they are read here. */
  readInParallel?: RunBatchReader;
  onProgress?: (message: string) => void;
  /** Called once the stores of a refresh are found, before they are read (loading messages). */
  onDiscovered?: (stores: readonly DiscoveredStore[]) => void;
  /** Commits of the current branch shown as DVC baselines (`dvc exp show -n`); default 20. */
  dvcExperimentDepth?: number;
}

/** One run model over every store found: discovers, reads, caches and applies file changes. */
export class RunIndex {
  private stores = new Map<string, CachedStore>();
  private discovered: DiscoveredStore[] = [];
  private readonly snapshotMemo = new Map<string, StoreSnapshot>();
  /** Whether the stores differ from what the cache file holds. */
  private dirty = false;

  constructor(private readonly options: RunIndexOptions) {}

  /**
   * Discovers stores and reads each, reusing whatever the cache says is unchanged; `reread` reads
   * everything again (a refresh the user asks for: finished runs' metrics are otherwise final).
   */
  async refresh(options: { reread?: boolean } = {}): Promise<void> {
    const cached = options.reread
      ? new Map<string, CachedStore>()
      : this.stores.size > 0
        ? this.stores
        : loadIndexCache(this.options.cacheFile);
    const roots = [...this.options.roots, ...(this.options.extraStores ?? [])];
    this.discovered = await discoverStores(roots, {
      yieldNow: this.options.yieldNow,
      maxDepth: this.options.searchDepth,
    });
    this.options.onDiscovered?.(this.discovered);
    const next = new Map<string, CachedStore>();
    // DVCLive folders last: those a DVC pipeline of a repo read before already uses are left out.
    const ordered = [...this.discovered].sort(
      (a, b) => Number(a.kind === 'dvclive') - Number(b.kind === 'dvclive'),
    );
    for (const found of ordered) {
      const repos = [...next.values()].filter((e): e is DvcRepoEntry => e.kind === 'dvc');
      const store =
        found.kind === 'dvclive'
          ? { ...found, folders: outsidePipelines(found.folders ?? [], repos) }
          : found;
      if (store.folders?.length === 0) continue;
      this.options.onProgress?.(store.path);
      const key = storeKey(store);
      const previous = cached.get(key);
      const current = await this.readStoreSafely(store, previous);
      next.set(key, current);
      if (current !== previous) this.snapshotMemo.delete(key);
      this.dirty ||= current !== previous;
    }
    this.dirty ||= next.size !== cached.size;
    // Back in path order (DVCLive stores were read last).
    this.stores = new Map([...next].sort(([a], [b]) => pathOfKey(a).localeCompare(pathOfKey(b))));
    this.persist();
  }

  /** One store's failure is shown under that store; the others are read as usual. */
  private async readStoreSafely(
    store: DiscoveredStore,
    previous: CachedStore | undefined,
  ): Promise<CachedStore> {
    try {
      return await this.readStore(store, previous?.kind === 'failed' ? undefined : previous);
    } catch (error) {
      return failedStore(store, error);
    }
  }

  private async readStore(store: DiscoveredStore, previous: CachedStore | undefined): Promise<CachedStore> {
    if (store.kind === 'dvc')
      return readDvcRepo(
        store.path,
        previous?.kind === 'dvc' ? previous : undefined,
        this.depth,
        store.files,
      );
    if (store.kind === 'dvclive') return readDvcLiveGroup(store.path, store.folders ?? []);
    if (store.kind === 'mlflow-file') {
      const state = previous?.kind === 'mlflow-file' ? previous.state : emptyFileStoreState();
      const read = await readFileStore(store.path, state, this.options.yieldNow, this.options.readInParallel);
      if (!read.changed && previous) return previous;
      return { kind: 'mlflow-file', state: read.state };
    }
    const fingerprint = databaseFingerprint(store.path);
    if (previous?.kind === 'mlflow-sqlite' && sameStamp(previous.fingerprint.stamp, fingerprint.stamp))
      return previous;
    return { kind: 'mlflow-sqlite', snapshot: await readSqliteStore(store.path), fingerprint };
  }

  /**
   * Applies changed paths (from a file watcher). Returns true when the model may have changed.
   * Runs are reread one by one; a database is reread whole when its files changed.
   */
  async applyChanges(changedPaths: readonly string[]): Promise<boolean> {
    let changed = false;
    for (const [key, entry] of this.stores) {
      const storePath = pathOfKey(key);
      const inside = changedPaths.filter((p) => belongsTo(p, storePath, entry));
      if (inside.length === 0) continue;
      try {
        changed = (await this.applyStoreChanges(key, entry, inside)) || changed;
      } catch (error) {
        this.snapshotMemo.delete(key);
        this.stores.set(key, failedStore(this.discoveredAt(key, entry), error));
        changed = true;
      }
    }
    const unclaimed = changedPaths.some(
      (p) => ![...this.stores].some(([k, e]) => claims(p, pathOfKey(k), e)),
    );
    if (unclaimed && (await this.storesAppearedOrVanished())) {
      await this.refresh();
      changed = true;
    }
    this.dirty ||= changed;
    return changed;
  }

  /** One store's share of file events; true when its model may have changed. */
  private async applyStoreChanges(
    key: string,
    entry: CachedStore,
    inside: readonly string[],
  ): Promise<boolean> {
    const storePath = pathOfKey(key);
    let updated: CachedStore;
    if (entry.kind === 'failed') updated = await this.readStoreSafely(entry.store, undefined);
    else if (entry.kind === 'dvc' || entry.kind === 'dvclive')
      updated = await this.updateDvcStore(storePath, entry, inside);
    else if (entry.kind === 'mlflow-file')
      updated = { kind: 'mlflow-file', state: (await updateFileStore(storePath, entry.state, inside)).state };
    else if (!isFresh(entry.fingerprint))
      updated = await this.readStore({ kind: 'mlflow-sqlite', path: storePath }, undefined);
    else return false;
    if (updated === entry) return false;
    this.stores.set(key, updated);
    this.snapshotMemo.delete(key);
    return true;
  }

  /** The discovery a store was read from (a failed DVCLive store needs its folders to be read again). */
  private discoveredAt(key: string, entry: CachedStore): DiscoveredStore {
    if (entry.kind === 'failed') return entry.store;
    return this.discovered.find((s) => storeKey(s) === key) ?? { kind: entry.kind, path: pathOfKey(key) };
  }

  private async storesAppearedOrVanished(): Promise<boolean> {
    const known = new Set(this.discovered.map(discoveryKey));
    const roots = [...this.options.roots, ...(this.options.extraStores ?? [])];
    const found = await discoverStores(roots, {
      yieldNow: this.options.yieldNow,
      maxDepth: this.options.searchDepth,
    });
    return found.length !== known.size || found.some((s) => !known.has(discoveryKey(s)));
  }

  private get depth(): number {
    return this.options.dvcExperimentDepth ?? DEFAULT_EXPERIMENT_DEPTH;
  }

  /** A DVC repo rereads its workspace row, or its revisions when Git refs moved; DVCLive folders reread. */
  private async updateDvcStore(
    storePath: string,
    entry: Extract<CachedStore, { kind: 'dvc' | 'dvclive' }>,
    inside: readonly string[],
  ): Promise<CachedStore> {
    if (entry.kind === 'dvclive') return readDvcLiveGroup(storePath, entry.folders);
    const scopes = new Set(inside.map((p) => dvcChangeScope(p, storePath)));
    if (scopes.has('revisions')) return readDvcRepo(storePath, entry, this.depth);
    if (scopes.has('workspace')) return rereadDvcWorkspace(storePath, entry);
    return entry;
  }

  /** Writes the cache now (after incremental updates, e.g. when the extension deactivates). */
  persist(): void {
    if (!this.dirty) return;
    saveIndexCache(this.options.cacheFile, this.stores);
    this.dirty = false;
  }

  get snapshots(): StoreSnapshot[] {
    return [...this.stores].map(([path, entry]) => this.snapshotOf(path, entry));
  }

  private snapshotOf(storePath: string, entry: CachedStore): StoreSnapshot {
    if (entry.kind !== 'mlflow-file') return entry.snapshot;
    let snapshot = this.snapshotMemo.get(storePath);
    if (!snapshot) {
      snapshot = snapshotOf(storePath, entry.state);
      this.snapshotMemo.set(storePath, snapshot);
    }
    return snapshot;
  }

  /**
   * Every run as its `runs --json` encoding with what the CLI sorts and filters by, without
   * decoding cached runs (a warm start prints them as they were stored).
   */
  encodedRuns(): { json: Uint8Array; store: string; sortKey: RunSortKey }[] {
    const result: { json: Uint8Array; store: string; sortKey: RunSortKey }[] = [];
    for (const [key, entry] of this.stores) {
      const store = pathOfKey(key);
      if (entry.kind !== 'mlflow-file') {
        const encode = entry.kind === 'mlflow-sqlite' ? encodeRun : encodeTypedRun;
        for (const run of entry.snapshot.runs) {
          const { experimentName, startTime, id, lifecycle } = run;
          result.push({
            json: Buffer.from(encode(run)),
            store,
            sortKey: { experimentName, startTime, id, lifecycle },
          });
        }
        continue;
      }
      // The cache keeps runs in listing order: a warm start hands them over already sorted.
      for (const cached of Object.values(entry.state.runs)) {
        if (cached.json !== null && cached.sortKey)
          result.push({ json: cached.json, store, sortKey: cached.sortKey });
      }
    }
    return result;
  }

  /** Problems of every store, without decoding runs. */
  problems(): Problem[] {
    return [...this.stores].flatMap(([, entry]) =>
      entry.kind === 'mlflow-file' ? problemsOf(entry.state) : entry.snapshot.problems,
    );
  }

  /** The stores' paths (a DVC repo and DVCLive folders of its root share one). */
  get storePaths(): string[] {
    return [...new Set([...this.stores.keys()].map(pathOfKey))];
  }

  allRuns(): Run[] {
    return this.snapshots.flatMap((s) => s.runs);
  }

  findRun(store: string, id: string): Run | undefined {
    for (const key of [store, storeKey({ kind: 'dvclive', path: store })]) {
      const entry = this.stores.get(key);
      const run = entry ? this.snapshotOf(key, entry).runs.find((r) => r.id === id) : undefined;
      if (run) return run;
    }
    return undefined;
  }

  findRunsById(id: string): Run[] {
    return this.allRuns().filter((r) => r.id === id);
  }

  /** A metric's full history, read only now (histories are not kept in the index). */
  async history(run: Run, key: string): Promise<{ points: MetricPoint[]; problems: Problem[] }> {
    const problems: Problem[] = [];
    if (run.source === 'dvc' || run.source === 'dvclive') {
      const entry = this.stores.get(storeKey({ kind: run.source, path: run.store }));
      return entry?.kind === run.source ? dvcHistory(entry, run, key) : { points: [], problems };
    }
    if (run.source === 'mlflow-sqlite') {
      try {
        return { points: await readSqliteMetricHistory(run.store, run.id, key), problems };
      } catch (error) {
        // The database changed since it was listed (replaced, grown past the limit, truncated).
        problems.push({ path: run.store, reason: `cannot read history: ${(error as Error).message}` });
        return { points: [], problems };
      }
    }
    if (!run.runDir) return { points: [], problems };
    const file = path.join(run.runDir, 'metrics', ...key.split('/'));
    if (!fs.existsSync(file)) return { points: [], problems };
    return { points: readMetricHistoryFile(file, problems), problems };
  }
}

/** What a store whose read threw shows: no runs, and the error under the store. */
function failedStore(store: DiscoveredStore, error: unknown): FailedStore {
  const reason = `cannot read store: ${error instanceof Error ? error.message : String(error)}`;
  return {
    kind: 'failed',
    store,
    snapshot: {
      source: store.kind,
      store: store.path,
      experiments: [],
      runs: [],
      problems: [{ path: store.path, reason }],
    },
  };
}

function databaseFingerprint(file: string): Fingerprint {
  return fingerprintOf(path.dirname(file), [
    path.basename(file),
    `${path.basename(file)}-wal`,
    `${path.basename(file)}-journal`,
  ]);
}

/** A database's journal and WAL files sit beside it and belong to it; DVCLive stores own their folders. */
function belongsTo(changed: string, storePath: string, entry: CachedStore): boolean {
  if (entry.kind === 'mlflow-sqlite') return path.resolve(changed).startsWith(storePath);
  if (entry.kind === 'dvclive') return entry.folders.some((folder) => isInside(changed, folder));
  return isInside(changed, storePath);
}

/** Files that may start a new store: inside a DVC repo they still make discovery look again. */
const STORE_MARKERS = /(?:^|[\\/])(?:meta\.yaml|dvc\.yaml|metrics\.json|[^\\/]+\.(?:db|sqlite3?))$/;

/** Whether a store accounts for a changed path (unclaimed paths may mean stores appeared). */
function claims(changed: string, storePath: string, entry: CachedStore): boolean {
  if (entry.kind === 'dvc') return isInside(changed, storePath) && !STORE_MARKERS.test(changed);
  return belongsTo(changed, storePath, entry);
}

/** DVCLive stores are keyed apart: their folder may also be a DVC repo's root. */
function storeKey(store: Pick<DiscoveredStore, 'kind' | 'path'>): string {
  return store.kind === 'dvclive' ? `${store.path}\u0000dvclive` : store.path;
}

function pathOfKey(key: string): string {
  return key.split('\u0000')[0];
}

/** New DVCLive folders or dvc.yaml files count as changed stores (they are read with them). */
function discoveryKey(store: DiscoveredStore): string {
  return [storeKey(store), ...(store.folders ?? []), ...(store.files ?? [])].join('\u0000');
}
