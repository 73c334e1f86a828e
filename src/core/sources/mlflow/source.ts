// MLflow's file store (`mlruns/`) and SQLite store behind the source interface.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StoreSnapshot } from '../../model';
import { encodeRun } from '../../runJson';
import { encodedSnapshotRuns } from '../encoded';
import { isInside } from '../paths';
import type { DiscoveredStore, EncodedRun, RunSource, StoreFinder } from '../source';
import {
  emptyFileStoreState,
  mayHoldMeta,
  problemsOf,
  readFileStore,
  snapshotOf,
  updateFileStore,
  type FileStoreState,
} from './fileStore';
import { readMetricHistoryFile } from './fileStoreRun';
import { fingerprintOf, isFresh, sameStamp, type Fingerprint } from './fingerprint';
import { hasSqliteHeader, readSqliteMetricHistory, readSqliteStore } from './sqliteStore';

export interface MlflowFileEntry {
  kind: 'mlflow-file';
  state: FileStoreState;
}

export interface MlflowSqliteEntry {
  kind: 'mlflow-sqlite';
  snapshot: StoreSnapshot;
  fingerprint: Fingerprint;
}

const DIGITS = /^[0-9]+$/;
const DATABASE_EXTENSIONS = new Set(['.db', '.sqlite', '.sqlite3']);
/** MLflow's default name: a file so named that cannot be read is reported, not skipped. */
export const MLFLOW_DATABASE = 'mlflow.db';

/** MLflow's own rule: a digit-named folder holding `meta.yaml` (found by its parent folder). */
class FileStoreFinder implements StoreFinder {
  private readonly found: string[] = [];

  notice(dir: string, entries: readonly fs.Dirent[]): 'store' | undefined {
    const isStore = entries.some(
      (e) => e.isDirectory() && DIGITS.test(e.name) && mayHoldMeta(path.join(dir, e.name)),
    );
    if (!isStore) return undefined;
    this.found.push(dir);
    return 'store';
  }

  stores(): DiscoveredStore[] {
    return this.found.map((dir) => ({ kind: 'mlflow-file', path: dir }));
  }
}

/** Whether a file is read as an SQLite store: by its header, or by MLflow's own name (then a file
 * that is no database is reported, never skipped in silence). */
function isDatabaseCandidate(file: string, name: string): boolean {
  return name === MLFLOW_DATABASE || (DATABASE_EXTENSIONS.has(path.extname(name)) && hasSqliteHeader(file));
}

class DatabaseFinder implements StoreFinder {
  private readonly found: string[] = [];

  notice(dir: string, entries: readonly fs.Dirent[]): undefined {
    for (const entry of entries) {
      const file = path.join(dir, entry.name);
      if (entry.isFile() && isDatabaseCandidate(file, entry.name)) this.found.push(file);
    }
    return undefined;
  }

  stores(): DiscoveredStore[] {
    return this.found.map((file) => ({ kind: 'mlflow-sqlite', path: file }));
  }
}

export const mlflowFileSource: RunSource<MlflowFileEntry> = {
  kinds: ['mlflow-file'],
  newStoreGlob: '**/meta.yaml',
  finder: () => new FileStoreFinder(),
  async read(store, previous, context) {
    const state = previous?.state ?? emptyFileStoreState();
    const read = await readFileStore(store.path, state, context.yieldNow, context.readInParallel);
    if (!read.changed && previous) return previous;
    return { kind: 'mlflow-file', state: read.state };
  },
  /** Runs are reread one by one. */
  async update(storePath, entry, changed) {
    return { kind: 'mlflow-file', state: (await updateFileStore(storePath, entry.state, changed)).state };
  },
  owns: (changed, storePath) => isInside(changed, storePath),
  watchPattern: (storePath) => ({ base: storePath, glob: '**/*' }),
  snapshot: (storePath, entry) => snapshotOf(storePath, entry.state),
  /** The cache keeps runs in listing order: a warm start hands them over already sorted. */
  encodedRuns(storePath, entry) {
    const result: EncodedRun[] = [];
    for (const cached of Object.values(entry.state.runs)) {
      if (cached.json !== null && cached.sortKey)
        result.push({ json: cached.json, store: storePath, sortKey: cached.sortKey });
    }
    return result;
  },
  problems: (entry) => problemsOf(entry.state),
  async history(_entry, run, key) {
    const problems: never[] = [];
    if (!run.runDir) return { points: [], problems };
    const file = path.join(run.runDir, 'metrics', ...key.split('/'));
    if (!fs.existsSync(file)) return { points: [], problems };
    const found: { path: string; reason: string }[] = [];
    return { points: readMetricHistoryFile(file, found), problems: found };
  },
};

function databaseFingerprint(file: string): Fingerprint {
  return fingerprintOf(path.dirname(file), [
    path.basename(file),
    `${path.basename(file)}-wal`,
    `${path.basename(file)}-journal`,
  ]);
}

export const mlflowSqliteSource: RunSource<MlflowSqliteEntry> = {
  kinds: ['mlflow-sqlite'],
  newStoreGlob: '**/{*.db,*.sqlite,*.sqlite3}',
  finder: () => new DatabaseFinder(),
  async read(store, previous) {
    const fingerprint = databaseFingerprint(store.path);
    if (previous && sameStamp(previous.fingerprint.stamp, fingerprint.stamp)) return previous;
    return { kind: 'mlflow-sqlite', snapshot: await readSqliteStore(store.path), fingerprint };
  },
  /** A database is reread whole when its files changed. */
  update(storePath, entry, _changed, context) {
    if (isFresh(entry.fingerprint)) return Promise.resolve(entry);
    return this.read({ kind: 'mlflow-sqlite', path: storePath }, undefined, context);
  },
  /** Its journal and WAL files sit beside it and belong to it. */
  owns: (changed, storePath) => path.resolve(changed).startsWith(storePath),
  watchPattern: (storePath) => ({ base: path.dirname(storePath), glob: `${path.basename(storePath)}*` }),
  snapshot: (_storePath, entry) => entry.snapshot,
  encodedRuns: (storePath, entry) => encodedSnapshotRuns(storePath, entry.snapshot, encodeRun),
  problems: (entry) => entry.snapshot.problems,
  async history(_entry, run, key) {
    try {
      return { points: await readSqliteMetricHistory(run.store, run.id, key), problems: [] };
    } catch (error) {
      // The database changed since it was listed (replaced, grown past the limit, truncated).
      const reason = `cannot read history: ${(error as Error).message}`;
      return { points: [], problems: [{ path: run.store, reason }] };
    }
  },
};
