// The Data view's model on the data-versions fixture (test/fixtures/data-versions, written by real
// DVC): statuses as `dvc data status` gives them, recorded sizes and file counts, a folder's files
// a page at a time, versions along the branch, problems for corrupt manifests and missing objects,
// and the read-only content provider's bytes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cacheObjectPath, clearManifestCache } from '../../src/core/data/cache';
import { DataError } from '../../src/core/data/model';
import { HashCache } from '../../src/core/pipeline/hashCache';
import { decodeSpec, encodeSpec, looksLikeText, readVersionBytes } from '../../src/views/data/dataContent';
import { DataHistory } from '../../src/views/data/dataHistory';
import { folderPage, loadDataProject, type DataProject } from '../../src/views/data/dataModel';
import { dataDecorations } from '../../src/views/data/dataDecorations';
import { dataNodeChildren, describeOut, type DataNode } from '../../src/views/data/dataTree';

const repoRoot = path.resolve(__dirname, '..', '..');
let work = '';
let root = '';
let project: DataProject;
const GIT_ENV = { ...process.env, GIT_CONFIG_GLOBAL: os.devNull, GIT_CONFIG_NOSYSTEM: '1' };

function git(args: string[]): string {
  return execFileSync('git', args, { cwd: root, env: GIT_ENV, encoding: 'utf8' }).trim();
}

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-data-view-'));
  execFileSync('tar', ['-xzf', path.join(repoRoot, 'test/fixtures/data-versions/repo.tar.gz'), '-C', work]);
  root = path.join(work, 'repo');
  project = await loadDataProject(root, new HashCache());
});

after(() => fs.rmSync(work, { recursive: true, force: true }));

function out(key: string) {
  const found = project.outs.find((o) => o.key === key);
  assert.ok(found, `${key} is listed`);
  return found;
}

describe('tracked paths and their status', () => {
  test('every .dvc output and every dvc.lock output is listed, with dvc data status states', () => {
    assert.deepEqual(
      project.outs.map((o) => o.key),
      ['data/iris.csv', 'data/notes.txt', 'data/samples', 'data/tables', 'features', 'stats.csv'],
    );
    assert.deepEqual(out('data/tables').states, [{ state: 'modified', stage: 'committed' }]);
    assert.deepEqual(out('data/notes.txt').states, [{ state: 'added', stage: 'committed' }]);
    assert.deepEqual(out('features').states, [{ state: 'modified', stage: 'uncommitted' }]);
    assert.deepEqual(out('stats.csv').states, [{ state: 'deleted', stage: 'uncommitted' }]);
    assert.deepEqual(out('data/iris.csv').states, [{ state: 'unchanged', stage: null }]);
    assert.deepEqual(project.problems, []);
  });

  test('sizes and file counts are the recorded ones', () => {
    assert.equal(out('data/tables').size, 22966);
    assert.equal(out('data/tables').nfiles, 5);
    assert.match(describeOut(out('data/tables')), /22\.4 KB/);
    assert.match(describeOut(out('data/tables')), /5 files/);
  });
});

describe('Explorer badges', () => {
  test('paths that differ from HEAD get Git letters; unchanged and not-in-cache paths get none', () => {
    const decorations = dataDecorations([project]);
    const badge = (key: string) => decorations.get(path.join(root, ...key.split('/')))?.badge;
    assert.equal(badge('data/tables'), 'M');
    assert.equal(badge('data/notes.txt'), 'A');
    assert.equal(badge('features'), 'M');
    assert.equal(badge('stats.csv'), 'D');
    assert.equal(badge('data/iris.csv'), undefined);
    for (const [file, decoration] of decorations) {
      assert.ok(file.startsWith(root + path.sep), file);
      assert.ok(['M', 'A', 'D', 'R'].includes(decoration.badge), `${file}: ${decoration.badge}`);
    }
    const inner = [...decorations.keys()].filter((file) =>
      file.startsWith(path.join(root, 'data', 'tables') + path.sep),
    );
    const granular = Object.entries(out('data/tables').fileStates ?? {}).filter(([, tags]) =>
      tags.some((tag) => tag.state !== 'not in cache' && tag.state !== 'unchanged'),
    );
    assert.equal(inner.length, granular.length, 'files inside a tracked folder as --granular reports them');
    assert.ok(inner.length > 0);
  });
});

