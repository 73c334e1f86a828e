import * as path from 'node:path';

/** Whether `candidate` is `dir` or below it. */
export function isInside(candidate: string, dir: string): boolean {
  const relative = path.relative(dir, path.resolve(candidate));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
