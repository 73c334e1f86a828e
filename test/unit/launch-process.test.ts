// How the launch wrapper starts commands and what it keeps: the spec passed to it, the shell a
// stage's own cmd runs in (as DVC does it), stopping at the first failure, a missing program, and
// the standard error kept for the failure notification.
import assert from 'node:assert/strict';
import test from 'node:test';
import {
  decodeSpec,
  encodeSpec,
  spawnCommand,
  StderrCapture,
  type LaunchSpec,
} from '../../src/core/launch/launchProcess';
import { runLaunch } from '../../src/core/launch/runLaunch';

const spec: LaunchSpec = {
  id: 'r1',
  cwd: '/repo',
  commands: [{ program: '/venv/bin/dvc', args: ['exp', 'run', "x'y"] }, { shellText: 'echo "$HOME"' }],
  heading: 'dvc exp run',
  resultFile: '/tmp/r1.json',
  unset: ['MLOPS_LENS_LAUNCH_SPEC'],
};

test('the spec survives its trip through an environment variable; anything else is rejected', () => {
  const encoded = encodeSpec(spec);
  assert.match(encoded, /^[A-Za-z0-9+/=]+$/, 'no character any shell or platform would touch');
  assert.deepEqual(decodeSpec(encoded), spec);
  assert.equal(decodeSpec(undefined), undefined);
  assert.equal(decodeSpec('not base64 json'), undefined);
  assert.equal(decodeSpec(Buffer.from('{"id":1}').toString('base64')), undefined);
});

test("a stage's own cmd runs the way DVC runs it: $SHELL without startup files, /bin/sh, cmd.exe", () => {
  const run = (shell: string | undefined, platform: NodeJS.Platform = 'linux') =>
    spawnCommand({ shellText: 'python train.py' }, { platform, shell });
  assert.deepEqual(run('/bin/bash'), {
    ok: true,
    command: { file: '/bin/bash', args: ['--noprofile', '--norc', '-c', 'python train.py'], verbatim: false },
  });
  assert.deepEqual(run('/usr/bin/zsh'), {
    ok: true,
    command: { file: '/usr/bin/zsh', args: ['--no-rcs', '-c', 'python train.py'], verbatim: false },
  });
  assert.deepEqual(run(undefined), {
    ok: true,
    command: { file: '/bin/sh', args: ['-c', 'python train.py'], verbatim: false },
  });
  assert.deepEqual(run('C:\\Windows\\system32\\cmd.exe', 'win32'), {
    ok: true,
    command: {
      file: 'C:\\Windows\\system32\\cmd.exe',
      args: ['/d', '/s', '/c', '"python train.py"'],
      verbatim: true,
    },
  });
});

const io = (stderr: Buffer[] = [], written: string[] = []) => ({
  write: (text: string) => void written.push(text),
  stderr: (chunk: Buffer) => void stderr.push(chunk),
  stdio: ['ignore', 'ignore'] as ['ignore', 'ignore'],
  env: process.env,
  host: { platform: process.platform, shell: '/bin/sh' },
});

test('commands run in order and stop at the first failure; its stderr is kept and shown', async () => {
  const shown: Buffer[] = [];
  const result = await runLaunch(
    {
      ...spec,
      cwd: process.cwd(),
      commands: [
        { shellText: 'echo first-error >&2' },
        { shellText: 'echo "ERROR: second" >&2; exit 3' },
        { shellText: 'echo never >&2' },
      ],
    },
    io(shown),
  );
  assert.equal(result.exitCode, 3);
  assert.equal(result.stderr, 'first-error\nERROR: second\n');
  assert.equal(Buffer.concat(shown).toString(), result.stderr, 'the terminal saw the same');
});

test('a program that does not exist: exit code 127 and a sentence saying so', async () => {
  const written: string[] = [];
  const result = await runLaunch(
    { ...spec, cwd: process.cwd(), commands: [{ program: '/nonexistent/dvc', args: [] }] },
    io([], written),
  );
  assert.equal(result.exitCode, 127);
  assert.match(result.problem ?? '', /could not start \/nonexistent\/dvc: .*ENOENT/);
  assert.match(written.join(''), /^> dvc exp run\r\nMLOps Lens: could not start/);
});

test('a long standard error keeps its start and its end', () => {
  const capture = new StderrCapture(10, 5);
  capture.add('0123456');
  capture.add('789abcdef');
  capture.add('XYZ');
  assert.equal(capture.text(), '0123456789\n…\nefXYZ');
  const short = new StderrCapture(10, 5);
  short.add('abc');
  assert.equal(short.text(), 'abc');
});
