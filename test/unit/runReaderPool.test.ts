import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'node:test';
import * as esbuild from 'esbuild';
import { readFileStore } from '../../src/core/sources/mlflow/fileStore';
import { encodeRun } from '../../src/core/runJson';

const ROOT = path.join(__dirname, '..', '..');
const FIXTURE_STORE = path.join(ROOT, 'test', 'fixtures', 'mlflow', 'filestore', 'mlruns');

/** A store with enough runs for the reader threads to take over: copies of real runs, renumbered. */
async function largeStore(copies: number): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-pool-'));
  const store = path.join(dir, 'mlruns');
  fs.cpSync(FIXTURE_STORE, store, { recursive: true });
  const { snapshot } = await readFileStore(store);
  const template = snapshot.runs.find((r) => r.name === 'tuned')!.runDir!;
  const templateId = path.basename(template);
  for (let i = 0; i < copies; i++) {
    const id = `${templateId.slice(0, 24)}${i.toString(16).padStart(8, '0')}`;
    const copy = path.join(path.dirname(template), id);
    fs.cpSync(template, copy, { recursive: true });
    const meta = path.join(copy, 'meta.yaml');
    fs.writeFileSync(meta, fs.readFileSync(meta, 'utf8').replaceAll(templateId, id));
  }
  return store;
}

test('runs read on worker threads equal runs read in process', async () => {
  // The reader threads run only from a bundle (the worker script sits beside it): build one.
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-bundle-'));
  await esbuild.build({
    entryPoints: {
      cli: path.join(ROOT, 'src', 'cli', 'main.ts'),
      runReaderWorker: path.join(ROOT, 'src', 'core', 'index', 'runReaderWorker.ts'),
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outdir: outDir,
    logLevel: 'error',
  });
  fs.copyFileSync(
    path.join(ROOT, 'node_modules', 'sql.js', 'dist', 'sql-wasm.wasm'),
    path.join(outDir, 'sql-wasm.wasm'),
  );
  const cli = path.join(outDir, 'cli.js');
  const store = await largeStore(450);
  const fromWorkers = JSON.parse(
    execFileSync(process.execPath, [cli, 'runs', '--json', '--all', '--no-cache', store], {
      maxBuffer: 1 << 28,
      env: { ...process.env, MLOPS_LENS_INDEX_CACHE: outDir },
    }).toString(),
  ) as { id: string }[];
  const { snapshot } = await readFileStore(store);
  const inProcess = snapshot.runs.map((r) => JSON.parse(encodeRun(r)) as { id: string });
  assert.ok(fromWorkers.length > 450);
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  assert.deepEqual(fromWorkers.sort(byId), inProcess.sort(byId));
});
