// The comparison of two sides, path by path, as dvc-data's index diff does it (dvc_data/index/
// diff.py): each root (a tracked output or a target inside one) is compared, then the files below
// it when either side is a folder. `dvc diff` compares hashes and whether a path is a folder;
// `dvc data status` compares hashes only and, unless granular, does not open folders whose hash is
// known. A folder whose manifest is missing from the cache makes the files below it "unknown".
import { FileList } from './fileList';
import { type DataNode, type HashRef, sameHash } from './model';
import type { DataSide } from './sides';

export type ChangeType = 'add' | 'delete' | 'modify' | 'rename' | 'unchanged' | 'unknown';

export interface Change {
  typ: ChangeType;
  old: DataNode | null;
  new: DataNode | null;
}

export interface WalkOptions {
  /** Compare hashes only (dvc data status); otherwise a file turned folder is modified too. */
  hashOnly: boolean;
  /** Leave folders whose hash is known unopened (dvc data status without --granular). */
  shallow: boolean;
  /** Report unchanged paths as well. */
  withUnchanged: boolean;
  /** Only paths this accepts exist on either side (dvc data status targets); undefined: all. */
  keep?: (key: string) => boolean;
}

function hashDiff(old: HashRef | null, now: HashRef | null): ChangeType {
  if (!old && now) return 'add';
  if (old && !now) return 'delete';
  return old && now && !sameHash(old, now) ? 'modify' : 'unchanged';
}

/** `_diff_entry`, with every entry carrying its folder flag (DVC's meta compared by `isdir`). */
export function compareNodes(old: DataNode | null, now: DataNode | null, hashOnly: boolean): ChangeType {
  if (hashOnly) return hashDiff(old?.hash ?? null, now?.hash ?? null);
  if (!old) return 'add';
  if (!now) return 'delete';
  const meta: ChangeType = old.isDir === now.isDir ? 'unchanged' : 'modify';
  const hash = hashDiff(old.hash, now.hash);
  if (hash === 'unchanged' && !old.hash) return meta;
  return meta === 'unchanged' && hash === 'unchanged' ? 'unchanged' : 'modify';
}

/** Where `key` is on one side: the output holding it and its path inside that output. */
interface Place {
  node: DataNode | null;
  out?: DataNode;
  /** Path inside `out` ("" for the output itself). */
  inner: string;
}

function place(side: DataSide | null, key: string): Place {
  if (!side) return { node: null, inner: '' };
  const own = side.outs.get(key);
  if (own) return { node: own, out: own, inner: '' };
  for (let at = key.lastIndexOf('/'); at > 0; at = key.lastIndexOf('/', at - 1)) {
    const out = side.outs.get(key.slice(0, at));
    if (!out) continue;
    const inner = key.slice(at + 1);
    const files = out.isDir ? side.files(out) : 'unknown';
    if (files === 'unknown') return { node: null, inner };
    const md5 = files.get(inner);
    if (md5 !== undefined) return { node: fileNode(key, out, md5), out, inner };
    return { node: files.hasFolder(inner) ? { key, isDir: true, hash: null } : null, out, inner };
  }
  return { node: null, inner: '' };
}

function fileNode(key: string, out: DataNode | undefined, md5: string): DataNode {
  return { key, isDir: false, hash: { name: out?.hash?.name ?? 'md5', value: md5 } };
}

/** The files below a place, by path relative to it; 'unknown' when the manifest is not in the cache. */
function filesBelow(side: DataSide | null, where: Place, shallow: boolean): FileList | 'unknown' {
  const { node, out } = where;
  if (!side || !node || !out || !node.isDir || (shallow && node.hash)) return FileList.EMPTY;
  const files = side.files(out);
  return files === 'unknown' || where.inner === '' ? files : files.below(where.inner);
}

interface Level {
  root: string;
  oldOut?: DataNode;
  newOut?: DataNode;
  oldFiles: FileList;
  newFiles: FileList;
  unknown: boolean;
}

/** A path on one side only: the other may have a folder there (no hash), or nothing. */
function loneChange(level: Level, options: WalkOptions, rel: string, md5: string, isOld: boolean): Change {
  const key = `${level.root}/${rel}`;
  const node = fileNode(key, isOld ? level.oldOut : level.newOut, md5);
  const otherFiles = isOld ? level.newFiles : level.oldFiles;
  const other = !level.unknown && otherFiles.hasFolder(rel) ? { key, isDir: true, hash: null } : null;
  const [old, now] = isOld ? [node, other] : [other, node];
  return { typ: level.unknown ? 'unknown' : compareNodes(old, now, options.hashOnly), old, new: now };
}

