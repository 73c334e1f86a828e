import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The size and mtime of a set of paths: equal stamps mean nothing there was written since.
 * Paths are kept relative to `base` so that a cache of many thousand runs stays small.
 */
export interface Fingerprint {
  base: string;
  /** Relative paths joined by newlines: one string per run keeps a large cache small. */
  paths: string;
  /** Size and mtime (ms) of each path in turn; -1 and -1 for a missing one. Numbers, not text: a
   * warm start compares 20,000 of them and builds no strings. */
  stamp: ArrayLike<number>;
}

export function fingerprintOf(base: string, paths: string[]): Fingerprint {
  const stamp: number[] = [];
  const prefix = base + path.sep;
  for (const p of paths) {
    const stat = fs.statSync(p === '' ? base : prefix + p, { throwIfNoEntry: false });
    stamp.push(stat ? stat.size : -1, stat ? stat.mtimeMs : -1);
  }
  return { base, paths: paths.join('\n'), stamp };
}

export function sameStamp(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Stops at the first path that changed. */
export function isFresh(fingerprint: Fingerprint): boolean {
  const { base, stamp } = fingerprint;
  const paths = fingerprint.paths.split('\n');
  if (stamp.length !== paths.length * 2) return false;
  const prefix = base + path.sep;
  for (let i = 0; i < paths.length; i++) {
    const stat = fs.statSync(paths[i] === '' ? base : prefix + paths[i], { throwIfNoEntry: false });
    if ((stat ? stat.size : -1) !== stamp[2 * i] || (stat ? stat.mtimeMs : -1) !== stamp[2 * i + 1])
      return false;
  }
  return true;
}
