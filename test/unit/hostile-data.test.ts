// Bad input for the data-versions core and CLI (`mlops-lens diff`, `mlops-lens data-status`): a
// corrupt or hostile `.dir` manifest, a missing cache object, a revision that does not exist, a
// binary file named `.dvc`, a target nothing tracks. Each gives a clear message naming the path and
// the reason (or, for a missing object, DVC's own answer), a documented exit status, and writes
// nothing in the project.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { cacheObjectPath, parseManifest } from '../../src/core/data/cache';
import { dataDiff } from '../../src/core/data/diff';
import { DataError } from '../../src/core/data/model';
import { dataStatus } from '../../src/core/data/status';
import { HashCache } from '../../src/core/pipeline/hashCache';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const MAIN = path.join(ROOT, 'src/cli/main.ts');
const FIXTURE = path.join(ROOT, 'test/fixtures/data-versions/repo.tar.gz');

const scratches: string[] = [];
after(() => {
  for (const dir of scratches) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh copy of the data-versions fixture repository. */
function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-hostile-data-'));
  scratches.push(dir);
  spawnSync('tar', ['-xzf', FIXTURE, '-C', dir]);
  return path.join(dir, 'repo');
}

/** Every file under `dir` with its md5 and mtime: equal before and after means nothing was written. */
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

function cli(cwd: string, args: string[]) {
  const indexCache = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-hostile-data-cache-'));
  scratches.push(indexCache);
  return spawnSync(process.execPath, ['--import', TSX, MAIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, MLOPS_LENS_INDEX_CACHE: indexCache },
  });
}

/** The `.dir` object HEAD's data/tables.dvc names. */
function tablesManifest(repo: string): string {
  const text = spawnSync('git', ['show', 'HEAD:data/tables.dvc'], { cwd: repo, encoding: 'utf8' }).stdout;
  const md5 = /md5: ([0-9a-f]{32}\.dir)/.exec(text)?.[1] ?? '';
  return cacheObjectPath(path.join(repo, '.dvc', 'cache'), { name: 'md5', value: md5 }) ?? '';
}

/** Runs the CLI on `repo` and checks: status 1, the path and reason on stderr, no output, nothing written. */
function assertRefused(repo: string, args: string[], needles: string[]): void {
  const before = snapshot(repo);
  const result = cli(repo, args);
  assert.equal(result.status, 1, result.stderr);
  assert.equal(result.stdout, '');
  for (const needle of needles)
    assert.ok(result.stderr.includes(needle), `${needle} not in: ${result.stderr}`);
  assert.ok(!/\n\s+at /.test(result.stderr), `a stack trace: ${result.stderr}`);
  assert.equal(snapshot(repo), before);
}

describe('a corrupt .dir manifest', () => {
  it('diff and data-status --granular name the object and say why; nothing is written', () => {
    const repo = project();
    const manifest = tablesManifest(repo);
    fs.chmodSync(manifest, 0o644);
    fs.writeFileSync(manifest, '[{"md5": "abc", "relpath": ');
    assertRefused(
      repo,
      ['diff', '--json', 'HEAD~1', 'HEAD'],
      [manifest, 'corrupt .dir manifest: invalid JSON'],
    );
    assertRefused(repo, ['data-status', '--json', '--granular'], [manifest, 'corrupt .dir manifest']);
  });

  it('a manifest whose entries are not {md5, relpath} strings, or leave the folder, is refused', () => {
    assert.throws(() => parseManifest('{"md5": "x"}', 'obj.dir'), /not a JSON list/);
    assert.throws(() => parseManifest('[{"md5": 1, "relpath": "a"}]', 'obj.dir'), /entry 0 has no "md5"/);
    assert.throws(
      () => parseManifest('[{"md5": "x", "relpath": "../../.bashrc"}]', 'obj.dir'),
      /unsafe relpath/,
    );
    assert.throws(
      () => parseManifest('[{"md5": "x", "relpath": "/etc/passwd"}]', 'obj.dir'),
      /unsafe relpath/,
    );
    assert.equal(parseManifest('[{"md5": "x", "relpath": "a/b.csv"}]', 'obj.dir').get('a/b.csv'), 'x');
  });
});

describe('a missing cache object', () => {
  it('a file object: "not in cache", as dvc diff says it, status 0', () => {
    const repo = project();
    const result = cli(repo, ['diff', '--json']);
    assert.equal(result.status, 0, result.stderr);
    const json = JSON.parse(result.stdout) as Record<string, { path: string }[]>;
    assert.deepEqual(json['not in cache'], [{ path: 'data/tables/exercise.csv' }]);
  });

  it('a .dir manifest between two revisions: the folder is modified, its files unknown (as DVC)', async () => {
    const repo = project();
    fs.rmSync(tablesManifest(repo));
    const diff = await dataDiff(repo, { aRev: 'HEAD~1', bRev: 'HEAD', hashCache: new HashCache() });
    assert.ok('modified' in diff);
    assert.ok(!diff.added.some((e) => e.path.startsWith('data/tables/')), JSON.stringify(diff.added));
  });
});

describe('a revision that does not exist', () => {
  it('is named with the reason; status 1; nothing written', () => {
    const repo = project();
    assertRefused(repo, ['diff', '--json', 'no-such-rev'], ["unknown Git revision 'no-such-rev'"]);
  });

  it('an option-like revision is not handed to Git', async () => {
    const repo = project();
    await assert.rejects(
      dataDiff(repo, { aRev: '--output=/tmp/x', hashCache: new HashCache() }),
      (error: unknown) => error instanceof DataError && /unknown Git revision/.test(error.reason),
    );
  });
});

describe('a binary file named .dvc', () => {
  it('diff and data-status name it and say it is not a text file; nothing is written', () => {
    const repo = project();
    fs.writeFileSync(path.join(repo, 'data', 'junk.dvc'), Buffer.from([0x00, 0xff, 0x10, 0x80, 0x00, 0x42]));
    assertRefused(repo, ['diff', '--json'], ['data/junk.dvc', 'not a text file']);
    assertRefused(repo, ['data-status', '--json'], ['data/junk.dvc', 'not a text file']);
  });
});

describe('targets', () => {
  it('a target nothing tracks at either revision is refused with its name', () => {
    const repo = project();
    assertRefused(repo, ['diff', '--json', '--targets', 'no/such/path'], ['no/such/path', 'no such file']);
  });

  it('a data-status target outside the project is refused', async () => {
    const repo = project();
    await assert.rejects(
      dataStatus(repo, { targets: ['../..'], granular: false, unchanged: false, hashCache: new HashCache() }),
      /outside the DVC project/,
    );
  });
});
