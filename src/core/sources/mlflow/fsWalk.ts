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

/** Params and tags: one file per key, keys with `/` as nested folders, the value as the whole text. */
export function readKeyValueFolder(dir: string, problems: Problem[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const relative of walkFiles(dir)) {
    const file = path.join(dir, relative);
    try {
      result[relative] = fs.readFileSync(file, 'utf8');
    } catch (error) {
      problems.push({ path: file, reason: (error as Error).message });
    }
  }
  return result;
}

/** Every file below `dir`, as `/`-separated relative paths (MLflow's keys). */
export function walkFiles(dir: string, prefix = ''): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...walkFiles(path.join(dir, entry.name), relative));
    else files.push(relative);
  }
  return files;
}

/** Every folder below `dir` (for fingerprints: a key added under `train/` changes only `train/`). */
export function walkDirs(dir: string): string[] {
  const dirs: string[] = [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return dirs;
  }
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const child = path.join(dir, entry.name);
    dirs.push(child, ...walkDirs(child));
  }
  return dirs;
}
