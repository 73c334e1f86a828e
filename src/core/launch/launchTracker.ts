// Which launches are running, by run id, and the one report of how each ended. VS Code tells the
// end of a task twice (its process ended, the task ended), in either order, the first sometimes
// without an exit code; any end clears the running state, and the run is reported once, as soon
// as its exit code is known (from the wrapper's result file or the process's end).
import type { LaunchResult } from './launchProcess';

export interface LaunchEnd {
  exitCode: number;
  /** What the launch wrapper left, when it got to write it. */
  result: LaunchResult | undefined;
}

export class LaunchTracker {
  /** Stage key (or undefined, for launches of no stage) of each running launch. */
  private readonly active = new Map<string, string | undefined>();
  private readonly reported = new Set<string>();

  /** A launch started; returns true (the running state changed). */
  start(id: string, stageKey: string | undefined): boolean {
    this.reported.delete(id);
    this.active.set(id, stageKey);
    return true;
  }

  /**
   * One of the end events of launch `id`. `changed` says whether the running state changed; `end`
   * is set the first time the exit code is known. `readResult` is only called while unreported.
   */
  end(
    id: string,
    exitCode: number | undefined,
    readResult: () => LaunchResult | undefined,
  ): { changed: boolean; end?: LaunchEnd } {
    const changed = this.active.delete(id);
    if (this.reported.has(id)) return { changed };
    const result = readResult();
    const code = result?.exitCode ?? exitCode;
    // Terminated before the wrapper wrote its result: the process's own end may still follow.
    if (code === undefined) return { changed };
    this.reported.add(id);
    return { changed, end: { exitCode: code, result } };
  }

  isRunning(stageKey: string): boolean {
    for (const key of this.active.values()) if (key === stageKey) return true;
    return false;
  }
}
