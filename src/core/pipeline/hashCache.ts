// File hashes the way DVC computes them (dvc_data/hashfile/hash.py), remembered by path, size and
// mtime so that a file is read again only after it changed (DVC keeps a similar state database).
// "md5" is DVC 3's plain md5 of the bytes; "md5-dos2unix" is DVC 2's: each 1 MiB chunk that looks
// like text (istextblock on its first 512 bytes) has CRLF turned into LF before hashing.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openRegularFile, readRegularFile } from './fileAccess';

export type FileHashName = 'md5' | 'md5-dos2unix';

interface CacheEntry {
  size: number;
  mtimeMs: number;
  md5?: string;
  d2u?: string;
}

const CHUNK_SIZE = 2 ** 20;
const TEXT_BLOCK = 512;
const CACHE_VERSION = 1;
/** A long-lived cache (the extension's worker) looks for deleted files again after this long. */
const PRUNE_EVERY_MS = 10 * 60_000;

function isTextByte(byte: number): boolean {
  // bytes(range(32, 127)) + b"\n\r\t\f\b"
  return (byte >= 32 && byte < 127) || byte === 10 || byte === 13 || byte === 9 || byte === 12 || byte === 8;
}

/** dvc_data's istextblock: no NUL byte and at most 30% bytes outside printable ASCII. */
export function isTextBlock(block: Uint8Array): boolean {
  if (block.length === 0) return true;
  let nonText = 0;
  for (const byte of block) {
    if (byte === 0) return false;
    if (!isTextByte(byte)) nonText++;
  }
  return nonText / block.length <= 0.3;
}

function dos2unix(chunk: Buffer): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  for (let at = chunk.indexOf('\r\n', 0); at !== -1; at = chunk.indexOf('\r\n', at + 2)) {
    parts.push(chunk.subarray(start, at));
    start = at + 1;
  }
  if (parts.length === 0) return chunk;
  parts.push(chunk.subarray(start));
  return Buffer.concat(parts);
}

/** One chunk buffer for every file: hashing is synchronous, and a fresh 1 MiB per file made a
 * status check of 2,000 small files spend a fifth of its time collecting garbage. */
let chunkBuffer: Buffer | undefined;

/** Hashes a regular file's content in 1 MiB chunks, as DVC reads it; throws for anything else. */
export function hashFileContent(file: string, hashName: FileHashName): string {
  const hash = crypto.createHash('md5');
  const fd = openRegularFile(file);
  const buffer = (chunkBuffer ??= Buffer.allocUnsafe(CHUNK_SIZE));
  try {
    let atEnd = false;
    while (!atEnd) {
      let filled = 0;
      while (filled < CHUNK_SIZE) {
        const read = fs.readSync(fd, buffer, filled, CHUNK_SIZE - filled, null);
        filled += read;
        // A short read of a regular file is its end (one read per small file, not two).
        if (read < CHUNK_SIZE - (filled - read)) {
          atEnd = true;
          break;
        }
      }
      if (filled === 0) break;
      const chunk = buffer.subarray(0, filled);
      const text = hashName === 'md5-dos2unix' && isTextBlock(chunk.subarray(0, TEXT_BLOCK));
      hash.update(text ? dos2unix(chunk) : chunk);
    }
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

export interface HashCacheStats {
  hits: number;
  misses: number;
}

/**
 * Remembers file hashes by absolute path, valid while size and mtime stay the same. Optionally
 * persisted as JSON (`load`/`save`) so a restart does not rehash unchanged files; entries of files
 * that no longer exist are dropped when it is saved.
 */
export class HashCache {
  private readonly entries = new Map<string, CacheEntry>();
  /** Paths hashed or looked up since this cache was made: they existed a moment ago. */
  private readonly used = new Set<string>();
  private lastPrune = -Infinity;
  private dirty = false;
  readonly stats: HashCacheStats = { hits: 0, misses: 0 };

  constructor(readonly file?: string) {}

  /** Loads a saved cache; a missing or unreadable file gives an empty cache. */
  static load(file: string): HashCache {
    const cache = new HashCache(file);
    try {
      const data = JSON.parse(readRegularFile(file)) as {
        version?: number;
        entries?: [string, CacheEntry][];
      };
      if (data.version === CACHE_VERSION && Array.isArray(data.entries)) {
        for (const [key, entry] of data.entries) cache.entries.set(key, entry);
      }
    } catch {
      // first use or a damaged file: start empty
    }
    return cache;
  }

  /**
   * Drops the entries of files that no longer exist (checking only those not used since the cache
   * was made or last pruned); returns how many went.
   */
  prune(exists: (file: string) => boolean = fs.existsSync): number {
    let dropped = 0;
    for (const key of this.entries.keys()) {
      if (this.used.has(key) || exists(key)) continue;
      this.entries.delete(key);
      dropped++;
    }
    this.used.clear();
    this.lastPrune = Date.now();
    if (dropped > 0) this.dirty = true;
    return dropped;
  }

  /** Writes the cache if it changed (atomically: a temp file renamed over the old one), pruned first. */
  save(): void {
    if (Date.now() - this.lastPrune >= PRUNE_EVERY_MS) this.prune();
    if (!this.file || !this.dirty) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify({ version: CACHE_VERSION, entries: [...this.entries] }));
    fs.renameSync(temp, this.file);
    this.dirty = false;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The file's hash; `stat` may be passed when the caller already has it. Throws if unreadable. */
  hashFile(file: string, hashName: FileHashName, stat?: fs.Stats): string {
    const info = stat ?? fs.statSync(file);
    const key = path.isAbsolute(file) ? file : path.resolve(file);
    this.used.add(key);
    let entry = this.entries.get(key);
    if (!entry || entry.size !== info.size || entry.mtimeMs !== info.mtimeMs) {
      entry = { size: info.size, mtimeMs: info.mtimeMs };
      this.entries.set(key, entry);
    }
    const field = hashName === 'md5' ? 'md5' : 'd2u';
    const known = entry[field];
    if (known !== undefined) {
      this.stats.hits++;
      return known;
    }
    this.stats.misses++;
    const value = hashFileContent(key, hashName);
    entry[field] = value;
    this.dirty = true;
    return value;
  }
}
