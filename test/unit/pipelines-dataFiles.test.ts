import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'node:test';
import { computeDataFileStatus } from '../../src/core/pipeline/dataFileStatus';
import { discoverPipelines } from '../../src/core/pipeline/discover';
import { HashCache } from '../../src/core/pipeline/hashCache';
import type { DvcDataFile } from '../../src/core/pipeline/model';
import { DataFileTracker, dataFileConcerns } from '../../src/extension/pipelinesDataFiles';
import { extractFixture, removeFixture } from '../fixtures/dvc/extract';

const ROOT = path.resolve('/repo');
const RAW: DvcDataFile = {
  kind: 'dvc-file',
  file: path.join(ROOT, 'data', 'raw.dvc'),
  root: ROOT,
  wdir: path.join(ROOT, 'data'),
  outs: ['raw'],
  deps: ['https://example.com/raw.zip'],
  frozen: false,
};

test('a data file is concerned by itself, what it tracks (and inside, and above), and its project cache', () => {
  const concerns = (p: string) => dataFileConcerns(RAW, path.join(ROOT, p));
  assert.ok(concerns('data/raw.dvc'));
  assert.ok(concerns('data/raw'));
  assert.ok(concerns('data/raw/part-1.csv'));
  assert.ok(concerns('data'), 'a folder above it was removed');
  assert.ok(concerns('.dvc/cache/files/md5/ab/cdef'));
  assert.ok(!concerns('data/raw2'));
  assert.ok(!concerns('src/train.py'));
  assert.ok(!concerns('nested/.dvc/cache/x'));
});

test('discovery finds data files (not DVC 0.x stage files) with their project; their status comes from the file', async () => {
  const repo = extractFixture('data-files');
  try {
    const scan = await discoverPipelines([repo]);
    assert.equal(scan.items.length, 0);
    assert.equal(scan.dataFiles?.length, 14);
    const table = scan.dataFiles!.find((f) => f.file.endsWith('table.csv.dvc'))!;
    assert.deepEqual(table, {
      kind: 'dvc-file',
      file: path.join(repo, 'sub', 'table.csv.dvc'),
      root: repo,
      wdir: path.join(repo, 'sub'),
      outs: ['table.csv'],
      deps: [],
      frozen: false,
    });
    const cache = new HashCache();
    assert.deepEqual(await computeDataFileStatus(table.file, cache), {
      state: 'up-to-date',
      reasons: [],
      dvc: [],
    });
    const deleted = await computeDataFileStatus(path.join(repo, 'data', 'deleted-folder.dvc'), cache);
    assert.equal(deleted.state, 'changed');
    assert.deepEqual(deleted.reasons, ['missing outs: data/deleted-folder']);
    fs.writeFileSync(path.join(repo, 'bad.dvc'), 'outs: [\n');
    const bad = await computeDataFileStatus(path.join(repo, 'bad.dvc'), cache);
    assert.equal(bad.state, 'unknown');
    assert.match(bad.problems?.[0].reason ?? '', /invalid YAML/);
    const gone = await computeDataFileStatus(path.join(repo, 'gone.dvc'), cache);
    assert.deepEqual(gone.problems, [{ path: path.join(repo, 'gone.dvc'), reason: 'cannot read the file' }]);
  } finally {
    removeFixture(repo);
  }
});

test('the tracker computes each data file once, again when a path concerns it, and forgets deleted files', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-tracker-'));
  try {
    const file = path.join(dir, 'raw.dvc');
    fs.writeFileSync(file, 'outs:\n- path: raw\n');
    const dataFile: DvcDataFile = { ...RAW, file, root: dir, wdir: dir, deps: [] };
    const computed: string[] = [];
    let changes = 0;
    let settle: () => void = () => undefined;
    const tracker = new DataFileTracker(
      {
        computeDataFile: async (f) => {
          computed.push(f);
          return { status: { state: 'up-to-date', reasons: [], dvc: [] }, root: dir };
        },
      },
      (now) => {
        changes++;
        if (now) settle();
      },
    );
    const settled = () => new Promise<void>((resolve) => (settle = resolve));
    let done = settled();
    tracker.reset([dataFile]);
    assert.deepEqual(tracker.status(file), { state: 'pending' });
    await done;
    assert.deepEqual(computed, [file]);
    assert.equal(tracker.status(file).state, 'known');

    done = settled();
    await tracker.pathsChanged([path.join(dir, 'raw', 'part.csv'), path.join(dir, 'other.txt')], () => true);
    await done;
    assert.deepEqual(computed, [file, file]);

    fs.rmSync(file);
    done = settled();
    await tracker.pathsChanged([file], () => true);
    await done;
    assert.deepEqual(tracker.list(), []);
    assert.deepEqual(tracker.status(file), { state: 'pending' });
    assert.ok(changes > 0);
    tracker.dispose();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
