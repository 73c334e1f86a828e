// The data-versions core without DVC: file lists, the path-by-path comparison (dvc-data's index
// diff rules), rename pairing, the workspace side's hash names, and the CLI's JSON (Python's
// json.dumps bytes, dvc diff's ordering). test/fidelity/data-diff.test.ts checks the same against DVC.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { formatDvcDiff, pythonJson } from '../../src/cli/data';
import { FileList } from '../../src/core/data/fileList';
import type { DataNode } from '../../src/core/data/model';
import type { DataSide } from '../../src/core/data/sides';
import { workspaceSide } from '../../src/core/data/sides';
import { dataStatus } from '../../src/core/data/status';
import { pruneKeys } from '../../src/core/data/targets';
import { compareKeys, compareNodes, detectRenames, walkChanges, type Change } from '../../src/core/data/walk';
import { HashCache } from '../../src/core/pipeline/hashCache';

const scratches: string[] = [];
after(() => scratches.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

const md5 = (n: number) => n.toString(16).padStart(32, '0');
const folder = (key: string, value: string): DataNode => ({ key, isDir: true, hash: { name: 'md5', value } });

let folders = 100;
/** A committed side with one folder output (a hash of its own) holding `files` (relpath → md5). */
function sideWith(key: string, files: Record<string, string>): DataSide {
  const out = folder(key, `${md5(folders++)}.dir`);
  const list = FileList.of(Object.keys(files), Object.values(files));
  return { outs: new Map([[key, out]]), files: () => list };
}

const summary = (changes: Change[]) =>
  changes.map((c) => `${c.typ} ${c.old?.key ?? '-'} ${c.new?.key ?? '-'}`).sort();

describe('FileList', () => {
  it('keeps any input order as one sorted order, the last of a repeated path, and finds folders', () => {
    const list = FileList.of(['b/x', 'a', 'b/y', 'a'], ['1', '2', '3', '4']);
    assert.deepEqual(list.relpaths, ['a', 'b/x', 'b/y']);
    assert.equal(list.get('a'), '4');
    assert.ok(list.hasFolder('b'));
    assert.ok(!list.hasFolder('a'));
    assert.deepEqual(list.below('b').relpaths, ['x', 'y']);
    assert.deepEqual([...FileList.of(['p/q/r.csv'], ['1']).folders()].sort(), ['p', 'p/q']);
  });
});

describe('comparison rules', () => {
  it('dvc diff: a file turned folder is modified; data status compares hashes only', () => {
    const file: DataNode = { key: 'd', isDir: false, hash: { name: 'md5', value: md5(1) } };
    const dir: DataNode = { key: 'd', isDir: true, hash: { name: 'md5', value: md5(1) } };
    assert.equal(compareNodes(file, dir, false), 'modify');
    assert.equal(compareNodes(file, dir, true), 'unchanged');
  });

  it('the same value under another hash name (DVC 2 vs DVC 3) is a change', () => {
    const v2: DataNode = { key: 'f', isDir: false, hash: { name: 'md5-dos2unix', value: md5(1) } };
    const v3: DataNode = { key: 'f', isDir: false, hash: { name: 'md5', value: md5(1) } };
    assert.equal(compareNodes(v2, v3, true), 'modify');
  });

  it('walks a folder: added, deleted, modified; unchanged only when asked', () => {
    const old = sideWith('data', { 'a.csv': md5(1), 'b.csv': md5(2), 'c.csv': md5(3) });
    const now = sideWith('data', { 'a.csv': md5(1), 'b.csv': md5(9), 'd.csv': md5(4) });
    const options = { hashOnly: false, shallow: false, withUnchanged: false };
    assert.deepEqual(summary(walkChanges(old, now, ['data'], options)), [
      'add - data/d.csv',
      'delete data/c.csv -',
      'modify data data',
      'modify data/b.csv data/b.csv',
    ]);
    const all = walkChanges(old, now, ['data'], { ...options, withUnchanged: true });
    assert.ok(summary(all).includes('unchanged data/a.csv data/a.csv'));
  });

  it('a file whose path became a folder is not reported deleted (DVC sees a folder entry there)', () => {
    const old = sideWith('data', { 'x/y': md5(1) });
    const now = sideWith('data', { 'x/y/z': md5(2) });
    const changes = walkChanges(old, now, ['data'], {
      hashOnly: false,
      shallow: false,
      withUnchanged: false,
    });
    const shown = changes.filter((c) => !(c.new?.isDir && !c.new.hash) && !(c.old?.isDir && !c.old.hash));
    assert.deepEqual(summary(shown), ['add - data/x/y/z', 'modify data data']);
  });

  it('a manifest missing from the cache makes the files below "unknown"', () => {
    const old: DataSide = {
      outs: new Map([['data', folder('data', `${md5(1)}.dir`)]]),
      files: () => 'unknown',
    };
    const now = sideWith('data', { 'sub/a.csv': md5(1) });
    const changes = walkChanges(old, now, ['data'], { hashOnly: true, shallow: false, withUnchanged: true });
    assert.deepEqual(summary(changes), [
      'modify data data',
      'unknown - data/sub',
      'unknown - data/sub/a.csv',
    ]);
  });

  it('renames pair additions and deletions of one hash in key order', () => {
    const node = (key: string, n: number): DataNode => ({
      key,
      isDir: false,
      hash: { name: 'md5', value: md5(n) },
    });
    const changes: Change[] = [
      { typ: 'delete', old: node('z/2', 1), new: null },
      { typ: 'delete', old: node('a/1', 1), new: null },
      { typ: 'add', old: null, new: node('m/1', 1) },
      { typ: 'add', old: null, new: node('n/1', 2) },
    ];
    assert.deepEqual(summary(detectRenames(changes)), ['add - n/1', 'delete z/2 -', 'rename a/1 m/1']);
    assert.ok(compareKeys('a/b', 'a-b') < 0, 'keys compare part by part, as Python tuples do');
  });

  it('targets: duplicates and paths inside another target are dropped', () => {
    assert.deepEqual(pruneKeys(['data/a', 'data', 'data', 'other/x']), ['data', 'other/x']);
  });
});

describe('workspace hashes', () => {
  it('an output recorded by DVC 2 is hashed with md5-dos2unix, a DVC 3 one with md5', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-data-core-'));
    scratches.push(root);
    fs.writeFileSync(path.join(root, 'v2.csv'), 'a,b\r\n1,2\r\n');
    fs.writeFileSync(path.join(root, 'v3.csv'), 'a,b\r\n1,2\r\n');
    const side = workspaceSide(
      root,
      [
        { key: 'v2.csv', hash: { name: 'md5-dos2unix', value: md5(0) }, isDir: false, source: 'v2.csv.dvc' },
        { key: 'v3.csv', hash: { name: 'md5', value: md5(0) }, isDir: false, source: 'v3.csv.dvc' },
      ],
      new HashCache(),
    );
    const v2 = side.outs.get('v2.csv')?.hash;
    const v3 = side.outs.get('v3.csv')?.hash;
    assert.equal(v2?.name, 'md5-dos2unix');
    assert.equal(v3?.name, 'md5');
    assert.notEqual(v2?.value, v3?.value);
  });
});

