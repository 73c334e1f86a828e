// The versions a data diff compares: the workspace, or a Git revision (a commit, branch, tag, or a
// DVC experiment's name, as `dvc diff` resolves them), each seen as a FileTree of the DVC project.
// Git is read through the hardened object reader (one `git cat-file --batch`), never checked out.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRegularFile } from '../pipeline/fileAccess';
import { diskTree, type FileTree } from '../sources/dvclive/fileTree';
import { findGitLocation, readFileRefs } from '../sources/dvcExperiments/gitFiles';
import { GitObjects, type CommitInfo } from '../sources/dvcExperiments/gitObjects';
import { BlobTexts, gitTree } from '../sources/dvcExperiments/gitTree';
import { DataError } from './model';

/** The workspace's files, read only when they are regular files (a FIFO named dvc.yaml would block). */
export function workspaceTree(root: string): FileTree {
  const listing = diskTree(root);
  return {
    read: (relativePath) => {
      try {
        return Promise.resolve(readRegularFile(path.join(root, ...relativePath.split('/'))));
      } catch {
        return Promise.resolve(null);
      }
    },
    list: (relativeDir) => listing.list(relativeDir),
  };
}

/** A tree whose paths are taken below `prefix` of another (a DVC project in a Git sub-folder). */
function subTree(tree: FileTree, prefix: string): FileTree {
  if (prefix === '') return tree;
  return {
    read: (relativePath) => tree.read(`${prefix}/${relativePath}`),
    list: async (relativeDir) =>
      (await tree.list(relativeDir ? `${prefix}/${relativeDir}` : prefix)).map((f) =>
        f.slice(prefix.length + 1),
      ),
  };
}

/** Experiment refs named `name` (refs/exps/<sha[:2]>/<sha[2:]>/<name>), the current baseline's first. */
function experimentShas(root: string, name: string): string[] {
  const location = findGitLocation(root);
  const refs = location ? readFileRefs(location) : null;
  if (!refs) return [];
  const found: { sha: string; onHead: boolean }[] = [];
  for (const [ref, sha] of refs.refs) {
    const parts = ref.split('/');
    if (parts.length !== 5 || parts[1] !== 'exps' || parts[4] !== name) continue;
    found.push({ sha, onHead: `${parts[2]}${parts[3]}` === refs.head });
  }
  const onHead = found.filter((f) => f.onHead);
  return (onHead.length > 0 ? onHead : found).map((f) => f.sha);
}

export class DataRepo {
  private readonly objects: GitObjects;
  private readonly blobs: BlobTexts;
  private prefix: string | undefined;

  constructor(readonly root: string) {
    this.objects = new GitObjects(root);
    this.blobs = new BlobTexts(this.objects);
  }

  /** The commit `rev` names; DataError when there is none (the reason DVC gives). */
  async resolve(rev: string): Promise<string> {
    if (rev === '' || rev.startsWith('-') || /[\0\r\n]/.test(rev)) {
      throw new DataError(rev, `unknown Git revision '${rev}'`);
    }
    // `git cat-file --batch` resolves revision expressions (HEAD~1, v1^{commit}) as it reads
    // objects: no process per revision, and a name there is never taken for an option.
    const commit = await this.objects.object(`${rev}^{commit}`);
    if (commit?.type === 'commit') return commit.oid;
    const shas = rev.startsWith('refs/') ? [] : experimentShas(this.root, rev);
    if (shas.length === 1) return shas[0];
    throw new DataError(
      rev,
      shas.length > 1 ? `ambiguous Git revision '${rev}'` : `unknown Git revision '${rev}'`,
    );
  }

  /** The DVC project's files at a commit. */
  async treeAt(sha: string): Promise<FileTree> {
    const commit = await this.objects.commit(sha);
    if (!commit) throw new DataError(sha, 'no such commit in the Git repository');
    return subTree(gitTree(this.objects, this.blobs, commit.tree), this.gitPrefix());
  }

  /** Where the DVC project is inside the Git work tree ("" at its top, the folder holding `.git`). */
  private gitPrefix(): string {
    if (this.prefix === undefined) {
      let top = path.resolve(this.root);
      while (!fs.existsSync(path.join(top, '.git')) && path.dirname(top) !== top) top = path.dirname(top);
      const relative = path.relative(top, path.resolve(this.root)).split(path.sep).join('/');
      this.prefix = fs.existsSync(path.join(top, '.git')) ? relative : '';
    }
    return this.prefix;
  }

  /** A commit's subject, time and parents; null when Git has none by that name. */
  commit(rev: string): Promise<CommitInfo | null> {
    return this.objects.commit(rev);
  }

  /** A Git object's bytes by id or `<rev>:<path>`; null when there is none or it is not a blob. */
  async blob(spec: string): Promise<Buffer | null> {
    const object = await this.objects.object(spec);
    return object?.type === 'blob' ? object.content : null;
  }

  /** Where the DVC project is inside the Git work tree, as a `<rev>:<path>` prefix ("" or "sub/"). */
  gitPathPrefix(): string {
    const prefix = this.gitPrefix();
    return prefix === '' ? '' : `${prefix}/`;
  }

  close(): void {
    this.objects.close();
  }
}
