import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SourceKind } from '../model';
import { isMlflowFileStore, mayHoldMeta } from '../sources/mlflow/fileStore';
import { hasSqliteHeader } from '../sources/mlflow/sqliteStore';
import { DvcFindings } from './discoverDvc';

export interface DiscoveredStore {
  kind: SourceKind;
  /** Absolute path of the `mlruns`-like folder, the database file, the DVC repo root, or the folder
   * holding DVCLive folders. */
  path: string;
  /** DVCLive stores: the DVCLive folders (absolute) grouped in this store. */
  folders?: string[];
  /** DVC repos: their dvc.yaml files and sub-repos' `.dvc/config` seen by the walk (repo-relative). */
  files?: string[];
}

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
const DATABASE_EXTENSIONS = new Set(['.db', '.sqlite', '.sqlite3']);
const DIGITS = /^[0-9]+$/;
/** MLflow's default names: a file or folder so named that cannot be read is reported, not skipped. */
const MLFLOW_DATABASE = 'mlflow.db';
const MLFLOW_FILE_STORE = 'mlruns';

/** Whether a file is read as an SQLite store: by its header, or by MLflow's own name (then a file
 * that is no database is reported, never skipped in silence). */
function isDatabaseCandidate(file: string, name: string): boolean {
  return name === MLFLOW_DATABASE || (DATABASE_EXTENSIONS.has(path.extname(name)) && hasSqliteHeader(file));
}

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
 * Finds MLflow stores under the given paths: file stores by MLflow's own rule (a digit-named folder
 * holding `meta.yaml`), SQLite stores by their header (their tables are checked when read). A path
 * that is itself a store is returned as is. Also DVC repositories (a `.dvc` folder with a dvc.yaml
 * at or below it) and DVCLive folders, grouped by the folder holding them. Hidden folders and
 * virtualenvs are not walked.
 */
export async function discoverStores(
  roots: readonly string[],
  options: DiscoverOptions = {},
): Promise<DiscoveredStore[]> {
  const found = new Map<string, DiscoveredStore>();
  const dvc = new DvcFindings();
  const maxDepth = options.maxDepth ?? 8;
  let visited = 0;
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (options.yieldNow && ++visited % 200 === 0) await options.yieldNow();
    const entries = listOrClaim(dir, depth === 0, found);
    if (!entries) return;
    if (looksLikeFileStore(dir, entries)) {
      found.set(dir, { kind: 'mlflow-file', path: dir });
      return;
    }
    const notEntered = dvc.notice(dir, entries);
    for (const entry of entries) {
      if (notEntered.has(entry.name)) continue;
      const child = path.join(dir, entry.name);
      if (entry.isFile() && isDatabaseCandidate(child, entry.name)) {
        found.set(child, { kind: 'mlflow-sqlite', path: child });
      } else if (
        entry.isDirectory() &&
        depth < maxDepth &&
        !entry.name.startsWith('.') &&
        !SKIPPED.has(entry.name)
      ) {
        await walk(child, depth + 1);
      }
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
  const { dvcRepos, dvcLiveGroups } = dvc.stores();
  const stores = [...found.values()];
  for (const { root, files } of dvcRepos) stores.push({ kind: 'dvc', path: root, files });
  for (const [parent, folders] of dvcLiveGroups) stores.push({ kind: 'dvclive', path: parent, folders });
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

function looksLikeFileStore(dir: string, entries: fs.Dirent[]): boolean {
  return entries.some((e) => e.isDirectory() && DIGITS.test(e.name) && mayHoldMeta(path.join(dir, e.name)));
}
