// Outputs DVC keeps in its cache (`cache: true`, the default) are not in Git: at a commit, DVC reads
// them through dvc.lock's checksum from the cache (DVCFileSystem). Metrics files written that way
// are read the same way here: DVC 3 keeps `hash: md5` objects under files/md5/, DVC 2 at the top.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DvcStage } from '../../pipeline/model';
import { parseDvcLock } from '../dvc/dvcLock';
import type { FileTree } from '../dvclive/fileTree';

export interface LockedOut {
  checksum: string;
  hashName: string;
}

/** The outputs dvc.lock (beside `dvcfile`) records for its stages, by repo-relative path. */
export async function lockedOuts(
  tree: FileTree,
  root: string,
  dvcfile: string,
  stages: readonly DvcStage[],
): Promise<Map<string, LockedOut>> {
  const found = new Map<string, LockedOut>();
  const lockFile = path.posix.join(path.posix.dirname(dvcfile), 'dvc.lock');
  const text = await tree.read(lockFile);
  if (text === null) return found;
  const { lock } = parseDvcLock(text, lockFile);
  for (const stage of stages) {
    for (const out of lock?.stages[stage.name]?.outs ?? []) {
      if (!out.checksum || out.checksum.endsWith('.dir')) continue;
      const relative = path.relative(root, path.resolve(stage.wdir, out.path)).split(path.sep).join('/');
      found.set(relative, { checksum: out.checksum, hashName: out.hashName });
    }
  }
  return found;
}

/** An output's text from the local cache, or null when it is not there (not pulled, or gc'd). */
export function readFromCache(cacheDir: string, out: LockedOut): string | null {
  const { checksum } = out;
  if (!/^[0-9a-f]{32}$/.test(checksum)) return null;
  const relative = [checksum.slice(0, 2), checksum.slice(2)];
  const file =
    out.hashName === 'md5'
      ? path.join(cacheDir, 'files', 'md5', ...relative)
      : path.join(cacheDir, ...relative);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
