// Path confinement: every generated file must land inside the destination folder. Relative paths
// with "..", absolute paths and symbolic links anywhere below the destination are refused, so a
// template (or a name typed by the user) can never write elsewhere.
import { lstat, realpath } from 'node:fs/promises';
import * as path from 'node:path';

export class PathConfinementError extends Error {
  constructor(
    readonly relativePath: string,
    readonly reason: string,
  ) {
    super(`${relativePath}: ${reason}`);
  }
}

/** Why a relative output path is unacceptable, or undefined when it is a plain path below the root. */
export function relativePathProblem(relativePath: string): string | undefined {
  if (relativePath === '') return 'the path is empty';
  if (relativePath.includes('\0')) return 'the path contains a NUL character';
  if (relativePath.includes('\\')) return 'the path contains a backslash';
  if (
    path.posix.isAbsolute(relativePath) ||
    path.win32.isAbsolute(relativePath) ||
    /^[A-Za-z]:/.test(relativePath)
  )
    return 'absolute paths are not allowed';
  for (const segment of relativePath.split('/')) {
    if (segment === '') return 'the path has an empty segment';
    if (segment === '.' || segment === '..') return `'${segment}' segments are not allowed`;
  }
  return undefined;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * The real path of `folder`, or of its nearest existing ancestor joined with the missing rest.
 * Links above the folder are resolved (e.g. /tmp → /private/tmp); the folder itself must not be a
 * symbolic link, since writing "into" it would write wherever it points.
 */
export async function resolveDestination(folder: string): Promise<string> {
  const absolute = path.resolve(folder);
  const own = await lstat(absolute).catch(() => undefined);
  if (own?.isSymbolicLink())
    throw new PathConfinementError(
      folder,
      'the destination folder is a symbolic link; choose the folder it points to',
    );
  if (own && !own.isDirectory())
    throw new PathConfinementError(folder, 'the destination exists and is not a folder');
  const missing: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      return path.join(await realpath(current), ...missing.reverse());
    } catch (error) {
      if (!isMissing(error)) throw error;
      const parent = path.dirname(current);
      if (parent === current) throw error;
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

export interface ConfinedTarget {
  absolutePath: string;
  /** A regular file is already there. */
  exists: boolean;
}

/**
 * Checks that `relativePath` stays inside `root` (a real path, see resolveDestination): no "..",
 * no absolute path, no symbolic link on the way, no folder where the file goes, no file where a
 * folder must be. Throws PathConfinementError with the reason.
 */
export async function confine(root: string, relativePath: string): Promise<ConfinedTarget> {
  const problem = relativePathProblem(relativePath);
  if (problem) throw new PathConfinementError(relativePath, problem);
  const absolutePath = path.join(root, ...relativePath.split('/'));
  const inside = path.relative(root, absolutePath);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside))
    throw new PathConfinementError(relativePath, 'the path leaves the destination folder');
  const segments = relativePath.split('/');
  let current = root;
  for (let i = 0; i < segments.length; i++) {
    current = path.join(current, segments[i]!);
    const last = i === segments.length - 1;
    let stat;
    try {
      stat = await lstat(current);
    } catch (error) {
      if (isMissing(error)) return { absolutePath, exists: false };
      throw error;
    }
    const shown = segments.slice(0, i + 1).join('/');
    if (stat.isSymbolicLink())
      throw new PathConfinementError(
        relativePath,
        `'${shown}' is a symbolic link; refusing to write through it`,
      );
    if (!last && !stat.isDirectory())
      throw new PathConfinementError(relativePath, `'${shown}' exists and is not a folder`);
    if (last && !stat.isFile())
      throw new PathConfinementError(relativePath, `'${shown}' exists and is not a regular file`);
  }
  return { absolutePath, exists: true };
}
