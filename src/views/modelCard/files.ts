// Reads the few text files of a model folder a card shows (the input example, the environment
// files), capped and read-only: a huge or special file never blocks or floods the panel.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const MAX_TEXT_BYTES = 64 * 1024;
// Non-blocking: opening a FIFO for reading would otherwise wait for a writer for ever.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

export interface CappedText {
  text: string;
  /** Whether the file is longer than what was read. */
  truncated: boolean;
}

/** A file's first `limit` bytes as UTF-8; throws (with the reason) when it is not a readable file. */
export function readCappedText(file: string, limit = MAX_TEXT_BYTES): CappedText {
  const fd = fs.openSync(file, OPEN_FLAGS);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new Error('not a regular file');
    const buffer = Buffer.alloc(Math.min(limit, stat.size));
    const read = buffer.length === 0 ? 0 : fs.readSync(fd, buffer, 0, buffer.length, 0);
    return { text: buffer.subarray(0, read).toString('utf8'), truncated: stat.size > limit };
  } finally {
    fs.closeSync(fd);
  }
}

/** `relative` inside `folder`, or undefined for an absolute path or one that climbs out. */
export function insideFolder(folder: string, relative: string): string | undefined {
  if (relative === '' || path.isAbsolute(relative) || relative.includes('\0')) return undefined;
  const parts = relative.split(/[\\/]+/);
  if (parts.some((p) => p === '..')) return undefined;
  return path.join(folder, ...parts);
}
