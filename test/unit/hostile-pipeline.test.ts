// Hostile files inside DVC dependencies: a symlink loop, unreadable folders and files, FIFOs. DVC
// itself stops with an error (or hangs reading a FIFO); `mlops-lens stages` and the status service
// the extension uses must instead report each one as a problem of its stage, with the path and the
// reason, and go on with the other stages. Both run in child processes with a timeout, so that a
// crash or a hang fails the test.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'node:test';

const ROOT = path.join(__dirname, '..', '..');
const TIMEOUT_MS = 30_000;
const POSIX = process.platform !== 'win32';
/** Root reads every file whatever its mode: the permission cases then run as "nobody". */
const AS_NOBODY = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
const FAKE_DIR_HASH = '00000000000000000000000000000000.dir';

interface Problem {
  path: string;
  reason: string;
}

interface StatusJson {
  state?: string;
  status?: string;
  problems?: Problem[];
}

interface CliItem extends StatusJson {
  kind: string;
  name?: string;
  file?: string;
}

function makeProject(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-hostile-'));
  fs.chmodSync(dir, 0o755);
  fs.mkdirSync(path.join(dir, '.dvc'));
  fs.writeFileSync(path.join(dir, '.dvc', 'config'), '');
  for (const [relative, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), text);
  }
  return dir;
}

function removeProject(dir: string): void {
  execFileSync('chmod', ['-R', 'u+rwx', dir]);
  fs.rmSync(dir, { recursive: true, force: true });
}

function runNode(args: string[], unprivileged: boolean) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    env: { ...process.env, MLOPS_LENS_INDEX_CACHE: path.join(os.tmpdir(), 'mlops-lens-hostile-no-cache') },
    ...(unprivileged ? AS_NOBODY : {}),
  });
  const what = `${args.join(' ')}: exit ${result.status}, signal ${result.signal}\n${result.stderr}`;
  assert.equal(result.signal, null, `timed out or killed: ${what}`);
  assert.equal(result.status, 0, what);
  return result;
}

/** `mlops-lens stages --json --no-cache DIR`, by file path and name. */
function cliStages(dir: string, unprivileged = false): { items: Map<string, CliItem>; stderr: string } {
  const result = runNode(
    [path.join(ROOT, 'src', 'cli', 'main.ts'), 'stages', '--json', '--no-cache', dir],
    unprivileged,
  );
  const items = new Map<string, CliItem>();
  for (const item of JSON.parse(result.stdout) as (CliItem & { dvcfile?: string })[]) {
    const file = item.kind === 'dvc' ? item.dvcfile! : item.file!;
    items.set(
      item.kind === 'dvc' ? `${path.relative(dir, file)}:${item.name}` : path.relative(dir, file),
      item,
    );
  }
  return { items, stderr: result.stderr };
}

/** The extension's in-process status service over every stage and data file under DIR. */
function serviceStatuses(dir: string, unprivileged = false): Map<string, StatusJson> {
  const result = runNode(
    [path.join(ROOT, 'test', 'unit', 'helpers', 'pipelineStatusProbe.ts'), dir],
    unprivileged,
  );
  const statuses = new Map<string, StatusJson>();
  for (const [key, status] of Object.entries(JSON.parse(result.stdout) as Record<string, StatusJson>)) {
    const [file, name] = key.split(/:(?=[^:/\\]*$)/);
    const relative = path.relative(dir, file);
    statuses.set(relative.endsWith('.dvc') && name === undefined ? relative : `${relative}:${name}`, status);
  }
  return statuses;
}

/** Each expected problem (path relative to `dir`, reason pattern) is reported, and no other. */
function assertProblems(
  dir: string,
  actual: Problem[] | undefined,
  expected: [string, RegExp][],
  label: string,
) {
  const byPath = new Map((actual ?? []).map((p) => [path.relative(dir, p.path), p.reason]));
  for (const [relative, reason] of expected) {
    assert.ok(byPath.has(relative), `${label}: a problem for ${relative} in ${JSON.stringify(actual)}`);
    assert.match(byPath.get(relative)!, reason, `${label}: ${relative}`);
  }
  assert.equal(byPath.size, expected.length, `${label}: ${JSON.stringify(actual)}`);
}

const LOOP_PROJECT = {
  'dvc.yaml':
    'stages:\n  train:\n    cmd: cp -r data model\n    deps:\n    - data\n    - loop\n    outs:\n    - model.txt\n' +
    '  report:\n    cmd: echo > report.txt\n    deps:\n    - data/a.txt\n    outs:\n    - report.txt\n',
  'dvc.lock': `schema: '2.0'\nstages:\n  train:\n    cmd: cp -r data model\n    deps:\n    - path: data\n      hash: md5\n      md5: ${FAKE_DIR_HASH}\n`,
  'data/a.txt': 'a\n',
  'raw.dvc': `outs:\n- path: raw\n  hash: md5\n  md5: ${FAKE_DIR_HASH}\n  cache: false\n`,
  'raw/a.txt': 'a\n',
};

