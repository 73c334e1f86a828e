// Which launches are running, by run id, and the one report of how each ended. VS Code tells the
// end of a task twice (its process ended, the task ended), in either order, the first sometimes
// without an exit code; any end clears the running state, and the run is reported once, as soon
// as its exit code is known (from the wrapper's result file or the process's end). Should an end
// event never come (or a start come after the end), the launch's process being gone ends it too.
import type { LaunchResult } from './launchProcess';

export interface LaunchEnd {
  exitCode: number;
  /** What the launch wrapper left, when it got to write it. */
  result: LaunchResult | undefined;
}

export class LaunchTracker {
  /** Stage key (or undefined, for launches of no stage) and process id of each running launch. */
  private readonly active = new Map<string, { stageKey: string | undefined; pid: number | undefined }>();
  private readonly reported = new Set<string>();

  /** A launch's process started; returns true (the running state changed). */
  start(id: string, stageKey: string | undefined, pid?: number): boolean {
    this.reported.delete(id);
    this.active.set(id, { stageKey, pid });
    return true;
  }

  /** Running launches whose process is gone (their end was never told): end each of them. */
  gone(isAlive: (pid: number) => boolean): string[] {
    return [...this.active]
      .filter(([, launch]) => launch.pid !== undefined && !isAlive(launch.pid))
      .map(([id]) => id);
  }

  /** Whether any running launch has a process to watch. */
  get watching(): boolean {
    return [...this.active.values()].some((launch) => launch.pid !== undefined);
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
    for (const launch of this.active.values()) if (launch.stageKey === stageKey) return true;
    return false;
  }
}
