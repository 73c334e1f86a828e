// Hostile pipeline files: YAML alias bombs ("billion laughs") in dvc.yaml, an MLproject, a vars
// file and params.yaml; a 9 × 10 matrix (10⁹ stages) and a foreach over a million items. Each must
// be reported as a problem of its file while everything else is still read, through the CLI
// (`stages` and `runs`, spawned under a memory cap and a timeout so that a regression fails instead
// of hanging the suite) and through the core services the extension uses (discovery, and the
// reader that parses in a worker under a memory limit).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test, { after, before } from 'node:test';
import * as esbuild from 'esbuild';
import { discoverPipelines } from '../../src/core/pipeline/discover';
import { MAX_EXPANDED_ITEMS } from '../../src/core/sources/dvc/dvcYaml';
import { WorkerPipelineReader } from '../../src/extension/pipelinesReader';

const ROOT = path.join(__dirname, '..', '..');
/** Heap cap of the spawned CLI: far above what these small projects need, far below a bomb's. */
const CLI_MEMORY_MB = 256;
const CLI_TIMEOUT_MS = 60_000;

let bundle: string;
let scratch: string;

before(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-hostile-'));
  bundle = path.join(scratch, 'dist');
  // A bundle starts in a fraction of tsx's time and holds the worker script the extension runs.
  await esbuild.build({
    entryPoints: {
      cliMain: path.join(ROOT, 'src', 'cli', 'main.ts'),
      pipelinesStatusWorker: path.join(ROOT, 'src', 'extension', 'pipelinesStatusWorker.ts'),
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outdir: bundle,
    logLevel: 'error',
  });
  fs.copyFileSync(
    path.join(ROOT, 'node_modules', 'sql.js', 'dist', 'sql-wasm.wasm'),
    path.join(bundle, 'sql-wasm.wasm'),
  );
});

after(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** 1 KB of YAML whose aliases expand to 9⁹ (387 million) strings. */
function aliasBomb(key = 'lol'): string {
  const names = 'abcdefghi'.split('');
  const lines = [`${key}a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`];
  for (let i = 1; i < names.length; i++) {
    const prev = `*${names[i - 1]}`;
    lines.push(`${key}${names[i]}: &${names[i]} [${Array(9).fill(prev).join(',')}]`);
  }
  return `${lines.join('\n')}\n`;
}

const GOOD_STAGE = 'stages:\n  good:\n    cmd: echo good\n';

/** A project folder (with `.dvc/` and a Git repository with one commit, for `runs`). */
function project(name: string, files: Record<string, string>): string {
  const dir = path.join(scratch, name);
  fs.mkdirSync(path.join(dir, '.dvc'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.dvc', 'config'), '');
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  const git = (...args: string[]) =>
    spawnSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], {
      cwd: dir,
      env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
    });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'hostile');
  return dir;
}

interface CliResult {
  status: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function cli(args: string[]): CliResult {
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    [`--max-old-space-size=${CLI_MEMORY_MB}`, path.join(bundle, 'cliMain.js'), ...args],
    {
      encoding: 'utf8',
      timeout: CLI_TIMEOUT_MS,
      maxBuffer: 1 << 26,
      env: { ...process.env, MLOPS_LENS_INDEX_CACHE: path.join(scratch, 'cache') },
    },
  );
  return { ...result, signal: result.signal, ms: Date.now() - started };
}

/** The CLI finished by itself, exit 0, and named the file and the reason on stderr. */
function assertReported(result: CliResult, file: string, reason: RegExp): void {
  assert.equal(
    result.signal,
    null,
    `killed after ${result.ms} ms (${result.signal}): ${result.stderr.slice(-500)}`,
  );
  assert.equal(result.status, 0, result.stderr.slice(-2000));
  const line = result.stderr.split('\n').find((l) => l.includes(file));
  assert.ok(line, `no problem reported for ${file}: ${result.stderr.slice(-2000)}`);
  assert.match(line, reason);
}

interface StageJson {
  kind: string;
  name: string;
}

function stageNames(result: CliResult): string[] {
  return (JSON.parse(result.stdout) as StageJson[]).map((s) => `${s.kind}:${s.name}`);
}

const ALIAS = /alias/i;

interface Case {
  name: string;
  files: () => Record<string, string>;
  /** The file the problem is reported for, relative to the project. */
  file: string;
  reason: RegExp;
  /** Items still listed by `stages` beside the reported file. */
  expected: string[];
  /**
   * Whether `runs` is run too. Not for the 7 MB foreach file: `runs` reads dvc.yaml a second time
   * in src/core/sources/dvcExperiments (schema.ts, trackedVars.ts) with the full YAML parser, which
   * needs 2 GB for it: reported to that module's owner.
   */
  runs?: false;
}

const MATRIX_9_BY_10 = [
  'stages:',
  '  bomb:',
  '    matrix:',
  ...'abcdefghi'.split('').map((axis) => `      ${axis}: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]`),
  '    cmd: echo ${item.a}',
  '  good:',
  '    cmd: echo good',
  '',
].join('\n');

