// The stars and ticks of runs, kept per workspace: one service that the Runs view, Compare Runs and
// the Runs Table all read and change, so that a tick in one shows in the others. No `vscode` import
// (a Memento-shaped store is enough), so that it is unit-tested.
import type { Run } from '../core/model';
import { runKey } from '../views/runs/runTreeModel';

export type RunMark = 'starred' | 'checked';

const STATE_KEYS: Record<RunMark, string> = {
  starred: 'mlopsLens.starredRuns',
  checked: 'mlopsLens.checkedRuns',
};

/** The part of `vscode.Memento` used here. */
export interface MarkStore {
  get<T>(key: string, defaultValue: T): T;
  update(key: string, value: unknown): Thenable<void>;
}

export interface RunMarksChange {
  mark: RunMark;
  /** True when at least one run got the mark (e.g. a tick, as opposed to only unticks). */
  added: boolean;
}

export class RunMarks {
  private readonly cache = new Map<RunMark, Set<string>>();
  private readonly listeners = new Set<(change: RunMarksChange) => void>();

  constructor(private readonly store: MarkStore) {}

  private keys(mark: RunMark): Set<string> {
    let keys = this.cache.get(mark);
    if (!keys) {
      const saved = this.store.get<unknown>(STATE_KEYS[mark], []);
      keys = new Set(Array.isArray(saved) ? saved.filter((k): k is string => typeof k === 'string') : []);
      this.cache.set(mark, keys);
    }
    return keys;
  }

  has(mark: RunMark, run: Pick<Run, 'store' | 'id'>): boolean {
    return this.keys(mark).has(runKey(run));
  }

  isStarred(run: Pick<Run, 'store' | 'id'>): boolean {
    return this.has('starred', run);
  }

  isChecked(run: Pick<Run, 'store' | 'id'>): boolean {
    return this.has('checked', run);
  }

  /** Gives or takes the mark per run; listeners hear of it once the state is saved. */
  async update(
    mark: RunMark,
    changes: readonly (readonly [Pick<Run, 'store' | 'id'>, boolean])[],
  ): Promise<void> {
    const keys = new Set(this.keys(mark));
    for (const [run, on] of changes) {
      if (on) keys.add(runKey(run));
      else keys.delete(runKey(run));
    }
    await this.save(
      mark,
      keys,
      changes.some(([, on]) => on),
    );
  }

  set(mark: RunMark, runs: readonly Pick<Run, 'store' | 'id'>[], on: boolean): Promise<void> {
    return this.update(
      mark,
      runs.map((run) => [run, on] as const),
    );
  }

  clear(mark: RunMark): Promise<void> {
    return this.save(mark, new Set(), false);
  }

  /** The runs of `all` that carry the mark (marks of runs no longer there are kept, not listed). */
  marked(mark: RunMark, all: readonly Run[]): Run[] {
    const keys = this.keys(mark);
    return all.filter((run) => keys.has(runKey(run)));
  }

  onDidChange(listener: (change: RunMarksChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private async save(mark: RunMark, keys: Set<string>, added: boolean): Promise<void> {
    this.cache.set(mark, keys);
    await this.store.update(STATE_KEYS[mark], [...keys]);
    for (const listener of [...this.listeners]) listener({ mark, added });
  }
}
