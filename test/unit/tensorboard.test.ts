// The TensorBoard source on the real fixture (test/fixtures/tensorboard: event files written by
// tensorboardX and tensorboard's own writer): runs per log folder as TensorBoard names them,
// hparams as params, simple_value and tensor scalars, `runs --json`, and a growing event file read
// on from its last complete record (live updates), through the index as the extension uses it.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { discoverStores } from '../../src/core/index/discover';
import { RunIndex } from '../../src/core/index/runIndex';
import { readEventFileSummary } from '../../src/core/sources/tensorboard/eventFile';
import { tensorScalar } from '../../src/core/sources/tensorboard/events';
import { tensorboardSource } from '../../src/core/sources/tensorboard/source';
import { readTensorboardStore } from '../../src/core/sources/tensorboard/store';
import { crc32c, maskedCrc32c, readTfRecords } from '../../src/core/sources/tensorboard/tfrecord';

const ROOT = path.join(__dirname, '..', '..');
const LOGS = path.join(ROOT, 'test', 'fixtures', 'tensorboard', 'logs');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-tb-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));

function eventFiles(run: string): string[] {
  const dir = path.join(LOGS, run);
  return fs
    .readdirSync(dir)
    .filter((n) => n.includes('tfevents'))
    .sort()
    .map((n) => path.join(dir, n));
}

describe('TFRecord framing', () => {
  it('CRC-32C is Castagnoli’s (check value of "123456789") and masked as TensorFlow masks it', () => {
    const digits = Buffer.from('123456789');
    assert.equal(crc32c(digits), 0xe3069283);
    const crc = 0xe3069283;
    assert.equal(maskedCrc32c(digits), ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0);
  });

  it('reads every record of the fixture’s files without damage', () => {
    for (const file of [...eventFiles('baseline'), ...eventFiles('tf2/run_a')]) {
      const bytes = fs.readFileSync(file);
      const read = readTfRecords(file, bytes);
      assert.equal(read.damage, undefined, file);
      assert.equal(read.partialTail, undefined, file);
      assert.equal(read.resumeAt, bytes.length);
      assert.ok(read.records.length > 100, `${read.records.length} records`);
    }
  });
});

describe('tensor scalars', () => {
  const tensor = (bytes: number[]) =>
    tensorScalar(Uint8Array.from(bytes), { start: 0, end: bytes.length } as never);
  it('float_val (packed), tensor_content of a double, int64_val and half_val are read; shaped tensors are not', () => {
    // dtype DT_FLOAT, float_val packed [1.5]
    assert.equal(tensor([0x08, 0x01, 0x2a, 0x04, 0x00, 0x00, 0xc0, 0x3f]), 1.5);
    // dtype DT_DOUBLE, tensor_content = 8 bytes of -2.25
    const double = [...Buffer.from(new Float64Array([-2.25]).buffer)];
    assert.equal(tensor([0x08, 0x02, 0x22, 0x08, ...double]), -2.25);
    // dtype DT_INT64, int64_val 300 (unpacked varint)
    assert.equal(tensor([0x08, 0x09, 0x50, 0xac, 0x02]), 300);
    // dtype DT_HALF, half_val 0x3c00 = 1.0 (packed)
    assert.equal(tensor([0x08, 0x13, 0x6a, 0x03, 0x80, 0xf8, 0x00]), 1);
    // shape [2] (dim { size: 2 }): a vector is no scalar
    assert.equal(
      tensor([0x08, 0x01, 0x12, 0x04, 0x12, 0x02, 0x08, 0x02, 0x2a, 0x04, 0, 0, 0xc0, 0x3f]),
      undefined,
    );
  });
});

