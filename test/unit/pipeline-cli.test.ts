import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'node:test';
import { extractFixture, removeFixture } from '../fixtures/dvc/extract';

const ROOT = path.join(__dirname, '..', '..');

function cli(args: string[], cacheDir: string) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'main.ts'), ...args],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, MLOPS_LENS_INDEX_CACHE: cacheDir } },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface StageJson {
  kind: string;
  dvcfile?: string;
  name: string;
  cmd?: string | string[];
  wdir?: string;
  deps?: string[];
  outs?: string[];
  status?: string;
  reasons?: string[];
  dvcStatus?: unknown[];
  command?: string;
}

test('stages --json: every stage with cmd, wdir, deps, outs, status and reasons; MLproject and Makefile items', () => {
  const repo = extractFixture('pipeline-stale');
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-cli-cache-'));
  try {
    fs.writeFileSync(path.join(repo, 'Makefile'), 'all:\n\tdvc repro\n');
    fs.writeFileSync(
      path.join(repo, 'MLproject'),
      'entry_points:\n  main:\n    command: python src/train.py\n',
    );
    const { status, stdout, stderr } = cli(['stages', '--json', repo], cacheDir);
    assert.equal(status, 0, stderr);
    const items = JSON.parse(stdout) as StageJson[];
    assert.deepEqual(
      items.map((i) => `${i.kind}:${i.name}`),
      [
        'mlproject:main',
        'make:all',
        'dvc:prepare',
        'dvc:featurize',
        'dvc:train',
        'dvc:evaluate@train',
        'dvc:evaluate@test',
        'dvc:report',
      ],
    );
    assert.deepEqual(items[0], {
      kind: 'mlproject',
      name: 'main',
      command: 'python src/train.py',
      file: path.join(repo, 'MLproject'),
      parameters: [],
    });
    assert.deepEqual(items[1], {
      kind: 'make',
      name: 'all',
      command: 'make all',
      file: path.join(repo, 'Makefile'),
    });
    const evaluate = items.find((i) => i.name === 'evaluate@test')!;
    assert.deepEqual(
      { ...evaluate, line: undefined },
      {
        kind: 'dvc',
        dvcfile: path.join(repo, 'dvc.yaml'),
        name: 'evaluate@test',
        cmd: 'python src/evaluate.py model.json data/features test eval/test.json',
        wdir: repo,
        deps: ['src/evaluate.py', 'model.json', 'data/features'],
        outs: ['eval/test.json'],
        status: 'changed',
        reasons: ['missing outs: eval/test.json'],
        dvcStatus: [{ 'changed outs': { 'eval/test.json': 'deleted' } }],
        problems: [],
        line: undefined,
      },
    );
    assert.equal(items.find((i) => i.name === 'evaluate@train')?.status, 'up-to-date');
    assert.equal(items.find((i) => i.name === 'report')?.status, 'never-run');
    assert.ok(
      fs.readdirSync(cacheDir).some((f) => f.startsWith('hashes-')),
      'the hash cache is saved',
    );
  } finally {
    removeFixture(repo);
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
});

test('stages (table) and --no-cache; unknown options are usage errors; bad files go to stderr', () => {
  const repo = extractFixture('pipeline');
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-cli-cache-'));
  try {
    fs.mkdirSync(path.join(repo, 'broken'));
    fs.writeFileSync(path.join(repo, 'broken', 'dvc.yaml'), 'stages: [\n');
    const { status, stdout, stderr } = cli(['stages', '--no-cache', repo], cacheDir);
    assert.equal(status, 0);
    assert.match(stdout, /^dvc\ttrain\t.*dvc\.yaml\tup-to-date$/m);
    assert.equal(stdout.trim().split('\n').length, 5);
    assert.match(stderr, /broken.dvc\.yaml: invalid YAML/);
    assert.deepEqual(fs.readdirSync(cacheDir), [], '--no-cache writes no hash cache');
    const usage = cli(['stages', '--bogus'], cacheDir);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /unknown option '--bogus' for 'stages'/);
  } finally {
    removeFixture(repo);
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
});

test('stages lists .dvc data files (kind dvc-file) after the stages, with their status', () => {
  const repo = extractFixture('data-files');
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-cli-cache-'));
  try {
    const json = cli(['stages', '--json', '--no-cache', repo], cacheDir);
    assert.equal(json.status, 0, json.stderr);
    const items = JSON.parse(json.stdout) as (StageJson & { file?: string; problems?: unknown[] })[];
    assert.ok(items.length === 14 && items.every((i) => i.kind === 'dvc-file'), json.stdout);
    assert.deepEqual(
      items.find((i) => i.name === 'uncached-folder.dvc'),
      {
        kind: 'dvc-file',
        file: path.join(repo, 'data', 'uncached-folder.dvc'),
        name: 'uncached-folder.dvc',
        wdir: path.join(repo, 'data'),
        deps: [],
        outs: ['uncached-folder'],
        frozen: false,
        status: 'changed',
        reasons: ['changed outs: data/uncached-folder (not in cache)'],
        dvcStatus: [{ 'changed outs': { 'data/uncached-folder': 'not in cache' } }],
        problems: [],
      },
    );
    const imported = items.find((i) => i.name === 'imported.csv.dvc')!;
    assert.equal((imported as { frozen?: boolean }).frozen, true);
    assert.match(String(imported.deps?.[0]), /source\.csv$/);
    assert.equal(items.find((i) => i.name === 'table.csv.dvc')?.status, 'up-to-date');

    const table = cli(['stages', '--no-cache', repo], cacheDir);
    assert.match(
      table.stdout,
      /^dvc-file\tdeleted\.csv\.dvc\t\S*data\/deleted\.csv\.dvc\tchanged\tmissing outs: data\/deleted\.csv$/m,
    );
    assert.match(table.stdout, /^dvc-file\tunchanged\.csv\.dvc\t\S+\tup-to-date$/m);
  } finally {
    removeFixture(repo);
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
});
