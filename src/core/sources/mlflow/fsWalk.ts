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
      result[key] = fs.readFileSync(file, 'utf8');
    } catch (error) {
      problems.push({ path: file, reason: (error as Error).message });
    }
  }
  return result;
}

export function readKeyValueFolder(dir: string, problems: Problem[]): Record<string, string> {
  return readKeyValueFiles(dir, walkTree(dir).files, problems);
}
