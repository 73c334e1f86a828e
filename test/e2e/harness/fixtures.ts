// Workspaces for the tests: temp copies of the committed fixtures, and edits made to the copies only
// (never to test/fixtures).
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './config';
import { escapeRegExp } from './wait';

/** A new empty folder under the temp folder (scripts/e2e.sh points TMPDIR at its work folder). */
export function makeTempDir(prefix = 'mlops-lens-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Copies the committed fixtures into a fresh temp folder; tests may change the copy freely. */
export function copyFixtures(source: string, parent: string, name: string): string {
  const target = join(parent, name);
  cpSync(source, target, { recursive: true });
  return target;
}

/** Copies test/fixtures/mlflow (a file store and a SQLite store) to <parent>/mlflow and returns it. */
export function copyMlflowFixtures(parent: string): string {
  return copyFixtures(join(REPO_ROOT, 'test', 'fixtures', 'mlflow'), parent, 'mlflow');
}

/** The folder of the run named `runName` in a file store (`mlruns/<exp>/<run>`), found through meta.yaml. */
export function findFileStoreRun(mlruns: string, runName: string): string {
  for (const exp of readdirSync(mlruns, { withFileTypes: true })) {
    if (!exp.isDirectory() || exp.name === '.trash' || exp.name === 'models') continue;
    for (const run of readdirSync(join(mlruns, exp.name), { withFileTypes: true })) {
      if (!run.isDirectory()) continue;
      const dir = join(mlruns, exp.name, run.name);
      const meta = join(dir, 'meta.yaml');
      if (!existsSync(meta)) continue;
      const text = readFileSync(meta, 'utf8');
      const nameLine = /^run_name:\s*(.*)$/m
        .exec(text)?.[1]
        ?.trim()
        .replace(/^['"]|['"]$/g, '');
      const tag = join(dir, 'tags', 'mlflow.runName');
      const tagName = existsSync(tag) ? readFileSync(tag, 'utf8').trim() : undefined;
      if (nameLine === runName || tagName === runName) return dir;
    }
  }
  throw new Error(`run "${runName}" not found under ${mlruns}`);
}

/**
 * Renames the run `from` of the copied file store (<workspace>/filestore/mlruns) to `to`, in its
 * meta.yaml and its mlflow.runName tag; returns the run's folder and id.
 */
export function renameFileStoreRun(
  workspace: string,
  from: string,
  to: string,
): { runDir: string; runId: string } {
  const runDir = findFileStoreRun(join(workspace, 'filestore', 'mlruns'), from);
  const metaPath = join(runDir, 'meta.yaml');
  const meta = readFileSync(metaPath, 'utf8');
  const nameLine = new RegExp(`^run_name: ${escapeRegExp(from)}$`, 'm');
  assert.match(meta, nameLine, `${metaPath} names the run ${from}`);
  writeFileSync(metaPath, meta.replace(nameLine, `run_name: '${to}'`));
  writeFileSync(join(runDir, 'tags', 'mlflow.runName'), to);
  const runId = /^run_id: (\w+)$/m.exec(meta)?.[1] ?? '';
  assert.match(runId, /^[0-9a-f]{32}$/, `${metaPath} has a run id`);
  return { runDir, runId };
}
