import type { Problem, Run, StoreSnapshot } from '../model';
import { DEFAULT_EXPERIMENT_DEPTH } from '../sources/dvcExperiments/storeEntries';
import type { RunBatchReader } from '../sources/mlflow/fileStore';
import { sourceOf, SOURCES } from '../sources/registry';
import type { EncodedRun, HistoryRead, ReadContext, RunSource } from '../sources/source';
import { discoverStores, type DiscoveredStore } from './discover';
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
    // Sources that read last (DVCLive) see the stores read before them (a pipeline's DVCLive folder
    // is left out: the repo's rows show it).
    const ordered = [...this.discovered].sort(
      (a, b) => Number(sourceOf(a.kind).readLast ?? false) - Number(sourceOf(b.kind).readLast ?? false),
    );
    for (const found of ordered) {
      const source = sourceOf(found.kind);
      const readBefore = [...next.values()].filter(
        (e): e is Exclude<CachedStore, FailedStore> => e.kind !== 'failed',
      );
      const store = source.narrow ? source.narrow(found, readBefore) : found;
      if (!store) continue;
      this.options.onProgress?.(store.path);
      const key = storeKey(store);
      const previous = cached.get(key);
      const current = await this.readStoreSafely(store, previous);
      next.set(key, current);
      if (current !== previous) this.snapshotMemo.delete(key);
      this.dirty ||= current !== previous;
    }
    this.dirty ||= next.size !== cached.size;
    // Back in path order (some stores were read last).
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
    const reused = previous?.kind === store.kind ? previous : undefined;
    return (await sourceOf(store.kind).read(store, reused, this.context)) as CachedStore;
  }

  private get context(): ReadContext {
    return {
      yieldNow: this.options.yieldNow,
      readInParallel: this.options.readInParallel,
      dvcExperimentDepth: this.options.dvcExperimentDepth ?? DEFAULT_EXPERIMENT_DEPTH,
    };
  }

  /**
   * Applies changed paths (from a file watcher). Returns true when the model may have changed.
   * Each source works out which of its runs the paths concern (MLflow runs are reread one by one, a
   * database whole, a W&B log from its last complete record on).
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
    const updated =
      entry.kind === 'failed'
        ? await this.readStoreSafely(entry.store, undefined)
        : ((await sourceOf(entry.kind).update(pathOfKey(key), entry, inside, this.context)) as CachedStore);
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

  /** Writes the cache now (after incremental updates, e.g. when the extension deactivates). */
  persist(): void {
    if (!this.dirty) return;
    saveIndexCache(this.options.cacheFile, this.stores);
    this.dirty = false;
  }

  get snapshots(): StoreSnapshot[] {
    return [...this.stores].map(([path, entry]) => this.snapshotOf(path, entry));
  }

  private snapshotOf(key: string, entry: CachedStore): StoreSnapshot {
    if (entry.kind === 'failed') return entry.snapshot;
    let snapshot = this.snapshotMemo.get(key);
    if (!snapshot) {
      snapshot = sourceOf(entry.kind).snapshot(pathOfKey(key), entry);
      this.snapshotMemo.set(key, snapshot);
    }
    return snapshot;
  }

  /**
   * Every run as its `runs --json` encoding with what the CLI sorts and filters by, without
   * decoding cached runs (a warm start prints them as they were stored).
   */
  encodedRuns(): EncodedRun[] {
    return [...this.stores].flatMap(([key, entry]) =>
      entry.kind === 'failed' ? [] : sourceOf(entry.kind).encodedRuns(pathOfKey(key), entry),
    );
  }

  /** Problems of every store, without decoding runs. */
  problems(): Problem[] {
    return [...this.stores].flatMap(([key, entry]) =>
      entry.kind === 'failed'
        ? entry.snapshot.problems
        : sourceOf(entry.kind).problems(entry, pathOfKey(key)),
    );
  }

  /** What file watchers should watch: each store's files, and files that may start a new store. */
  watchPatterns(): { base: string; glob: string }[] {
    return [...this.stores].map(([key, entry]) =>
      sourceOf(entry.kind === 'failed' ? entry.store.kind : entry.kind).watchPattern(pathOfKey(key)),
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
    const keys = new Set(SOURCES.flatMap((s) => s.kinds).map((kind) => storeKey({ kind, path: store })));
    for (const key of keys) {
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
  async history(run: Run, key: string): Promise<HistoryRead> {
    const entry = this.stores.get(storeKey({ kind: run.source, path: run.store }));
    if (!entry || entry.kind !== run.source) return { points: [], problems: [] };
    return sourceOf(run.source).history(entry, run, key);
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

/** Whether a changed path concerns a store (a failed one: anything inside its path). */
function belongsTo(changed: string, storePath: string, entry: CachedStore): boolean {
  if (entry.kind === 'failed') return isInside(changed, storePath);
  return sourceOf(entry.kind).owns(changed, storePath, entry);
}

/** Whether a store accounts for a changed path (unclaimed paths may mean stores appeared). */
function claims(changed: string, storePath: string, entry: CachedStore): boolean {
  if (entry.kind === 'failed') return isInside(changed, storePath);
  const source: RunSource = sourceOf(entry.kind);
  return (source.claims ?? source.owns)(changed, storePath, entry);
}

/** Some stores are keyed apart: a DVCLive folder group may also be a DVC repo's root. */
function storeKey(store: Pick<DiscoveredStore, 'kind' | 'path'>): string {
  return sourceOf(store.kind).keyedApart ? `${store.path}\u0000${store.kind}` : store.path;
}

function pathOfKey(key: string): string {
  return key.split('\u0000')[0];
}

/** New DVCLive folders or dvc.yaml files count as changed stores (they are read with them). */
function discoveryKey(store: DiscoveredStore): string {
  return [storeKey(store), ...(store.folders ?? []), ...(store.files ?? [])].join('\u0000');
}
