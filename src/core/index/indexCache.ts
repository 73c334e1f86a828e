import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import type { Problem, Run, StoreSnapshot } from '../model';
import type { CachedExperiment, CachedRun, FileStoreState } from '../sources/mlflow/fileStore';
import { compareListedRuns } from '../sources/mlflow/cachedRun';
import type { Fingerprint } from '../sources/mlflow/fingerprint';
import type { DiscoveredStore } from './discover';
import type { DvcLiveEntry, DvcRepoEntry } from '../sources/dvcExperiments/storeEntries';
import type { WandbEntry } from '../sources/wandb/store';

export type CachedStore =
  | { kind: 'mlflow-file'; state: FileStoreState }
  | { kind: 'mlflow-sqlite'; snapshot: StoreSnapshot; fingerprint: Fingerprint }
  | DvcRepoEntry
  | DvcLiveEntry
  | WandbEntry
  | FailedStore;

/** A store whose read threw: shown with the error under it, never cached, read again next time. */
export interface FailedStore {
  kind: 'failed';
  /** As discovered, to read it again. */
  store: DiscoveredStore;
  snapshot: StoreSnapshot;
}

/** Bump when the shape of cached runs changes: an old cache is then ignored, never misread. */
const CACHE_VERSION = 7;

/**
 * A file store's runs as stored: one array per field (a warm start of 10,000 runs deserializes a
 * few arrays, not 10,000 objects with their key names), paths relative to the store, and each
 * run's JSON in the file's blob in listing order, each followed by a comma: structured cloning
 * would copy every buffer one by one, and a warm `runs --json` writes the blob out as it is.
 */
interface StoredRuns {
  /** Run folders relative to the store; they are also the base of the runs' fingerprints. */
  dirs: string[];
  watched: string[];
  /** Every run's stamp numbers one after the other; `stampEnds[i]` is where run i's end. */
  stamps: Float64Array;
  stampEnds: Int32Array;
  /** Null for a broken run (no JSON, no sort key). */
  experimentNames: (string | null)[];
  ids: string[];
  lifecycles: Run['lifecycle'][];
  startTimes: (number | null)[];
  /** Byte length of each run's JSON in the blob; -1 for none. */
  lengths: Int32Array;
  /** Problems by run position (most runs have none). */
  problems: [number, Problem[]][];
}

interface StoredExperiment extends Omit<CachedExperiment, 'runDirs'> {
  dir: string;
  /** Run folder names inside the experiment folder. */
  runNames: string[];
}

type StoredStore =
  | { kind: 'mlflow-file'; experiments: StoredExperiment[]; runs: StoredRuns }
  | Exclude<CachedStore, { kind: 'mlflow-file' | 'failed' }>;

interface CacheHeader {
  version: number;
  stores: [string, StoredStore][];
}

/** File layout: header length (uint32 LE), the header (v8 serialized), the runs' JSON bytes. */
const LENGTH_BYTES = 4;
const COMMA = Buffer.from(',');

/** Reads the persistent index cache; anything unreadable or of another version counts as empty. */
export function loadIndexCache(file: string | undefined): Map<string, CachedStore> {
  if (!file) return new Map();
  try {
    const bytes = fs.readFileSync(file);
    const headerLength = bytes.readUInt32LE(0);
    const header = v8.deserialize(bytes.subarray(LENGTH_BYTES, LENGTH_BYTES + headerLength)) as CacheHeader;
    if (header?.version !== CACHE_VERSION || !Array.isArray(header.stores)) return new Map();
    const blob = { bytes: bytes.subarray(LENGTH_BYTES + headerLength), offset: 0 };
    return new Map(header.stores.map(([key, stored]) => [key, restoredStore(key, stored, blob)]));
  } catch {
    return new Map();
  }
}