describe('folders', () => {
  test("a folder's files come from its manifest; a missing object is marked not in cache", () => {
    const page = folderPage(project.cacheDir, out('data/tables'), 500);
    assert.equal(page.total, 5);
    assert.equal(page.remaining, 0);
    const exercise = page.files.find((f) => f.relpath === 'exercise.csv');
    assert.equal(exercise?.inCache, false);
    assert.equal(page.files.filter((f) => f.inCache).length, 4);
  });

  test('beyond a page a "Show more" item follows', () => {
    const page = folderPage(project.cacheDir, out('data/tables'), 2);
    assert.equal(page.files.length, 2);
    assert.equal(page.remaining, 3);
    const node: DataNode = { kind: 'out', root, out: out('data/tables'), cacheDir: project.cacheDir };
    const children = dataNodeChildren(node, 2);
    assert.equal(children.filter((c) => c.kind === 'file').length, 2);
    const more = children.at(-1);
    assert.equal(more?.kind, 'more');
    assert.equal(more?.kind === 'more' ? more.remaining : 0, 3);
  });

  test('a corrupt manifest is a problem item naming the object and the reason', () => {
    const tables = out('data/tables');
    assert.ok(tables.hash);
    const object = cacheObjectPath(project.cacheDir, tables.hash) as string;
    const saved = fs.readFileSync(object);
    fs.chmodSync(object, 0o644);
    fs.writeFileSync(object, '{not json');
    clearManifestCache();
    try {
      const children = dataNodeChildren({ kind: 'out', root, out: tables, cacheDir: project.cacheDir }, 500);
      const problem = children.find((c) => c.kind === 'problem');
      assert.ok(problem && problem.kind === 'problem');
      assert.equal(problem.path, object);
      assert.match(problem.reason, /corrupt \.dir manifest/);
    } finally {
      fs.writeFileSync(object, saved);
      clearManifestCache();
    }
  });
});

describe('versions', () => {
  test('the commits where a path changed, with subject, size and file count', async () => {
    const history = new DataHistory(root, 10);
    try {
      const iris = await history.versionsOf('data/iris.csv');
      assert.deepEqual(
        iris.versions.map((v) => v.subject.slice(0, 2)),
        ['v3', 'v2', 'v1'],
      );
      const tables = await history.versionsOf('data/tables');
      assert.deepEqual(
        tables.versions.map((v) => [v.subject.slice(0, 2), v.nfiles]),
        [
          ['v2', 4],
          ['v1', 4],
        ],
      );
      // A file inside a tracked folder: its md5 in each version's manifest (wine_data.csv is
      // unchanged since v1; exercise.csv appears in v2 by a rename, its object missing: no size).
      const wine = await history.versionsOf('data/tables/wine_data.csv');
      assert.deepEqual(
        wine.versions.map((v) => [v.subject.slice(0, 2), v.size]),
        [['v1', 11157]],
      );
      const exercise = await history.versionsOf('data/tables/exercise.csv');
      assert.deepEqual(
        exercise.versions.map((v) => [v.subject.slice(0, 2), v.size]),
        [['v2', undefined]],
      );
      const samples = await history.versionsOf('data/samples');
      assert.deepEqual(
        samples.versions.map((v) => [v.subject.slice(0, 2), v.isDir, v.nfiles]),
        [
          ['v3', false, undefined],
          ['v2', true, 4],
          ['v1', true, 3],
        ],
      );
      // The experiment bigger-scale (run on v3 with prepare.scale=3) rewrote features/: it comes
      // first, above the commit it was run on; iris.csv, which it did not change, has none.
      const features = await history.versionsOf('features');
      assert.deepEqual(
        features.versions.map((v) => v.experiment?.name ?? v.subject.slice(0, 2)),
        ['bigger-scale', 'v3', 'v2', 'v1'],
      );
      const head = git(['rev-parse', 'HEAD']);
      assert.equal(features.versions[0].experiment?.baseline, head);
      const experimentRef = git(['for-each-ref', '--format=%(objectname) %(refname)', 'refs/exps'])
        .split('\n')
        .find((line) => line.endsWith('/bigger-scale'));
      assert.equal(features.versions[0].sha, experimentRef?.split(' ')[0]);
      assert.ok(iris.versions.every((v) => v.experiment === undefined));
    } finally {
      history.dispose();
    }
  });

  test('experimentDepth limits the commits looked at', async () => {
    const history = new DataHistory(root, 1);
    try {
      const iris = await history.versionsOf('data/iris.csv');
      assert.deepEqual(
        iris.versions.map((v) => v.subject.slice(0, 2)),
        ['v3'],
      );
    } finally {
      history.dispose();
    }
  });

  test('tags and the experiment are offered to compare with', () => {
    const history = new DataHistory(root, 10);
    try {
      const names = history.namedRevisions().map((r) => `${r.kind}:${r.name}`);
      assert.deepEqual(names, ['experiment:bigger-scale', 'tag:v1', 'tag:v2']);
    } finally {
      history.dispose();
    }
  });
});

