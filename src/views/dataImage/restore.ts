// What the Data Image panel shows, as the host keeps it (files on disk, not webview URIs), and the
// check of a request saved in the webview's state: after a reload it is untrusted input, so only
// absolute paths below the allowed roots (workspace folders, caches, local remotes) come back.
import * as path from 'node:path';

/** An image on disk and its label. */
export interface ImageFile {
  label: string;
  file: string;
}

export type ImageRequest =
  | { kind: 'pair'; title: string; left: ImageFile; right: ImageFile }
  | { kind: 'grid'; title: string; added: ImageFile[]; removed: ImageFile[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isInside(file: string, roots: readonly string[]): boolean {
  const resolved = path.resolve(file);
  return roots.some((root) => resolved === root || resolved.startsWith(root + path.sep));
}

function parseFile(raw: unknown): ImageFile | undefined {
  if (!isRecord(raw) || typeof raw.label !== 'string' || typeof raw.file !== 'string') return undefined;
  return path.isAbsolute(raw.file) ? { label: raw.label, file: raw.file } : undefined;
}

/** A saved request, if it still names only files below `roots` (the saved state is untrusted). */
export function parseImageRequest(raw: unknown, roots: readonly string[]): ImageRequest | undefined {
  if (!isRecord(raw) || typeof raw.title !== 'string') return undefined;
  const inside = (f: ImageFile | undefined): f is ImageFile => f !== undefined && isInside(f.file, roots);
  if (raw.kind === 'pair') {
    const left = parseFile(raw.left);
    const right = parseFile(raw.right);
    return inside(left) && inside(right) ? { kind: 'pair', title: raw.title, left, right } : undefined;
  }
  if (raw.kind === 'grid' && Array.isArray(raw.added) && Array.isArray(raw.removed)) {
    const files = (list: unknown[]) => list.map(parseFile).filter(inside);
    return { kind: 'grid', title: raw.title, added: files(raw.added), removed: files(raw.removed) };
  }
  return undefined;
}
