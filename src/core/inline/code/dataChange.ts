// What changed in a tracked path between the baseline and now, as the data hovers and stage lenses
// say it: "+120 files, −3, 14 modified; 1.2 MB → 1.4 MB". Folder counts come from the two `.dir`
// manifests compared in one merge pass; sizes and file counts are those DVC recorded.
import { readManifest } from '../../data/cache';
import type { FileList } from '../../data/fileList';
import { isDirHash, sameHash, type HashRef } from '../../data/model';

/** What one side records for a path. */
export interface RecordedPath {
  hash: HashRef | null;
  isDir: boolean;
  size?: number;
  nfiles?: number;
}

export interface FileCounts {
  added: number;
  deleted: number;
  modified: number;
}

export type ChangeKind = 'unchanged' | 'added' | 'removed' | 'modified' | 'untracked';

export interface DataChange {
  kind: ChangeKind;
  now?: RecordedPath;
  base?: RecordedPath;
  /** Both sides folders whose manifests are in the cache. */
  files?: FileCounts;
}

/** Files added, deleted and modified from `old` to `now` (both sorted, as FileList keeps them). */
export function countFileChanges(old: FileList, now: FileList): FileCounts {
  const counts: FileCounts = { added: 0, deleted: 0, modified: 0 };
  let i = 0;
  let j = 0;
  while (i < old.size || j < now.size) {
    const a = old.relpaths[i];
    const b = now.relpaths[j];
    if (j >= now.size || (i < old.size && a < b)) {
      counts.deleted++;
      i++;
    } else if (i >= old.size || b < a) {
      counts.added++;
      j++;
    } else {
      if (old.md5s[i] !== now.md5s[j]) counts.modified++;
      i++;
      j++;
    }
  }
  return counts;
}

const countMemo = new Map<string, FileCounts | null>();

/** The file counts between two folder hashes; null when a manifest is not in the cache. */
export function folderCounts(cacheDir: string, old: HashRef, now: HashRef): FileCounts | null {
  const memoKey = `${cacheDir}\u0000${old.value}\u0000${now.value}`;
  const known = countMemo.get(memoKey);
  if (known !== undefined) return known;
  const a = readManifest(cacheDir, old);
  const b = readManifest(cacheDir, now);
  const counts = a === 'missing' || b === 'missing' ? null : countFileChanges(a, b);
  // Only found manifests are final; a missing one may be pulled later.
  if (counts) {
    if (countMemo.size > 2000) countMemo.clear();
    countMemo.set(memoKey, counts);
  }
  return counts;
}

/** How a path changed from `base` to `now` (either may be absent: not tracked on that side). */
export function dataChange(cacheDir: string, now?: RecordedPath, base?: RecordedPath): DataChange {
  const tracked = (side?: RecordedPath) => side !== undefined && side.hash !== null;
  if (!tracked(now) && !tracked(base)) return { kind: 'untracked', now, base };
  if (!tracked(base)) return { kind: 'added', now, base };
  if (!tracked(now)) return { kind: 'removed', now, base };
  if (sameHash(now!.hash, base!.hash)) return { kind: 'unchanged', now, base };
  const change: DataChange = { kind: 'modified', now, base };
  if (isDirHash(now!.hash) && isDirHash(base!.hash)) {
    const files = folderCounts(cacheDir, base!.hash!, now!.hash!);
    if (files) change.files = files;
  }
  return change;
}

/** The words of a summary, given by the caller (extension code has l10n; tests use English). */
export interface ChangeWords {
  added(count: number): string;
  deleted(count: number): string;
  modified(count: number): string;
  unchanged: string;
  newPath: string;
  removedPath: string;
  contentChanged: string;
}

export const ENGLISH_CHANGE_WORDS: ChangeWords = {
  added: (n) => `+${n} ${n === 1 ? 'file' : 'files'}`,
  deleted: (n) => `−${n}`,
  modified: (n) => `${n} modified`,
  unchanged: 'unchanged',
  newPath: 'new since the baseline',
  removedPath: 'removed since the baseline',
  contentChanged: 'content changed',
};

/** Bytes as DVC users read them (1024-based, one decimal), as the Data view shows them. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const sign = bytes < 0 ? '−' : '';
  return unit === 0 ? `${sign}${value} B` : `${sign}${value.toFixed(1)} ${units[unit]}`;
}

/** "+120 files, −3, 14 modified; 1.2 MB → 1.4 MB". */
export function describeChange(change: DataChange, words: ChangeWords = ENGLISH_CHANGE_WORDS): string {
  if (change.kind === 'unchanged' || change.kind === 'untracked') return words.unchanged;
  if (change.kind === 'added') return withSize(words.newPath, undefined, change.now?.size);
  if (change.kind === 'removed') return withSize(words.removedPath, change.base?.size, undefined);
  const parts: string[] = [];
  if (change.files) {
    const { added, deleted, modified } = change.files;
    if (added > 0) parts.push(words.added(added));
    if (deleted > 0) parts.push(words.deleted(deleted));
    if (modified > 0) parts.push(words.modified(modified));
  }
  const counts = parts.length > 0 ? parts.join(', ') : words.contentChanged;
  return withSize(counts, change.base?.size, change.now?.size);
}

function withSize(text: string, before?: number, after?: number): string {
  if (before === undefined && after === undefined) return text;
  const shown = (n?: number) => (n === undefined ? '?' : formatBytes(n));
  if (before === undefined || after === undefined) return `${text}; ${shown(before ?? after)}`;
  return `${text}; ${shown(before)} → ${shown(after)}`;
}

/** Several outputs' changes at once, for a stage lens: "+120 files, +35 MB" ("" when nothing changed). */
export function describeStageOuts(
  changes: readonly DataChange[],
  words: ChangeWords = ENGLISH_CHANGE_WORDS,
): string {
  let added = 0;
  let deleted = 0;
  let modified = 0;
  let delta = 0;
  let changed = 0;
  for (const change of changes) {
    if (change.kind === 'unchanged' || change.kind === 'untracked') continue;
    changed++;
    delta += (change.now?.size ?? 0) - (change.base?.size ?? 0);
    if (change.files) {
      added += change.files.added;
      deleted += change.files.deleted;
      modified += change.files.modified;
    } else if (change.kind === 'added' || (change.kind === 'modified' && !change.now?.isDir)) {
      if (change.kind === 'added') added += change.now?.nfiles ?? 1;
      else modified++;
    } else if (change.kind === 'removed') deleted += change.base?.nfiles ?? 1;
  }
  if (changed === 0) return '';
  const parts: string[] = [];
  if (added > 0) parts.push(words.added(added));
  if (deleted > 0) parts.push(words.deleted(deleted));
  if (modified > 0) parts.push(words.modified(modified));
  if (delta !== 0) parts.push(`${delta > 0 ? '+' : ''}${formatBytes(delta)}`);
  return parts.length > 0 ? parts.join(', ') : words.contentChanged;
}
