import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem } from '../../model';

/** A folder that should be there but cannot be listed (absent ones are simply empty). */
function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** The folder's entries; a folder that cannot be listed is reported (when asked) and counts as empty. */
export function listFolder(dir: string, problems?: Problem[]): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (problems && !isMissing(error)) problems.push(folderProblem(dir, error));
    return [];
  }
}

export function folderProblem(dir: string, error: unknown): Problem {
  return { path: dir, reason: `cannot list folder: ${(error as Error).message}` };
}

export function listSubdirs(dir: string, problems?: Problem[]): string[] {
  return listFolder(dir, problems)
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** Files and folders below a folder, as `/`-separated relative paths (MLflow's keys for files). */
export interface Tree {
  files: string[];
  dirs: string[];
  /** Files that are not plain regular files (symbolic links, FIFOs, devices): checked when opened. */
  unusual?: Set<string>;
}

export function walkTree(dir: string, problems?: Problem[], prefix = '', tree: Tree = emptyTree()): Tree {
  for (const entry of listFolder(dir, problems)) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      tree.dirs.push(relative);
      walkTree(dir + path.sep + entry.name, problems, relative, tree);
      continue;
    }
    tree.files.push(relative);
    if (!entry.isFile()) (tree.unusual ??= new Set()).add(relative);
  }
  return tree;
}

function emptyTree(): Tree {
  return { files: [], dirs: [] };
}

/**
 * Params, tags and meta.yaml files: MLflow keeps values to a few thousand characters, so anything
 * larger is not a value it wrote (a `/dev/zero` link would otherwise be read for ever).
 */
export const SMALL_FILE_LIMIT = 1024 * 1024;

export interface ReadOptions {
  /** Bytes above which the file is refused as too large; none for metric files. */
  limit?: number;
  /** Whether the caller knows (from its folder listing) that this is a regular file; else fstat checks. */
  knownRegular?: boolean;
}

const scratch = Buffer.allocUnsafe(64 * 1024);
// Non-blocking: opening a FIFO for reading would otherwise wait for a writer for ever.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

function kindOf(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isDirectory()) return 'a folder';
  return 'not a regular file';
}

/**
 * A whole file's bytes in a buffer shared by every call: valid only until the next call. A store
 * of 10,000 runs has some 360,000 small files; open, read and close into one buffer make three
 * system calls per file where readFileSync makes four, and allocate nothing (but for files
 * larger than the buffer). Files the folder listing did not show as regular get an fstat first.
 */
export function readSmallFile(file: string, options: ReadOptions = {}): Buffer {
  const fd = fs.openSync(file, OPEN_FLAGS);
  try {
    if (!options.knownRegular) {
      const stat = fs.fstatSync(fd);
      if (!stat.isFile()) throw new Error(`not read: ${kindOf(stat)}, not a regular file`);
    }
    return readOpenFile(fd, options.limit ?? Infinity);
  } finally {
    fs.closeSync(fd);
  }
}

function readOpenFile(fd: number, limit: number): Buffer {
  let buffer = scratch;
  let length = 0;
  for (;;) {
    const read = fs.readSync(fd, buffer, length, buffer.length - length, length);
    length += read;
    if (length > limit) throw tooLarge(limit);
    // A short read of a regular file is its end; a full buffer may have more behind it.
    if (length < buffer.length || read === 0) return buffer.subarray(0, length);
    const larger = Buffer.allocUnsafe(Math.min(buffer.length * 2, limit + 1));
    buffer.copy(larger, 0, 0, length);
    buffer = larger; // a large file's buffer is its own: the shared one stays small
  }
}

function tooLarge(limit: number): Error {
  const size = limit >= 1024 * 1024 ? `${limit / 1024 / 1024} MiB` : `${limit / 1024} KiB`;
  return new Error(`not read: too large (over ${size}; MLflow writes far smaller files)`);
}

/** A whole (small) file as UTF-8 text, read through the shared buffer. */
export function readSmallTextFile(file: string, options: ReadOptions = { limit: SMALL_FILE_LIMIT }): string {
  return readSmallFile(file, options).toString('utf8');
}

/** Params and tags: one file per key, keys with `/` as nested folders, the value as the whole text. */
export function readKeyValueFiles(dir: string, tree: Tree, problems: Problem[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const key of tree.files) {
    const file = dir + path.sep + key; // path.join is measurably slow over a few hundred thousand files
    try {
      const knownRegular = !tree.unusual?.has(key);
      result[key] = readSmallTextFile(file, { limit: SMALL_FILE_LIMIT, knownRegular });
    } catch (error) {
      problems.push({ path: file, reason: (error as Error).message });
    }
  }
  return result;
}

export function readKeyValueFolder(dir: string, problems: Problem[]): Record<string, string> {
  return readKeyValueFiles(dir, walkTree(dir, problems), problems);
}