describe('TensorBoard log folders', () => {
  it('are found as one store holding the topmost run folders; a root holding event files is its own', async () => {
    const stores = await discoverStores([path.dirname(LOGS)]);
    assert.deepEqual(
      stores.map((s) => [s.kind, s.path]),
      [['tensorboard', LOGS]],
    );
    const root = path.join(LOGS, 'baseline');
    assert.deepEqual(
      (await discoverStores([root])).map((s) => s.path),
      [root],
    );
  });

  it('list each folder holding event files as a run named by its relative path, with hparams and scalars', () => {
    const { snapshot } = readTensorboardStore(LOGS);
    assert.deepEqual(snapshot.problems, []);
    assert.deepEqual(
      snapshot.runs.map((r) => r.id),
      ['baseline', 'baseline/eval', 'tf2/run_a'],
    );
    const [baseline, evaluation, tf2] = snapshot.runs;
    assert.deepEqual(baseline.paramValues, { lr: 0.01, optimizer: 'adam', batch_size: 32, augment: true });
    assert.equal(baseline.metrics['train/loss'].step, 199);
    assert.equal(baseline.metrics['final/accuracy'].value, Math.fround(0.987654321));
    assert.equal(baseline.metrics.weights, undefined, 'a histogram is no scalar');
    assert.equal(baseline.metrics.note, undefined, 'text is no scalar');
    assert.ok(Number.isNaN(evaluation.metrics.nan_check.value));
    assert.deepEqual(
      Object.fromEntries(Object.entries(tf2.metrics).map(([k, p]) => [k, [p.step, p.value]])),
      { loss: [249, Math.fround(1 / 250)], reward: [249, 249 * 0.125 - 3], episodes: [249, 747] },
    );
    assert.equal(tf2.tags['tensorboard.event_files'], '2');
    assert.deepEqual(
      snapshot.experiments.map((e) => e.name),
      ['logs'],
    );
  });

  it('are listed by `mlops-lens runs --json` with source tensorboard', () => {
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'main.ts'), 'runs', '--json', '--no-cache', LOGS],
      { encoding: 'utf8' },
    );
    assert.equal(result.status, 0, result.stderr);
    const runs = JSON.parse(result.stdout) as {
      source: string;
      id: string;
      metrics: Record<string, unknown>;
    }[];
    assert.deepEqual(new Set(runs.map((r) => r.source)), new Set(['tensorboard']));
    assert.equal(runs.length, 3);
    assert.equal(runs.find((r) => r.id === 'baseline/eval')?.metrics.nan_check, 'NaN');
  });

  it('a run written by two writers is charted across both files, in name order', async () => {
    const index = new RunIndex({ roots: [LOGS] });
    await index.refresh();
    const run = index.findRunsById('tf2/run_a')[0];
    const { points, problems } = await index.history(run, 'loss');
    assert.deepEqual(problems, []);
    assert.deepEqual(
      points.map((p) => p.step),
      Array.from({ length: 250 }, (_, i) => i),
    );
  });

  it('a growing event file is read on from its last complete record, as a fresh read would read it', async () => {
    const full = fs.readFileSync(eventFiles('baseline')[0]);
    const root = path.join(work, 'live');
    const dir = path.join(root, 'runs', 'exp');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'events.out.tfevents.1760000000.host');
    // Cut inside a record, as a writer in the middle of a write leaves it.
    const cut = Math.floor(full.length / 3) + 5;
    fs.writeFileSync(file, full.subarray(0, cut));
    const index = new RunIndex({ roots: [root] });
    await index.refresh();
    const pointsBefore = (await index.history(index.findRunsById('exp')[0], 'train/loss')).points.length;
    const partial = readEventFileSummary(file);
    assert.ok(partial.resumeAt > 0 && partial.resumeAt < cut, `resumes at ${partial.resumeAt}`);
    assert.match(partial.stop?.reason ?? '', new RegExp(`ends inside a record at byte ${partial.resumeAt}`));

    fs.appendFileSync(file, full.subarray(cut));
    assert.equal(await index.applyChanges([file]), true);
    const grown = index.findRunsById('exp')[0];
    const points = (await index.history(grown, 'train/loss')).points;
    assert.ok(pointsBefore > 0 && points.length === 200, `${pointsBefore} → ${points.length} points`);
    assert.deepEqual(index.problems(), []);
    const resumed = readEventFileSummary(file, partial);
    const fresh = readEventFileSummary(file);
    assert.deepEqual({ ...resumed, mtimeMs: 0 }, { ...fresh, mtimeMs: 0 });
    const unchanged = readTensorboardStore(root, readTensorboardStore(root));
    assert.equal(readTensorboardStore(root, unchanged), unchanged, 'nothing changed: the same entry');
  });

  it('a warm start from the index cache lists the same runs', async () => {
    const cacheFile = path.join(work, 'index-cache.v8');
    const cold = new RunIndex({ roots: [LOGS], cacheFile });
    await cold.refresh();
    const warm = new RunIndex({ roots: [LOGS], cacheFile });
    await warm.refresh();
    assert.deepEqual(warm.allRuns(), cold.allRuns());
  });
});

describe('TensorBoard changed paths', () => {
  it('event files and run folders concern the store; other files in it do not', () => {
    const entry = readTensorboardStore(LOGS);
    const owns = (changed: string) => tensorboardSource.owns(changed, LOGS, entry);
    assert.equal(owns(path.join(LOGS, 'new', 'events.out.tfevents.1.host')), true);
    assert.equal(owns(path.join(LOGS, 'baseline', 'eval')), true, 'a run folder deleted');
    assert.equal(owns(path.join(LOGS, 'tf2')), true, 'a folder holding runs deleted');
    assert.equal(owns(path.join(LOGS, 'baseline', 'notes.txt')), false);
    assert.equal(owns(path.join(path.dirname(LOGS), 'generate.py')), false);
  });
});