const cases: Case[] = [
  {
    name: 'alias bomb in dvc.yaml',
    files: () => ({ 'dvc.yaml': `${aliasBomb()}${GOOD_STAGE}`, 'sub/dvc.yaml': GOOD_STAGE }),
    file: 'dvc.yaml',
    reason: ALIAS,
    expected: ['dvc:good'],
  },
  {
    name: 'alias bomb in an MLproject',
    files: () => ({
      MLproject: `${aliasBomb()}entry_points:\n  main:\n    command: python train.py\n`,
      'dvc.yaml': GOOD_STAGE,
    }),
    file: 'MLproject',
    reason: ALIAS,
    expected: ['dvc:good'],
  },
  {
    name: 'alias bomb in a vars file',
    files: () => ({ 'dvc.yaml': `vars:\n- bomb.yaml\n${GOOD_STAGE}`, 'bomb.yaml': aliasBomb() }),
    file: 'dvc.yaml',
    reason: ALIAS,
    expected: ['dvc:good'],
  },
  {
    name: 'alias bomb in params.yaml',
    files: () => ({
      'dvc.yaml': 'stages:\n  good:\n    cmd: echo good\n    params:\n    - lola\n',
      'params.yaml': aliasBomb(),
    }),
    file: 'dvc.yaml',
    reason: ALIAS,
    expected: ['dvc:good'],
  },
  {
    name: 'matrix of 9 keys × 10 values',
    files: () => ({ 'dvc.yaml': MATRIX_9_BY_10 }),
    file: 'dvc.yaml',
    reason: /failed to parse stage 'bomb': too many items: 1,000,000,000/,
    expected: ['dvc:good'],
  },
  {
    name: 'foreach over 200,000 items',
    files: () => ({
      'dvc.yaml': `stages:\n  bomb:\n    foreach: [${Array.from({ length: 2e5 }, (_, i) => i).join(', ')}]\n    do:\n      cmd: echo \${item}\n${GOOD_STAGE.slice('stages:\n'.length)}`,
    }),
    file: 'dvc.yaml',
    reason: /failed to parse stage 'bomb': too many items: 200,000/,
    expected: ['dvc:good'],
  },
  {
    // 7 MB: parsing it alone took tens of seconds and gigabytes, on the extension host's thread
    // when the Runs view read DVC experiments.
    name: 'a dvc.yaml over 4 MiB (a foreach over a million items)',
    files: () => ({
      'dvc.yaml': `stages:\n  bomb:\n    foreach: [${Array.from({ length: 1e6 }, (_, i) => i).join(', ')}]\n    do:\n      cmd: echo \${item}\n${GOOD_STAGE.slice('stages:\n'.length)}`,
    }),
    file: 'dvc.yaml',
    reason: /too large to read \(\d+ characters; dvc.yaml files up to 4 MiB are read\)/,
    expected: [],
  },
];

for (const c of cases) {
  test(`${c.name}: \`stages\` reports it and lists the rest`, () => {
    const dir = project(`stages-${c.name.replace(/\W+/g, '-')}`, c.files());
    const result = cli(['stages', '--json', dir]);
    assertReported(result, path.join(dir, c.file), c.reason);
    for (const item of c.expected) assert.ok(stageNames(result).includes(item), `${item} missing`);
  });

  test(`${c.name}: \`runs\` finishes`, { skip: c.runs === false }, () => {
    const dir = project(`runs-${c.name.replace(/\W+/g, '-')}`, c.files());
    const result = cli(['runs', '--json', '--no-cache', dir]);
    assert.equal(result.signal, null, `killed after ${result.ms} ms: ${result.stderr.slice(-500)}`);
    assert.equal(result.status, 0, result.stderr.slice(-2000));
    assert.ok(Array.isArray(JSON.parse(result.stdout)));
  });

  test(`${c.name}: discovery (core) reports it and keeps the rest`, async () => {
    const dir = project(`core-${c.name.replace(/\W+/g, '-')}`, c.files());
    const scan = await discoverPipelines([dir]);
    const problem = scan.problems.find((p) => p.path === path.join(dir, c.file));
    assert.ok(problem, JSON.stringify(scan.problems));
    assert.match(problem.reason, c.reason);
    const names = scan.items.map((i) => `${i.kind}:${i.name}`);
    for (const item of c.expected) assert.ok(names.includes(item), `${item} missing from ${names.join()}`);
  });
}

test('the extension reads pipeline files in a worker: same result as in-process', async () => {
  const dir = project('worker-same', cases[4].files());
  const reader = new WorkerPipelineReader(path.join(bundle, 'pipelinesStatusWorker.js'));
  try {
    assert.deepEqual(await reader.discover([dir]), await discoverPipelines([dir]));
  } finally {
    reader.dispose();
  }
});

test('a file that exhausts the worker memory is reported; the next file is still read', async () => {
  // A 200,000-item foreach (1.3 MB) needs far more than 16 MB to parse: the worker dies on it.
  const dir = project('worker-oom', {
    'a/dvc.yaml': cases[5].files()['dvc.yaml'],
    'b/dvc.yaml': GOOD_STAGE,
  });
  const reader = new WorkerPipelineReader(path.join(bundle, 'pipelinesStatusWorker.js'), {
    memoryMb: 16,
    timeoutMs: 30_000,
  });
  try {
    const scan = await reader.discover([dir]);
    assert.deepEqual(
      scan.problems.map((p) => p.path),
      [path.join(dir, 'a', 'dvc.yaml')],
    );
    assert.match(scan.problems[0].reason, /more than 16 MB|stopped/);
    assert.deepEqual(
      scan.items.map((i) => i.name),
      ['good'],
    );
  } finally {
    reader.dispose();
  }
});

test(`the expansion limit is ${MAX_EXPANDED_ITEMS} items: a matrix of exactly that many is expanded`, async () => {
  const dir = project('matrix-at-limit', {
    'dvc.yaml': `stages:\n  grid:\n    matrix:\n      a: [${[...Array(100).keys()].join(',')}]\n      b: [${[...Array(100).keys()].join(',')}]\n    cmd: echo \${item.a}\n`,
  });
  const scan = await discoverPipelines([dir]);
  assert.deepEqual(scan.problems, []);
  assert.equal(scan.items.length, MAX_EXPANDED_ITEMS);
});