/** Both sides' files in one merge pass over their sorted paths. */
function compareFiles(level: Level, options: WalkOptions, emit: (change: Change) => void): void {
  const { root, oldOut, newOut, oldFiles, newFiles, unknown } = level;
  const sameName = oldOut?.hash?.name === newOut?.hash?.name;
  if (oldFiles === newFiles && sameName && !options.withUnchanged && !unknown) return;
  const kept = (rel: string) => !options.keep || options.keep(`${root}/${rel}`);
  const a = oldFiles.relpaths;
  const b = newFiles.relpaths;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) {
      if (kept(a[i])) emit(loneChange(level, options, a[i], oldFiles.md5s[i], true));
      i++;
    } else if (i >= a.length || b[j] < a[i]) {
      if (kept(b[j])) emit(loneChange(level, options, b[j], newFiles.md5s[j], false));
      j++;
    } else {
      const oldMd5 = oldFiles.md5s[i];
      const newMd5 = newFiles.md5s[j];
      const rel = a[i];
      i++;
      j++;
      if (oldMd5 === newMd5 && sameName && !unknown && !options.withUnchanged) continue;
      if (!kept(rel)) continue;
      const key = `${root}/${rel}`;
      const old = fileNode(key, oldOut, oldMd5);
      const now = fileNode(key, newOut, newMd5);
      const typ = unknown ? 'unknown' : compareNodes(old, now, options.hashOnly);
      if (typ !== 'unchanged' || options.withUnchanged) emit({ typ, old, new: now });
    }
  }
  // Below a folder whose manifest is missing, DVC reports the sub-folders of the side it could list too.
  if (unknown) emitUnknownFolders(level, options, emit);
}

function emitUnknownFolders(level: Level, options: WalkOptions, emit: (change: Change) => void): void {
  const oldFolders = level.oldFiles.folders();
  const newFolders = level.newFiles.folders();
  for (const rel of new Set([...oldFolders, ...newFolders])) {
    const key = `${level.root}/${rel}`;
    if (options.keep && !options.keep(key)) continue;
    const folder = (has: boolean): DataNode | null => (has ? { key, isDir: true, hash: null } : null);
    emit({ typ: 'unknown', old: folder(oldFolders.has(rel)), new: folder(newFolders.has(rel)) });
  }
}

/** Every change between two sides below `roots`, in no particular order (callers sort). */
export function walkChanges(
  old: DataSide | null,
  now: DataSide | null,
  roots: Iterable<string>,
  options: WalkOptions,
): Change[] {
  const changes: Change[] = [];
  const emit = (change: Change) => changes.push(change);
  for (const root of roots) {
    if (options.keep && !options.keep(root)) continue;
    const oldPlace = place(old, root);
    const newPlace = place(now, root);
    const o = oldPlace.node;
    const n = newPlace.node;
    if (o || n) {
      const typ = compareNodes(o, n, options.hashOnly);
      if (typ !== 'unchanged' || options.withUnchanged) emit({ typ, old: o, new: n });
    }
    if (!o?.isDir && !n?.isDir) continue;
    const oldFiles = filesBelow(old, oldPlace, options.shallow);
    const newFiles = filesBelow(now, newPlace, options.shallow);
    const unknown = oldFiles === 'unknown' || newFiles === 'unknown';
    compareFiles(
      {
        root,
        oldOut: oldPlace.out,
        newOut: newPlace.out,
        oldFiles: oldFiles === 'unknown' ? FileList.EMPTY : oldFiles,
        newFiles: newFiles === 'unknown' ? FileList.EMPTY : newFiles,
        unknown,
      },
      options,
      emit,
    );
  }
  return changes;
}

/** Python's comparison of index keys (tuples of path parts, each by code point). */
export function compareKeys(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
  }
  return pa.length - pb.length;
}

/**
 * `_detect_renames`: an added path whose hash a deleted path had is that path renamed (additions
 * and deletions each taken in key order; content without a hash never pairs).
 */
export function detectRenames(changes: readonly Change[]): Change[] {
  const result: Change[] = [];
  const added: Change[] = [];
  const deleted: Change[] = [];
  for (const change of changes) {
    if (change.typ === 'add') added.push(change);
    else if (change.typ === 'delete') deleted.push(change);
    else result.push(change);
  }
  const byKey = (x: Change, y: Change) =>
    compareKeys((x.new ?? x.old)?.key ?? '', (y.new ?? y.old)?.key ?? '');
  added.sort(byKey);
  deleted.sort(byKey);
  const hashKey = (hash: HashRef) => `${hash.name}\0${hash.value}`;
  // Deletions by hash, each queue read from `next` on (no shift(): thousands may share a hash).
  const deletions = new Map<string, { queue: Change[]; next: number }>();
  const unpaired: Change[] = [];
  for (const change of deleted) {
    const hash = change.old?.hash;
    if (!hash) {
      unpaired.push(change);
      continue;
    }
    const key = hashKey(hash);
    const known = deletions.get(key);
    if (known) known.queue.push(change);
    else deletions.set(key, { queue: [change], next: 0 });
  }
  for (const addition of added) {
    const hash = addition.new?.hash;
    const pending = hash ? deletions.get(hashKey(hash)) : undefined;
    const deletion =
      pending && pending.next < pending.queue.length ? pending.queue[pending.next++] : undefined;
    result.push(deletion ? { typ: 'rename', old: deletion.old, new: addition.new } : addition);
  }
  for (const { queue, next } of deletions.values()) result.push(...queue.slice(next));
  return [...result, ...unpaired];
}
