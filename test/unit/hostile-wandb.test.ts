// Hostile and broken W&B run logs: a log cut mid-record (a run killed mid-write), a bad CRC, records
// with protobuf fields a newer wandb may add, bytes that are no protobuf, a file that is no W&B log.
// Everything readable before the damage is shown; the damage is reported with the log's path and
// the byte offset (on stderr by the CLI, as a problem of the store for the views); nothing throws.
// The damaged logs are made here from the real fixture (test/fixtures/wandb: real offline runs).
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { RunIndex } from '../../src/core/index/runIndex';
import {
  BLOCK_SIZE,
  CHUNK_HEADER,
  chunkCrc,
  FILE_HEADER,
  readLogRecords,
} from '../../src/core/sources/wandb/logFile';
import { extractWandbFixture, wandbLogs } from '../fixtures/wandb/extract';

const ROOT = path.join(__dirname, '..', '..');
const fixture = extractWandbFixture();
after(() => fs.rmSync(fixture, { recursive: true, force: true }));
const logOf = (id: string): string => wandbLogs(fixture).find((f) => f.endsWith(`run-${id}.wandb`)) ?? '';

/** Frames records as wandb's writer does (the file header, 32 KiB blocks, FULL/FIRST/MIDDLE/LAST). */
function frame(records: readonly Uint8Array[]): Buffer {
  const out: number[] = [0x3a, 0x57, 0x26, 0x42, 0xe1, 0xbe, 0];
  for (const record of records) {
    let at = 0;
    let first = true;
    do {
      const room = BLOCK_SIZE - (out.length % BLOCK_SIZE);
      if (room < CHUNK_HEADER) {
        out.push(...new Array<number>(room).fill(0));
        continue;
      }
      const length = Math.min(room - CHUNK_HEADER, record.length - at);
      const last = at + length === record.length;
      const type = first && last ? 1 : first ? 2 : last ? 4 : 3;
      const crc = chunkCrc(type, record, at, at + length);
      out.push(
        crc & 0xff,
        (crc >>> 8) & 0xff,
        (crc >>> 16) & 0xff,
        crc >>> 24,
        length & 0xff,
        length >> 8,
        type,
      );
      out.push(...record.subarray(at, at + length));
      at += length;
      first = false;
    } while (at < record.length);
  }
  return Buffer.from(out);
}

function recordsOf(file: string): Uint8Array[] {
  return readLogRecords(file, fs.readFileSync(file)).records.map((r) => r.data);
}

/** A `wandb/` folder holding one run folder whose log has the given bytes. */
function storeWith(name: string, id: string, bytes: Uint8Array): { root: string; log: string } {
  const root = path.join(fixture, 'cases', name);
  const dir = path.join(root, 'wandb', `offline-run-20260101_000000-${id}`);
  fs.mkdirSync(dir, { recursive: true });
  const log = path.join(dir, `run-${id}.wandb`);
  fs.writeFileSync(log, bytes);
  return { root, log };
}

async function indexOf(root: string): Promise<RunIndex> {
  const index = new RunIndex({ roots: [root] });
  await index.refresh();
  return index;
}

