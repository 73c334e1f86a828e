// Hostile inputs for `mlops-lens params-diff` / `metrics-diff` and the core diff they print: a YAML
// alias bomb, a params file too large to parse, a binary params file and a revision that does not
// exist. Each gives its path and reason on stderr (or status 1 for the revision), never a crash or a
// stall, and the user's files are left as they were.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { valuesDiff } from '../../src/core/paramsDiff/diff';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const MAIN = path.join(ROOT, 'src/cli/main.ts');
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'hostile',
  GIT_AUTHOR_EMAIL: 'hostile@example.com',
  GIT_COMMITTER_NAME: 'hostile',
  GIT_COMMITTER_EMAIL: 'hostile@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

const scratches: string[] = [];
after(() => {
  for (const dir of scratches) fs.rmSync(dir, { recursive: true, force: true });
});

/** A DVC project committed once with `files`; the workspace then gets `workspace` written over it. */
function project(
  files: Record<string, string | Buffer>,
  workspace: Record<string, string | Buffer> = {},
): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-hostile-pd-'));
  scratches.push(dir);
  fs.mkdirSync(path.join(dir, '.dvc'));
  fs.writeFileSync(path.join(dir, '.dvc', 'config'), '');
  const write = (all: Record<string, string | Buffer>) => {
    for (const [name, content] of Object.entries(all)) fs.writeFileSync(path.join(dir, name), content);
  };
  write(files);
  const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  assert.equal(git('commit', '-qm', 'hostile').status, 0);
  write(workspace);
  return dir;
}

function cli(args: string[]) {
  return spawnSync(process.execPath, ['--import', TSX, MAIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** Ten levels of nine aliases each: 9^10 strings once expanded. */
function aliasBomb(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) {
    const name = String.fromCharCode(97 + i);
    const previous = `*${String.fromCharCode(96 + i)}`;
    lines.push(`${name}: &${name} [${Array(9).fill(previous).join(',')}]`);
  }
  return `${lines.join('\n')}\n`;
}

describe('hostile params-diff inputs', () => {
  it('a YAML alias bomb: refused with its path and reason (the workspace then reads as empty, as in DVC)', () => {
    const dir = project(
      { 'params.yaml': 'lr: 0.1\n', 'dvc.yaml': 'metrics:\n- m.json\n', 'm.json': '{"a": 1}' },
      {
        'params.yaml': aliasBomb(),
        'm.json': '{"a": 2}',
      },
    );
    const started = Date.now();
    const params = cli(['params-diff', '--cd', dir, '--json']);
    assert.ok(Date.now() - started < 30_000);
    assert.equal(params.status, 0, params.stderr);
    assert.equal(params.stdout, '{"params.yaml": {"lr": {"old": 0.1, "new": null}}}\n');
    assert.match(params.stderr, new RegExp(`${path.join(dir, 'params.yaml')} \\(workspace\\): .*alias`));
    // DVC cannot build the workspace's index when the params.yaml beside dvc.yaml does not load.
    const metrics = cli(['metrics-diff', '--cd', dir, '--json']);
    assert.equal(metrics.stdout, '{"m.json": {"a": {"old": 1, "new": null}}}\n');
    assert.match(metrics.stderr, /params\.yaml \(workspace\): .*alias/);
    assert.equal(fs.readFileSync(path.join(dir, 'params.yaml'), 'utf8'), aliasBomb());
  });

  it('a params file over 5 MiB: not parsed, reported as too large', () => {
    const huge = Array.from({ length: 300_000 }, (_, i) => `key${i}:\n  lr: 0.1\n`).join('');
    const dir = project({ 'params.yaml': 'lr: 0.1\n' }, { 'params.yaml': huge });
    const started = Date.now();
    const result = cli(['params-diff', '--cd', dir, '--json']);
    assert.ok(Date.now() - started < 30_000, 'took too long');
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /params\.yaml \(workspace\): not read: too large/);
  });

  it('a binary params file: its path and the parse error, no crash', () => {
    const binary = Buffer.from([0x00, 0xff, 0xfe, 0x7b, 0x00, 0x22, 0x0a, 0x1b, 0x5b, 0x32, 0x4a]);
    const dir = project(
      { 'params.yaml': 'lr: 0.1\n', 'dvc.yaml': 'stages:\n  s:\n    cmd: x\n    params:\n    - p.json:\n' },
      { 'p.json': binary },
    );
    const result = cli(['params-diff', '--cd', dir]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /p\.json \(workspace\): JSON file structure is corrupted/);
    assert.match(result.stderr, /p\.json \(HEAD\): p\.json: no such file/);
    // Control characters of the file never reach the terminal raw.
    assert.ok(!(result.stdout + result.stderr).includes(String.fromCharCode(0x1b)));
  });

  it('an unknown revision: status 1, the revision and reason on stderr, nothing on stdout', () => {
    const dir = project({ 'params.yaml': 'lr: 0.1\n' });
    for (const command of ['params-diff', 'metrics-diff']) {
      const result = cli([command, '--cd', dir, '--json', 'no-such-rev']);
      assert.equal(result.status, 1);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /no-such-rev: unknown Git revision 'no-such-rev'/);
    }
  });

  it('core: a revision that is an option or holds a newline is refused, not passed to Git', async () => {
    const dir = project({ 'params.yaml': 'lr: 0.1\n' });
    for (const rev of ['--output=/tmp/x', 'HEAD\nrefs/heads/main'])
      await assert.rejects(valuesDiff('params', dir, { aRev: rev }), /unknown Git revision/);
  });
});