describe('cache.dir', () => {
  /** A DVC project (no Git) tracking data.csv, whose object is only in `cache` (outside the project). */
  function projectWithSharedCache(): { root: string; cache: string } {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-data-cache-'));
    scratches.push(base);
    const root = path.join(base, 'project');
    const cache = path.join(base, 'shared-cache');
    fs.mkdirSync(path.join(root, '.dvc'), { recursive: true });
    fs.writeFileSync(path.join(root, 'data.csv'), 'a,b\n1,2\n');
    const value = 'c0b6ae9fdd5a6bd4e9e0e57c3c2a6e5e';
    fs.writeFileSync(
      path.join(root, 'data.csv.dvc'),
      `outs:\n- md5: ${value}\n  size: 8\n  hash: md5\n  path: data.csv\n`,
    );
    fs.mkdirSync(path.join(cache, 'files', 'md5', value.slice(0, 2)), { recursive: true });
    fs.writeFileSync(path.join(cache, 'files', 'md5', value.slice(0, 2), value.slice(2)), 'a,b\n1,2\n');
    return { root, cache };
  }
  const status = (root: string) =>
    dataStatus(root, { granular: false, unchanged: false, hashCache: new HashCache() });

  it('is read from .dvc/config, relative to .dvc/, and .dvc/config.local overrides it', async () => {
    const { root } = projectWithSharedCache();
    assert.deepEqual((await status(root)).not_in_cache, ['data.csv'], 'default .dvc/cache has no object');
    fs.writeFileSync(path.join(root, '.dvc', 'config'), '[cache]\n    dir = ../../shared-cache\n');
    assert.equal((await status(root)).not_in_cache, undefined);
    fs.writeFileSync(path.join(root, '.dvc', 'config.local'), '[cache]\n    dir = /nonexistent/cache\n');
    assert.deepEqual((await status(root)).not_in_cache, ['data.csv']);
  });
});

describe('CLI JSON', () => {
  it("prints Python's json.dumps bytes (separators, non-ASCII escaped)", () => {
    assert.equal(
      pythonJson({ added: [{ path: 'données/é.csv' }], renamed: [] }),
      '{"added": [{"path": "donn\\u00e9es/\\u00e9.csv"}], "renamed": []}',
    );
    assert.equal(pythonJson({}), '{}');
  });

  it('orders each list by path (a rename by its old path), drops hashes and "not in cache" on request', () => {
    const shown = formatDvcDiff(
      {
        added: [
          { path: 'b', hash: '2' },
          { path: 'a', hash: '1' },
        ],
        deleted: [],
        modified: [],
        renamed: [
          { path: { old: 'y', new: 'a' }, hash: '3' },
          { path: { old: 'x', new: 'b' }, hash: '4' },
        ],
        'not in cache': [{ path: 'c', hash: '5' }],
      },
      { showHash: false, hideMissing: true },
    );
    assert.deepEqual(shown, {
      added: [{ path: 'a' }, { path: 'b' }],
      deleted: [],
      modified: [],
      renamed: [{ path: { old: 'x', new: 'b' } }, { path: { old: 'y', new: 'a' } }],
    });
  });
});
