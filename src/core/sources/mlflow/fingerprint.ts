import * as fs from 'node:fs';

/** The size and mtime of a set of paths: equal stamps mean nothing there was written since. */
export interface Fingerprint {
  paths: string[];
  stamp: string;
}

export function fingerprintOf(paths: string[]): Fingerprint {
  let stamp = '';
  for (const p of paths) {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    stamp += stat ? `${stat.size}:${stat.mtimeMs};` : '-;';
  }
  return { paths, stamp };
}

export function isFresh(fingerprint: Fingerprint): boolean {
  return fingerprintOf(fingerprint.paths).stamp === fingerprint.stamp;
}
