// A folder's DVC hash (dvc_data/hashfile/tree.py): the md5 of the JSON listing
// `[{"md5": <file hash>, "relpath": "a/b.csv"}, …]` sorted by relpath, written like Python's
// `json.dumps(..., sort_keys=True)` (", " and ": " separators, non-ASCII escaped), plus ".dir".
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem } from '../model';
import type { DvcIgnore } from '../sources/dvc/dvcignore';
import { describeFsError, describeSpecialFile, isProblem, statPath } from './fileAccess';
import type { FileHashName, HashCache } from './hashCache';

export interface DirListingEntry {
  relpath: string;
  md5: string;
}

/** Python's json.dumps for a string (ensure_ascii=True). */
export function pythonJsonString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text) && !/["\\]/.test(text)) return `"${text}"`;
  return JSON.stringify(text).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Python's str ordering (by code point; JavaScript's `<` compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const ca = ia.next();
    const cb = ib.next();
    if (ca.done || cb.done) return ca.done ? (cb.done ? 0 : -1) : 1;
    const diff = (ca.value.codePointAt(0) ?? 0) - (cb.value.codePointAt(0) ?? 0);
    if (diff !== 0) return diff;
  }
}

export function dirListingJson(entries: DirListingEntry[]): string {
  // UTF-16 order equals code point order unless a surrogate pair meets U+E000..U+FFFF.
  const simple = entries.every((e) => !/[\uD800-\uFFFF]/.test(e.relpath));
  const byUnits = (x: DirListingEntry, y: DirListingEntry) =>
    x.relpath < y.relpath ? -1 : x.relpath > y.relpath ? 1 : 0;
  const byCodePoints = (x: DirListingEntry, y: DirListingEntry) => compareCodePoints(x.relpath, y.relpath);
  const sorted = [...entries].sort(simple ? byUnits : byCodePoints);
  const items = sorted.map(
    (e) => `{"md5": ${pythonJsonString(e.md5)}, "relpath": ${pythonJsonString(e.relpath)}}`,
  );
  return `[${items.join(', ')}]`;
}

export function dirHashOfListing(entries: DirListingEntry[]): string {
  return `${crypto.createHash('md5').update(dirListingJson(entries), 'utf8').digest('hex')}.dir`;
}

export interface WalkedFile {
  absPath: string;
  relpath: string;
  stat: fs.Stats;
}

/** stat() results of one status pass, errors included (see StatusEnv.stats). */
export type StatCache = Map<string, fs.Stats | Problem | undefined>;

/**
 * What DVC cannot hash in a walked folder (it stops with an error, or hangs reading a FIFO): an
 * entry that cannot be stat'ed (symlink loop, permission denied, broken symlink), a sub-folder that
 * cannot be listed, or anything neither a file nor a folder. Undefined for what DVC hashes or skips.
 */
function entryProblem(absPath: string, stat: fs.Stats | Problem | undefined): Problem | undefined {
  if (isProblem(stat)) return stat;
  if (!stat) return { path: absPath, reason: describeFsError({ code: 'ENOENT' }) };
  if (!stat.isFile() && !stat.isDirectory()) return { path: absPath, reason: describeSpecialFile(stat) };
  return undefined;
}

/**
 * Files below `dir` as DVC walks them: ignored entries and sub-projects left out, symlinked folders
 * not followed. What cannot be read goes to `problems` (one per path) and the walk goes on.
 */
export function walkDvcFiles(
  dir: string,
  ignore: DvcIgnore | undefined,
  stats?: StatCache,
  problems: Problem[] = [],
  prefix = '',
  out: WalkedFile[] = [],
): WalkedFile[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    problems.push({ path: dir, reason: describeFsError(error) });
    return out;
  }
  for (const entry of entries) {
    const absPath = dir + path.sep + entry.name; // dir is already normalised
    const relpath = prefix ? `${prefix}/${entry.name}` : entry.name;
    const stat = statPath(absPath);
    stats?.set(absPath, stat);
    const problem = entryProblem(absPath, stat);
    // DVC filters names before it looks at them: what it cannot stat counts as a file.
    const isDir = !problem && (stat as fs.Stats).isDirectory();
    if (ignore?.isEntryIgnored(absPath, isDir)) continue;
    if (problem) problems.push(problem);
    else if (isDir) {
      if (entry.isSymbolicLink() || ignore?.isSubproject(absPath)) continue;
      walkDvcFiles(absPath, ignore, stats, problems, relpath, out);
    } else out.push({ absPath, relpath, stat: stat as fs.Stats });
  }
  return out;
}

/**
 * The ".dir" hash of a folder with file hashes from (and into) the cache; undefined when some entry
 * could not be hashed (each such path and its reason is added to `problems`).
 */
export function hashDirectory(
  dir: string,
  hashName: FileHashName,
  cache: HashCache,
  ignore?: DvcIgnore,
  stats?: StatCache,
  problems: Problem[] = [],
): string | undefined {
  const before = problems.length;
  const files = walkDvcFiles(dir, ignore, stats, problems);
  const listing: DirListingEntry[] = [];
  for (const file of files) {
    try {
      listing.push({ relpath: file.relpath, md5: cache.hashFile(file.absPath, hashName, file.stat) });
    } catch (error) {
      problems.push({ path: file.absPath, reason: describeFsError(error) });
    }
  }
  return problems.length > before ? undefined : dirHashOfListing(listing);
}
