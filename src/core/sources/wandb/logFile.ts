// W&B's run log (`run-<id>.wandb`): LevelDB's log format with a W&B file header. The file is 32 KiB
// blocks; each record is cut into chunks (FULL, or FIRST, MIDDLE…, LAST) that never cross a block,
// each with a 7-byte header: CRC-32 (IEEE, zlib's, of the type byte and the data; unmasked, unlike
// LevelDB's CRC-32C), length (uint16 LE), type. Block tails shorter than a header are zero padding.
// The file starts with ":W&B", magic 0xBEE1 (LE) and version 0.
import type { Problem } from '../../model';

export const BLOCK_SIZE = 32768;
export const CHUNK_HEADER = 7;
export const FILE_HEADER = 7;
const IDENT = [0x3a, 0x57, 0x26, 0x42]; // ":W&B"
const MAGIC = 0xbee1;
const FULL = 1;
const FIRST = 2;
const MIDDLE = 3;
const LAST = 4;

export interface LogRecord {
  /** Where the record's first chunk starts in the file. */
  offset: number;
  data: Uint8Array;
}

export interface LogRead {
  records: LogRecord[];
  /** Just after the last complete record: where reading resumes when the file grows. */
  resumeAt: number;
  /** Damage: a bad header, a bad CRC, chunks out of order. Reading stops at the first. */
  damage?: Problem;
  /** The file ends inside a record (still being written, or its writer was killed). */
  partialTail?: { offset: number };
}

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, zlib's crc32) of the type byte followed by the data. */
export function chunkCrc(type: number, data: Uint8Array, start: number, end: number): number {
  let crc = ~0;
  crc = CRC_TABLE[(crc ^ type) & 0xff] ^ (crc >>> 8);
  for (let i = start; i < end; i++) crc = CRC_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}

/** Checks the W&B file header; a reason when it is not one. */
export function fileHeaderProblem(bytes: Uint8Array): string | undefined {
  if (bytes.length < FILE_HEADER) return bytes.length === 0 ? undefined : 'the file header is cut short';
  if (IDENT.some((b, i) => bytes[i] !== b)) return 'not a W&B run log (no ":W&B" header)';
  const magic = bytes[4] | (bytes[5] << 8);
  if (magic !== MAGIC) return `unknown W&B log magic 0x${magic.toString(16)}`;
  if (bytes[6] !== 0) return `unknown W&B log version ${bytes[6]}`;
  return undefined;
}

/**
 * Reads the records of `bytes` (the file from byte `base` on; `base` is 0 or a `resumeAt` of an
 * earlier read, always the start of a chunk). Everything before damage is returned.
 */
export function readLogRecords(file: string, bytes: Uint8Array, base = 0): LogRead {
  const records: LogRecord[] = [];
  let offset = base === 0 ? FILE_HEADER : base;
  let resumeAt = offset;
  let pending: Uint8Array[] = [];
  let pendingStart = -1;
  const damaged = (at: number, reason: string): LogRead => ({
    records,
    resumeAt,
    damage: { path: file, reason: `${reason} at byte ${at}; the records after it are not read` },
  });
  const end = base + bytes.length;
  while (offset < end) {
    const room = BLOCK_SIZE - (offset % BLOCK_SIZE);
    if (room < CHUNK_HEADER) {
      offset += room;
      if (pendingStart < 0) resumeAt = Math.min(offset, end);
      continue;
    }
    if (offset + CHUNK_HEADER > end) break;
    const at = offset - base;
    const crc = (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
    const length = bytes[at + 4] | (bytes[at + 5] << 8);
    const type = bytes[at + 6];
    if (type === 0 && length === 0 && crc === 0) {
      // Zero padding to the block's end (a writer that pre-allocated, or stopped at a block end).
      offset += room;
      if (pendingStart < 0) resumeAt = Math.min(offset, end);
      continue;
    }
    if (CHUNK_HEADER + length > room)
      return damaged(offset, `a chunk of ${length} bytes does not fit its block`);
    if (offset + CHUNK_HEADER + length > end) break;
    const dataStart = at + CHUNK_HEADER;
    if (chunkCrc(type, bytes, dataStart, dataStart + length) !== crc) return damaged(offset, 'bad CRC');
    const data = bytes.subarray(dataStart, dataStart + length);
    if (type === FULL || type === FIRST) {
      if (pendingStart >= 0) return damaged(offset, 'a record starts before the previous one ended');
      if (type === FULL) records.push({ offset, data });
      else {
        pending = [data];
        pendingStart = offset;
      }
    } else if (type === MIDDLE || type === LAST) {
      if (pendingStart < 0) return damaged(offset, 'a record continues that never started');
      pending.push(data);
      if (type === LAST) {
        records.push({ offset: pendingStart, data: concat(pending) });
        pending = [];
        pendingStart = -1;
      }
    } else return damaged(offset, `unknown chunk type ${type}`);
    offset += CHUNK_HEADER + length;
    if (pendingStart < 0) resumeAt = offset;
  }
  const partial = pendingStart >= 0 || resumeAt < end;
  return partial ? { records, resumeAt, partialTail: { offset: resumeAt } } : { records, resumeAt };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, p) => sum + p.length, 0);
  const joined = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}