async function pointsOf(index: RunIndex, id: string, key: string): Promise<number> {
  const run = index.findRunsById(id)[0];
  assert.ok(run, `run ${id} is listed`);
  return (await index.history(run, key)).points.length;
}

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'main.ts'), ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('hostile W&B logs', () => {
  it('a log cut mid-record (killed mid-write): the records before the cut are shown, the cut reported', async () => {
    const full = fs.readFileSync(logOf('adam0001'));
    const { root, log } = storeWith('truncated', 'adam0001', full.subarray(0, Math.floor(full.length * 0.6)));
    const index = await indexOf(root);
    const run = index.findRunsById('adam0001')[0];
    assert.equal(run.status, 'RUNNING', 'no exit record: as a run still being written');
    assert.equal(run.tags['wandb.group'], 'sweep-a');
    const points = await pointsOf(index, 'adam0001', 'train/loss');
    assert.ok(points > 0 && points < 12, `${points} points before the cut`);
    const problem = index.problems().find((p) => p.path === log);
    assert.match(problem?.reason ?? '', /ends inside a record at byte \d+/);
    const listed = cli(['runs', '--json', '--no-cache', root]);
    assert.equal(listed.status, 0);
    assert.equal((JSON.parse(listed.stdout) as unknown[]).length, 1);
    assert.ok(listed.stderr.includes(log) && /at byte \d+/.test(listed.stderr), listed.stderr);
  });

  it('a bad CRC: the records before it are shown, the damage reported with its offset', async () => {
    const bytes = Buffer.from(fs.readFileSync(logOf('adam0001')));
    const damagedAt = Math.floor(bytes.length / 2);
    bytes[damagedAt] ^= 0xff;
    const { root, log } = storeWith('bad-crc', 'adam0001', bytes);
    const index = await indexOf(root);
    const points = await pointsOf(index, 'adam0001', 'train/loss');
    assert.ok(points > 0 && points < 12, `${points} points before the damage`);
    const problem = index.problems().find((p) => p.path === log);
    const offset = Number(/bad CRC at byte (\d+)/.exec(problem?.reason ?? '')?.[1]);
    assert.ok(offset > FILE_HEADER && offset <= damagedAt, problem?.reason);
    const history = await index.history(index.findRunsById('adam0001')[0], 'train/loss');
    assert.match(history.problems[0]?.reason ?? '', /bad CRC at byte/);
  });

  it('fields of a newer wandb (unknown field numbers in every record) are skipped', async () => {
    // Field 900 (varint) and field 901 (bytes) appended to every record: protobuf allows fields in
    // any order, and readers skip the numbers they do not know.
    const unknown = Buffer.from([0xa0, 0x38, 0x05, 0xaa, 0x38, 0x02, 0x68, 0x69]);
    const records = recordsOf(logOf('adam0002')).map((r) => Buffer.concat([r, unknown]));
    const { root, log } = storeWith('unknown-fields', 'adam0002', frame(records));
    const index = await indexOf(root);
    const original = await indexOf(path.join(fixture, 'wandb'));
    const [ours, theirs] = [index.findRunsById('adam0002')[0], original.findRunsById('adam0002')[0]];
    assert.deepEqual(ours.metrics, theirs.metrics);
    assert.deepEqual(ours.params, theirs.params);
    assert.equal(ours.status, 'FINISHED');
    assert.equal(await pointsOf(index, 'adam0002', 'train/loss'), 12);
    assert.deepEqual(
      index.problems().filter((p) => p.path === log),
      [],
    );
  });

  it('a record that is no protobuf is reported with its offset; the other records are read', async () => {
    const records = recordsOf(logOf('crash01'));
    const garbage = Buffer.from([0x0b, 0x0c, 0xff]); // wire type 3 (groups): not in W&B's schema
    // A history record whose item's value_json is no JSON: Record{history{item{nested_key "x", value_json "{bad"}}}.
    const badValue = Buffer.from([
      0x12,
      0x0c,
      0x0a,
      0x0a,
      0x12,
      0x01,
      0x78,
      0x82,
      0x01,
      0x04,
      ...Buffer.from('{bad'),
    ]);
    const { root, log } = storeWith(
      'bad-record',
      'crash01',
      frame([...records.slice(0, 3), garbage, badValue, ...records.slice(3)]),
    );
    const index = await indexOf(root);
    const run = index.findRunsById('crash01')[0];
    assert.equal(run.status, 'FAILED', 'the exit record after the bad one is still read');
    assert.equal(await pointsOf(index, 'crash01', 'train/loss'), 4);
    const reasons = index
      .problems()
      .filter((p) => p.path === log)
      .map((p) => p.reason);
    assert.equal(reasons.length, 2, reasons.join('\n'));
    assert.match(reasons[0], /record at byte \d+: /);
    assert.match(reasons[1], /record at byte \d+: a value is not JSON: \{bad/);
  });

  it('a FIFO named as a log is refused, never waited on', async () => {
    const { root, log } = storeWith('fifo', 'fifo0001', Buffer.alloc(0));
    fs.rmSync(log);
    execFileSync('mkfifo', [log]);
    const index = await indexOf(root);
    const run = index.findRunsById('fifo0001')[0];
    assert.match(index.problems().find((p) => p.path === log)?.reason ?? '', /not a regular file/);
    assert.match((await index.history(run, 'loss')).problems[0]?.reason ?? '', /not a regular file/);
  });

  it('a file that is no W&B log, and an empty log, are reported, not thrown', async () => {
    const { root, log } = storeWith('not-a-log', 'junk0001', Buffer.from('{"this is": "json"}\n'));
    storeWith('not-a-log', 'empty001', Buffer.alloc(0));
    const index = await indexOf(root);
    assert.equal(index.allRuns().length, 2);
    assert.match(index.problems().find((p) => p.path === log)?.reason ?? '', /not a W&B run log/);
    const listed = cli(['runs', '--json', '--no-cache', root]);
    assert.equal(listed.status, 0);
    assert.ok(listed.stderr.includes(log), listed.stderr);
  });
});
