// Runs that say RUNNING but stopped writing: a process killed without ending its run (MLflow never
// hears of it) stays RUNNING forever, and its "duration" grows with the clock.
import type { Run } from '../model';

/** Hours without any update after which a RUNNING run is shown as stale (setting default). */
export const DEFAULT_STALE_HOURS = 24;

/**
 * The newest time the run is known to have written something: its start, its end, or the
 * timestamp of any metric's latest value. Zero timestamps (sources that record none) do not count.
 */
export function lastUpdate(run: Run): number | null {
  let latest: number | null = null;
  const consider = (time: number | null | undefined): void => {
    if (typeof time === 'number' && Number.isFinite(time) && time > 0 && (latest === null || time > latest))
      latest = time;
  };
  consider(run.startTime);
  consider(run.endTime);
  for (const point of Object.values(run.metrics)) consider(point.timestamp);
  return latest;
}

/**
 * A RUNNING run whose last update is more than `staleHours` before `now`. A run with no time at
 * all is not called stale (nothing says how old it is); `staleHours` <= 0 turns the rule off.
 */
export function isStale(run: Run, now: number, staleHours = DEFAULT_STALE_HOURS): boolean {
  const after = staleAfter(run, staleHours);
  return after !== null && now > after;
}

/**
 * The time after which `run` counts as stale if it writes nothing more; null when it never will
 * (not RUNNING, no time known, or the rule turned off). Lets a view switch when that time passes.
 */
export function staleAfter(run: Run, staleHours = DEFAULT_STALE_HOURS): number | null {
  if (run.status !== 'RUNNING' || !(staleHours > 0)) return null;
  const last = lastUpdate(run);
  return last === null ? null : last + staleHours * 3_600_000;
}
