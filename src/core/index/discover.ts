import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMlflowFileStore } from '../sources/mlflow/fileStore';
import { SOURCES } from '../sources/registry';
import type { DiscoveredStore, StoreFinder } from '../sources/source';

export type { DiscoveredStore } from '../sources/source';

/** Folders no tracker writes stores into, and that are expensive to walk. */
const SKIPPED = new Set([
  'node_modules',
  '__pycache__',
  'site-packages',
  'venv',
  'env',
  'dist-packages',
  'mlartifacts',
]);
/** MLflow's default name: a folder so named that cannot be read is reported, not skipped. */
const MLFLOW_FILE_STORE = 'mlruns';

/** Unreadable (not absent) folders that are roots or named like a file store are read as stores, so
 * that reading reports them. */
function listOrClaim(
  dir: string,
  isRoot: boolean,
  found: Map<string, DiscoveredStore>,
): fs.Dirent[] | undefined {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const mayBeStore = isRoot || path.basename(dir) === MLFLOW_FILE_STORE;
    if (mayBeStore && code !== 'ENOENT' && code !== 'ENOTDIR')
      found.set(dir, { kind: 'mlflow-file', path: dir });
    return undefined;
  }
}

export interface DiscoverOptions {
  maxDepth?: number;
  /** Called between folders so that a long walk does not block an event loop. */
  yieldNow?: () => Promise<void>;
}

/**
 * Finds stores under the given paths, each source by its own rule (./sources/registry.ts): MLflow
 * file stores (a digit-named folder holding `meta.yaml`), SQLite stores by their header, DVC
 * repositories, DVCLive folders grouped by the folder holding them, W&B run folders. A path that is
 * itself an MLflow store is returned as is. Hidden folders and virtualenvs are not walked.
 */
export async function discoverStores(
  roots: readonly string[],
  options: DiscoverOptions = {},
): Promise<DiscoveredStore[]> {
  const found = new Map<string, DiscoveredStore>();
  const finders: StoreFinder[] = SOURCES.map((source) => source.finder());
  const maxDepth = options.maxDepth ?? 8;
  let visited = 0;
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (options.yieldNow && ++visited % 200 === 0) await options.yieldNow();
    const entries = listOrClaim(dir, depth === 0, found);
    if (!entries) return;
    const notEntered = new Set<string>();
    for (const finder of finders) {
      const noticed = finder.notice(dir, entries);
      if (noticed === 'store') return;
      for (const name of noticed ?? []) notEntered.add(name);
    }
    for (const entry of entries) {
      if (
        entry.isDirectory() &&
        depth < maxDepth &&
        !notEntered.has(entry.name) &&
        !entry.name.startsWith('.') &&
        !SKIPPED.has(entry.name)
      )
        await walk(path.join(dir, entry.name), depth + 1);
    }
  };
  for (const root of roots) {
    const absolute = path.resolve(root);
    const stat = statRoot(absolute);
    if (!stat) continue;
    if (stat === 'unreadable') {
      found.set(absolute, { kind: 'mlflow-file', path: absolute });
    } else if (stat.isFile()) {
      // A file named on purpose is read whatever it holds: reading says what is wrong with it.
      found.set(absolute, { kind: 'mlflow-sqlite', path: absolute });
    } else if (isMlflowFileStore(absolute)) {
      found.set(absolute, { kind: 'mlflow-file', path: absolute });
    } else {
      await walk(absolute, 0);
    }
  }
  const stores = [...found.values()];
  const seen = new Set(stores.map((s) => `${s.kind}\u0000${s.path}`));
  for (const store of finders.flatMap((finder) => finder.stores())) {
    // A root named twice (or a store below another root) is found once.
    if (!seen.has(`${store.kind}\u0000${store.path}`)) stores.push(store);
    seen.add(`${store.kind}\u0000${store.path}`);
  }
  return stores.sort((a, b) => a.path.localeCompare(b.path) || a.kind.localeCompare(b.kind));
}

/** A root that cannot even be stat'ed (a symlink loop, a parent without search permission) is a
 * store whose reading reports why; an absent one is skipped. */
function statRoot(absolute: string): fs.Stats | 'unreadable' | undefined {
  try {
    return fs.statSync(absolute, { throwIfNoEntry: false });
  } catch {
    return 'unreadable';
  }
}
