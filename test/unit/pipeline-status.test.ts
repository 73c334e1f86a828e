import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'node:test';
import { dirHashOfListing, dirListingJson } from '../../src/core/pipeline/dirHash';
import { discoverPipelines } from '../../src/core/pipeline/discover';
import { dvcStatusJson } from '../../src/core/pipeline/dvcStatus';
import { HashCache, hashFileContent, isTextBlock } from '../../src/core/pipeline/hashCache';
import type { DvcStage } from '../../src/core/pipeline/model';
import { computeStageStatus, readLockFor, resolveIn } from '../../src/core/pipeline/status';
import { extractFixture, removeFixture } from '../fixtures/dvc/extract';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-hash-'));
}

test('md5 and DVC 2 md5-dos2unix: CRLF becomes LF only in chunks that look like text', () => {
  const dir = tempDir();
  try {
    const text = path.join(dir, 'text.txt');
    const binary = path.join(dir, 'blob.bin');
    fs.writeFileSync(text, 'line1\r\nline2\r\n');
    fs.writeFileSync(binary, Buffer.from([0, 1, 98, 105, 110, 13, 10]));
    assert.equal(hashFileContent(text, 'md5'), 'c6242222cf6ccdb15a43e0e5b1a08810');
    assert.equal(hashFileContent(text, 'md5-dos2unix'), '4fcc82a88ee38e0aa16c17f512c685c9');
    assert.equal(hashFileContent(binary, 'md5-dos2unix'), '4f595da0db10165da1fc0f94077682cd');
    assert.equal(isTextBlock(new Uint8Array()), true);
    assert.equal(isTextBlock(Buffer.from('é'.repeat(10))), false, 'over 30% non-ASCII bytes');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('hashing reads files of any size in 1 MiB chunks, one buffer shared by every call', () => {
  const dir = tempDir();
  try {
    const MiB = 2 ** 20;
    const md5 = (data: Buffer) => crypto.createHash('md5').update(data).digest('hex');
    /** DVC 2's rule written out: CRLF to LF in each 1 MiB chunk whose first 512 bytes look like text. */
    const dos2unixMd5 = (data: Buffer) => {
      const hash = crypto.createHash('md5');
      for (let at = 0; at < data.length; at += MiB) {
        const chunk = data.subarray(at, at + MiB);
        hash.update(
          isTextBlock(chunk.subarray(0, 512))
            ? Buffer.from(chunk.toString('latin1').replaceAll('\r\n', '\n'), 'latin1')
            : chunk,
        );
      }
      return hash.digest('hex');
    };
    const line = Buffer.from('a,b,c\r\n');
    const sizes = [0, 7, MiB - 1, MiB, MiB + 1, 2 * MiB + 12345, 5];
    for (const [i, size] of sizes.entries()) {
      const data = Buffer.alloc(size);
      for (let at = 0; at < size; at += line.length) line.copy(data, at);
      const file = path.join(dir, `f${i}`);
      fs.writeFileSync(file, data);
      assert.equal(hashFileContent(file, 'md5'), md5(data), `md5, ${size} bytes`);
      assert.equal(hashFileContent(file, 'md5-dos2unix'), dos2unixMd5(data), `md5-dos2unix, ${size} bytes`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('.dir hash: the listing is Python json.dumps (sorted by relpath, ", " separators, non-ASCII escaped)', () => {
  const entries = [
    { md5: '0cc175b9c0f1b6a831c399e269772661', relpath: 'z.txt' },
    { md5: '92eb5ffee6ae2fec3ad71c777531578f', relpath: 'données/é.csv' },
    { md5: '4a8a08f09d37b73795649038408b5f33', relpath: 'a/b"q.txt' },
  ];
  assert.equal(
    dirListingJson(entries),
    '[{"md5": "4a8a08f09d37b73795649038408b5f33", "relpath": "a/b\\"q.txt"}, ' +
      '{"md5": "92eb5ffee6ae2fec3ad71c777531578f", "relpath": "donn\\u00e9es/\\u00e9.csv"}, ' +
      '{"md5": "0cc175b9c0f1b6a831c399e269772661", "relpath": "z.txt"}]',
  );
  assert.equal(dirHashOfListing(entries), '21f81fc597e1413367a7d0a6972b8f92.dir');
});

test('HashCache: reuses a hash while size and mtime hold, rehashes after a change, survives save/load', () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'a.txt');
    fs.writeFileSync(file, 'one\n');
    const cache = new HashCache(path.join(dir, 'cache', 'hashes.json'));
    const first = cache.hashFile(file, 'md5');
    assert.equal(cache.hashFile(file, 'md5'), first);
    assert.deepEqual(cache.stats, { hits: 1, misses: 1 });
    fs.writeFileSync(file, 'two!\n');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    assert.notEqual(cache.hashFile(file, 'md5'), first);
    cache.save();
    const loaded = HashCache.load(path.join(dir, 'cache', 'hashes.json'));
    assert.equal(loaded.size, 1);
    loaded.hashFile(file, 'md5');
    assert.deepEqual(loaded.stats, { hits: 1, misses: 0 });
    assert.equal(HashCache.load(path.join(dir, 'nothing.json')).size, 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('HashCache: entries of files that no longer exist are dropped when it is saved', () => {
  const dir = tempDir();
  try {
    const cacheFile = path.join(dir, 'cache', 'hashes.json');
    const files = ['kept.txt', 'deleted.txt', 'deleted-later.txt'].map((name) => path.join(dir, name));
    for (const file of files) fs.writeFileSync(file, `${file}\n`);
    const first = new HashCache(cacheFile);
    for (const file of files) first.hashFile(file, 'md5');
    fs.rmSync(files[1]);
    first.save();
    assert.equal(HashCache.load(cacheFile).size, 3, 'files hashed in this session are not looked at again');

    const second = HashCache.load(cacheFile);
    fs.rmSync(files[2]);
    second.save();
    const third = HashCache.load(cacheFile);
    assert.equal(third.size, 1, 'a later session drops the two deleted files');
    third.hashFile(files[0], 'md5');
    assert.deepEqual(third.stats, { hits: 1, misses: 0 }, 'the file that still exists keeps its hash');

    const checked: string[] = [];
    const memory = new HashCache();
    memory.hashFile(files[0], 'md5');
    assert.equal(
      memory.prune((f) => (checked.push(f), false)),
      0,
      'a file used since the last prune stays',
    );
    assert.equal(
      memory.prune((f) => (checked.push(f), false)),
      1,
    );
    assert.deepEqual(checked, [files[0]]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// The expected values below are what `dvc status --json` (DVC 3.67.1) printed for these fixtures
// when they were generated; test/fidelity/dvc-status.test.ts checks the same against DVC itself.
const STALE_STATUS = {
  'evaluate@test': [{ 'changed outs': { 'eval/test.json': 'deleted' } }],
  featurize: ['changed command'],
  prepare: [{ 'changed deps': { 'data/raw': 'modified' } }],
  report: [
    { 'changed deps': { 'eval/test.json': 'deleted', 'eval/train.json': 'modified' } },
    { 'changed outs': { 'report.txt': 'deleted' } },
  ],
  train: [{ 'changed deps': { 'params.yaml': { 'train.lr': 'modified' } } }],
};

const FEATURES_STATUS = {
  'data/added.csv.dvc': [{ 'changed outs': { 'data/added.csv': 'modified' } }],
  in_sub: [{ 'changed deps': { 'sub/model.toml': { model: 'modified' } } }],
  listed: [{ 'changed outs': { 'out/list.txt': 'not in cache' } }],
  'sub/part/dvc.yaml:part': [
    { 'changed deps': { 'sub/input.txt': 'modified' } },
    { 'changed outs': { 'sub/part/part-out.txt': 'deleted' } },
  ],
  ticker: ['always changed'],
};

const outs = (changes: Record<string, string>) => [{ 'changed outs': changes }];
const DATA_FILES_STATUS = {
  'data/deleted-folder.dvc': outs({ 'data/deleted-folder': 'deleted' }),
  'data/deleted.csv.dvc': outs({ 'data/deleted.csv': 'deleted' }),
  'data/hand.csv.dvc': outs({ 'data/hand.csv': 'modified' }),
  'data/imported.csv.dvc': outs({ 'data/imported.csv': 'deleted' }),
  'data/modified-folder.dvc': outs({ 'data/modified-folder': 'modified' }),
  'data/modified.csv.dvc': outs({ 'data/modified.csv': 'modified' }),
  'data/no-commit-folder.dvc': outs({ 'data/no-commit-folder': 'not in cache' }),
  'data/no-commit.csv.dvc': outs({ 'data/no-commit.csv': 'not in cache' }),
  'data/not-yet.csv.dvc': outs({ 'data/not-yet.csv': 'deleted' }),
  'data/uncached-folder.dvc': outs({ 'data/uncached-folder': 'not in cache' }),
  'data/uncached.csv.dvc': outs({ 'data/uncached.csv': 'not in cache' }),
};

for (const [fixture, expected] of [
  ['pipeline', {}],
  ['pipeline-stale', STALE_STATUS],
  ['features', FEATURES_STATUS],
  ['dvc2', {}],
  ['data-files', DATA_FILES_STATUS],
] as const) {
  test(`dvcStatusJson equals dvc status --json on the ${fixture} fixture`, async () => {
    const repo = extractFixture(fixture);
    try {
      const { status, problems } = await dvcStatusJson(repo, new HashCache());
      assert.deepEqual(problems, []);
      assert.deepEqual(status, expected);
    } finally {
      removeFixture(repo);
    }
  });
}

test('DVC 2 lock entries are checked with md5-dos2unix: the plain md5 of the CRLF file differs', () => {
  const repo = extractFixture('dvc2');
  try {
    const lock = fs.readFileSync(path.join(repo, 'dvc.lock'), 'utf8');
    assert.doesNotMatch(lock, /hash: md5/);
    const crlf = path.join(repo, 'data', 'text-crlf.txt');
    assert.notEqual(hashFileContent(crlf, 'md5'), hashFileContent(crlf, 'md5-dos2unix'));
    assert.match(lock, new RegExp(hashFileContent(crlf, 'md5-dos2unix')));
  } finally {
    removeFixture(repo);
  }
});

test('computeStageStatus: states, readable reasons, never-run, and a warm cache that reads nothing again', async () => {
  const repo = extractFixture('pipeline-stale');
  try {
    const { items } = await discoverPipelines([repo]);
    const stages = items.filter((i): i is DvcStage => i.kind === 'dvc');
    const cache = new HashCache();
    const statuses = new Map<string, Awaited<ReturnType<typeof computeStageStatus>>>();
    for (const stage of stages)
      statuses.set(stage.name, await computeStageStatus(stage, readLockFor(stage), cache));
    assert.deepEqual(
      [...statuses].map(([name, s]) => [name, s.state]),
      [
        ['prepare', 'changed'],
        ['featurize', 'changed'],
        ['train', 'changed'],
        ['evaluate@train', 'up-to-date'],
        ['evaluate@test', 'changed'],
        ['report', 'never-run'],
      ],
    );
    assert.deepEqual(statuses.get('train')?.reasons, ['changed params: params.yaml: train.lr (modified)']);
    assert.deepEqual(statuses.get('prepare')?.reasons, ['changed deps: data/raw (modified)']);
    assert.deepEqual(statuses.get('evaluate@test')?.reasons, ['missing outs: eval/test.json']);
    assert.deepEqual(statuses.get('featurize')?.reasons, ['changed command']);
    assert.deepEqual(statuses.get('report')?.reasons, [
      'never run',
      'changed deps: eval/train.json (modified)',
      'changed deps: eval/test.json (deleted)',
      'missing outs: report.txt',
    ]);
    const misses = cache.stats.misses;
    for (const stage of stages) await computeStageStatus(stage, readLockFor(stage), cache);
    assert.equal(cache.stats.misses, misses, 'the second pass hashes nothing');
  } finally {
    removeFixture(repo);
  }
});

test('resolveIn joins clean relative paths and otherwise resolves like path.resolve', () => {
  for (const relative of [
    'data/x.csv',
    'a',
    '../up/x',
    './here',
    'a/./b',
    'a//b',
    'dir/',
    'a/..',
    '.hidden/x',
    '/abs/x',
  ]) {
    assert.equal(resolveIn('/work/repo', relative), path.resolve('/work/repo', relative), relative);
  }
});
