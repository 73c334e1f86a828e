// TensorBoard log folders behind the source interface. Discovery notes every folder holding event
// files; the store is the folder holding the topmost of them (`runs/`, `lightning_logs/`), so that
// runs are named as `tensorboard --logdir <store>` names them. A workspace root that holds event
// files itself is its own store.
import type * as fs from 'node:fs';
import * as path from 'node:path';
import { encodedSnapshotRuns } from '../encoded';
import { encodeTypedRun } from '../dvcExperiments/storeEntries';
import { isInside } from '../paths';
import type { DiscoveredStore, RunSource, StoreFinder } from '../source';
import { tensorboardMetricHistory } from './history';
import {
  eventFileNames,
  isEventFileName,
  readTensorboardStore,
  runEventFiles,
  runFolderOf,
  type TensorboardEntry,
} from './store';

class TensorboardFinder implements StoreFinder {
  private readonly seen = new Set<string>();
  private readonly runFolders: { dir: string; isRoot: boolean }[] = [];

  /** Never ends the walk: nested folders are runs of their own. */
  notice(dir: string, entries: readonly fs.Dirent[]): undefined {
    const isRoot = !this.seen.has(path.dirname(dir));
    this.seen.add(dir);
    if (eventFileNames(entries).length > 0) this.runFolders.push({ dir, isRoot });
    return undefined;
  }

  stores(): DiscoveredStore[] {
    const candidates = [
      ...new Set(this.runFolders.map(({ dir, isRoot }) => (isRoot ? dir : path.dirname(dir)))),
    ];
    candidates.sort();
    const stores: string[] = [];
    for (const candidate of candidates)
      if (!stores.some((store) => isInside(candidate, store))) stores.push(candidate);
    return stores.map((store) => ({ kind: 'tensorboard', path: store }));
  }
}

export const tensorboardSource: RunSource<TensorboardEntry> = {
  kinds: ['tensorboard'],
  keyedApart: true,
  newStoreGlob: '**/*tfevents*',
  finder: () => new TensorboardFinder(),
  read: (store, previous) => Promise.resolve(readTensorboardStore(store.path, previous)),
  /** The folders are listed again; only event files that changed are read, from their last record on. */
  update: (storePath, entry) => Promise.resolve(readTensorboardStore(storePath, entry)),
  /**
   * Event files below the store, and folders holding runs (a run folder deleted); other files of a
   * log folder that is a whole workspace do not make it read again.
   */
  owns: (changed, storePath, entry) =>
    isInside(changed, storePath) &&
    (isEventFileName(path.basename(changed)) ||
      Object.keys(entry.runs).some((run) => isInside(runFolderOf(storePath, run), changed))),
  /** Any path below the store is accounted for: it never makes discovery walk the workspace again. */
  claims: (changed, storePath) => isInside(changed, storePath),
  watchPattern: (storePath) => ({ base: storePath, glob: '**/*' }),
  snapshot: (_storePath, entry) => entry.snapshot,
  encodedRuns: (storePath, entry) => encodedSnapshotRuns(storePath, entry.snapshot, encodeTypedRun),
  problems: (entry) => entry.snapshot.problems,
  history: (_entry, run, key) => Promise.resolve(tensorboardMetricHistory(runEventFiles(run), key)),
};