describe('the mlops-lens-data: content', () => {
  test('a version read from the cache is the cache object, byte for byte', async () => {
    const history = new DataHistory(root, 10);
    try {
      const v1 = await history.at('v1', 'data/iris.csv');
      assert.ok(v1.hash);
      const spec = decodeSpec(encodeSpec({ root, key: 'data/iris.csv', hash: v1.hash, label: 'v1' }));
      assert.ok(spec);
      const bytes = await readVersionBytes(spec, () => Promise.resolve(null));
      const object = cacheObjectPath(project.cacheDir, v1.hash) as string;
      assert.deepEqual(Buffer.from(bytes), fs.readFileSync(object));
    } finally {
      history.dispose();
    }
  });

  test('a Git file at a commit is its blob', async () => {
    const history = new DataHistory(root, 10);
    try {
      const sha = git(['rev-parse', 'v1']);
      const spec = { root, key: 'data/iris.csv.dvc', sha, label: 'v1' };
      const bytes = await readVersionBytes(spec, (_r, s, k) => history.gitBytes(s, k));
      assert.equal(Buffer.from(bytes).toString('utf8'), git(['show', 'v1:data/iris.csv.dvc']) + '\n');
    } finally {
      history.dispose();
    }
  });

  test('a missing object says "not in cache" with the path', async () => {
    const page = folderPage(project.cacheDir, out('data/tables'), 500);
    const exercise = page.files.find((f) => f.relpath === 'exercise.csv');
    assert.ok(exercise);
    await assert.rejects(
      readVersionBytes({ root, key: exercise.key, hash: exercise.hash, label: 'HEAD' }, () =>
        Promise.resolve(null),
      ),
      (error: unknown) =>
        error instanceof DataError &&
        error.path === 'data/tables/exercise.csv' &&
        /not in cache/.test(error.reason),
    );
  });

  test('text is told from binary by extension and NUL bytes', () => {
    assert.equal(looksLikeText('a/b.csv', Buffer.from('x,y\n1,2\n')), true);
    assert.equal(looksLikeText('model.pkl', Buffer.from([0x80, 0x04, 0x00, 0x95])), false);
    assert.equal(looksLikeText('data.csv', Buffer.from([0x61, 0x00, 0x62])), false);
    assert.equal(looksLikeText('notes', Buffer.from('plain words\n')), true);
    assert.equal(looksLikeText('weights.bin', null), false);
  });
});
