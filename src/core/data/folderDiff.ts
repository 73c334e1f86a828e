// A folder compared between two versions: the files `dvc diff --targets <folder>` reports (added,
// deleted, modified, renamed — the same sets, from src/core/data/diff.ts) laid out as a tree of
// sub-folders, each with its counts and size delta rolled up, and its files sorted so that a page
// of them is a slice (a folder of 100,000 files opens as fast as one of ten).
import * as path from 'node:path';
import type { DataDiff } from './diff';
import type { HashRef } from './model';

export type EntryStatus = 'added' | 'deleted' | 'modified' | 'renamed';

export interface FolderDiffEntry {
  /** Repo-relative "/" key: the new path, or the old one for a deleted file. */
  key: string;
  status: EntryStatus;
  /** The old path of a renamed file. */
  oldKey?: string;
  oldHash: HashRef | null;
  newHash: HashRef | null;
  /** Bytes of each side; undefined when the object is not here (not in cache). */
  oldSize?: number;
  newSize?: number;
}

export interface FolderCounts {
  added: number;
  deleted: number;
  modified: number;
  renamed: number;
  /** Sum of new minus old sizes of the sides that are known. */
  sizeDelta: number;
  /** Entries whose delta could not be told (a side not in cache). */
  unknownSizes: number;
}

export interface FolderDiffDir {
  key: string;
  /** Keys of the sub-folders holding changes, sorted. */
  dirs: string[];
  files: FolderDiffEntry[];
  counts: FolderCounts;
}

export interface FolderDiffPage {
  dirs: FolderDiffDir[];
  files: FolderDiffEntry[];
  /** Files not shown yet ("Show more" when above 0). */
  remaining: number;
}

/** Sizes of the objects, by side; the caller stats the cache, a local remote or the workspace. */
export interface SizeLookup {
  oldSide(key: string, hash: HashRef): number | undefined;
  newSide(key: string, hash: HashRef): number | undefined;
}

/** Display order only (UTF-16 units): a plain comparison keeps 100,000 keys quick to sort. */
function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function emptyCounts(): FolderCounts {
  return { added: 0, deleted: 0, modified: 0, renamed: 0, sizeDelta: 0, unknownSizes: 0 };
}

/** A `dvc diff` path ("images/shapes/red.png" with the platform's separator) as a key. */
function keyOf(shown: string): string {
  return shown.split(path.sep).join('/');
}

function isFolderPath(shown: string): boolean {
  return shown.endsWith(path.sep) || shown.endsWith('/');
}

function sizeDeltaOf(entry: FolderDiffEntry): number | undefined {
  const needsOld = entry.status !== 'added';
  const needsNew = entry.status !== 'deleted';
  if ((needsOld && entry.oldSize === undefined) || (needsNew && entry.newSize === undefined)) {
    return undefined;
  }
  return (needsNew ? (entry.newSize ?? 0) : 0) - (needsOld ? (entry.oldSize ?? 0) : 0);
}

/** The entries of a diff below `folderKey` (folders themselves left out: their files say it all). */
export function entriesOfDiff(
  diff: DataDiff | Record<string, never>,
  hashName: string,
  sizes: SizeLookup,
): FolderDiffEntry[] {
  if (!('added' in diff)) return [];
  const hash = (value: string | null): HashRef | null => (value ? { name: hashName, value } : null);
  const entries: FolderDiffEntry[] = [];
  const push = (entry: FolderDiffEntry) => {
    if (entry.oldHash) entry.oldSize = sizes.oldSide(entry.oldKey ?? entry.key, entry.oldHash);
    if (entry.newHash) entry.newSize = sizes.newSide(entry.key, entry.newHash);
    entries.push(entry);
  };
  for (const a of diff.added) {
    if (!isFolderPath(a.path))
      push({ key: keyOf(a.path), status: 'added', oldHash: null, newHash: hash(a.hash) });
  }
  for (const d of diff.deleted) {
    if (!isFolderPath(d.path))
      push({ key: keyOf(d.path), status: 'deleted', oldHash: hash(d.hash), newHash: null });
  }
  for (const m of diff.modified) {
    if (isFolderPath(m.path)) continue;
    push({ key: keyOf(m.path), status: 'modified', oldHash: hash(m.hash.old), newHash: hash(m.hash.new) });
  }
  for (const r of diff.renamed) {
    if (isFolderPath(r.path.new)) continue;
    const same = hash(r.hash);
    push({
      key: keyOf(r.path.new),
      oldKey: keyOf(r.path.old),
      status: 'renamed',
      oldHash: same,
      newHash: same,
    });
  }
  return entries;
}

export class FolderDiffTree {
  private readonly folders = new Map<string, FolderDiffDir>();

  /** `rootKey`: the compared folder; every entry must be below it. */
  constructor(
    readonly rootKey: string,
    entries: readonly FolderDiffEntry[],
  ) {
    this.folder(rootKey);
    for (const entry of entries) this.add(entry);
    for (const folder of this.folders.values()) {
      folder.dirs.sort(byKey);
      folder.files.sort((a, b) => byKey(a.key, b.key));
    }
  }

  get root(): FolderDiffDir {
    return this.folder(this.rootKey);
  }

  dir(key: string): FolderDiffDir | undefined {
    return this.folders.get(key);
  }

  /** A folder's sub-folders and its first `limit` files. */
  page(key: string, limit: number): FolderDiffPage {
    const folder = this.folders.get(key);
    if (!folder) return { dirs: [], files: [], remaining: 0 };
    const files = folder.files.slice(0, Math.max(0, limit));
    const dirs = folder.dirs.map((d) => this.folder(d));
    return { dirs, files, remaining: folder.files.length - files.length };
  }

  /** Every entry, in key order (the images of a folder, the sets a fidelity test compares). */
  *entries(key = this.rootKey): Generator<FolderDiffEntry> {
    const folder = this.folders.get(key);
    if (!folder) return;
    yield* folder.files;
    for (const dir of folder.dirs) yield* this.entries(dir);
  }

  private folder(key: string): FolderDiffDir {
    let folder = this.folders.get(key);
    if (!folder) {
      folder = { key, dirs: [], files: [], counts: emptyCounts() };
      this.folders.set(key, folder);
    }
    return folder;
  }

  private add(entry: FolderDiffEntry): void {
    const prefix = this.rootKey === '' ? '' : `${this.rootKey}/`;
    if (!entry.key.startsWith(prefix)) return;
    const parts = entry.key.slice(prefix.length).split('/');
    const delta = sizeDeltaOf(entry);
    let key = this.rootKey;
    this.count(this.folder(key), entry, delta);
    for (const part of parts.slice(0, -1)) {
      const child = key === '' ? part : `${key}/${part}`;
      if (!this.folders.has(child)) this.folder(key).dirs.push(child);
      key = child;
      this.count(this.folder(key), entry, delta);
    }
    this.folder(key).files.push(entry);
  }

  private count(folder: FolderDiffDir, entry: FolderDiffEntry, delta: number | undefined): void {
    folder.counts[entry.status]++;
    if (delta === undefined) folder.counts.unknownSizes++;
    else folder.counts.sizeDelta += delta;
  }
}
