// Where a model's files are on this machine. MLflow records absolute locations, so a store copied
// from elsewhere is looked into as artifacts.ts does for runs: the recorded path's tail from a few
// folders above the model's id, beside the store (and inside a file store).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { locateArtifacts } from '../artifacts';

function isFolder(candidate: string): boolean {
  try {
    return fs.statSync(candidate).isDirectory();
  } catch {
    return false;
  }
}

/** The first existing local folder for a recorded location, or undefined (remote, or nowhere here). */
export function localFolderOf(uri: string | null, store: string, anchor?: string): string | undefined {
  if (!uri) return undefined;
  const location = locateArtifacts({ artifactUri: uri, store });
  if (location.kind !== 'local') return undefined;
  if (isFolder(location.path)) return location.path;
  const segments = location.path.split(/[\\/]+/).filter((s) => s !== '' && s !== '.' && s !== '..');
  const at = anchor ? segments.lastIndexOf(anchor) : -1;
  if (at < 0) return undefined;
  const bases = [path.dirname(store), store];
  for (let start = Math.max(0, at - 3); start <= at; start++)
    for (const base of bases) {
      const candidate = path.join(base, ...segments.slice(start));
      if (isFolder(candidate)) return candidate;
    }
  return undefined;
}
