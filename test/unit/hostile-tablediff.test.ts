// Hostile inputs to the table diff: each gives a TableReadError (in the CLI: a stderr line with the
// path and the reason, exit status 1), never a crash, a hang or a whole 2 GB read.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { diffTables } from '../../src/core/data/table/index';
import { TableReadError, type TableDiffOptions } from '../../src/core/data/table/types';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const MAIN = path.join(ROOT, 'src/cli/main.ts');
const WINE = path.join(ROOT, 'test/fixtures/table-versions/wine-v1.parquet');
const GIT_ENV = {
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

let work = '';
let repo = '';

before(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-hostile-table-'));
  execFileSync('tar', ['-xzf', path.join(ROOT, 'test/fixtures/data-versions/repo.tar.gz'), '-C', work]);
  repo = path.join(work, 'repo');
});

after(() => fs.rmSync(work, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const target = path.join(work, name);
  fs.writeFileSync(target, content);
  return target;
}

async function readError(a: string, b: string, options?: TableDiffOptions): Promise<TableReadError> {
  try {
    await diffTables(
      { label: 'A', file: a, name: path.basename(a) },
      { label: 'B', file: b, name: path.basename(b) },
      options,
    );
  } catch (error) {
    assert.ok(error instanceof TableReadError, `not a TableReadError: ${String(error)}`);
    return error;
  }
  assert.fail('no error');
}

function cli(args: string[], cwd: string) {
  return spawnSync(process.execPath, ['--import', TSX, MAIN, 'table-diff', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...GIT_ENV },
    timeout: 120_000,
  });
}

describe('hostile tables', () => {
  test('a truncated Parquet file', async () => {
    const bytes = fs.readFileSync(WINE);
    const truncated = file('truncated.parquet', bytes.subarray(0, Math.floor(bytes.length / 2)));
    const error = await readError(WINE, truncated);
    assert.match(error.path, /truncated\.parquet \(B\)/);
    assert.match(error.reason, /not a readable Parquet file/);
  });

  test('a Parquet file whose data pages are cut out', async () => {
    const bytes = Buffer.from(fs.readFileSync(WINE));
    bytes.fill(0, 8, Math.floor(bytes.length / 2)); // the footer is intact, the column chunks are zeros
    const error = await readError(WINE, file('zeroed.parquet', bytes));
    assert.match(error.reason, /Parquet/);
  });

  test('ragged CSV rows: more fields than the header', async () => {
    const ok = file('ok.csv', 'a,b\n1,2\n');
    const error = await readError(ok, file('ragged.csv', 'a,b\n1,2\n3,4,5\n'));
    assert.match(error.reason, /ragged rows: expected 2 fields in line 3, saw 3/);
  });

  test('a row with fewer fields is padded with missing values (as pandas does)', async () => {
    const diff = await diffTables(
      { label: 'A', file: file('short.csv', 'a,b\n1,2\n3\n'), name: 'short.csv' },
      { label: 'B', file: file('short2.csv', 'a,b\n1,2\n3,\n'), name: 'short2.csv' },
    );
    assert.equal(diff.summary.profiles[1].a?.nulls, 1);
    assert.equal(diff.summary.rows.unchanged, 2);
  });

  test('a binary file named .csv', async () => {
    const binary = file('binary.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe, 0x00]));
    const error = await readError(binary, binary);
    assert.match(error.reason, /binary/);
  });

  test('invalid UTF-8 named .tsv', async () => {
    const error = await readError(
      file('latin.tsv', Buffer.from([0x61, 0x09, 0x62, 0x0a, 0xe9, 0xe9, 0x0a])),
      WINE,
    );
    assert.match(error.reason, /not UTF-8/);
  });

  test('a quoted field never closed', async () => {
    const error = await readError(file('open.csv', 'a,b\n"1,2\n3,4\n'), WINE);
    assert.match(error.reason, /never closed/);
  });

  test('JSON that is not a list of records, and a bad JSON line', async () => {
    assert.match((await readError(file('object.json', '{"a": 1}'), WINE)).reason, /not a list of records/);
    assert.match((await readError(file('lines.jsonl', '{"a": 1}\n{"a": \n'), WINE)).reason, /line 2/);
  });

  test('an unknown format and a missing file', async () => {
    assert.match((await readError(file('notes.txt', 'x'), WINE)).reason, /not a table format/);
    assert.match((await readError(path.join(work, 'gone.csv'), WINE)).reason, /ENOENT/);
  });

  test('a FIFO named .csv does not block', { skip: process.platform === 'win32' }, async () => {
    const fifo = path.join(work, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    assert.match((await readError(fifo, WINE)).reason, /not a regular file/);
  });

  test('a 2 GB JSON list is refused without reading it', async () => {
    const big = path.join(work, 'big.json');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 2 * 1024 ** 3); // sparse: no disk used
    const started = Date.now();
    const error = await readError(big, big);
    assert.match(error.reason, /2\.0 GB is too large to read \(limit 512\.0 MB\)/);
    assert.ok(Date.now() - started < 2000);
  });

  test('a 2 GB CSV is read up to the limit only, and that part is judged', async () => {
    const big = path.join(work, 'big.csv');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 2 * 1024 ** 3);
    const error = await readError(big, big, { maxBytes: 1024 * 1024 });
    assert.match(error.reason, /binary/);
  });

  test('a CSV above the limit is sampled and says so', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => `${i},${i % 7}`).join('\n');
    const csv = file('long.csv', `id,x\n${rows}\n`);
    const diff = await diffTables(
      { label: 'A', file: csv, name: 'long.csv' },
      { label: 'B', file: csv, name: 'long.csv' },
      { maxBytes: 2000 },
    );
    assert.ok(diff.summary.a.rows < 1000 && diff.summary.a.rows > 100);
    assert.match(
      diff.summary.approximate ?? '',
      /^A: the file is .*: figures cover its first 2\.0 KB \(whole rows\); B: /,
    );
  });

  test('a key column missing from a version', async () => {
    const error = await readError(WINE, WINE, { key: 'no_such_column' });
    assert.match(error.reason, /the key column "no_such_column" is not in version A and B/);
  });
});

