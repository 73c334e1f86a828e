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
  stamp: string;
}

export function fingerprintOf(base: string, paths: string[]): Fingerprint {
  return { base, paths: paths.join('\n'), stamp: stampOf(base, paths) };
}

function stampOf(base: string, paths: readonly string[]): string {
  let stamp = '';
  const prefix = base + path.sep;
  for (const p of paths) {
    const stat = fs.statSync(p === '' ? base : prefix + p, { throwIfNoEntry: false });
    stamp += stat ? `${stat.size}:${stat.mtimeMs};` : '-;';
  }
  return stamp;
}

export function isFresh(fingerprint: Fingerprint): boolean {
  return stampOf(fingerprint.base, fingerprint.paths.split('\n')) === fingerprint.stamp;
}
