// The two sides the data hovers compare, per DVC project: what the workspace records now (the Data
// view's outputs, already read and kept current by the DataService) and what the baseline commit
// records (read once per commit and kept). Lock deps are read per dvc.lock folder, likewise.
import * as vscode from 'vscode';
import { cacheDirOf } from '../../core/data/cache';
import { DataRepo, workspaceTree } from '../../core/data/versions';
import { dataChange, type DataChange, type RecordedPath } from '../../core/inline/code/dataChange';
import { lockDeps, recordedOuts, type RecordedMap } from '../../core/inline/code/recorded';
import type { DataOut } from '../../views/data/dataModel';
import type { DataService } from '../dataService';
import type { BaselineSource } from './baselineSource';

export interface BaseSide {
  sha: string;
  label: string;
  outs: RecordedMap;
}

export interface PathQuery {
  key: string;
  role?: 'dep' | 'out';
}

export interface PathReport {
  root: string;
  key: string;
  change: DataChange;
  /** The Data view's output (its states), when the path is one. */
  out?: DataOut;
  baseLabel: string;
  /** Why the baseline could not be read. */
  problem?: string;
}

/** Commits are immutable: a read baseline is kept by sha (a few per project). */
const MAX_COMMITS = 8;

export class DataHoverModel implements vscode.Disposable {
  private readonly commits = new Map<string, Promise<RecordedMap>>();
  private readonly lockMemo = new Map<string, Promise<RecordedMap>>();
  private readonly shas = new Map<string, Promise<string>>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly service: DataService,
    private readonly baseline: BaselineSource,
  ) {
    this.subscriptions = [
      service.onDidChange((root) => this.forget(root)),
      service.onDidLoad(() => this.changed.fire()),
      baseline.onDidChange(() => this.forget(undefined)),
    ];
  }

  private forget(root: string | undefined): void {
    for (const memo of [this.shas, this.lockMemo]) {
      for (const key of [...memo.keys()])
        if (root === undefined || key.startsWith(`${root}\u0000`)) memo.delete(key);
    }
    this.changed.fire();
  }

  rootOf(file: string): string | undefined {
    return this.service.rootOf(file);
  }

  private baseSha(root: string): Promise<string> {
    const rev = this.baseline.current().rev;
    const memoKey = `${root}\u0000${rev}`;
    let sha = this.shas.get(memoKey);
    if (!sha) {
      sha = resolve(root, rev);
      this.shas.set(memoKey, sha);
    }
    return sha;
  }

  private async baseOuts(root: string): Promise<BaseSide> {
    const sha = await this.baseSha(root);
    const memoKey = `${root}\u0000${sha}`;
    let outs = this.commits.get(memoKey);
    if (!outs) {
      if (this.commits.size >= MAX_COMMITS) this.commits.delete(this.commits.keys().next().value as string);
      outs = withRepo(root, async (repo) => recordedOuts(await repo.treeAt(sha), root));
      this.commits.set(memoKey, outs);
      outs.catch(() => this.commits.delete(memoKey));
    }
    return { sha, label: this.baseline.current().label, outs: await outs };
  }

  /** Lock deps of folder `dirKey`: now (`side` 'now') or at the baseline commit. */
  private deps(root: string, dirKey: string, sha: string | null): Promise<RecordedMap> {
    const memoKey = `${root}\u0000${dirKey}\u0000${sha ?? 'now'}`;
    let deps = this.lockMemo.get(memoKey);
    if (!deps) {
      deps = sha
        ? withRepo(root, async (repo) => lockDeps(await repo.treeAt(sha), dirKey))
        : lockDeps(workspaceTree(root), dirKey);
      this.lockMemo.set(memoKey, deps);
      deps.catch(() => this.lockMemo.delete(memoKey));
    }
    return deps;
  }

  /**
   * How each path changed. With `lockDir`, a dep is compared as that folder's dvc.lock records it
   * (now and at the baseline) — what its stage ran on — and an output as DVC tracks it.
   */
  async reports(root: string, paths: readonly PathQuery[], lockDir?: string): Promise<PathReport[]> {
    const project = await this.service.project(root);
    const now = new Map(project.outs.map((out) => [out.key, out]));
    const cacheDir = project.cacheDir || cacheDirOf(root);
    let base: BaseSide | undefined;
    let problem: string | undefined;
    try {
      base = await this.baseOuts(root);
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    const depsNow =
      lockDir === undefined ? undefined : await this.deps(root, lockDir, null).catch(() => undefined);
    const depsBase =
      lockDir === undefined || !base
        ? undefined
        : await this.deps(root, lockDir, base.sha).catch(() => undefined);
    const baseLabel = base?.label ?? this.baseline.current().label;
    return paths.map(({ key, role }) => {
      const out = now.get(key);
      const asDep = role === 'dep' && (depsNow?.has(key) || depsBase?.has(key));
      const asOut = !asDep && (out !== undefined || base?.outs.has(key));
      const nowSide: RecordedPath | undefined = asOut ? out : depsNow?.get(key);
      const baseSide = asOut ? base?.outs.get(key) : depsBase?.get(key);
      const change = dataChange(cacheDir, nowSide, problem ? undefined : baseSide);
      return { root, key, change, out, baseLabel, problem };
    });
  }

  /** Whether the key is tracked (an output) in the project now: Python path strings show only those. */
  async isTracked(root: string, key: string): Promise<boolean> {
    const project = await this.service.project(root);
    return project.outs.some((out) => out.key === key && out.hash !== null);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

async function withRepo<T>(root: string, read: (repo: DataRepo) => Promise<T>): Promise<T> {
  const repo = new DataRepo(root);
  try {
    return await read(repo);
  } finally {
    repo.close();
  }
}

function resolve(root: string, rev: string): Promise<string> {
  return withRepo(root, (repo) => repo.resolve(rev));
}
