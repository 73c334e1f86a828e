// Runs for the unit tests of the compare and run details panels: one complete object each, so that
// a test states only the fields it looks at.
import type { Run } from '../../../src/core/model';
import type { RunEntry } from '../../../src/views/compare/protocol';

/** A finished MLflow file-store run with no params, metrics, tags or artifacts. */
export function makeRun(overrides: Partial<Run> = {}): Run {
  return {
    source: 'mlflow-file',
    store: '/w/mlruns',
    experimentId: '1',
    experimentName: 'exp',
    id: 'abc',
    name: 'run',
    status: 'FINISHED',
    lifecycle: 'active',
    parentId: null,
    startTime: 1000,
    endTime: 2000,
    params: {},
    metrics: {},
    tags: {},
    artifactUri: null,
    runDir: null,
    datasets: [],
    outputModelIds: [],
    ...overrides,
  };
}

/** A compared run as the Compare Runs webview receives it, named `name`, solid and blue. */
export function runEntry(key: string, name: string, overrides: Partial<RunEntry> = {}): RunEntry {
  return {
    key,
    store: '/w/mlruns',
    id: key,
    name,
    experimentName: 'exp',
    status: 'FINISHED',
    color: '#4e79a7',
    dash: [],
    ...overrides,
  };
}
