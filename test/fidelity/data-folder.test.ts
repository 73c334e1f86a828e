// Fidelity: a folder comparison of the Data view (compareFolder) holds exactly the files
// `dvc diff --json <a> [<b>] --targets <folder>` reports as added, deleted, modified and renamed
// (the folder's own entry aside), for two revisions and for a revision against the workspace, on
// the data-images fixture (images, a pickle, a local remote, objects missing from the cache) and the
// data-versions fixture; and `mlops-lens data-status --granular --json` equals
// `dvc data status --granular --json` on data-images. The real DVC comes from scripts/dvc-env.sh.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { compareFolder } from '../../src/core/data/folderCompare';
import { HashCache } from '../../src/core/pipeline/hashCache';

const repoRoot = path.resolve(__dirname, '..', '..');
const TSX = pathToFileURL(path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const MAIN = path.join(repoRoot, 'src', 'cli', 'main.ts');
let venv = '';
let work = '';
const dirs = new Map<string, string>();

function run(
  file: string,
  args: string[],
  cwd: string,
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        cwd,
        encoding: 'utf8',
        timeout: 300_000,
        env: {
          ...process.env,
          DVC_NO_ANALYTICS: '1',
          DVC_NO_UPDATE_CHECK: '1',
          MLOPS_LENS_INDEX_CACHE: work,
        },
      },
      (error, stdout, stderr) =>
        resolve({ status: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

before(() => {
  venv =
    process.env.MLOPS_LENS_DVC_VENV ||
    execFileSync('bash', [path.join(repoRoot, 'scripts', 'dvc-env.sh')], { encoding: 'utf8' }).trim();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-data-folder-'));
  for (const name of ['data-images', 'data-versions']) {
    const dir = path.join(work, name);
    fs.mkdirSync(dir);
    execFileSync('tar', ['-xzf', path.join(repoRoot, `test/fixtures/${name}/repo.tar.gz`), '-C', dir]);
    dirs.set(name, path.join(dir, 'repo'));
  }
});

after(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

interface DvcEntry {
  path: string | { old: string; new: string };
}

/** dvc diff's entries as "status path" lines, folders left out, "/" separators. */
function dvcSets(json: Record<string, DvcEntry[]>): string[] {
  const lines: string[] = [];
  const key = (p: string) => p.split(path.sep).join('/');
  for (const status of ['added', 'deleted', 'modified', 'renamed']) {
    for (const entry of json[status] ?? []) {
      const shown = typeof entry.path === 'string' ? entry.path : entry.path.new;
      if (shown.endsWith(path.sep)) continue;
      const old = typeof entry.path === 'string' ? '' : ` from ${key(entry.path.old)}`;
      lines.push(`${status} ${key(shown)}${old}`);
    }
  }
  return lines.sort();
}

async function assertSameFolderDiff(project: string, folderKey: string, aRev: string, bRev?: string) {
  const dir = dirs.get(project) ?? '';
  const revs = bRev === undefined ? [aRev] : [aRev, bRev];
  const expected = await run(
    path.join(venv, 'bin', 'dvc'),
    ['diff', '--json', ...revs, '--targets', folderKey],
    dir,
  );
  assert.equal(expected.status, 0, expected.stderr);
  const comparison = await compareFolder({ root: dir, folderKey, aRev, bRev, hashCache: new HashCache() });
  const actual = [...comparison.tree.entries()]
    .map((e) => `${e.status} ${e.key}${e.oldKey ? ` from ${e.oldKey}` : ''}`)
    .sort();
  assert.deepEqual(actual, dvcSets(JSON.parse(expected.stdout) as Record<string, DvcEntry[]>));
  assert.ok(actual.length > 0, 'the case compares something');
  return comparison;
}

describe('folder comparison sets equal dvc diff --json --targets <folder>', () => {
  test('data-images: images between v1 and v2', async () => {
    const comparison = await assertSameFolderDiff('data-images', 'images', 'v1', 'v2');
    assert.equal(comparison.tree.root.counts.renamed, 1);
    // v1's model.pkl is in neither the cache nor the local remote: its size is unknown.
    assert.equal(comparison.tree.root.counts.unknownSizes, 1);
  });
  test('data-images: images between v1 and the workspace', async () => {
    await assertSameFolderDiff('data-images', 'images', 'v1');
  });
  test('data-images: a folder inside the tracked folder (images/shapes), v1 and the workspace', async () => {
    await assertSameFolderDiff('data-images', 'images/shapes', 'v1');
  });
  test('data-versions: data/tables between v1 and v2', async () => {
    await assertSameFolderDiff('data-versions', 'data/tables', 'v1', 'v2');
  });
  test('data-versions: data/tables between v1 and the workspace', async () => {
    await assertSameFolderDiff('data-versions', 'data/tables', 'v1');
  });
});

test('mlops-lens data-status --granular --json equals dvc data status --granular --json (data-images)', async () => {
  const dir = dirs.get('data-images') ?? '';
  for (const flags of [['--granular'], ['--granular', '--unchanged']]) {
    const [expected, actual] = await Promise.all([
      run(path.join(venv, 'bin', 'dvc'), ['data', 'status', '--json', ...flags], dir),
      run(process.execPath, ['--import', TSX, MAIN, 'data-status', '--json', ...flags], dir),
    ]);
    assert.equal(expected.status, 0, expected.stderr);
    assert.equal(actual.status, 0, actual.stderr);
    const sorted = (text: string) =>
      JSON.stringify(JSON.parse(text), (_k, v: unknown) =>
        Array.isArray(v) ? [...v].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)) : v,
      );
    assert.equal(sorted(actual.stdout), sorted(expected.stdout), flags.join(' '));
  }
});
