// The W&B source on the real fixture (test/fixtures/wandb: offline runs written by wandb): runs by
// project with their state, config and summary, `runs --json`, and a growing log read on from its
// last complete record (live updates), through the index as the extension uses it.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { listArtifacts } from '../../src/core/artifacts';
import { RunIndex } from '../../src/core/index/runIndex';
import { readRunLog } from '../../src/core/sources/wandb/runLog';
import { extractWandbFixture, wandbLogs } from '../fixtures/wandb/extract';
import { corpusPath, corpusSkip } from './helpers/corpus';

const ROOT = path.join(__dirname, '..', '..');
const fixture = extractWandbFixture();
after(() => fs.rmSync(fixture, { recursive: true, force: true }));
const logOf = (id: string): string => wandbLogs(fixture).find((f) => f.endsWith(`run-${id}.wandb`)) ?? '';

describe('W&B local runs', () => {
  it('are grouped by project, with state from the exit record', async () => {
    const index = new RunIndex({ roots: [fixture] });
    await index.refresh();
    const [snapshot] = index.snapshots;
    assert.equal(snapshot.source, 'wandb');
    assert.equal(snapshot.store, path.join(fixture, 'wandb'));
    assert.deepEqual(
      snapshot.experiments.map((e) => e.name),
      ['lens-demo', 'lens-eval'],
    );
    const status = Object.fromEntries(index.allRuns().map((r) => [r.id, r.status]));
    assert.deepEqual(status, {
      adam0001: 'FINISHED',
      adam0002: 'FINISHED',
      crash01: 'FAILED',
      eval0001: 'FINISHED',
      killed01: 'RUNNING',
    });
    const run = index.findRunsById('adam0001')[0];
    assert.equal(run.name, 'adam-lr0.001');
    assert.equal(run.params['optimizer.lr'], '0.001');
    assert.deepEqual(run.paramValues?.['model.layers'], [64, 32]);
    assert.equal(run.params._wandb, undefined, "W&B's own config entry is hidden");
    assert.equal(run.metrics['best/val_loss']?.value, 0.12, 'summary values set by hand count');
    assert.equal(run.metrics['test/acc']?.step, 20);
    assert.ok(Number.isNaN(run.metrics['val/nan']?.value));
    assert.equal(run.tags['wandb.tags'], 'baseline, cpu');
    assert.match(run.tags['wandb.git.commit'] ?? '', /^[0-9a-f]{40}$/);
    const artifacts = await listArtifacts(run);
    assert.equal(artifacts.kind, 'local', "the run folder's files/ are its artifacts");
  });

  it(
    "an online run's files/config.yaml gives the params, unwrapped, without W&B's own keys",
    { skip: corpusSkip },
    async () => {
      const project = corpusPath('11291996__naver-bert-sentiment');
      const index = new RunIndex({ roots: [project] });
      await index.refresh();
      const run = index.findRunsById('1krvbse7')[0];
      assert.ok(run, 'the corpus run is listed');
      assert.equal(run.status, 'FAILED', 'its log ends with exit code 1');
      assert.equal(run.params.learning_rate, '1e-06');
      assert.equal(run.params.architecture, 'KoBERT');
      assert.equal(run.params.wandb_version, undefined, "config.yaml's format version is not a param");
      assert.equal(run.params._wandb, undefined);
    },
  );

  it('are listed by `mlops-lens runs --json` with source wandb', () => {
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'main.ts'), 'runs', '--json', '--no-cache', fixture],
      { encoding: 'utf8' },
    );
    assert.equal(result.status, 0, result.stderr);
    const runs = JSON.parse(result.stdout) as {
      source: string;
      id: string;
      metrics: Record<string, unknown>;
    }[];
    assert.deepEqual(new Set(runs.map((r) => r.source)), new Set(['wandb']));
    assert.equal(runs.length, 5);
    assert.equal(runs.find((r) => r.id === 'adam0001')?.metrics['val/nan'], 'NaN');
  });

  it('a growing log is read on from its last complete record, as a fresh read would read it', async () => {
    const full = fs.readFileSync(logOf('killed01'));
    const dir = path.join(fixture, 'live', 'wandb', 'offline-run-20260101_000000-killed01');
    fs.mkdirSync(dir, { recursive: true });
    const log = path.join(dir, 'run-killed01.wandb');
    // Cut inside a record of the second block, as a writer in the middle of a write leaves it.
    fs.writeFileSync(log, full.subarray(0, 40_000));
    const index = new RunIndex({ roots: [path.join(fixture, 'live')] });
    await index.refresh();
    const before = index.findRunsById('killed01')[0];
    const pointsBefore = (await index.history(before, 'train/loss')).points.length;
    const partial = readRunLog(log);
    assert.ok(partial.resumeAt > 32_768 && partial.resumeAt < 40_000, `resumes at ${partial.resumeAt}`);

    fs.appendFileSync(log, full.subarray(40_000));
    assert.equal(await index.applyChanges([log]), true);
    const after = index.findRunsById('killed01')[0];
    const points = (await index.history(after, 'train/loss')).points;
    assert.ok(points.length > pointsBefore, `${pointsBefore} → ${points.length} points`);
    assert.equal(points.length, after.metrics['train/loss']?.step + 1);

    const resumed = readRunLog(log, partial);
    const fresh = readRunLog(log);
    assert.deepEqual({ ...resumed, problems: [] }, { ...fresh, problems: [] });
    assert.deepEqual(after.metrics, (await freshRun(path.join(fixture, 'live'))).metrics);
  });

  it('a warm start from the index cache lists the same runs', async () => {
    const cacheFile = path.join(fixture, 'index-cache.v8');
    const cold = new RunIndex({ roots: [fixture], cacheFile });
    await cold.refresh();
    const warm = new RunIndex({ roots: [fixture], cacheFile });
    await warm.refresh();
    assert.deepEqual(warm.allRuns(), cold.allRuns());
  });
});

async function freshRun(root: string) {
  const index = new RunIndex({ roots: [root] });
  await index.refresh();
  return index.findRunsById('killed01')[0];
}
