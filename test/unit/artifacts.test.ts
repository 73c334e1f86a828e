import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  isSafeRelativeArtifactPath,
  listArtifacts,
  locateArtifacts,
  resolveArtifactFile,
} from '../../src/core/artifacts';
import type { Run } from '../../src/core/model';
import { makeRun as makeAnyRun } from './helpers/runs';

/** Runs of an MLflow store at /project/mlruns, in the Default experiment. */
const makeRun = (overrides: Partial<Run> = {}): Run =>
  makeAnyRun({ store: '/project/mlruns', experimentId: '0', experimentName: 'Default', ...overrides });

describe('locateArtifacts', () => {
  it('reads file URIs in all their spellings', () => {
    assert.deepEqual(locateArtifacts(makeRun({ artifactUri: 'file:///data/a%20b/artifacts' })), {
      kind: 'local',
      path: '/data/a b/artifacts',
    });
    assert.deepEqual(locateArtifacts(makeRun({ artifactUri: 'file://localhost/data/x' })), {
      kind: 'local',
      path: '/data/x',
    });
    assert.deepEqual(locateArtifacts(makeRun({ artifactUri: 'file:/data/x' })), {
      kind: 'local',
      path: '/data/x',
    });
    assert.deepEqual(locateArtifacts(makeRun({ artifactUri: 'file:mlruns/0/abc/artifacts' })), {
      kind: 'local',
      path: '/project/mlruns/0/abc/artifacts',
    });
    assert.deepEqual(locateArtifacts(makeRun({ artifactUri: 'FILE:./mlruns/x' })).kind, 'local');
  });

  it('reads plain paths, relative ones against the store folder', () => {
    assert.deepEqual(locateArtifacts(makeRun({ artifactUri: '/abs/artifacts' })), {
      kind: 'local',
      path: '/abs/artifacts',
    });
    assert.deepEqual(locateArtifacts(makeRun({ artifactUri: './mlruns/0/abc/artifacts' })), {
      kind: 'local',
      path: '/project/mlruns/0/abc/artifacts',
    });
    const sqlite = makeRun({
      source: 'mlflow-sqlite',
      store: '/db/mlflow.db',
      artifactUri: 'mlartifacts/1/x',
    });
    assert.deepEqual(locateArtifacts(sqlite), { kind: 'local', path: '/db/mlartifacts/1/x' });
  });

  it('classifies remote schemes and missing URIs', () => {
    for (const uri of [
      's3://bucket/1/abc/artifacts',
      'gs://b/x',
      'mlflow-artifacts:/1/abc/artifacts',
      'dbfs:/databricks/mlflow',
      'https://host/artifacts',
      'wasbs://c@a.blob.core.windows.net/x',
      'hdfs://nn/x',
    ]) {
      assert.deepEqual(locateArtifacts(makeRun({ artifactUri: uri })), { kind: 'remote', uri }, uri);
    }
    assert.deepEqual(locateArtifacts(makeRun({ artifactUri: null })), { kind: 'none' });
    assert.deepEqual(locateArtifacts(makeRun({ artifactUri: '  ' })), { kind: 'none' });
  });

  it('reports a file URI it cannot map to a path', () => {
    if (process.platform === 'win32') return;
    assert.equal(locateArtifacts(makeRun({ artifactUri: 'file://otherhost/share/x' })).kind, 'error');
  });
});

let dir = '';
let runDir = '';
let artifacts = '';
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mlops-lens-artifacts-'));
  runDir = path.join(dir, 'mlruns', '0', 'abc');
  artifacts = path.join(runDir, 'artifacts');
  await mkdir(path.join(artifacts, 'model', 'data'), { recursive: true });
  await writeFile(path.join(artifacts, 'b.txt'), 'bb');
  await writeFile(path.join(artifacts, 'a.txt'), 'a');
  await writeFile(path.join(artifacts, 'model', 'MLmodel'), 'flavors: {}\n');
  await writeFile(path.join(artifacts, 'model', 'data', 'weights.bin'), Buffer.alloc(1000));
  await mkdir(path.join(dir, 'outside'));
  await writeFile(path.join(dir, 'outside', 'secret.txt'), 'secret');
  await writeFile(path.join(dir, 'plain-file'), 'x');
});
after(() => rm(dir, { recursive: true, force: true }));

const expected = [
  { path: 'a.txt', size: 1, isDir: false },
  { path: 'b.txt', size: 2, isDir: false },
  { path: 'model', size: 0, isDir: true },
  { path: 'model/MLmodel', size: 12, isDir: false },
  { path: 'model/data', size: 0, isDir: true },
  { path: 'model/data/weights.bin', size: 1000, isDir: false },
];

