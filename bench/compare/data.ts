// Synthetic runs and metric histories for the compare benchmark: deterministic training curves
// (a decaying loss with noise), so that every run of the benchmark draws the same thing.
import type { MetricPoint, Run } from '../../src/core/model';

/** A small, fast, seeded PRNG (mulberry32). */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticRuns {
  runs: Run[];
  histories: Map<string, MetricPoint[]>;
}

export const historyId = (run: Run, key: string): string => `${run.id}\u0000${key}`;

function curve(seed: number, points: number, start: number): MetricPoint[] {
  const next = random(seed);
  const rate = 0.5 + next() * 2;
  const floor = 0.05 + next() * 0.3;
  const history = new Array<MetricPoint>(points);
  for (let step = 0; step < points; step++) {
    const t = step / points;
    const value = floor + Math.exp(-rate * 6 * t) + (next() - 0.5) * 0.08;
    history[step] = { step, timestamp: start + step * 250, value };
  }
  return history;
}

/** `count` runs, each logging `metrics` metrics of `points` points. */
export function syntheticRuns(
  count: number,
  points: number,
  metrics: readonly string[] = ['loss'],
): SyntheticRuns {
  const runs: Run[] = [];
  const histories = new Map<string, MetricPoint[]>();
  const start = Date.UTC(2025, 0, 1);
  for (let i = 0; i < count; i++) {
    const id = (i + 1).toString(16).padStart(32, '0');
    const run: Run = {
      source: 'mlflow-file',
      store: '/bench/mlruns',
      experimentId: '1',
      experimentName: 'bench',
      id,
      name: `run-${String(i + 1).padStart(3, '0')}`,
      status: 'FINISHED',
      lifecycle: 'active',
      parentId: null,
      startTime: start + i * 60_000,
      endTime: start + i * 60_000 + points * 250,
      params: {
        lr: String(10 ** -(1 + (i % 4))),
        batch_size: String(32 << (i % 3)),
        optimizer: i % 2 ? 'adam' : 'sgd',
      },
      metrics: {},
      tags: {},
      artifactUri: null,
      runDir: null,
      datasets: [],
      outputModelIds: [],
    };
    metrics.forEach((key, m) => {
      const history = curve(i * 7919 + m, points, run.startTime!);
      histories.set(historyId(run, key), history);
      run.metrics[key] = history[history.length - 1]!;
    });
    runs.push(run);
  }
  return { runs, histories };
}
