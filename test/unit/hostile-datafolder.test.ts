// Bad input for the folder comparison, the image and binary views and the local remotes, on a copy
// of the data-images fixture: a corrupt `.dir` manifest, a manifest or file object missing, a
// revision that does not exist, a binary named .png, a hostile local remote url, a saved image-panel
// state pointing outside the allowed folders. Each gives a clear error naming the path and the
// reason (or a "not in cache" with the path), never a crash, and nothing in the project is written.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { cacheObjectPath, clearManifestCache } from '../../src/core/data/cache';
import { compareFolder } from '../../src/core/data/folderCompare';
import { DataError } from '../../src/core/data/model';
import { localRemoteDirs, ObjectStore } from '../../src/core/data/objects';
import { HashCache } from '../../src/core/pipeline/hashCache';
import { parseImageRequest } from '../../src/views/dataImage/restore';
import { readHead, readVersionBytes } from '../../src/views/data/dataContent';
import { fileKind } from '../../src/views/data/fileKind';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const MAIN = path.join(ROOT, 'src/cli/main.ts');
const FIXTURE = path.join(ROOT, 'test/fixtures/data-images/repo.tar.gz');

const scratches: string[] = [];
after(() => scratches.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-hostile-datafolder-'));
  scratches.push(dir);
  spawnSync('tar', ['-xzf', FIXTURE, '-C', dir]);
  clearManifestCache();
  return path.join(dir, 'repo');
}

function snapshot(dir: string): string {
  const lines: string[] = [];
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const file = path.join(at, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.isFile()) {
        const md5 = crypto.createHash('md5').update(fs.readFileSync(file)).digest('hex');
        lines.push(`${path.relative(dir, file)} ${md5} ${fs.statSync(file).mtimeMs}`);
      }
    }
  };
  walk(dir);
  return lines.sort().join('\n');
}

/** The md5 of `images` recorded at a revision (its `.dir` object). */
function dirHashAt(root: string, rev: string): { name: string; value: string } {
  const text = spawnSync('git', ['show', `${rev}:images.dvc`], { cwd: root, encoding: 'utf8' }).stdout;
  const value = /md5: ([0-9a-f]{32}\.dir)/.exec(text)?.[1] ?? '';
  return { name: 'md5', value };
}

const compare = (root: string, aRev: string, bRev?: string, folderKey = 'images') =>
  compareFolder({ root, folderKey, aRev, bRev, hashCache: new HashCache() });

describe('hostile input to the folder comparison', () => {
  it('a corrupt .dir manifest is a DataError naming the object, and nothing is written', async () => {
    const root = project();
    const manifest = cacheObjectPath(path.join(root, '.dvc', 'cache'), dirHashAt(root, 'v1')) ?? '';
    fs.chmodSync(manifest, 0o644);
    fs.writeFileSync(manifest, '[{"md5": "abc", "relpath": ');
    const before = snapshot(root);
    await assert.rejects(compare(root, 'v1', 'v2'), (error: unknown) => {
      assert.ok(error instanceof DataError, String(error));
      assert.equal(error.path, manifest);
      assert.match(error.reason, /corrupt \.dir manifest: invalid JSON/);
      return true;
    });
    assert.equal(snapshot(root), before);
  });

  it('a .dir manifest that is nowhere here is reported with the path DVC reads', async () => {
    const root = project();
    const hash = dirHashAt(root, 'v1');
    const manifest = cacheObjectPath(path.join(root, '.dvc', 'cache'), hash) ?? '';
    fs.rmSync(manifest);
    fs.rmSync(cacheObjectPath(path.join(root, 'remote-storage'), hash) ?? '');
    const comparison = await compare(root, 'v1', 'v2');
    assert.deepEqual(
      comparison.missing.map((m) => [m.outKey, m.path]),
      [['images', manifest]],
    );
  });

  it('a manifest only in the local remote is read from there (read-only)', async () => {
    const root = project();
    fs.rmSync(cacheObjectPath(path.join(root, '.dvc', 'cache'), dirHashAt(root, 'v1')) ?? '');
    const before = snapshot(root);
    const comparison = await compare(root, 'v1', 'v2');
    assert.deepEqual(comparison.missing, []);
    assert.equal(snapshot(root), before);
  });

  it('a file object missing from the cache and the remote: unknown size, and reading it says "not in cache" with the path', async () => {
    const root = project();
    const comparison = await compare(root, 'v1', 'v2');
    const model = [...comparison.tree.entries()].find((e) => e.key === 'images/model.pkl');
    assert.ok(model?.oldHash);
    assert.equal(model.oldSize, undefined);
    const place = new ObjectStore(root).locate(model.oldHash);
    assert.ok('missing' in place);
    await assert.rejects(
      readVersionBytes({ root, key: model.key, hash: model.oldHash, label: 'v1' }, () =>
        Promise.resolve(null),
      ),
      (error: unknown) => error instanceof DataError && error.reason === `not in cache (${place.missing})`,
    );
  });

  it('a revision that does not exist is a DataError with the name', async () => {
    const root = project();
    await assert.rejects(compare(root, 'no-such-tag', 'v2'), /unknown Git revision 'no-such-tag'/);
    await assert.rejects(compare(root, '--output=/tmp/x', 'v2'), /unknown Git revision/);
  });

  it('a folder tracked at neither revision is a DataError', async () => {
    const root = project();
    await assert.rejects(compare(root, 'v1', 'v2', 'nowhere'), /no such folder tracked by DVC/);
  });
});

