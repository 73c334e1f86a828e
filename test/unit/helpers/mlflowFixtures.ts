// The generated MLflow fixtures (test/fixtures/mlflow) for tests that read them, or change a copy.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Run } from '../../../src/core/model';

export const MLFLOW_FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'mlflow');

/** A private copy of every MLflow fixture store, for a test that writes to it. */
export function copyMlflowFixtures(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-unit-'));
  fs.cpSync(MLFLOW_FIXTURES, dir, { recursive: true });
  return dir;
}

export function runNamed(runs: readonly Run[], name: string): Run {
  const run = runs.find((r) => r.name === name);
  assert.ok(run, `run ${name} not found`);
  return run;
}
