// Where DVCLive put things, by version (FORMATS.md §6 and DVCLive's history):
//   0.x   <dir>/<name>.tsv (later <dir>/scalars/<name>.tsv), summary <dir>.json beside the folder;
//   1.x+  <dir>/plots/metrics/<name>.tsv, summary <dir>/metrics.json, params <dir>/params.yaml,
//         other plots in <dir>/plots/{sklearn,images,custom}.
// Everything here works on lists of root-relative "/" paths, so Git trees and disks share it.
import { type FileTree } from './fileTree';

export type DvcLiveLayout = '0.x' | '1.x+';

export interface DvcLiveFolder {
  /** Root-relative folder ("" when the root itself is the DVCLive folder). */
  dir: string;
  layout: DvcLiveLayout;
  /** Root-relative summary file (metrics.json, or <dir>.json for 0.x), if present. */
  summary: string | null;
  /** Root-relative params.yaml written by log_param(s), if present. */
  params: string | null;
  /** Logged metric name ("train/loss") → root-relative TSV path. */
  histories: Record<string, string>;
}

const V1_HISTORY = /^(?:(.*)\/)?plots\/metrics\/(.+)\.tsv$/;
const V1_PLOTS = /^(?:(.*)\/)?plots\/(?:sklearn|images|custom)\//;
const V0_SCALARS = /^(?:(.*)\/)?scalars\/(.+)\.tsv$/;

/** Every DVCLive folder among a tree's files. Nested folders (one per fold, say) are found each. */
export function findDvcLiveFolders(files: readonly string[]): DvcLiveFolder[] {
  const present = new Set(files);
  const folders = new Map<string, DvcLiveFolder>();
  const folder = (dir: string, layout: DvcLiveLayout): DvcLiveFolder => {
    let found = folders.get(dir);
    if (!found) {
      found = { dir, layout, summary: null, params: null, histories: {} };
      folders.set(dir, found);
    }
    return found;
  };
  for (const file of files) {
    const v1 = V1_HISTORY.exec(file);
    if (v1) {
      folder(v1[1] ?? '', '1.x+').histories[v1[2]] = file;
      continue;
    }
    const plots = V1_PLOTS.exec(file);
    if (plots && present.has(under(plots[1] ?? '', 'metrics.json'))) {
      folder(plots[1] ?? '', '1.x+');
      continue;
    }
    // DVCLive's default folder name is evidence enough for a summary without plots (plot=False).
    if (file === 'dvclive/metrics.json' || file.endsWith('/dvclive/metrics.json')) {
      folder(file.slice(0, -'/metrics.json'.length), '1.x+');
      continue;
    }
    if (!file.endsWith('.tsv')) continue;
    const scalars = V0_SCALARS.exec(file);
    if (scalars && present.has(`${scalars[1] ?? ''}.json`)) {
      folder(scalars[1] ?? '', '0.x').histories[scalars[2]] = file;
      continue;
    }
    const owner = v0Owner(file, present);
    if (owner !== null) folder(owner, '0.x').histories[file.slice(owner.length + 1, -'.tsv'.length)] = file;
  }
  for (const found of folders.values()) {
    const summary = found.layout === '0.x' ? `${found.dir}.json` : under(found.dir, 'metrics.json');
    found.summary = present.has(summary) ? summary : null;
    found.params = present.has(under(found.dir, 'params.yaml')) ? under(found.dir, 'params.yaml') : null;
  }
  return [...folders.values()].sort((a, b) => a.dir.localeCompare(b.dir));
}

/** 0.x: the shallowest folder above the TSV that has a `<folder>.json` summary beside it. */
function v0Owner(file: string, present: ReadonlySet<string>): string | null {
  const parts = file.split('/');
  for (let depth = 1; depth < parts.length; depth++) {
    const dir = parts.slice(0, depth).join('/');
    if (present.has(`${dir}.json`)) return dir;
  }
  return null;
}

export function under(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

/** The DVCLive folder at `dir` of a tree (its files plus a 0.x summary beside it), or null. */
export async function dvcLiveFolderAt(tree: FileTree, dir: string): Promise<DvcLiveFolder | null> {
  const files = await tree.list(dir);
  const sibling = dir === '' ? null : `${dir}.json`;
  if (sibling !== null && (await tree.read(sibling)) !== null) files.push(sibling);
  return findDvcLiveFolders(files).find((f) => f.dir === dir) ?? null;
}

/** Metric names as DVC shows them (dotted) → the logged name, for finding a key's history. */
export function historyForKey(folder: DvcLiveFolder, dottedKey: string): string | null {
  if (folder.histories[dottedKey]) return folder.histories[dottedKey];
  for (const [name, file] of Object.entries(folder.histories))
    if (name.replace(/\//g, '.') === dottedKey) return file;
  return null;
}
