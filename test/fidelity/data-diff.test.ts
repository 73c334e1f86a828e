// Fidelity: `mlops-lens diff --json` prints exactly what `dvc diff --json` prints, and
// `mlops-lens data-status --json` the same sets as `dvc data status --json` (DVC's list order follows
// Python's per-process string hashing, so both are sorted before comparing), for the same arguments,
// on the data-versions fixture (test/fixtures/data-versions: DVC 3 on scikit-learn's CSVs, tags, an
// experiment, a missing cache object), on the DVC fixtures of test/fixtures/dvc (DVC 2's legacy
// cache and md5-dos2unix hashes among them) and on every corpus project that has both a Git history
// and a DVC cache. The real DVC comes from scripts/dvc-env.sh ($MLOPS_LENS_DVC_VENV).
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { hashFileContent } from '../../src/core/pipeline/hashCache';
import { CORPUS, corpusSkip } from '../unit/helpers/corpus';

const repoRoot = path.resolve(__dirname, '..', '..');
const TSX = pathToFileURL(path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const MAIN = path.join(repoRoot, 'src', 'cli', 'main.ts');

let venv = '';
let work = '';
const dirs = new Map<string, string>();

interface Output {
  status: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], cwd: string): Promise<Output> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        cwd,
        encoding: 'utf8',
        timeout: 300_000,
        maxBuffer: 256 * 1024 * 1024,
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

const dvc = (cwd: string, args: string[]) => run(path.join(venv, 'bin', 'dvc'), args, cwd);
const ours = (cwd: string, args: string[]) => run(process.execPath, ['--import', TSX, MAIN, ...args], cwd);

/** Lists sorted at every level (DVC's data status order is not stable from one process to the next). */
function sortedDeep(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortedDeep).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sortedDeep(v)]));
  }
  return value;
}

/** Arguments given to both tools after `diff --json`. */
const DIFF_CASES: Record<string, string[][]> = {
  'data-versions': [
    [],
    ['--show-hash'],
    ['--show-hash', 'HEAD~1', 'HEAD'],
    ['HEAD~2', 'HEAD~1'],
    ['--show-hash', 'v1', 'bigger-scale'],
    ['v2', 'bigger-scale'],
    ['v1', 'v2', '--targets', 'data/tables'],
    ['--targets', 'data/tables/sub', 'features'],
    ['--show-hash', 'v1', 'HEAD', '--targets', 'data/tables/exercise.csv', 'data/iris.csv.dvc'],
    ['--hide-missing'],
    ['HEAD', 'HEAD'],
  ],
  dvc2: [[], ['--show-hash', 'HEAD~1', 'HEAD']],
  'data-files': [[], ['--show-hash']],
  pipeline: [[], ['--show-hash', 'HEAD~1', 'HEAD']],
  'pipeline-stale': [['--show-hash']],
  features: [[], ['--show-hash', 'HEAD~1', 'HEAD']],
};

/** The `dvc data status --json` flag sets claimed equal, with and without targets. */
const STATUS_FLAGS: string[][] = [[], ['--granular'], ['--unchanged'], ['--granular', '--unchanged']];
const STATUS_TARGETS: Record<string, string[][]> = {
  'data-versions': [[], ['data/tables'], ['data/tables/sub', 'features'], ['data/iris.csv']],
  dvc2: [[]],
  'data-files': [[], ['data/no-commit-folder']],
  pipeline: [[]],
  'pipeline-stale': [[]],
  features: [[]],
};

function extract(archive: string, name: string): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  execFileSync('tar', ['-xzf', archive, '-C', dir]);
  const [top] = fs.readdirSync(dir);
  return path.join(dir, top);
}

before(() => {
  venv =
    process.env.MLOPS_LENS_DVC_VENV ||
    execFileSync('bash', [path.join(repoRoot, 'scripts', 'dvc-env.sh')], { encoding: 'utf8' }).trim();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-data-diff-'));
  dirs.set(
    'data-versions',
    extract(path.join(repoRoot, 'test/fixtures/data-versions/repo.tar.gz'), 'data-versions'),
  );
  for (const name of ['dvc2', 'data-files', 'pipeline', 'pipeline-stale', 'features']) {
    dirs.set(name, extract(path.join(repoRoot, `test/fixtures/dvc/${name}.tar.gz`), name));
  }
});

