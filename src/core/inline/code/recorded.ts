// What one version records for each path: the tracked outputs (`.dvc` files and dvc.lock outs) and,
// per dvc.lock, the stages' deps (code and params files included), read from a FileTree so the same
// code reads the workspace and the baseline's commit.
import { trackedOuts } from '../../data/tracked';
import { parseDvcLock } from '../../sources/dvc/dvcLock';
import type { FileTree } from '../../sources/dvclive/fileTree';
import type { RecordedPath } from './dataChange';
import { keyOf } from './dvcPaths';

export type RecordedMap = ReadonlyMap<string, RecordedPath>;

/** Every tracked output of the version, by key. A DataError when a DVC file cannot be read. */
export async function recordedOuts(tree: FileTree, root: string): Promise<RecordedMap> {
  const outs = await trackedOuts(tree, root);
  return new Map(
    outs.map((out) => [out.key, { hash: out.hash, isDir: out.isDir, size: out.size, nfiles: out.nfiles }]),
  );
}

/** The deps dvc.lock in folder `dirKey` records, by key; empty when it has none or does not parse. */
export async function lockDeps(tree: FileTree, dirKey: string): Promise<RecordedMap> {
  const file = dirKey === '' ? 'dvc.lock' : `${dirKey}/dvc.lock`;
  const text = await tree.read(file);
  const deps = new Map<string, RecordedPath>();
  if (text === null) return deps;
  const { lock } = parseDvcLock(text, file);
  for (const stage of Object.values(lock?.stages ?? {})) {
    for (const entry of stage.deps) {
      const key = keyOf(dirKey, '', entry.path);
      if (key === null) continue;
      const hash = entry.checksum ? { name: entry.hashName, value: entry.checksum } : null;
      deps.set(key, {
        hash,
        isDir: entry.checksum?.endsWith('.dir') ?? false,
        size: entry.size,
        nfiles: entry.nfiles,
      });
    }
  }
  return deps;
}
