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

/** Stamp numbers of a path that cannot be stat'ed (a symlink loop, no search permission): NaN never
 * equals itself, so whatever holds such a path is read again next time and its problem shows. */
const UNSTATABLE = NaN;

/** A path's stat; undefined when absent, null when it cannot be stat'ed. Never throws. */
function statOf(file: string): fs.Stats | undefined | null {
  try {
    return fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    return null;
  }
}

const sizeOf = (stat: fs.Stats | undefined | null): number =>
  stat === null ? UNSTATABLE : stat ? stat.size : -1;
const mtimeOf = (stat: fs.Stats | undefined | null): number =>
  stat === null ? UNSTATABLE : stat ? stat.mtimeMs : -1;

export function fingerprintOf(base: string, paths: string[]): Fingerprint {
  const stamp: number[] = [];
  const prefix = base + path.sep;
  for (const p of paths) {
    const stat = statOf(p === '' ? base : prefix + p);
    stamp.push(sizeOf(stat), mtimeOf(stat));
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
    const stat = statOf(paths[i] === '' ? base : prefix + paths[i]);
    if (sizeOf(stat) !== stamp[2 * i] || mtimeOf(stat) !== stamp[2 * i + 1]) return false;
  }
  return true;
}
