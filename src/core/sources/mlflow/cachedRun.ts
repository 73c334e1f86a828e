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
