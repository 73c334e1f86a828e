import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MetricPoint, Problem, Run, StoreSnapshot } from '../model';
import {
  emptyFileStoreState,
  orderedRuns,
  type RunBatchReader,
  problemsOf,
  readFileStore,
  snapshotOf,
  updateFileStore,
} from '../sources/mlflow/fileStore';
import type { RunSortKey } from '../sources/mlflow/cachedRun';
import { encodeRun } from '../runJson';
import { readMetricHistoryFile } from '../sources/mlflow/fileStoreRun';
import { fingerprintOf, isFresh, type Fingerprint } from '../sources/mlflow/fingerprint';
import { readSqliteMetricHistory, readSqliteStore } from '../sources/mlflow/sqliteStore';
import { discoverStores, type DiscoveredStore } from './discover';
import { loadIndexCache, saveIndexCache, type CachedStore } from './indexCache';

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
}

/** One run model over every store found: discovers, reads, caches and applies file changes. */
export class RunIndex {
  private stores = new Map<string, CachedStore>();
  private discovered: DiscoveredStore[] = [];
  private readonly snapshotMemo = new Map<string, StoreSnapshot>();
  /** Whether the stores differ from what the cache file holds. */
  private dirty = false;

  constructor(private readonly options: RunIndexOptions) {}

  /** Discovers stores and reads each, reusing whatever the cache says is unchanged. */
  async refresh(): Promise<void> {
    const cached = this.stores.size > 0 ? this.stores : loadIndexCache(this.options.cacheFile);
    const roots = [...this.options.roots, ...(this.options.extraStores ?? [])];
    this.discovered = await discoverStores(roots, {
      yieldNow: this.options.yieldNow,
      maxDepth: this.options.searchDepth,
    });
    const next = new Map<string, CachedStore>();
    for (const store of this.discovered) {
      this.options.onProgress?.(store.path);
      const previous = cached.get(store.path);
      const current = await this.readStore(store, previous);
      next.set(store.path, current);
      if (current !== previous) this.snapshotMemo.delete(store.path);
      this.dirty ||= current !== previous;
    }
    this.dirty ||= next.size !== cached.size;
    this.stores = next;
    this.persist();
  }

  private async readStore(store: DiscoveredStore, previous: CachedStore | undefined): Promise<CachedStore> {
    if (store.kind === 'mlflow-file') {
      const state = previous?.kind === 'mlflow-file' ? previous.state : emptyFileStoreState();
      const read = await readFileStore(store.path, state, this.options.yieldNow, this.options.readInParallel);
      if (!read.changed && previous) return previous;
      return { kind: 'mlflow-file', state: read.state };
    }
    const fingerprint = databaseFingerprint(store.path);
    if (previous?.kind === 'mlflow-sqlite' && previous.fingerprint.stamp === fingerprint.stamp)
      return previous;
    return { kind: 'mlflow-sqlite', snapshot: await readSqliteStore(store.path), fingerprint };
  }

  /**
   * Applies changed paths (from a file watcher). Returns true when the model may have changed.
   * Runs are reread one by one; a database is reread whole when its files changed.
   */
  async applyChanges(changedPaths: readonly string[]): Promise<boolean> {
    let changed = false;
    for (const [storePath, entry] of this.stores) {
      const inside = changedPaths.filter((p) => belongsTo(p, storePath, entry.kind));
      if (inside.length === 0) continue;
      if (entry.kind === 'mlflow-file') {
        const { state } = await updateFileStore(storePath, entry.state, inside);
        this.stores.set(storePath, { kind: 'mlflow-file', state });
        this.snapshotMemo.delete(storePath);
        changed = true;
      } else if (!isFresh(entry.fingerprint)) {
        this.snapshotMemo.delete(storePath);
        this.stores.set(
          storePath,
          await this.readStore({ kind: 'mlflow-sqlite', path: storePath }, undefined),
        );
        changed = true;
      }
    }
    const unclaimed = changedPaths.some((p) => ![...this.stores].some(([s, e]) => belongsTo(p, s, e.kind)));
    if (unclaimed && (await this.storesAppearedOrVanished())) {
      await this.refresh();
      changed = true;
    }
    this.dirty ||= changed;
    return changed;
  }

  private async storesAppearedOrVanished(): Promise<boolean> {
    const known = new Set(this.stores.keys());
    const roots = [...this.options.roots, ...(this.options.extraStores ?? [])];
    const found = await discoverStores(roots, {
      yieldNow: this.options.yieldNow,
      maxDepth: this.options.searchDepth,
    });
    return found.length !== known.size || found.some((s) => !known.has(s.path));
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
    if (entry.kind === 'mlflow-sqlite') return entry.snapshot;
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
    for (const [store, entry] of this.stores) {
      if (entry.kind === 'mlflow-sqlite') {
        for (const run of entry.snapshot.runs) {
          const { experimentName, startTime, id, lifecycle } = run;
          result.push({
            json: Buffer.from(encodeRun(run)),
            store,
            sortKey: { experimentName, startTime, id, lifecycle },
          });
        }
        continue;
      }
      for (const cached of orderedRuns(entry.state)) {
        if (cached.json !== null && cached.sortKey)
          result.push({ json: cached.json, store, sortKey: cached.sortKey });
      }
    }
    return result;
  }

  /** Problems of every store, without decoding runs. */
  problems(): Problem[] {
    return [...this.stores].flatMap(([, entry]) =>
      entry.kind === 'mlflow-sqlite' ? entry.snapshot.problems : problemsOf(entry.state),
    );
  }

  get storePaths(): string[] {
    return [...this.stores.keys()];
  }

  allRuns(): Run[] {
    return this.snapshots.flatMap((s) => s.runs);
  }

  findRun(store: string, id: string): Run | undefined {
    const entry = this.stores.get(store);
    return entry ? this.snapshotOf(store, entry).runs.find((r) => r.id === id) : undefined;
  }

  findRunsById(id: string): Run[] {
    return this.allRuns().filter((r) => r.id === id);
  }

  /** A metric's full history, read only now (histories are not kept in the index). */
  async history(run: Run, key: string): Promise<{ points: MetricPoint[]; problems: Problem[] }> {
    const problems: Problem[] = [];
    if (run.source === 'mlflow-sqlite') {
      return { points: await readSqliteMetricHistory(run.store, run.id, key), problems };
    }
    if (!run.runDir) return { points: [], problems };
    const file = path.join(run.runDir, 'metrics', ...key.split('/'));
    if (!fs.existsSync(file)) return { points: [], problems };
    return { points: readMetricHistoryFile(file, problems), problems };
  }
}

function databaseFingerprint(file: string): Fingerprint {
  return fingerprintOf(path.dirname(file), [
    path.basename(file),
    `${path.basename(file)}-wal`,
    `${path.basename(file)}-journal`,
  ]);
}

/** A database's journal and WAL files sit beside it and belong to it. */
function belongsTo(changed: string, storePath: string, kind: CachedStore['kind']): boolean {
  if (kind === 'mlflow-sqlite') return path.resolve(changed).startsWith(storePath);
  return isInside(changed, storePath);
}

export function isInside(candidate: string, dir: string): boolean {
  const relative = path.relative(dir, path.resolve(candidate));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
