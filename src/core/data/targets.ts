// Paths the user names on the command line (relative to the current folder) as the repo-relative
// keys DVC's index uses.
import * as path from 'node:path';
import { joinRelative } from '../sources/dvclive/fileTree';
import { DataError } from './model';

/** A target as a repo-relative "/" key ("" for the root); DataError when it is outside the project. */
export function targetKey(root: string, cwd: string, target: string): string {
  const relative = path.relative(root, path.resolve(cwd, target)).split(path.sep).join('/');
  const key = joinRelative(relative);
  if (key === null || path.isAbsolute(relative)) throw new DataError(target, 'outside the DVC project');
  return key;
}

/** `_prune_keys`: duplicates and paths inside another target dropped. */
export function pruneKeys(keys: readonly string[]): string[] {
  const kept: string[] = [];
  for (const key of [...new Set(keys)].sort((a, b) => a.split('/').length - b.split('/').length)) {
    if (!kept.some((k) => k === '' || key === k || key.startsWith(`${k}/`))) kept.push(key);
  }
  return kept;
}

/** Whether `key` is `prefix` or below it. */
export function isUnder(key: string, prefix: string): boolean {
  return prefix === '' || key === prefix || key.startsWith(`${prefix}/`);
}
