// DVCLive folders outside any DVC pipeline behind the source interface, grouped by parent folder.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DiscoveredStore, RunSource, StoreFinder } from '../source';
import { isInside } from '../paths';
import { encodedSnapshotRuns } from '../encoded';
import {
  dvcHistory,
  encodeTypedRun,
  outsidePipelines,
  readDvcLiveGroup,
  type DvcLiveEntry,
  type DvcRepoEntry,
} from '../dvcExperiments/storeEntries';

const DVCLIVE_PLOT_KINDS = ['metrics', 'sklearn', 'images', 'custom'];

class DvcLiveFinder implements StoreFinder {
  private readonly liveFolders = new Set<string>();

  /** DVCLive output folders are noted and not entered (TSVs and plots, never stores). */
  notice(dir: string, entries: readonly fs.Dirent[]): ReadonlySet<string> {
    const skip = new Set<string>();
    const names = new Map(entries.map((e) => [e.name, e]));
    if (isDvcLiveFolder(dir, names)) {
      this.liveFolders.add(dir);
      skip.add('plots');
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || !names.get(`${entry.name}.json`)?.isFile()) continue;
      const child = path.join(dir, entry.name);
      if (holdsTsv(child)) {
        this.liveFolders.add(child);
        skip.add(entry.name);
      }
    }
    return skip;
  }

  stores(): DiscoveredStore[] {
    const groups = new Map<string, string[]>();
    for (const folder of [...this.liveFolders].sort()) {
      const parent = path.dirname(folder);
      groups.set(parent, [...(groups.get(parent) ?? []), folder]);
    }
    return [...groups].map(([parent, folders]) => ({ kind: 'dvclive', path: parent, folders }));
  }
}

/** 1.x and later: `metrics.json` beside `plots/<metrics|sklearn|images|custom>`, or any `dvclive/`. */
function isDvcLiveFolder(dir: string, names: ReadonlyMap<string, fs.Dirent>): boolean {
  const plots = names.get('plots');
  const hasSummary = names.get('metrics.json')?.isFile() ?? false;
  if (path.basename(dir) === 'dvclive' && (hasSummary || plots?.isDirectory())) return true;
  if (!hasSummary || !plots?.isDirectory()) return false;
  return DVCLIVE_PLOT_KINDS.some((kind) => fs.existsSync(path.join(dir, 'plots', kind)));
}

/** 0.x: `<dir>/*.tsv` or `<dir>/scalars/*.tsv` next to `<dir>.json`. */
function holdsTsv(dir: string): boolean {
  for (const folder of [dir, path.join(dir, 'scalars')]) {
    try {
      if (fs.readdirSync(folder).some((name) => name.endsWith('.tsv'))) return true;
    } catch {
      // not there
    }
  }
  return false;
}

export const dvcLiveSource: RunSource<DvcLiveEntry> = {
  kinds: ['dvclive'],
  keyedApart: true,
  readLast: true,
  newStoreGlob: '**/{metrics.json,dvclive.json}',
  finder: () => new DvcLiveFinder(),
  /** Folders a DVC pipeline of a repo read before already uses are left out. */
  narrow(store, readBefore) {
    const repos = readBefore.filter((e): e is DvcRepoEntry => e.kind === 'dvc');
    const folders = outsidePipelines(store.folders ?? [], repos);
    return folders.length === 0 ? undefined : { ...store, folders };
  },
  read: (store) => readDvcLiveGroup(store.path, store.folders ?? []),
  update: (storePath, entry) => readDvcLiveGroup(storePath, entry.folders),
  owns: (changed, _storePath, entry) => entry.folders.some((folder) => isInside(changed, folder)),
  watchPattern: (storePath) => ({ base: storePath, glob: '**/*' }),
  snapshot: (_storePath, entry) => entry.snapshot,
  encodedRuns: (storePath, entry) => encodedSnapshotRuns(storePath, entry.snapshot, encodeTypedRun),
  problems: (entry) => entry.snapshot.problems,
  history: (entry, run, key) => dvcHistory(entry, run, key),
};
