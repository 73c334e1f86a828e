// File access for status checks that neither throws on a hostile path nor blocks: every stat error
// (a symlink loop, a permission denied …) becomes a reason for that path, and only regular files are
// ever read (opening a FIFO for reading waits for a writer; DVC itself hangs there).
import * as fs from 'node:fs';
import type { Problem } from '../model';

const REASONS: Record<string, string> = {
  ELOOP: 'too many levels of symbolic links (ELOOP)',
  EACCES: 'permission denied (EACCES)',
  EPERM: 'operation not permitted (EPERM)',
  ENOENT: 'no such file or folder, or a broken symbolic link (ENOENT)',
  ENAMETOOLONG: 'file name too long (ENAMETOOLONG)',
  EIO: 'input/output error (EIO)',
  ENXIO: 'no such device or address (ENXIO)',
};

/** A file system error in words, without the path Node repeats in its message. */
export function describeFsError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code && REASONS[code]) return REASONS[code];
  const words = /^[A-Z]+: ([^,]+)/.exec(message ?? '');
  if (code && words) return `${words[1]} (${code})`;
  return message ?? String(error);
}

/** Why DVC cannot hash something that is neither a regular file nor a folder. */
export function describeSpecialFile(stat: fs.Stats): string {
  const what = stat.isFIFO()
    ? 'a FIFO (named pipe)'
    : stat.isSocket()
      ? 'a socket'
      : stat.isCharacterDevice() || stat.isBlockDevice()
        ? 'a device file'
        : 'not a regular file';
  return `${what}: DVC cannot hash it`;
}

export function isProblem(value: fs.Stats | Problem | undefined): value is Problem {
  return value !== undefined && !(value instanceof fs.Stats);
}

/**
 * stat() following symlinks: the Stats, undefined when nothing is there (missing, or a parent is a
 * file), or the problem when the path exists but cannot be examined.
 */
export function statPath(absPath: string): fs.Stats | Problem | undefined {
  try {
    return fs.statSync(absPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    return { path: absPath, reason: describeFsError(error) };
  }
}

/** Opens a regular file for reading; throws (with a reason) for FIFOs, sockets, devices and folders. */
export function openRegularFile(file: string): number {
  // O_NONBLOCK: opening a FIFO then returns at once instead of waiting for a writer.
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new Error(stat.isDirectory() ? 'a folder' : describeSpecialFile(stat));
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
  return fd;
}

/** A regular file's text (UTF-8); throws for anything else. */
export function readRegularFile(file: string): string {
  const fd = openRegularFile(file);
  try {
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}