after(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

async function assertSameDiff(dir: string, args: string[]): Promise<void> {
  const [expected, actual] = await Promise.all([
    dvc(dir, ['diff', '--json', ...args]),
    ours(dir, ['diff', '--json', ...args]),
  ]);
  assert.equal(expected.status, 0, expected.stderr);
  assert.equal(actual.status, 0, actual.stderr);
  assert.equal(actual.stdout.trimEnd(), expected.stdout.trimEnd());
}

async function assertSameStatus(dir: string, args: string[]): Promise<void> {
  const [expected, actual] = await Promise.all([
    dvc(dir, ['data', 'status', '--json', ...args]),
    ours(dir, ['data-status', '--json', ...args]),
  ]);
  assert.equal(expected.status, 0, expected.stderr);
  assert.equal(actual.status, 0, actual.stderr);
  assert.deepEqual(JSON.parse(actual.stdout), sortedDeep(JSON.parse(expected.stdout)));
}

for (const [fixture, cases] of Object.entries(DIFF_CASES)) {
  describe(`diff --json equals dvc diff --json on ${fixture}`, () => {
    for (const args of cases) {
      test(args.join(' ') || '(workspace vs HEAD)', () => assertSameDiff(dirs.get(fixture) as string, args));
    }
  });
}

for (const [fixture, targetSets] of Object.entries(STATUS_TARGETS)) {
  describe(`data-status --json equals dvc data status --json on ${fixture}`, () => {
    for (const targets of targetSets) {
      for (const flags of STATUS_FLAGS) {
        const args = [...flags, ...targets];
        test(args.join(' ') || '(no flags)', () => assertSameStatus(dirs.get(fixture) as string, args));
      }
    }
  });
}

test('the experiment and the tag are real revisions of the fixture (the comparison means something)', async () => {
  const dir = dirs.get('data-versions') as string;
  const refs = execFileSync('git', ['for-each-ref', '--format=%(refname)'], { cwd: dir, encoding: 'utf8' });
  assert.match(refs, /^refs\/exps\/.+\/bigger-scale$/m);
  assert.match(refs, /^refs\/tags\/v1$/m);
  const diff = await ours(dir, ['diff', '--json', 'v1', 'bigger-scale']);
  const parsed = JSON.parse(diff.stdout) as Record<string, unknown[]>;
  assert.ok(parsed.renamed.length > 0 && parsed.added.length > 0 && parsed.deleted.length > 0);
});

test('workspace file hashes equal dvc-data file_md5 for md5 (DVC 3) and md5-dos2unix (DVC 2)', () => {
  const dir = fs.mkdtempSync(path.join(work, 'hashes-'));
  const mib = 2 ** 20;
  const textChunk = Buffer.from('id,value\r\n'.repeat(mib / 10 + 1)).subarray(0, mib);
  const files: Record<string, Buffer> = {
    'empty.csv': Buffer.alloc(0),
    'crlf.csv': Buffer.from('a,b\r\nc,d\r\n'.repeat(1000)),
    'lone-cr.txt': Buffer.from('a\rb\r\r\nc\n'),
    'binary-with-crlf.bin': Buffer.from([0, 13, 10, 255, 13, 10, 1, 2, 3]),
    // A CR ending one 1 MiB chunk and its LF starting the next: DVC converts chunk by chunk.
    'boundary.csv': Buffer.concat([textChunk.subarray(0, mib - 1), Buffer.from('\r\nz,1\r\n')]),
    // A text first chunk, then a binary one (each chunk is judged on its own first 512 bytes).
    'text-then-binary.dat': Buffer.concat([
      textChunk,
      Buffer.from([0, 0, 13, 10, 7]),
      textChunk.subarray(0, 4096),
    ]),
  };
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  const script = [
    'import json, os, sys',
    'from dvc_data.hashfile.hash import file_md5',
    'folder = sys.argv[1]',
    'print(json.dumps({f: {n: file_md5(os.path.join(folder, f), name=n) for n in ("md5", "md5-dos2unix")} for f in sorted(os.listdir(folder))}))',
  ].join('\n');
  const expected = JSON.parse(
    execFileSync(path.join(venv, 'bin', 'python'), ['-c', script, dir], { encoding: 'utf8' }),
  ) as Record<string, Record<string, string>>;
  for (const name of Object.keys(files)) {
    const file = path.join(dir, name);
    assert.deepEqual(
      { md5: hashFileContent(file, 'md5'), 'md5-dos2unix': hashFileContent(file, 'md5-dos2unix') },
      expected[name],
      name,
    );
  }
  assert.notEqual(expected['crlf.csv'].md5, expected['crlf.csv']['md5-dos2unix']);
});

/** Corpus projects DVC can diff: a Git repository (not a snapshot) with a DVC cache. */
function corpusRepos(dir: string, found: string[] = []): string[] {
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  const names = new Set(entries.map((e) => e.name));
  if (names.has('.git') && fs.existsSync(path.join(dir, '.dvc', 'cache'))) found.push(dir);
  for (const entry of entries) {
    if (entry.isDirectory() && !entry.name.startsWith('.')) corpusRepos(path.join(dir, entry.name), found);
  }
  return found;
}

test('corpus projects with a Git history and a DVC cache', { skip: corpusSkip }, async (t) => {
  const repos = corpusRepos(CORPUS as string);
  if (repos.length === 0) {
    t.diagnostic('no corpus project has both a .git folder and a .dvc/cache: nothing to compare');
    return;
  }
  for (const repo of repos) {
    await assertSameDiff(repo, []);
    await assertSameStatus(repo, ['--granular', '--unchanged']);
  }
});
