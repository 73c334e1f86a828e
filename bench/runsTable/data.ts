// Synthetic runs for the Runs Table's benchmark and unit tests: `count` runs across 10 experiments,
// each with 20 params and 10 metrics, some of which vary and some of which do not.
import type { Run } from '../../src/core/model';

const STATUSES = ['FINISHED', 'FINISHED', 'FINISHED', 'FAILED', 'RUNNING'] as const;

/** Deterministic: the same count gives the same runs. */
export function syntheticTableRuns(count: number, store = '/bench/mlruns'): Run[] {
  const runs: Run[] = [];
  for (let i = 0; i < count; i++) {
    const experiment = i % 10;
    const params: Record<string, string> = {};
    for (let p = 0; p < 20; p++) params[`param_${p}`] = p < 5 ? String(p) : String(((i * (p + 3)) % 97) / 10);
    const metrics: Run['metrics'] = {};
    for (let m = 0; m < 10; m++) {
      const value = m === 0 ? 1 : Math.abs(Math.sin(i * (m + 1))) * 10 ** (m % 3);
      metrics[`metric_${m}`] = { step: 99, timestamp: 1_700_000_000_000 + i * 1000, value };
    }
    const start = 1_700_000_000_000 + i * 60_000;
    runs.push({
      source: 'mlflow-file',
      store,
      experimentId: String(experiment + 1),
      experimentName: `experiment-${experiment + 1}`,
      id: i.toString(16).padStart(32, '0'),
      name: `run-${i}`,
      status: STATUSES[i % STATUSES.length],
      lifecycle: 'active',
      parentId: null,
      startTime: start,
      endTime: start + 30_000 + (i % 600) * 1000,
      params,
      metrics,
      tags: {},
      artifactUri: null,
      runDir: null,
      datasets: [],
      outputModelIds: [],
    });
  }
  return runs;
}
