import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import type { StoreSnapshot } from '../model';
import type { FileStoreState } from '../sources/mlflow/fileStore';
import type { Fingerprint } from '../sources/mlflow/fingerprint';
import type { DvcLiveEntry, DvcRepoEntry } from './dvcStores';

export type CachedStore =
  | { kind: 'mlflow-file'; state: FileStoreState }
  | { kind: 'mlflow-sqlite'; snapshot: StoreSnapshot; fingerprint: Fingerprint }
  | DvcRepoEntry
  | DvcLiveEntry;

/** Bump when the shape of cached runs changes: an old cache is then ignored, never misread. */
const CACHE_VERSION = 3;

interface CacheFile {
  version: number;
  stores: [string, CachedStore][];
}

/** Reads the persistent index cache; anything unreadable or of another version counts as empty. */
export function loadIndexCache(file: string | undefined): Map<string, CachedStore> {
  if (!file) return new Map();
  try {
    const data = v8.deserialize(fs.readFileSync(file)) as CacheFile;
    if (data?.version !== CACHE_VERSION || !Array.isArray(data.stores)) return new Map();
    return new Map(data.stores);
  } catch {
    return new Map();
  }
}

/** Writes the cache atomically (a reader never sees half a file); failures only cost speed. */
export function saveIndexCache(file: string | undefined, stores: Map<string, CachedStore>): void {
  if (!file) return;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    const data: CacheFile = {
      version: CACHE_VERSION,
      stores: [...stores].map(([p, s]) => [p, withoutDecodedRuns(s)]),
    };
    fs.writeFileSync(temporary, v8.serialize(data));
    fs.renameSync(temporary, file);
  } catch {
    // The cache only saves time; the next start reads the stores again.
  }
}

/** Decoded runs stay in memory: the file holds each run once, as the JSON string the CLI prints. */
function withoutDecodedRuns(store: CachedStore): CachedStore {
  if (store.kind !== 'mlflow-file') return store;
  const runs: FileStoreState['runs'] = {};
  for (const [dir, { json, sortKey, problems, fingerprint }] of Object.entries(store.state.runs)) {
    runs[dir] = { json, sortKey, problems, fingerprint };
  }
  return { kind: 'mlflow-file', state: { experiments: store.state.experiments, runs } };
}
