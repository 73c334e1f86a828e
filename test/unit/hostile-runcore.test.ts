// Hostile inputs for the issue 11 core rules: artifact locations that try to leave the store, DVC
// plots that point outside the repository or through symlinks, commit subjects with control
// characters, metric names that look like object internals, a workspace Git cannot read. Nothing
// may throw, list a file outside the run's folders, or print raw control characters.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { artifactCandidates, listArtifacts } from '../../src/core/artifacts';
import { pickKeyMetric } from '../../src/core/query/keyMetric';
import { readDvcExperiments } from '../../src/core/sources/dvcExperiments/experiments';
import { dvcSnapshot } from '../../src/core/sources/dvcExperiments/runs';
import { makeRun } from './helpers/runs';

const ROOT = path.join(__dirname, '..', '..');
const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-hostile-runcore-')));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'hostile',
  GIT_AUTHOR_EMAIL: 'hostile@example.com',
  GIT_COMMITTER_NAME: 'hostile',
  GIT_COMMITTER_EMAIL: 'hostile@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

function write(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
}

/** A DVC repo with the files given, committed with `message`. */
function repoWith(name: string, files: Record<string, string>, message = 'c'): string {
  const root = path.join(scratch, name);
  write(root, { '.dvc/config': '', ...files });
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: root, env: gitEnv });
  execFileSync('git', ['add', '-A'], { cwd: root, env: gitEnv });
  execFileSync('git', ['commit', '-qm', message], { cwd: root, env: gitEnv });
  return root;
}

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'main.ts'), ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, MLOPS_LENS_INDEX_CACHE: fs.mkdtempSync(path.join(scratch, 'cache-')) },
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('hostile artifact locations', () => {
  it('never looks outside the store’s folders, whatever the recorded location says', () => {
    const store = path.join(scratch, 'p', 'mlflow.db');
    for (const artifactUri of [
      'D:/a/../../../../etc/r1/artifacts',
      'file:///D:/x/%2e%2e/%2e%2e/r1/artifacts',
      'D:\\..\\..\\r1\\artifacts',
      'file:///C:/x/r1/artifacts\u0000/etc',
      `D:/${'x/'.repeat(5000)}r1/artifacts`,
      'mlflow-artifacts:/../../r1/artifacts',
    ]) {
      const run = makeRun({ source: 'mlflow-sqlite', store, id: 'r1', runDir: null, artifactUri });
      for (const candidate of artifactCandidates(run))
        assert.ok(candidate.startsWith(path.join(scratch, 'p') + path.sep), `${artifactUri} → ${candidate}`);
    }
    for (const id of ['', '..', '.']) {
      const run = makeRun({
        source: 'mlflow-sqlite',
        store,
        id,
        runDir: null,
        artifactUri: 'D:/m/../x/artifacts',
      });
      assert.deepEqual(artifactCandidates(run), [], `run id ${JSON.stringify(id)}`);
    }
  });

  it('a DVC workspace lists no plot outside the repository (.., absolute paths, symlinked folders)', async () => {
    const outside = path.join(scratch, 'outside');
    write(outside, { 'secret.png': 'secret' });
    const root = repoWith('escape', {
      'dvc.yaml': [
        'plots:',
        '  - ../outside/secret.png',
        `  - ${path.join(outside, 'secret.png')}`,
        '  - linked',
        'artifacts:',
        '  model:',
        '    path: ../outside',
        'stages:',
        '  s:',
        '    cmd: echo',
        '    plots:',
        '      - ../../outside',
        '      - ok.png',
        '',
      ].join('\n'),
      'ok.png': 'png',
    });
    fs.symlinkSync(outside, path.join(root, 'linked'));
    const { rows, workspaceRunning } = await readDvcExperiments(root);
    const listing = await listArtifacts(dvcSnapshot(root, rows, workspaceRunning).runs[0]);
    assert.equal(listing.kind, 'local');
    const paths = listing.kind === 'local' ? listing.entries.map((e) => e.path) : [];
    assert.ok(paths.includes('ok.png'));
    assert.ok(!paths.some((p) => p.includes('secret')), paths.join(', '));
  });
});

describe('hostile DVC rows', () => {
  it('prints a commit subject with control characters escaped (CLI)', () => {
    const root = repoWith(
      'subject',
      { 'params.yaml': 'a: 1\n', 'dvc.yaml': 'stages:\n  s:\n    cmd: echo\n' },
      'evil \u001b[31mred\u0007 subject',
    );
    const result = cli(['runs', root]);
    assert.equal(result.status, 0, result.stderr);
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    assert.ok(!/[\u0000-\u0008\u001b]/.test(result.stdout), JSON.stringify(result.stdout));
    assert.match(result.stdout, /\\u001b\[31mred/);
    const json = cli(['runs', '--json', root]);
    const runs = JSON.parse(json.stdout) as { name: string; status: string }[];
    assert.ok(runs.some((r) => r.name.endsWith('evil \u001b[31mred\u0007 subject')));
    assert.ok(runs.some((r) => r.status === 'UNMODIFIED'));
  });

  it('a workspace whose Git index is garbage: a status from its values, no crash', async () => {
    const root = repoWith('bad-index', {
      'params.yaml': 'a: 1\n',
      'dvc.yaml': 'stages:\n  s:\n    cmd: echo\n    params: [a]\n',
    });
    fs.writeFileSync(path.join(root, '.git', 'index'), 'not an index');
    const { rows, workspaceRunning } = await readDvcExperiments(root);
    const [workspace] = dvcSnapshot(root, rows, workspaceRunning).runs;
    assert.ok(['MODIFIED', 'UNMODIFIED'].includes(workspace.status), workspace.status);
  });

  it('key metric over metric names that look like object internals', () => {
    const run = makeRun({ id: 'x' });
    run.metrics = {};
    for (const key of ['__proto__', 'constructor', 'toString', '', 'hasOwnProperty'])
      Object.defineProperty(run.metrics, key, { value: { step: 0, value: 1 }, enumerable: true });
    run.params = {};
    assert.doesNotThrow(() => pickKeyMetric([run]));
    run.metrics['val_loss'] = { step: 0, value: 0.5 };
    assert.equal(pickKeyMetric([run]), 'val_loss');
  });
});
