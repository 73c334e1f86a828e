import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MetricPoint, Problem, Run, StoreSnapshot } from '../model';
import { emptyFileStoreState, readFileStore, updateFileStore } from '../sources/mlflow/fileStore';
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
  onProgress?: (message: string) => void;
}

/** One run model over every store found: discovers, reads, caches and applies file changes. */
export class RunIndex {
  private stores = new Map<string, CachedStore>();
  private discovered: DiscoveredStore[] = [];

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
      next.set(store.path, await this.readStore(store, cached.get(store.path)));
    }
    this.stores = next;
    saveIndexCache(this.options.cacheFile, this.stores);
  }

  private async readStore(store: DiscoveredStore, previous: CachedStore | undefined): Promise<CachedStore> {
    if (store.kind === 'mlflow-file') {
      const state = previous?.kind === 'mlflow-file' ? previous.state : emptyFileStoreState();
      const { snapshot, state: next } = await readFileStore(store.path, state, this.options.yieldNow);
      return { kind: 'mlflow-file', snapshot, state: next };
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
        const { snapshot, state } = await updateFileStore(storePath, entry.state, inside);
        this.stores.set(storePath, { kind: 'mlflow-file', snapshot, state });
        changed = true;
      } else if (!isFresh(entry.fingerprint)) {
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
    saveIndexCache(this.options.cacheFile, this.stores);
  }

  get snapshots(): StoreSnapshot[] {
    return [...this.stores.values()].map((s) => s.snapshot);
  }

  get storePaths(): string[] {
    return [...this.stores.keys()];
  }

  allRuns(): Run[] {
    return this.snapshots.flatMap((s) => s.runs);
  }

  problems(): Problem[] {
    return this.snapshots.flatMap((s) => s.problems);
  }

  findRun(store: string, id: string): Run | undefined {
    return this.stores.get(store)?.snapshot.runs.find((r) => r.id === id);
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
  return fingerprintOf([file, `${file}-wal`, `${file}-journal`]);
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
