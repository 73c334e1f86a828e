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
  /** Set for a DVC experiment's commit: its name and the branch commit it was run on. */
  experiment?: { name: string; baseline: string };
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

interface ExperimentSnapshot {
  name: string;
  sha: string;
  subject: string;
  time: number;
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
  private experiments: Promise<Map<string, ExperimentSnapshot[]>> | undefined;
  private experimentRefs = '';
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
    // `dvc exp run` adds refs without moving HEAD.
    const experimentRefs = this.namedRevisions()
      .filter((r) => r.kind === 'experiment')
      .map((r) => `${r.name}:${r.sha}`)
      .join(',');
    if (head !== this.head || experimentRefs !== this.experimentRefs) this.experiments = undefined;
    this.experimentRefs = experimentRefs;
  }

  private async currentHead(): Promise<string | undefined> {
    try {
      return await this.repo.resolve('HEAD');
    } catch {
      return undefined;
    }
  }

  /**
   * The path's versions on the current branch, newest first, each preceded by the DVC experiments
   * run on that commit whose hash for the path differs from the commit's.
   */
  async versionsOf(key: string): Promise<VersionList> {
    const snapshots = await this.loadSnapshots();
    const experiments = await this.experimentsByBaseline(snapshots);
    const result: VersionList = { versions: [], problems: [] };
    for (let i = 0; i < Math.min(snapshots.length, this.depth); i++) {
      const here = snapshots[i];
      this.addExperimentVersions(result, here, experiments.get(here.sha) ?? [], key);
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

  private addExperimentVersions(
    result: VersionList,
    baseline: Snapshot,
    experiments: readonly ExperimentSnapshot[],
    key: string,
  ): void {
    if (!Array.isArray(baseline.outs)) return;
    const atBaseline = this.pathIn(baseline.outs, key);
    for (const exp of experiments) {
      if (!Array.isArray(exp.outs)) {
        result.problems.push({ path: `${exp.name}: ${exp.outs.path}`, reason: exp.outs.reason });
        continue;
      }
      const now = this.pathIn(exp.outs, key);
      if (sameHash(now.hash, atBaseline.hash) && now.isDir === atBaseline.isDir) continue;
      const experiment = { name: exp.name, baseline: baseline.sha };
      result.versions.push({ ...now, sha: exp.sha, subject: exp.subject, time: exp.time, experiment });
    }
  }

  /** The experiments (refs/exps) run on the commits read, by baseline commit, newest first; read once. */
  private experimentsByBaseline(snapshots: readonly Snapshot[]): Promise<Map<string, ExperimentSnapshot[]>> {
    this.experiments ??= this.readExperiments(new Set(snapshots.map((s) => s.sha)));
    return this.experiments;
  }

  private async readExperiments(baselines: ReadonlySet<string>): Promise<Map<string, ExperimentSnapshot[]>> {
    const byBaseline = new Map<string, ExperimentSnapshot[]>();
    for (const named of this.namedRevisions()) {
      if (named.kind !== 'experiment') continue;
      const commit = await this.repo.commit(named.sha);
      const baseline = commit?.parents[0];
      if (!commit || !baseline || !baselines.has(baseline)) continue;
      const outs = await this.outsAt(commit.sha);
      const list = byBaseline.get(baseline) ?? [];
      list.push({ name: named.name, sha: commit.sha, subject: commit.subject, time: commit.time, outs });
      byBaseline.set(baseline, list);
    }
    for (const list of byBaseline.values()) list.sort((a, b) => b.time - a.time);
    return byBaseline;
  }

  private async outsAt(sha: string): Promise<TrackedOut[] | DataProblem> {
    try {
      return await trackedOuts(await this.repo.treeAt(sha), this.root);
    } catch (error) {
      return error instanceof DataError
        ? { path: error.path, reason: error.reason }
        : { path: sha, reason: String(error) };
    }
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
      const outs = await this.outsAt(commit.sha);
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