describe('listArtifacts', () => {
  it('lists a file:// artifact URI recursively, sorted depth-first', async () => {
    const run = makeRun({ store: path.join(dir, 'mlruns'), artifactUri: pathToFileURL(artifacts).href });
    assert.deepEqual(await listArtifacts(run), {
      kind: 'local',
      root: artifacts,
      entries: expected,
      truncated: false,
    });
  });

  it('resolves a relative artifact URI against the store folder', async () => {
    const run = makeRun({ store: path.join(dir, 'mlruns'), artifactUri: 'mlruns/0/abc/artifacts' });
    const listing = await listArtifacts(run);
    assert.equal(listing.kind, 'local');
    assert.equal(listing.kind === 'local' && listing.root, artifacts);
  });

  it('bounds the listing and says so', async () => {
    const run = makeRun({ artifactUri: artifacts });
    assert.deepEqual(await listArtifacts(run, 3), {
      kind: 'local',
      root: artifacts,
      entries: expected.slice(0, 3),
      truncated: true,
    });
    const exact = await listArtifacts(run, expected.length);
    assert.equal(exact.kind === 'local' && exact.truncated, false);
  });

  it('falls back to runDir/artifacts when the recorded location does not exist', async () => {
    const moved = makeRun({ artifactUri: 'file:///nowhere/mlruns/0/abc/artifacts', runDir });
    const listing = await listArtifacts(moved);
    assert.equal(listing.kind === 'local' && listing.root, artifacts);
    const noUri = await listArtifacts(makeRun({ artifactUri: null, runDir }));
    assert.equal(noUri.kind === 'local' && noUri.entries.length, expected.length);
  });

  it('says none when nothing exists, error for a file, remote for remote URIs', async () => {
    assert.deepEqual(await listArtifacts(makeRun({ artifactUri: '/nowhere/at/all', runDir: '/nowhere' })), {
      kind: 'none',
      checked: ['/nowhere/at/all', '/nowhere/artifacts'],
    });
    const file = await listArtifacts(makeRun({ artifactUri: path.join(dir, 'plain-file') }));
    assert.equal(file.kind, 'error');
    assert.deepEqual(await listArtifacts(makeRun({ artifactUri: 's3://bucket/x', runDir })), {
      kind: 'remote',
      uri: 's3://bucket/x',
    });
  });
});

describe('listArtifacts safety', () => {
  it('lists a symlinked folder without entering it', async (t) => {
    const link = path.join(artifacts, 'zz-link');
    try {
      await symlink(path.join(dir, 'outside'), link, 'dir');
    } catch {
      t.skip('symlinks are not available');
      return;
    }
    try {
      const listing = await listArtifacts(makeRun({ artifactUri: artifacts }));
      const entries = listing.kind === 'local' ? listing.entries : [];
      assert.deepEqual(entries.at(-1), { path: 'zz-link', size: 0, isDir: true });
      assert.ok(!entries.some((e) => e.path.startsWith('zz-link/')));
      assert.equal(await resolveArtifactFile(artifacts, 'zz-link/secret.txt'), undefined);
    } finally {
      await rm(link, { force: true });
    }
  });

  it('resolves only regular files inside the root', async () => {
    const expectedFile = await realpath(path.join(artifacts, 'model', 'MLmodel'));
    assert.equal(await resolveArtifactFile(artifacts, 'model/MLmodel'), expectedFile);
    for (const rel of [
      'model',
      '../abc/artifacts/a.txt',
      '../../../outside/secret.txt',
      '/etc/passwd',
      'nope.txt',
      '',
    ]) {
      assert.equal(await resolveArtifactFile(artifacts, rel), undefined, rel);
    }
  });
});

describe('isSafeRelativeArtifactPath', () => {
  it('accepts plain relative paths', () => {
    for (const p of ['a.txt', 'model/MLmodel', 'x/..y/z', '.hidden', 'a b/c%2e.txt']) {
      assert.equal(isSafeRelativeArtifactPath(p), true, p);
    }
  });
  it('rejects escapes, absolute paths and odd separators', () => {
    for (const p of [
      '',
      '..',
      '../x',
      'a/../../x',
      'a/./b',
      '/etc/passwd',
      'C:/x',
      'c:x',
      'a\\b',
      'a//b',
      'a/',
      'a\0b',
    ]) {
      assert.equal(isSafeRelativeArtifactPath(p), false, JSON.stringify(p));
    }
  });
});
