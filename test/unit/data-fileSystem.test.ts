// The read-only `mlops-lens-data:` FileSystemProvider (src/extension/dataFileSystem.ts), loaded with
// a minimal stand-in for the `vscode` module: reads give the DVC cache object's bytes or the Git
// blob's, a missing object is FileNotFound naming "not in cache", and every write is refused.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { cacheObjectPath } from '../../src/core/data/cache';
import { DataHistory } from '../../src/views/data/dataHistory';
import { encodeSpec, type ContentSpec } from '../../src/views/data/dataContent';

class FileSystemError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
  static FileNotFound = (what: unknown) => new FileSystemError(String(what), 'FileNotFound');
  static NoPermissions = (what: unknown) => new FileSystemError(String(what), 'NoPermissions');
}

interface FakeUri {
  scheme: string;
  path: string;
  query: string;
}

const fakeVscode = {
  FileSystemError,
  FileType: { File: 1 },
  FilePermission: { Readonly: 1 },
  EventEmitter: class {
    event = () => ({ dispose: () => undefined });
    dispose(): void {}
  },
  Disposable: class {
    constructor(readonly dispose: () => void) {}
  },
  Uri: { from: (parts: FakeUri) => parts },
};

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleWithLoad = Module as unknown as { _load: Loader };
const originalLoad = moduleWithLoad._load;

interface Provider {
  readFile(uri: FakeUri): Promise<Uint8Array>;
  stat(uri: FakeUri): Promise<{ size: number; permissions?: number }>;
  writeFile(uri: FakeUri): void;
  delete(uri: FakeUri): void;
  rename(uri: FakeUri): void;
  createDirectory(uri: FakeUri): void;
}

let work = '';
let root = '';
let history: DataHistory;
let provider: Provider;

before(() => {
  moduleWithLoad._load = (request, parent, isMain) =>
    request === 'vscode' ? fakeVscode : originalLoad(request, parent, isMain);
  // Loaded after the stand-in is in place (a static import would load the real `vscode` first).
  const loaded = Module.createRequire(__filename)('../../src/extension/dataFileSystem') as {
    DataFileSystem: new (service: { history(root: string): DataHistory }) => Provider;
  };
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-data-fs-'));
  execFileSync('tar', ['-xzf', path.resolve(__dirname, '../fixtures/data-versions/repo.tar.gz'), '-C', work]);
  root = path.join(work, 'repo');
  history = new DataHistory(root, 10);
  provider = new loaded.DataFileSystem({ history: () => history });
});

after(() => {
  moduleWithLoad._load = originalLoad;
  history.dispose();
  fs.rmSync(work, { recursive: true, force: true });
});

const uriOf = (spec: ContentSpec): FakeUri => ({
  scheme: 'mlops-lens-data',
  path: `/${spec.key}`,
  query: encodeSpec(spec),
});

test('reading a version gives the cache object byte for byte', async () => {
  const v2 = await history.at('v2', 'data/iris.csv');
  assert.ok(v2.hash);
  const uri = uriOf({ root, key: 'data/iris.csv', hash: v2.hash, label: 'v2' });
  const object = cacheObjectPath(path.join(root, '.dvc', 'cache'), v2.hash) as string;
  assert.deepEqual(Buffer.from(await provider.readFile(uri)), fs.readFileSync(object));
  assert.equal((await provider.stat(uri)).size, fs.statSync(object).size);
});

test('reading a Git version gives the blob', async () => {
  const sha = execFileSync('git', ['rev-parse', 'v1'], { cwd: root, encoding: 'utf8' }).trim();
  const uri = uriOf({ root, key: 'dvc.lock', sha, label: 'v1' });
  const blob = execFileSync('git', ['cat-file', 'blob', `${sha}:dvc.lock`], { cwd: root });
  assert.deepEqual(Buffer.from(await provider.readFile(uri)), blob);
});

test('a missing cache object is FileNotFound saying "not in cache" with the path', async () => {
  const head = await history.at('HEAD', 'data/tables/exercise.csv');
  assert.ok(head.hash);
  const uri = uriOf({ root, key: 'data/tables/exercise.csv', hash: head.hash, label: 'HEAD' });
  await assert.rejects(provider.readFile(uri), (error: unknown) => {
    assert.ok(error instanceof FileSystemError);
    assert.equal(error.code, 'FileNotFound');
    assert.match(error.message, /data\/tables\/exercise\.csv: not in cache/);
    return true;
  });
});

test('every write is refused', () => {
  const uri = uriOf({ root, key: 'data/iris.csv', hash: { name: 'md5', value: '0'.repeat(32) }, label: 'x' });
  for (const write of [
    () => provider.writeFile(uri),
    () => provider.delete(uri),
    () => provider.rename(uri),
    () => provider.createDirectory(uri),
  ]) {
    assert.throws(
      write,
      (error: unknown) => error instanceof FileSystemError && error.code === 'NoPermissions',
    );
  }
});
