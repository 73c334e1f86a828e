// DVC repositories behind the source interface: a `.dvc` folder with a dvc.yaml at or below it;
// its workspace, commits and experiments as runs.
import type * as fs from 'node:fs';
import * as path from 'node:path';
import type { DiscoveredStore, RunSource, StoreFinder } from '../source';
import { isInside } from '../paths';
import {
  dvcChangeScope,
  dvcHistory,
  encodeTypedRun,
  readDvcRepo,
  rereadDvcWorkspace,
  type DvcRepoEntry,
} from './storeEntries';
import { encodedSnapshotRuns } from '../encoded';

/** Files that may start a new store: inside a DVC repo they still make discovery look again. */
const STORE_MARKERS =
  /(?:^|[\\/])(?:meta\.yaml|dvc\.yaml|metrics\.json|[^\\/]+\.(?:db|sqlite3?)|[^\\/]+\.wandb)$/;

class DvcRepoFinder implements StoreFinder {
  private readonly repoCandidates = new Set<string>();
  private readonly dvcYamlDirs: string[] = [];

  notice(dir: string, entries: readonly fs.Dirent[]): undefined {
    for (const entry of entries) {
      if (entry.name === '.dvc' && entry.isDirectory()) this.repoCandidates.add(dir);
      else if (entry.name === 'dvc.yaml' && entry.isFile()) this.dvcYamlDirs.push(dir);
    }
    return undefined;
  }

  /** Repos with a dvc.yaml at or below them, outside sub-repos (their own `.dvc`: separate repos). */
  stores(): DiscoveredStore[] {
    const candidates = [...this.repoCandidates];
    const owner = (dir: string): string | undefined =>
      candidates.filter((root) => isInside(dir, root)).sort((a, b) => b.length - a.length)[0];
    return candidates
      .filter((root) => this.dvcYamlDirs.some((d) => owner(d) === root))
      .sort()
      .map((root) => ({ kind: 'dvc', path: root, files: this.filesOf(root, candidates) }));
  }

  /** A repo's dvc.yaml files and its sub-repos' `.dvc/config`, repo-relative, as collectRevision takes them. */
  private filesOf(root: string, candidates: readonly string[]): string[] {
    const relative = (dir: string, name: string): string =>
      [...path.relative(root, dir).split(path.sep).filter(Boolean), name].join('/');
    const dvcfiles = this.dvcYamlDirs.filter((d) => isInside(d, root)).map((d) => relative(d, 'dvc.yaml'));
    const subrepos = candidates
      .filter((c) => c !== root && isInside(c, root))
      .map((c) => relative(c, '.dvc/config'));
    return [...dvcfiles, ...subrepos].sort();
  }
}

export const dvcSource: RunSource<DvcRepoEntry> = {
  kinds: ['dvc'],
  newStoreGlob: '**/{dvc.yaml,.dvc/config}',
  finder: () => new DvcRepoFinder(),
  read: (store, previous, context) =>
    readDvcRepo(store.path, previous, context.dvcExperimentDepth, store.files),
  /** The workspace row is read again, or the revisions when Git refs moved. */
  async update(storePath, entry, changed, context) {
    const scopes = new Set(changed.map((p) => dvcChangeScope(p, storePath)));
    if (scopes.has('revisions')) return readDvcRepo(storePath, entry, context.dvcExperimentDepth);
    if (scopes.has('workspace')) return rereadDvcWorkspace(storePath, entry);
    return entry;
  },
  owns: (changed, storePath) => isInside(changed, storePath),
  claims: (changed, storePath) => isInside(changed, storePath) && !STORE_MARKERS.test(changed),
  watchPattern: (storePath) => ({ base: storePath, glob: '**/*' }),
  snapshot: (_storePath, entry) => entry.snapshot,
  encodedRuns: (storePath, entry) => encodedSnapshotRuns(storePath, entry.snapshot, encodeTypedRun),
  problems: (entry) => entry.snapshot.problems,
  history: (entry, run, key) => dvcHistory(entry, run, key),
};
