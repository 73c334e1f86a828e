// A commit's files as a FileTree, read through GitObjects. Blob texts are cached by object id.
import type { FileTree } from '../dvclive/fileTree';
import type { GitObjects, TreeEntry } from './gitObjects';

const TEXT_CACHE_LIMIT = 4000;

/** Blob texts shared by every tree of one repository (many revisions hold the same params.yaml). */
export class BlobTexts {
  private readonly texts = new Map<string, string>();

  constructor(private readonly objects: GitObjects) {}

  async text(oid: string): Promise<string | null> {
    const cached = this.texts.get(oid);
    if (cached !== undefined) return cached;
    const object = await this.objects.object(oid);
    if (!object || object.type !== 'blob') return null;
    const text = object.content.toString('utf8');
    if (this.texts.size >= TEXT_CACHE_LIMIT) this.texts.clear();
    this.texts.set(oid, text);
    return text;
  }
}

/** Folders a listing never descends into (DVC's own folder, listed as `.dvc/config` only, and Git's). */
const SKIPPED = new Set(['.git', '.dvc']);

export function gitTree(objects: GitObjects, blobs: BlobTexts, rootTree: string): FileTree {
  const entryAt = async (relativePath: string): Promise<TreeEntry | null> => {
    let tree = rootTree;
    const parts = relativePath.split('/').filter(Boolean);
    for (let i = 0; i < parts.length; i++) {
      const entry = (await objects.tree(tree)).find((e) => e.name === parts[i]);
      if (!entry) return null;
      if (i === parts.length - 1) return entry;
      if (entry.kind !== 'tree') return null;
      tree = entry.oid;
    }
    return { name: '', oid: rootTree, kind: 'tree' };
  };
  return {
    async read(relativePath) {
      const entry = await entryAt(relativePath);
      return entry?.kind === 'blob' ? blobs.text(entry.oid) : null;
    },
    async list(relativeDir) {
      const start = await entryAt(relativeDir);
      if (start?.kind !== 'tree') return [];
      const found: string[] = [];
      const walk = async (oid: string, prefix: string): Promise<void> => {
        for (const entry of await objects.tree(oid)) {
          const child = prefix ? `${prefix}/${entry.name}` : entry.name;
          if (entry.kind === 'tree' && entry.name === '.dvc') found.push(`${child}/config`);
          else if (entry.kind === 'tree' && !SKIPPED.has(entry.name)) await walk(entry.oid, child);
          else if (entry.kind === 'blob') found.push(child);
        }
      };
      await walk(start.oid, relativeDir.replace(/\/+$/, ''));
      return found.sort();
    },
  };
}
