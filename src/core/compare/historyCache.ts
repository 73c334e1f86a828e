// Metric histories of the compared runs, kept between snapshots. The index keeps only each
// metric's latest value; histories are read on demand and reread only when that latest value (or
// the run's status) changed, or, for runs still RUNNING, whenever the files changed.
import type { MetricPoint, Problem, Run } from '../model';
import { metricText } from './table';

export type HistoryLoader = (
  run: Run,
  key: string,
) => Promise<{ points: MetricPoint[]; problems: Problem[] }>;

export interface HistoryEntry {
  points: MetricPoint[];
  problems: Problem[];
  /** Changes whenever the points do; unique across the cache, so it can key what a webview holds. */
  version: number;
  /** What the index said about the metric when it was read (status and latest point). */
  token: string;
}

export function historyKey(run: Pick<Run, 'store' | 'id'>, key: string): string {
  return `${run.store}\u0000${run.id}\u0000${key}`;
}

/** Changes when the index saw a new latest value, or the run finished, failed or was deleted. */
export function freshnessToken(run: Run, key: string): string {
  const latest = run.metrics[key];
  const point = latest ? `${latest.step}|${latest.timestamp}|${metricText(latest.value)}` : '-';
  return `${run.status}|${run.lifecycle}|${point}`;
}

function samePoints(a: readonly MetricPoint[], b: readonly MetricPoint[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const p = a[i]!;
    const q = b[i]!;
    if (p.step !== q.step || p.timestamp !== q.timestamp || !Object.is(p.value, q.value)) return false;
  }
  return true;
}

export interface SyncOptions {
  /** Reread the histories of RUNNING runs even when the index shows the same latest value. */
  rereadLive: boolean;
  /** Lets the caller's event loop breathe between reads. */
  yieldNow?: () => Promise<void>;
}

export class HistoryCache {
  private entries = new Map<string, HistoryEntry>();
  private nextVersion = 1;
  /** How many histories were read from disk (for tests and diagnostics). */
  reads = 0;

  constructor(private readonly load: HistoryLoader) {}

  get(run: Pick<Run, 'store' | 'id'>, key: string): HistoryEntry | undefined {
    return this.entries.get(historyKey(run, key));
  }

  /** Reads what is missing or stale for `runs`, and forgets the histories of other runs. */
  async sync(runs: readonly Run[], options: SyncOptions): Promise<void> {
    const wanted = new Set<string>();
    for (const run of runs) {
      for (const key of Object.keys(run.metrics)) {
        const id = historyKey(run, key);
        wanted.add(id);
        const entry = this.entries.get(id);
        const token = freshnessToken(run, key);
        const live = options.rereadLive && run.status === 'RUNNING';
        if (entry && entry.token === token && !live) continue;
        await this.read(run, key, id, token, entry);
        await options.yieldNow?.();
      }
    }
    for (const id of [...this.entries.keys()]) if (!wanted.has(id)) this.entries.delete(id);
  }

  private async read(run: Run, key: string, id: string, token: string, old: HistoryEntry | undefined) {
    this.reads++;
    let loaded: { points: MetricPoint[]; problems: Problem[] };
    try {
      loaded = await this.load(run, key);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      loaded = { points: old?.points ?? [], problems: [{ path: `${run.id}/${key}`, reason }] };
    }
    const unchanged = old !== undefined && samePoints(old.points, loaded.points);
    this.entries.set(id, {
      points: unchanged ? old.points : loaded.points,
      problems: loaded.problems,
      version: unchanged ? old.version : this.nextVersion++,
      token,
    });
  }

  clear(): void {
    this.entries.clear();
  }
}
