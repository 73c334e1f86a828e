// A read-only view of a folder's files: the workspace on disk, or a commit's tree in Git. DVC and
// DVCLive readers work on this, so the same code reads the workspace and every revision.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface FileTree {
  /** Text of a file (path relative to the tree's root, "/"-separated), or null when there is none. */
  read(relativePath: string): Promise<string | null>;
  /** Every file below a folder ("" for the root), recursively, as root-relative "/" paths. */
  list(relativeDir: string): Promise<string[]>;
}

/** Folders never worth listing for params, metrics or DVCLive output. */
const SKIPPED_DIRS = new Set(['.git', '.dvc', 'node_modules', '__pycache__', '.venv', 'venv']);

/** The files under `root` on disk. */
export function diskTree(root: string): FileTree {
  return {
    async read(relativePath) {
      try {
        return await fs.promises.readFile(path.join(root, ...relativePath.split('/')), 'utf8');
      } catch {
        return null;
      }
    },
    async list(relativeDir) {
      const found: string[] = [];
      const walk = async (dir: string): Promise<void> => {
        let entries: fs.Dirent[];
        try {
          entries = await fs.promises.readdir(path.join(root, ...dir.split('/').filter(Boolean)), {
            withFileTypes: true,
          });
        } catch {
          return;
        }
        for (const entry of entries) {
          const child = dir ? `${dir}/${entry.name}` : entry.name;
          // A `.dvc` folder is listed as its config only: enough to tell DVC (sub-)repos apart.
          if (entry.isDirectory() && entry.name === '.dvc') found.push(`${child}/config`);
          else if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) await walk(child);
          else if (entry.isFile()) found.push(child);
        }
      };
      await walk(relativeDir.replace(/\/+$/, ''));
      return found.sort();
    },
  };
}

/** Joins "/"-separated relative paths, resolving "." and ".." (null when it leaves the root). */
export function joinRelative(...parts: string[]): string | null {
  const out: string[] = [];
  for (const segment of parts.join('/').split(/[\\/]+/)) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(segment);
  }
  return out.join('/');
}
