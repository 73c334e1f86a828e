import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem } from '../../model';

export function listSubdirs(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/** Files and folders below a folder, as `/`-separated relative paths (MLflow's keys for files). */
export interface Tree {
  files: string[];
  dirs: string[];
}

export function walkTree(dir: string, prefix = '', tree: Tree = { files: [], dirs: [] }): Tree {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return tree;
  }
  for (const entry of entries) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      tree.dirs.push(relative);
      walkTree(dir + path.sep + entry.name, relative, tree);
    } else tree.files.push(relative);
  }
  return tree;
}

const scratch = Buffer.allocUnsafe(64 * 1024);

/**
 * A whole file's bytes in a buffer shared by every call: valid only until the next call. A store
 * of 10,000 runs has some 360,000 small files; open, read and close into one buffer make three
 * system calls per file where readFileSync makes four, and allocate nothing (but for files
 * larger than the buffer).
 */
export function readSmallFile(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  let buffer = scratch;
  try {
    let length = 0;
    for (;;) {
      const read = fs.readSync(fd, buffer, length, buffer.length - length, length);
      length += read;
      // A short read of a regular file is its end; a full buffer may have more behind it.
      if (length < buffer.length || read === 0) return buffer.subarray(0, length);
      const larger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(larger, 0, 0, length);
      buffer = larger; // a large file's buffer is its own: the shared one stays small
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** A whole (small) file as UTF-8 text, read through the shared buffer. */
export function readSmallTextFile(file: string): string {
  return readSmallFile(file).toString('utf8');
}

/** Params and tags: one file per key, keys with `/` as nested folders, the value as the whole text. */
export function readKeyValueFiles(
  dir: string,
  keys: readonly string[],
  problems: Problem[],
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const key of keys) {
    const file = dir + path.sep + key; // path.join is measurably slow over a few hundred thousand files
    try {
      result[key] = readSmallTextFile(file);
    } catch (error) {
      problems.push({ path: file, reason: (error as Error).message });
    }
  }
  return result;
}

export function readKeyValueFolder(dir: string, problems: Problem[]): Record<string, string> {
  return readKeyValueFiles(dir, walkTree(dir).files, problems);
}
