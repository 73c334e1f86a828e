// The bytes of one version of a tracked file, for the read-only `mlops-lens-data:` documents the
// diff editor opens: a DVC cache object by hash, or a Git blob at a commit. Which files are text
// (and so worth a line diff) is decided by extension, then by looking for NUL bytes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataError, type HashRef } from '../../core/data/model';
import { ObjectStore } from '../../core/data/objects';

export const DATA_SCHEME = 'mlops-lens-data';

/** Where a version's bytes are: a cache object (hash) or a Git blob (sha of the commit). */
export interface ContentSpec {
  /** The DVC project folder. */
  root: string;
  /** Repo-relative key of the file. */
  key: string;
  hash?: HashRef;
  /** A commit whose Git tree holds the file itself (not tracked by DVC there). */
  sha?: string;
  /** Shown in the editor title: "v2", "HEAD", a short sha. */
  label: string;
}

/** The query of a `mlops-lens-data:` URI (its path is the key, so the title shows the file name). */
export function encodeSpec(spec: ContentSpec): string {
  const query = new URLSearchParams({ root: spec.root, key: spec.key, label: spec.label });
  if (spec.hash) {
    query.set('hashName', spec.hash.name);
    query.set('hash', spec.hash.value);
  }
  if (spec.sha) query.set('sha', spec.sha);
  return query.toString();
}

export function decodeSpec(query: string): ContentSpec | null {
  const params = new URLSearchParams(query);
  const root = params.get('root');
  const key = params.get('key');
  if (!root || key === null) return null;
  const spec: ContentSpec = { root, key, label: params.get('label') ?? '' };
  const hash = params.get('hash');
  if (hash) spec.hash = { name: params.get('hashName') ?? 'md5', value: hash };
  const sha = params.get('sha');
  if (sha && /^[0-9a-f]{40,64}$/.test(sha)) spec.sha = sha;
  return spec;
}

/** Reads a Git blob of `<sha>:<key>`; given by the caller so this module needs no Git process. */
export type GitBlobReader = (root: string, sha: string, key: string) => Promise<Buffer | null>;

/** A version's bytes; a DataError "not in cache" (with the object's path) when it is nowhere here. */
export async function readVersionBytes(spec: ContentSpec, readBlob: GitBlobReader): Promise<Uint8Array> {
  if (spec.hash) {
    // The cache, else a local-directory remote (read as it is, without fetching).
    const place = new ObjectStore(spec.root).locate(spec.hash);
    if ('missing' in place) throw new DataError(spec.key, `not in cache (${place.missing})`);
    try {
      return await readObject(place.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new DataError(spec.key, `not in cache (${place.file})`);
      }
      throw new DataError(spec.key, (error as Error).message);
    }
  }
  if (spec.sha) {
    const bytes = await readBlob(spec.root, spec.sha, spec.key);
    if (bytes) return bytes;
    throw new DataError(spec.key, `not in Git at ${spec.sha.slice(0, 7)}`);
  }
  throw new DataError(spec.key, 'no version given');
}

/** A regular file only (a FIFO planted in the cache would block the read). */
async function readObject(file: string): Promise<Uint8Array> {
  const stat = await fs.promises.stat(file);
  if (!stat.isFile()) throw new Error(`${file}: not a regular file`);
  return fs.promises.readFile(file);
}

const TEXT_EXTENSIONS = new Set(
  (
    '.txt .csv .tsv .json .jsonl .ndjson .yaml .yml .toml .ini .cfg .conf .md .rst .log .xml .html ' +
    '.py .ipynb .r .sql .sh .js .ts .java .scala .go .rs .c .h .cpp .hpp .tex .properties .env .dvc .lock'
  ).split(' '),
);

/** Whether a file is worth a text diff: a known text extension, or no NUL in its first 8 KiB. */
export function looksLikeText(key: string, head: Uint8Array | null): boolean {
  const extension = path.posix.extname(key).toLowerCase();
  if (head === null) return TEXT_EXTENSIONS.has(extension);
  if (head.subarray(0, 8192).includes(0)) return false;
  return TEXT_EXTENSIONS.has(extension) || extension === '' || isMostlyPrintable(head.subarray(0, 8192));
}

function isMostlyPrintable(bytes: Uint8Array): boolean {
  let control = 0;
  for (const byte of bytes) if (byte < 9 || (byte > 13 && byte < 32)) control++;
  return control <= bytes.length / 100;
}

/** The first bytes of a regular file on disk, null when it cannot be read. */
export function readHead(file: string): Uint8Array | null {
  try {
    if (!fs.statSync(file).isFile()) return null;
    const fd = fs.openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(8192);
      const read = fs.readSync(fd, buffer, 0, buffer.length, 0);
      return buffer.subarray(0, read);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return null;
  }
}
