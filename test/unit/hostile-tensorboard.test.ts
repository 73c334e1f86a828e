// Hostile and broken TensorBoard event files: a file cut mid-record (a training killed mid-write),
// a bad CRC of a record or of its length, a length no writer wrote, Event fields a newer writer may
// add, records that are no protobuf, a FIFO and a text file named like event files. Everything
// before the damage is shown; the damage is reported with the file's path and the byte offset (on
// stderr by the CLI, as a problem of the store for the views); nothing throws or hangs. The damaged
// files are made here from the real fixture (test/fixtures/tensorboard: written by tensorboardX).
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { RunIndex } from '../../src/core/index/runIndex';
import { maskedCrc32c, readTfRecords } from '../../src/core/sources/tensorboard/tfrecord';

const ROOT = path.join(__dirname, '..', '..');
const LOGS = path.join(ROOT, 'test', 'fixtures', 'tensorboard', 'logs');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-hostile-tb-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));

function eventFileOf(run: string): string {
  const dir = path.join(LOGS, run);
  const name = fs
    .readdirSync(dir)
    .filter((n) => n.includes('tfevents'))
    .sort()[0];
  return path.join(dir, name);
}

/** Frames records as tensorboard's RecordWriter does. */
function frame(records: readonly Uint8Array[]): Buffer {
  const parts: Buffer[] = [];
  for (const data of records) {
    const header = Buffer.alloc(12);
    header.writeBigUInt64LE(BigInt(data.length), 0);
    header.writeUInt32LE(maskedCrc32c(header, 0, 8), 8);
    const footer = Buffer.alloc(4);
    footer.writeUInt32LE(maskedCrc32c(data), 0);
    parts.push(header, Buffer.from(data), footer);
  }
  return Buffer.concat(parts);
}

function recordsOf(file: string): Uint8Array[] {
  return readTfRecords(file, fs.readFileSync(file)).records.map((r) => r.data);
}

/** A log folder holding one run folder `run` whose event file has the given bytes. */
function logWith(name: string, bytes: Uint8Array): { root: string; file: string } {
  const root = path.join(work, name);
  const dir = path.join(root, 'logs', 'run');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'events.out.tfevents.1760000000.host');
  fs.writeFileSync(file, bytes);
  return { root, file };
}

async function indexOf(root: string): Promise<RunIndex> {
  const index = new RunIndex({ roots: [root] });
  await index.refresh();
  return index;
}

