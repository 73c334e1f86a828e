// The two sides of a comparison, as DVC's data index has them: each tracked output (by repo path)
// with its hash, and for a folder the files its `.dir` manifest lists. A committed version takes its
// folders' manifests from the cache (unknown when the object is missing); the workspace hashes its
// files as DVC does (md5, or DVC 2's md5-dos2unix for outputs recorded that way), reusing hashes of
// files whose size and mtime did not change.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dirHashOfListing, walkDvcFiles, type DirListingEntry } from '../pipeline/dirHash';
import { describeFsError, isProblem, statPath } from '../pipeline/fileAccess';
import type { FileHashName, HashCache } from '../pipeline/hashCache';
import { DvcIgnore } from '../sources/dvc/dvcignore';
import type { Problem } from '../model';
import { readManifest } from './cache';
import { FileList } from './fileList';
import { DataError, type DataNode } from './model';
import type { TrackedOut } from './tracked';

export interface DataSide {
  /** Tracked outputs present in this version, by repo path. */
  outs: ReadonlyMap<string, DataNode>;
  /** A folder output's files (relpath → md5, hashed like the output), 'unknown' when not in the cache. */
  files(out: DataNode): FileList | 'unknown';
}

/** A committed version: the hashes its `.dvc` files and dvc.lock record, manifests from the cache. */
export function committedSide(outs: readonly TrackedOut[], cacheDir: string): DataSide {
  const byKey = new Map<string, DataNode>();
  for (const out of outs) byKey.set(out.key, { key: out.key, isDir: out.isDir, hash: out.hash });
  return {
    outs: byKey,
    files(out) {
      if (!out.isDir || !out.hash) return FileList.EMPTY;
      const manifest = readManifest(cacheDir, out.hash);
      return manifest === 'missing' ? 'unknown' : manifest;
    },
  };
}

/** DVC hashes the workspace copy the way the output's recorded hash was made (md5 by default). */
function hashNameFor(out: TrackedOut): FileHashName {
  return out.hash?.name === 'md5-dos2unix' ? 'md5-dos2unix' : 'md5';
}

function fail(problem: Problem): never {
  throw new DataError(problem.path, problem.reason);
}

/**
 * The workspace: each output in `outs` (limited to `wanted` keys when given) hashed from disk. An
 * output missing on disk is absent; what cannot be read (permission, FIFO…) is a DataError.
 */
export function workspaceSide(
  root: string,
  outs: readonly TrackedOut[],
  hashCache: HashCache,
  wanted?: (key: string) => boolean,
): DataSide {
  const byKey = new Map<string, DataNode>();
  const folders = new Map<string, FileList>();
  const ignore = new DvcIgnore(root);
  for (const out of outs) {
    if (wanted && !wanted(out.key)) continue;
    const absolute = path.join(root, ...out.key.split('/'));
    const stat = statPath(absolute);
    if (stat === undefined) continue;
    if (isProblem(stat)) fail(stat);
    const name = hashNameFor(out);
    if (stat.isDirectory()) {
      const problems: Problem[] = [];
      const files = walkDvcFiles(absolute, ignore, undefined, problems);
      if (problems.length > 0) fail(problems[0]);
      const listing: DirListingEntry[] = files.map((file) => ({
        relpath: file.relpath,
        md5: hashOrFail(hashCache, file.absPath, name, file.stat),
      }));
      folders.set(
        out.key,
        FileList.of(
          listing.map((e) => e.relpath),
          listing.map((e) => e.md5),
        ),
      );
      byKey.set(out.key, { key: out.key, isDir: true, hash: { name, value: dirHashOfListing(listing) } });
    } else {
      const value = hashOrFail(hashCache, absolute, name, stat);
      byKey.set(out.key, { key: out.key, isDir: false, hash: { name, value } });
    }
  }
  return { outs: byKey, files: (out) => folders.get(out.key) ?? FileList.EMPTY };
}

function hashOrFail(cache: HashCache, file: string, name: FileHashName, stat: fs.Stats): string {
  try {
    return cache.hashFile(file, name, stat);
  } catch (error) {
    throw new DataError(file, describeFsError(error));
  }
}
