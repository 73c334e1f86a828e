// The versions of a tracked path: what DVC recorded for it at each commit of the current branch
// (HEAD and its first parents, `depth` of them), kept where its hash changed from the parent
// commit's, as `git log` does for a file. Commits are read through the hardened Git object reader;
// each commit's tracked outputs are read once and shared by every path asked about.
import { cacheDirOf, readManifest } from '../../core/data/cache';
import { DataError, sameHash, type HashRef } from '../../core/data/model';
import { trackedOuts, type TrackedOut } from '../../core/data/tracked';
import { DataRepo } from '../../core/data/versions';
import { findGitLocation, readFileRefs } from '../../core/sources/dvcExperiments/gitFiles';
import { objectSize, type DataProblem } from './dataModel';

/** What one version records for a path; hash null when the path is not tracked there. */
export interface PathAtVersion {
  hash: HashRef | null;
  isDir: boolean;
  size?: number;
  nfiles?: number;
}

export interface DataVersion extends PathAtVersion {
  sha: string;
  subject: string;
  /** Commit time, ms since the epoch. */
  time: number;
}

export interface VersionList {
  versions: DataVersion[];
  problems: DataProblem[];
}

interface Snapshot {
  sha: string;
  subject: string;
  time: number;
  parent: string | null;
  outs: TrackedOut[] | DataProblem;
}

/** A named revision to compare with: a tag or an experiment. */
export interface NamedRevision {
  kind: 'tag' | 'experiment';
  name: string;
  sha: string;
}

export class DataHistory {
  private readonly repo: DataRepo;
  private readonly cacheDir: string;
  private snapshots: Promise<Snapshot[]> | undefined;
  private head: string | undefined;

  constructor(
    readonly root: string,
    private readonly depth: number,
  ) {
    this.repo = new DataRepo(root);
    this.cacheDir = cacheDirOf(root);
  }

  /** Forgets the commits read when HEAD moved (a commit, a checkout). */
  async refresh(): Promise<void> {
    const head = await this.currentHead();
    if (head !== this.head) this.snapshots = undefined;
  }

  private async currentHead(): Promise<string | undefined> {
    try {
      return await this.repo.resolve('HEAD');
    } catch {
      return undefined;
    }
  }

  /** The path's versions on the current branch, newest first. */
  async versionsOf(key: string): Promise<VersionList> {
    const snapshots = await this.loadSnapshots();
    const result: VersionList = { versions: [], problems: [] };
    for (let i = 0; i < Math.min(snapshots.length, this.depth); i++) {
      const here = snapshots[i];
      if (!Array.isArray(here.outs)) {
        result.problems.push({
          path: `${here.sha.slice(0, 7)}: ${here.outs.path}`,
          reason: here.outs.reason,
        });
        continue;
      }
      const now = this.pathIn(here.outs, key);
      const parent = snapshots[i + 1];
      const before = parent && Array.isArray(parent.outs) ? this.pathIn(parent.outs, key) : null;
      if (!now.hash && !before?.hash) continue;
      if (before && sameHash(before.hash, now.hash) && before.isDir === now.isDir) continue;
      result.versions.push({ ...now, sha: here.sha, subject: here.subject, time: here.time });
    }
    return result;
  }

  /** What revision `rev` (commit, tag, experiment name) records for `key`; a DataError when unreadable. */
  async at(rev: string, key: string): Promise<PathAtVersion & { sha: string; time: number }> {
    const sha = await this.repo.resolve(rev);
    const commit = await this.repo.commit(sha);
    const outs = await trackedOuts(await this.repo.treeAt(sha), this.root);
    return { ...this.pathIn(outs, key), sha, time: commit?.time ?? 0 };
  }

  /** Tags and experiments of the repository, for picking versions to compare. */
  namedRevisions(): NamedRevision[] {
    const location = findGitLocation(this.root);
    const refs = location ? readFileRefs(location) : null;
    if (!refs) return [];
    const named: NamedRevision[] = [];
    for (const [ref, sha] of refs.refs) {
      if (ref.startsWith('refs/tags/'))
        named.push({ kind: 'tag', name: ref.slice(10), sha: refs.peeled.get(ref) ?? sha });
      const exp = /^refs\/exps\/[0-9a-f]{2}\/[0-9a-f]+\/(.+)$/.exec(ref);
      if (exp) named.push({ kind: 'experiment', name: exp[1], sha });
    }
    return named.sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /** A Git blob's bytes at a commit (`<sha>:<path>` below the Git top folder). */
  gitBytes(sha: string, key: string): Promise<Buffer | null> {
    return this.repo.blob(`${sha}:${this.repo.gitPathPrefix()}${key}`);
  }

  /** The path in one version's outputs: an output itself, or a file of a tracked folder's manifest. */
  private pathIn(outs: readonly TrackedOut[], key: string): PathAtVersion {
    const own = outs.find((out) => out.key === key);
    if (own) {
      const sizes: PathAtVersion = { hash: own.hash, isDir: own.isDir };
      const size = own.size ?? (own.hash && !own.isDir ? objectSize(this.cacheDir, own.hash) : undefined);
      if (size !== undefined) sizes.size = size;
      if (own.nfiles !== undefined) sizes.nfiles = own.nfiles;
      return sizes;
    }
    const folder = outs.find((out) => out.isDir && out.hash && key.startsWith(`${out.key}/`));
    if (!folder?.hash) return { hash: null, isDir: false };
    const manifest = readManifest(this.cacheDir, folder.hash);
    const md5 = manifest === 'missing' ? undefined : manifest.get(key.slice(folder.key.length + 1));
    if (md5 === undefined) return { hash: null, isDir: false };
    const hash = { name: folder.hash.name, value: md5 };
    const size = objectSize(this.cacheDir, hash);
    return size === undefined ? { hash, isDir: false } : { hash, isDir: false, size };
  }

  private loadSnapshots(): Promise<Snapshot[]> {
    this.snapshots ??= this.readSnapshots();
    return this.snapshots;
  }

  /** HEAD and its first parents: one more than `depth`, to tell whether the oldest changed. */
  private async readSnapshots(): Promise<Snapshot[]> {
    this.head = await this.currentHead();
    const snapshots: Snapshot[] = [];
    for (let sha = this.head ?? null; sha && snapshots.length <= this.depth;) {
      const commit = await this.repo.commit(sha);
      if (!commit) break;
      let outs: TrackedOut[] | DataProblem;
      try {
        outs = await trackedOuts(await this.repo.treeAt(commit.sha), this.root);
      } catch (error) {
        outs =
          error instanceof DataError
            ? { path: error.path, reason: error.reason }
            : { path: commit.sha, reason: String(error) };
      }
      const parent = commit.parents[0] ?? null;
      snapshots.push({ sha: commit.sha, subject: commit.subject, time: commit.time, parent, outs });
      sha = parent;
    }
    return snapshots;
  }

  dispose(): void {
    this.repo.close();
  }
}