test(
  'a symlink loop inside a dependency folder is a problem of its stage, not a crash',
  { skip: !POSIX },
  () => {
    const dir = makeProject(LOOP_PROJECT);
    try {
      fs.symlinkSync('self', path.join(dir, 'data', 'self'));
      fs.symlinkSync('pong', path.join(dir, 'data', 'ping'));
      fs.symlinkSync('ping', path.join(dir, 'data', 'pong'));
      fs.symlinkSync('self', path.join(dir, 'raw', 'self'));
      const loops: [string, RegExp][] = [
        ['data/ping', /symbolic links/],
        ['data/pong', /symbolic links/],
        ['data/self', /symbolic links/],
      ];
      const { items, stderr } = cliStages(dir);
      assert.equal(items.get('dvc.yaml:train')?.status, 'unknown');
      assertProblems(dir, items.get('dvc.yaml:train')?.problems, loops, 'stages train');
      assert.equal(items.get('dvc.yaml:report')?.status, 'never-run', 'the other stage is still listed');
      assert.equal(items.get('raw.dvc')?.kind, 'dvc-file');
      assert.equal(items.get('raw.dvc')?.status, 'unknown');
      assertProblems(dir, items.get('raw.dvc')?.problems, [['raw/self', /symbolic links/]], 'stages raw.dvc');
      assert.match(stderr, /data[\\/]self: too many levels of symbolic links/);

      const statuses = serviceStatuses(dir);
      assert.equal(statuses.get('dvc.yaml:train')?.state, 'unknown');
      assertProblems(dir, statuses.get('dvc.yaml:train')?.problems, loops, 'service train');
      assert.equal(statuses.get('dvc.yaml:report')?.state, 'never-run');
      assertProblems(
        dir,
        statuses.get('raw.dvc')?.problems,
        [['raw/self', /symbolic links/]],
        'service raw.dvc',
      );
    } finally {
      removeProject(dir);
    }
  },
);

test(
  'unreadable folders and files inside a dependency folder are problems of its stage',
  { skip: !POSIX },
  () => {
    const dir = makeProject({
      ...LOOP_PROJECT,
      'data/locked/secret.txt': 's\n',
      'data/no-search/x.txt': 'x\n',
      'data/unreadable.txt': 'u\n',
    });
    try {
      fs.chmodSync(path.join(dir, 'data', 'locked'), 0o000);
      fs.chmodSync(path.join(dir, 'data', 'no-search'), 0o644);
      fs.chmodSync(path.join(dir, 'data', 'unreadable.txt'), 0o000);
      const denied: [string, RegExp][] = [
        ['data/locked', /permission denied/],
        ['data/no-search/x.txt', /permission denied/],
        ['data/unreadable.txt', /permission denied/],
      ];
      const { items } = cliStages(dir, true);
      assert.equal(items.get('dvc.yaml:train')?.status, 'unknown');
      assertProblems(dir, items.get('dvc.yaml:train')?.problems, denied, 'stages train');
      assert.equal(items.get('raw.dvc')?.status, 'changed', 'a readable data file is still checked');

      const statuses = serviceStatuses(dir, true);
      assertProblems(dir, statuses.get('dvc.yaml:train')?.problems, denied, 'service train');
    } finally {
      removeProject(dir);
    }
  },
);

test(
  'a dependency, a params file or a dvc.lock that is a FIFO is a problem, never a read that hangs',
  { skip: !POSIX },
  () => {
    const dir = makeProject({
      'dvc.yaml':
        'stages:\n  train:\n    cmd: cat pipe\n    deps:\n    - pipe\n    - data\n    params:\n    - lr\n    outs:\n    - model.txt\n',
      'dvc.lock': `schema: '2.0'\nstages:\n  train:\n    cmd: cat pipe\n    deps:\n    - path: data\n      hash: md5\n      md5: ${FAKE_DIR_HASH}\n    - path: pipe\n      hash: md5\n      md5: 00000000000000000000000000000000\n    params:\n      params.yaml:\n        lr: 0.1\n`,
      'data/a.txt': 'a\n',
      'sub/dvc.yaml': 'stages:\n  inner:\n    cmd: echo > inner.txt\n    outs:\n    - inner.txt\n',
      'stream.dvc':
        'outs:\n- path: stream\n  hash: md5\n  md5: 00000000000000000000000000000000\n  cache: false\n',
    });
    try {
      for (const fifo of ['pipe', 'params.yaml', 'data/fifo', 'sub/dvc.lock', 'stream'])
        execFileSync('mkfifo', [path.join(dir, fifo)]);
      const fifos: [string, RegExp][] = [
        ['data/fifo', /FIFO/],
        ['params.yaml', /FIFO/],
        ['pipe', /FIFO/],
      ];
      const { items } = cliStages(dir);
      assert.equal(items.get('dvc.yaml:train')?.status, 'unknown');
      assertProblems(dir, items.get('dvc.yaml:train')?.problems, fifos, 'stages train');
      assert.ok(items.has('sub/dvc.yaml:inner'), 'the stage whose dvc.lock is a FIFO is listed');
      assertProblems(dir, items.get('stream.dvc')?.problems, [['stream', /FIFO/]], 'stages stream.dvc');

      const statuses = serviceStatuses(dir);
      assertProblems(dir, statuses.get('dvc.yaml:train')?.problems, fifos, 'service train');
      assert.ok(statuses.has('sub/dvc.yaml:inner'));
      assertProblems(dir, statuses.get('stream.dvc')?.problems, [['stream', /FIFO/]], 'service stream.dvc');
    } finally {
      removeProject(dir);
    }
  },
);
