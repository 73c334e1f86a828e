// TFRecord framing of TensorBoard event files (`events.out.tfevents.*`), as tensorboard's
// summary/writer/record_writer.py writes it: uint64 LE length, uint32 LE masked CRC-32C of those
// 8 length bytes, the data, uint32 LE masked CRC-32C of the data. The mask (tensorboard's
// compat/tensorflow_stub masked_crc32c): rotate the CRC right by 15 bits, add 0xa282ead8 (mod 2^32).
import type { Problem } from '../../model';

const HEADER = 12;
const FOOTER = 4;
const MASK_DELTA = 0xa282ead8;
/** A record longer than this is damage, not data (a bad length would make us wait for ever). */
const MAX_RECORD = 1 << 30;

export interface TfRecord {
  /** Where the record's header starts in the file. */
  offset: number;
  data: Uint8Array;
}

export interface TfRecordRead {
  records: TfRecord[];
  /** Just after the last complete record: where reading resumes when the file grows. */
  resumeAt: number;
  /** A bad CRC or an impossible length. Reading stops at the first. */
  damage?: Problem;
  /** The file ends inside a record (still being written, or its writer was killed). */
  partialTail?: { offset: number };
}

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32C (Castagnoli) of bytes[start, end). */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = ~0;
  for (let i = start; i < end; i++) crc = CRC32C_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}

export function maskedCrc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const crc = crc32c(bytes, start, end);
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + MASK_DELTA) >>> 0;
}

function uint32At(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

/**
 * Reads the records of `bytes` (the file from byte `base` on; `base` is 0 or a `resumeAt` of an
 * earlier read). Everything before damage is returned.
 */
export function readTfRecords(file: string, bytes: Uint8Array, base = 0): TfRecordRead {
  const records: TfRecord[] = [];
  let at = 0;
  const damaged = (reason: string): TfRecordRead => ({
    records,
    resumeAt: base + at,
    damage: {
      path: file,
      reason: `${reason} at byte ${base + at}; the records after it are not read`,
    },
  });
  while (at + HEADER <= bytes.length) {
    const low = uint32At(bytes, at);
    const high = uint32At(bytes, at + 4);
    if (maskedCrc32c(bytes, at, at + 8) !== uint32At(bytes, at + 8))
      return damaged('bad CRC of a record length');
    if (high !== 0 || low > MAX_RECORD) return damaged(`a record length of ${high * 2 ** 32 + low} bytes`);
    const dataStart = at + HEADER;
    const dataEnd = dataStart + low;
    if (dataEnd + FOOTER > bytes.length) break;
    if (maskedCrc32c(bytes, dataStart, dataEnd) !== uint32At(bytes, dataEnd))
      return damaged('bad CRC of a record');
    records.push({ offset: base + at, data: bytes.subarray(dataStart, dataEnd) });
    at = dataEnd + FOOTER;
  }
  const resumeAt = base + at;
  return at < bytes.length ? { records, resumeAt, partialTail: { offset: resumeAt } } : { records, resumeAt };
}
