// W&B local run folders behind the source interface: a folder holding `run-*` / `offline-run-*`
// folders (normally `wandb/`) is a store; its runs are grouped by W&B project.
import type * as fs from 'node:fs';
import { encodedSnapshotRuns } from '../encoded';
import { encodeTypedRun } from '../dvcExperiments/storeEntries';
import { isInside } from '../paths';
import type { DiscoveredStore, RunSource, StoreFinder } from '../source';
import { isWandbFolder, readWandbStore, wandbHistory, type WandbEntry } from './store';

class WandbFinder implements StoreFinder {
  private readonly found: string[] = [];

  /** A W&B folder is a store; its run folders hold no other store. */
  notice(dir: string, entries: readonly fs.Dirent[]): 'store' | undefined {
    if (!isWandbFolder(dir, entries)) return undefined;
    this.found.push(dir);
    return 'store';
  }

  stores(): DiscoveredStore[] {
    return this.found.map((dir) => ({ kind: 'wandb', path: dir }));
  }
}

export const wandbSource: RunSource<WandbEntry> = {
  kinds: ['wandb'],
  keyedApart: true,
  newStoreGlob: '**/*.wandb',
  finder: () => new WandbFinder(),
  read: (store, previous) => Promise.resolve(readWandbStore(store.path, previous)),
  /** The run folders are listed again; only logs that changed are read, from their last record on. */
  update: (storePath, entry) => Promise.resolve(readWandbStore(storePath, entry)),
  owns: (changed, storePath) => isInside(changed, storePath),
  watchPattern: (storePath) => ({ base: storePath, glob: '**/*' }),
  snapshot: (_storePath, entry) => entry.snapshot,
  encodedRuns: (storePath, entry) => encodedSnapshotRuns(storePath, entry.snapshot, encodeTypedRun),
  problems: (entry) => entry.snapshot.problems,
  history: (_entry, run, key) => Promise.resolve(wandbHistory(run, key)),
};