function restoredStore(
  store: string,
  stored: StoredStore,
  blob: { bytes: Buffer; offset: number },
): CachedStore {
  if (stored.kind !== 'mlflow-file') return stored;
  const experiments: FileStoreState['experiments'] = {};
  for (const { dir, runNames, ...experiment } of stored.experiments) {
    experiments[dir] = { ...experiment, runDirs: runNames.map((name) => dir + path.sep + name) };
  }
  const { dirs, watched, stamps, stampEnds, experimentNames, ids, lifecycles, startTimes, lengths } =
    stored.runs;
  const problems = new Map(stored.runs.problems);
  const runs: FileStoreState['runs'] = {};
  for (let i = 0; i < dirs.length; i++) {
    const dir = store + path.sep + dirs[i];
    const experimentName = experimentNames[i];
    const length = lengths[i];
    let json: Uint8Array | null = null;
    if (length >= 0) {
      if (blob.offset + length > blob.bytes.length) throw new Error('index cache is truncated');
      json = blob.bytes.subarray(blob.offset, blob.offset + length);
      blob.offset += length + COMMA.length;
    }
    runs[dir] = {
      json,
      sortKey:
        experimentName === null
          ? null
          : { experimentName, id: ids[i], lifecycle: lifecycles[i], startTime: startTimes[i] },
      problems: problems.get(i) ?? [],
      fingerprint: {
        base: dir,
        paths: watched[i],
        stamp: stamps.subarray(i === 0 ? 0 : stampEnds[i - 1], stampEnds[i]),
      },
    };
  }
  return { kind: 'mlflow-file', state: { experiments, runs } };
}

/** Writes the cache atomically (a reader never sees half a file); failures only cost speed. */
export function saveIndexCache(file: string | undefined, stores: Map<string, CachedStore>): void {
  if (!file) return;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const blob: Uint8Array[] = [];
    const header: CacheHeader = { version: CACHE_VERSION, stores: [] };
    for (const [key, store] of stores) {
      if (store.kind === 'failed') continue;
      const stored = store.kind === 'mlflow-file' ? storedFileStore(key, store.state, blob) : store;
      if (stored) header.stores.push([key, stored]);
    }
    const headerBytes = v8.serialize(header);
    const length = Buffer.alloc(LENGTH_BYTES);
    length.writeUInt32LE(headerBytes.byteLength);
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, Buffer.concat([length, headerBytes, ...blob]));
    fs.renameSync(temporary, file);
  } catch {
    // The cache only saves time; the next start reads the stores again.
  }
}

/** Undefined (the store is not cached) when a path lies outside the store, which reads never do. */
function storedFileStore(store: string, state: FileStoreState, blob: Uint8Array[]): StoredStore | undefined {
  const relative = (p: string) => (p.startsWith(store + path.sep) ? p.slice(store.length + 1) : undefined);
  const experiments: StoredExperiment[] = [];
  for (const [dir, { runDirs, ...experiment }] of Object.entries(state.experiments)) {
    const runNames = runDirs.map((runDir) => path.basename(runDir));
    if (runDirs.some((runDir, i) => runDir !== dir + path.sep + runNames[i])) return undefined;
    experiments.push({ ...experiment, dir, runNames });
  }
  const entries = Object.entries(state.runs).sort(([, a], [, b]) => listingOrder(store, a, b));
  const runs: StoredRuns = {
    dirs: [],
    watched: [],
    stamps: new Float64Array(0),
    stampEnds: new Int32Array(entries.length),
    experimentNames: [],
    ids: [],
    lifecycles: [],
    startTimes: [],
    lengths: new Int32Array(entries.length),
    problems: [],
  };
  const stamps: number[] = [];
  for (const [i, [dir, run]] of entries.entries()) {
    const relativeDir = relative(dir);
    if (relativeDir === undefined || run.fingerprint.base !== dir) return undefined;
    runs.dirs.push(relativeDir);
    runs.watched.push(run.fingerprint.paths);
    stamps.push(...Array.from(run.fingerprint.stamp));
    runs.stampEnds[i] = stamps.length;
    runs.experimentNames.push(run.sortKey?.experimentName ?? null);
    runs.ids.push(run.sortKey?.id ?? '');
    runs.lifecycles.push(run.sortKey?.lifecycle ?? 'active');
    runs.startTimes.push(run.sortKey?.startTime ?? null);
    if (run.problems.length > 0) runs.problems.push([i, run.problems]);
    runs.lengths[i] = run.json === null ? -1 : run.json.byteLength;
    if (run.json !== null) blob.push(run.json, COMMA);
  }
  runs.stamps = Float64Array.from(stamps);
  return { kind: 'mlflow-file', experiments, runs };
}

/** Listing order for runs with a sort key; broken runs (none) last. */
function listingOrder(store: string, a: CachedRun, b: CachedRun): number {
  if (!a.sortKey || !b.sortKey) return Number(!a.sortKey) - Number(!b.sortKey);
  return compareListedRuns({ store, sortKey: a.sortKey }, { store, sortKey: b.sortKey });
}