describe('hostile versions through the command line', () => {
  test('a missing cache object', () => {
    const dvcFile = execFileSync('git', ['-C', repo, 'show', 'v1:data/iris.csv.dvc'], { encoding: 'utf8' });
    const md5 = /md5: ([0-9a-f]{32})/.exec(dvcFile)![1];
    fs.rmSync(path.join(repo, '.dvc/cache/files/md5', md5.slice(0, 2), md5.slice(2)));
    const result = cli(['data/iris.csv', '--a', 'v1', '--b', 'v2'], repo);
    assert.equal(result.status, 1);
    assert.equal(result.stdout, '');
    assert.match(
      result.stderr,
      /^mlops-lens: data\/iris\.csv \(v1\): not in the DVC cache \(object [0-9a-f]{32} missing/,
    );
  });

  test('a revision that does not exist', () => {
    const result = cli(['data/iris.csv', '--a', 'no-such-rev', '--b', 'v2'], repo);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /data\/iris\.csv \(no-such-rev\): .*unknown Git revision 'no-such-rev'/);
  });

  test('a path tracked neither by DVC nor by Git at the revision', () => {
    const result = cli(['data/nothing.csv', '--a', 'v2', '--b', 'workspace'], repo);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /data\/nothing\.csv \(v2\): neither DVC nor Git tracks this path/);
  });

  test('a file Git tracks is read from its blob; the workspace from disk', () => {
    const project = path.join(work, 'git-table');
    fs.mkdirSync(path.join(project, '.dvc'), { recursive: true });
    fs.writeFileSync(path.join(project, 'scores.csv'), 'id,score\n1,0.5\n2,0.7\n');
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', project, ...args], { env: { ...process.env, ...GIT_ENV } });
    git('init', '-q');
    git('add', 'scores.csv');
    git('commit', '-qm', 'scores');
    fs.writeFileSync(path.join(project, 'scores.csv'), 'id,score\n1,0.5\n2,0.9\n3,0.1\n');
    const result = cli(['scores.csv', '--json'], project);
    assert.equal(result.status, 0, result.stderr);
    const { summary, changedRows } = JSON.parse(result.stdout) as {
      summary: { rows: { added: number; changed: number }; a: { label: string } };
      changedRows: { rows: { key: string; status: string }[] };
    };
    assert.equal(summary.a.label, 'HEAD');
    assert.deepEqual([summary.rows.added, summary.rows.changed], [1, 1]);
    assert.deepEqual(
      changedRows.rows.map((row) => `${row.status} ${row.key}`),
      ['changed 2', 'added 3'],
    );
  });

  test('a binary workspace file named .csv, via the CLI', () => {
    fs.writeFileSync(path.join(repo, 'data', 'iris.csv'), Buffer.from([0, 1, 2, 3, 0xff]));
    const result = cli(['data/iris.csv', '--a', 'v2'], repo);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /data\/iris\.csv \(Workspace\): not a text table/);
  });
});