async function pointsOf(index: RunIndex, key: string): Promise<number> {
  const run = index.findRunsById('run')[0];
  assert.ok(run, 'the run is listed');
  return (await index.history(run, key)).points.length;
}

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'main.ts'), ...args],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('hostile TensorBoard event files', () => {
  it('a file cut mid-record: the records before the cut are shown, the cut reported with its offset', async () => {
    const full = fs.readFileSync(eventFileOf('baseline'));
    const { root, file } = logWith('cut', full.subarray(0, Math.floor(full.length * 0.4) + 3));
    const index = await indexOf(root);
    const points = await pointsOf(index, 'train/loss');
    assert.ok(points > 10 && points < 200, `${points} points before the cut`);
    const problem = index.problems().find((p) => p.path === file);
    const offset = Number(/ends inside a record at byte (\d+)/.exec(problem?.reason ?? '')?.[1]);
    assert.ok(offset > 0 && offset <= full.length * 0.4 + 3, problem?.reason);
    const listed = cli(['runs', '--json', '--no-cache', root]);
    assert.equal(listed.status, 0, listed.stderr);
    assert.equal((JSON.parse(listed.stdout) as unknown[]).length, 1);
    assert.ok(listed.stderr.includes(file) && /at byte \d+/.test(listed.stderr), listed.stderr);
  });

  it('a bad CRC of a record: the records before it are shown, the damage reported with its offset', async () => {
    const bytes = Buffer.from(fs.readFileSync(eventFileOf('tf2/run_a')));
    const damagedAt = Math.floor(bytes.length / 2);
    bytes[damagedAt] ^= 0xff;
    const { root, file } = logWith('bad-crc', bytes);
    const index = await indexOf(root);
    const points = await pointsOf(index, 'loss');
    assert.ok(points > 10 && points < 120, `${points} points before the damage`);
    const problem = index.problems().find((p) => p.path === file);
    const offset = Number(/bad CRC of a record(?: length)? at byte (\d+)/.exec(problem?.reason ?? '')?.[1]);
    assert.ok(offset > 0 && offset <= damagedAt, problem?.reason);
    const history = await index.history(index.findRunsById('run')[0], 'loss');
    assert.match(history.problems[0]?.reason ?? '', /bad CRC/);
  });

  it('a bad CRC of a length, and a length no writer wrote, stop reading there without waiting', async () => {
    const records = recordsOf(eventFileOf('baseline/eval'));
    const good = frame(records.slice(0, 5));
    const badLengthCrc = frame([records[5]]);
    badLengthCrc[8] ^= 0x01;
    const huge = Buffer.alloc(12);
    huge.writeBigUInt64LE(1n << 40n, 0);
    huge.writeUInt32LE(maskedCrc32c(huge, 0, 8), 8);
    for (const [name, tail, reason] of [
      ['bad-length-crc', badLengthCrc, /bad CRC of a record length at byte (\d+)/],
      ['huge-length', huge, /a record length of 1099511627776 bytes at byte (\d+)/],
    ] as const) {
      const { root, file } = logWith(name, Buffer.concat([good, tail, frame(records.slice(5))]));
      const index = await indexOf(root);
      assert.equal(await pointsOf(index, 'loss'), 4, name);
      const problem = index.problems().find((p) => p.path === file);
      assert.equal(Number(reason.exec(problem?.reason ?? '')?.[1]), good.length, problem?.reason);
    }
  });

  it('Event fields of a newer writer (unknown field numbers in every record) are skipped', async () => {
    // Field 900 (varint) and field 901 (bytes) appended to every Event: readers skip unknown numbers.
    const unknown = Buffer.from([0xa0, 0x38, 0x05, 0xaa, 0x38, 0x02, 0x68, 0x69]);
    const records = recordsOf(eventFileOf('baseline')).map((r) => Buffer.concat([r, unknown]));
    const { root, file } = logWith('unknown-fields', frame(records));
    const index = await indexOf(root);
    const original = await indexOf(LOGS);
    const [ours, theirs] = [index.findRunsById('run')[0], original.findRunsById('baseline')[0]];
    assert.deepEqual(ours.metrics, theirs.metrics);
    assert.deepEqual(ours.params, theirs.params);
    assert.equal(await pointsOf(index, 'train/loss'), 200);
    assert.deepEqual(
      index.problems().filter((p) => p.path === file),
      [],
    );
  });

  it('a record that is no protobuf is reported with its offset; the other records are read', async () => {
    const records = recordsOf(eventFileOf('baseline/eval'));
    const garbage = Buffer.from([0x0b, 0x0c, 0xff]); // wire type 3 (groups): in no Event
    const bytes = frame([...records.slice(0, 4), garbage, ...records.slice(4)]);
    const { root, file } = logWith('bad-record', bytes);
    const index = await indexOf(root);
    assert.equal(await pointsOf(index, 'loss'), 20);
    const offset = frame(records.slice(0, 4)).length;
    const reasons = index
      .problems()
      .filter((p) => p.path === file)
      .map((p) => p.reason);
    assert.deepEqual(reasons.length, 1, reasons.join('\n'));
    assert.match(reasons[0], new RegExp(`record at byte ${offset} is not a valid Event`));
  });

  it('a FIFO, a text file and an empty file named like event files are not waited on nor thrown', async () => {
    const root = path.join(work, 'odd');
    const dir = path.join(root, 'logs', 'run');
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('mkfifo', [path.join(dir, 'events.out.tfevents.1.fifo')]);
    const text = path.join(dir, 'events.out.tfevents.2.txt');
    fs.writeFileSync(text, 'this is no event file, only text long enough for a header\n');
    fs.writeFileSync(path.join(dir, 'events.out.tfevents.3.empty'), '');
    const index = await indexOf(root);
    const run = index.findRunsById('run')[0];
    assert.ok(run, 'the folder is still a run');
    assert.deepEqual(run.metrics, {});
    const reasons = index.problems().map((p) => `${p.path}: ${p.reason}`);
    assert.ok(
      reasons.some((r) => r.startsWith(text) && /at byte 0/.test(r)),
      reasons.join('\n'),
    );
    const listed = cli(['runs', '--json', '--no-cache', root]);
    assert.equal(listed.status, 0, listed.stderr);
  });
});