describe('hostile files in the image and binary views', () => {
  it('a binary named .png is not an image (described by hash, size and date, never decoded)', () => {
    const root = project();
    const fake = path.join(root, 'fake.png');
    fs.writeFileSync(
      fake,
      Buffer.from([0x80, 0x04, 0x95, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x7d, 0x94]),
    );
    const real = path.join(root, 'images', 'shapes', 'red.png');
    assert.equal(fileKind('fake.png', [readHead(fake)]), 'binary');
    assert.equal(fileKind('red.png', [readHead(real), readHead(fake)]), 'binary');
    assert.equal(fileKind('red.png', [readHead(real)]), 'image');
    assert.equal(fileKind('images/model.pkl', [readHead(path.join(root, 'images', 'model.pkl'))]), 'binary');
  });

  it('an image-panel state saved with paths outside the allowed folders is refused', () => {
    const roots = ['/work/project', '/work/project/.dvc/cache'];
    const inside = { label: 'a', file: '/work/project/images/a.png' };
    assert.ok(parseImageRequest({ kind: 'pair', title: 't', left: inside, right: inside }, roots));
    const outside = { label: 'b', file: '/etc/passwd' };
    const escaping = { label: 'c', file: '/work/project/../../etc/shadow' };
    const relative = { label: 'd', file: 'images/a.png' };
    assert.equal(
      parseImageRequest({ kind: 'pair', title: 't', left: inside, right: outside }, roots),
      undefined,
    );
    assert.equal(
      parseImageRequest({ kind: 'pair', title: 't', left: escaping, right: inside }, roots),
      undefined,
    );
    assert.equal(
      parseImageRequest({ kind: 'pair', title: 't', left: relative, right: inside }, roots),
      undefined,
    );
    assert.deepEqual(
      parseImageRequest({ kind: 'grid', title: 't', added: [inside, outside, 5], removed: 'x' }, roots),
      undefined,
    );
    assert.deepEqual(
      parseImageRequest({ kind: 'grid', title: 't', added: [inside, outside, 5], removed: [] }, roots)?.kind,
      'grid',
    );
  });

  it('remote urls with a scheme are never read as folders', () => {
    const root = project();
    fs.writeFileSync(
      path.join(root, '.dvc', 'config.local'),
      '[\'remote "s3"\']\n    url = s3://bucket/path\n[\'remote "ssh"\']\n    url = ssh://host/x\n[\'remote "empty"\']\n    url =\n',
    );
    assert.deepEqual(localRemoteDirs(root), [path.join(root, 'remote-storage')]);
  });
});

describe('mlops-lens data-status --granular on hostile input', () => {
  it('a corrupt manifest of the workspace version: exit 1 and a line naming the object', () => {
    const root = project();
    const text = fs.readFileSync(path.join(root, 'images.dvc'), 'utf8');
    const value = /md5: ([0-9a-f]{32}\.dir)/.exec(text)?.[1] ?? '';
    const manifest = cacheObjectPath(path.join(root, '.dvc', 'cache'), { name: 'md5', value }) ?? '';
    fs.chmodSync(manifest, 0o644);
    fs.writeFileSync(manifest, '{"not": "a list"}');
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-hostile-datafolder-cache-'));
    scratches.push(cache);
    const result = spawnSync(
      process.execPath,
      ['--import', TSX, MAIN, 'data-status', '--granular', '--json'],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, MLOPS_LENS_INDEX_CACHE: cache },
      },
    );
    assert.notEqual(result.status, 0, result.stdout);
    assert.ok(result.stderr.includes(manifest), result.stderr);
    assert.match(result.stderr, /not a JSON list/);
  });
});
