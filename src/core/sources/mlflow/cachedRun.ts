import type { Problem, Run } from '../../model';
import { decodeRun, encodeRun } from '../../runJson';
import type { Fingerprint } from './fingerprint';

/** What the CLI sorts and filters by, kept beside the encoded run so a warm start need not decode it. */
export interface RunSortKey {
  experimentName: string;
  startTime: number | null;
  id: string;
  lifecycle: Run['lifecycle'];
}

export interface CachedRun {
  /**
   * The run as UTF-8 JSON bytes, exactly as `runs --json` prints it (bytes: the cache stays half
   * the size of UTF-16 strings and a warm start writes them out untouched); null for a broken run.
   */
  json: Uint8Array | null;
  sortKey: RunSortKey | null;
  problems: Problem[];
  /** Files and folders whose size and mtime decide whether the run must be read again. */
  fingerprint: Fingerprint;
  /** The decoded run, kept in memory only (never persisted). */
  decoded?: Run | null;
}

export function cachedRunOf(run: Run | null, problems: Problem[], fingerprint: Fingerprint): CachedRun {
  if (!run) return { json: null, sortKey: null, problems, fingerprint, decoded: null };
  const { experimentName, startTime, id, lifecycle } = run;
  return {
    json: Buffer.from(encodeRun(run)),
    sortKey: { experimentName, startTime, id, lifecycle },
    problems,
    fingerprint,
    decoded: run,
  };
}

/** The run of a cache entry, decoded on first use. */
export function runOf(cached: CachedRun): Run | null {
  if (cached.decoded === undefined)
    cached.decoded =
      cached.json === null
        ? null
        : decodeRun(
            Buffer.from(cached.json.buffer, cached.json.byteOffset, cached.json.byteLength).toString('utf8'),
          );
  return cached.decoded;
}

/** A run as the CLI lists it: which store it is in and what it sorts by. */
export interface ListedRun {
  store: string;
  sortKey: RunSortKey;
}

/**
 * By store, experiment, newest first: the order `runs` prints in, which the index cache also
 * stores runs in (a warm start then writes them out in long unbroken stretches).
 */
export function compareListedRuns(a: ListedRun, b: ListedRun): number {
  // Most neighbours share store and experiment: equal strings need no locale comparison.
  return (
    (a.store === b.store ? 0 : a.store.localeCompare(b.store)) ||
    (a.sortKey.experimentName === b.sortKey.experimentName
      ? 0
      : a.sortKey.experimentName.localeCompare(b.sortKey.experimentName)) ||
    (b.sortKey.startTime ?? 0) - (a.sortKey.startTime ?? 0) ||
    a.sortKey.id.localeCompare(b.sortKey.id)
  );
}
