// Every exit status `--help` documents is what the command returns, and a reader that stops
// reading (`| head`) ends every command quietly.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { EXIT_STATUSES, type CommandName } from '../../src/cli/help';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const MAIN = path.join(ROOT, 'src/cli/main.ts');
const MLFLOW = path.join(ROOT, 'test/fixtures/mlflow');
const BASELINE_RUN = '74f0a6c450f44c0c86b4025b56ecd3d1';

const scratches: string[] = [];
after(() => {
  for (const dir of scratches) fs.rmSync(dir, { recursive: true, force: true });
});

function scratch(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-exit-'));
  scratches.push(dir);
  return dir;
}

function cli(args: string[]) {
  return spawnSync(process.execPath, ['--import', TSX, MAIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, MLOPS_LENS_INDEX_CACHE: scratch() },
  });
}

/** A folder where scaffolding data-science would overwrite a file. */
function destinationInTheWay(): string {
  const dest = path.join(scratch(), 'project');
  fs.mkdirSync(dest);
  fs.writeFileSync(path.join(dest, '.gitignore'), 'mine\n');
  return dest;
}

/** A one-stage DVC project. */
const DVC_PROJECT = scratch();
fs.writeFileSync(path.join(DVC_PROJECT, 'dvc.yaml'), 'stages:\n  train:\n    cmd: python train.py\n');

/** A DVC project without commits (dvc diff and dvc data status print {} there). */
const DVC_DATA_PROJECT = scratch();
fs.mkdirSync(path.join(DVC_DATA_PROJECT, '.dvc'));

/** A DVC project with a table in its workspace (table-diff compares the workspace with itself). */
const DVC_TABLE_PROJECT = scratch();
fs.mkdirSync(path.join(DVC_TABLE_PROJECT, '.dvc'));
fs.writeFileSync(path.join(DVC_TABLE_PROJECT, 'table.csv'), 'id,x\n1,2\n');

const SCAFFOLD = ['scaffold', '--layout', 'data-science', '--name', 'p'];

/** One way to get each documented status, keyed "command status". */
const SCENARIOS: Record<string, () => string[]> = {
  'runs 0': () => ['runs', MLFLOW, path.join(ROOT, 'no-such-folder')],
  'runs 2': () => ['runs', '--bogus'],
  'history 0': () => ['history', BASELINE_RUN, 'no-such-metric', MLFLOW],
  'history 1': () => ['history', 'no-such-run', 'rmse', MLFLOW],
  'history 2': () => ['history', BASELINE_RUN],
  'stages 0': () => ['stages', DVC_PROJECT],
  'stages 2': () => ['stages', '--all'],
  'diff 0': () => ['diff', '--cd', DVC_DATA_PROJECT, '--json'],
  'diff 1': () => ['diff', '--cd', scratch(), '--json'],
  'diff 2': () => ['diff', 'a', 'b', 'c'],
  'data-status 0': () => ['data-status', '--cd', DVC_DATA_PROJECT, '--json'],
  'data-status 1': () => ['data-status', '--cd', scratch()],
  'data-status 2': () => ['data-status', '--bogus'],
  'params-diff 0': () => ['params-diff', '--cd', DVC_DATA_PROJECT, '--json'],
  'params-diff 1': () => ['params-diff', '--cd', scratch(), '--json'],
  'params-diff 2': () => ['params-diff', 'a', 'b', 'c'],
  'metrics-diff 0': () => ['metrics-diff', '--cd', DVC_DATA_PROJECT, '--all'],
  'metrics-diff 1': () => ['metrics-diff', '--cd', scratch()],
  'metrics-diff 2': () => ['metrics-diff', '--bogus'],
  'table-diff 0': () => ['table-diff', 'table.csv', '--a', 'workspace', '--cd', DVC_TABLE_PROJECT],
  'table-diff 1': () => ['table-diff', 'table.csv', '--cd', scratch()],
  'table-diff 2': () => ['table-diff', '--rows', 'many', 'table.csv'],
  'models 0': () => ['models', MLFLOW, path.join(ROOT, 'no-such-folder')],
  'models 2': () => ['models', '--bogus'],
  'model-diff 0': () => ['model-diff', 'models:/fixture-model/1', 'models:/fixture-model@champion', MLFLOW],
  'model-diff 1': () => ['model-diff', 'models:/fixture-model/1', 'models:/fixture-model/99', MLFLOW],
  'model-diff 2': () => ['model-diff', 'models:/fixture-model/1'],
  'scaffold 0': () => [...SCAFFOLD, '--dest', path.join(scratch(), 'new')],
  'scaffold 1': () => [...SCAFFOLD, '--dest', destinationInTheWay()],
  'scaffold 2': () => [...SCAFFOLD, '--dest', scratch(), '--option', 'python_version=3.11 AS x'],
};

describe('exit statuses', () => {
  const documented = Object.entries(EXIT_STATUSES).flatMap(([command, statuses]) =>
    statuses.map(({ status }) => `${command} ${status}`),
  );

  it('every documented status has a scenario here, and no other', () => {
    assert.deepEqual(Object.keys(SCENARIOS).sort(), [...documented].sort());
  });

  for (const key of documented) {
    it(`${key}: the command returns it, and its --help says so`, () => {
      const [command, status] = key.split(' ') as [CommandName, string];
      const scenario = SCENARIOS[key];
      assert.ok(scenario, `no scenario for ${key}`);
      const args = scenario();
      const result = cli(args);
      assert.equal(result.status, Number(status), `${args.join(' ')}\n${result.stderr}`);
      const help = cli([command, '--help']);
      assert.equal(help.status, 0);
      const meaning = EXIT_STATUSES[command].find((s) => String(s.status) === status)?.meaning ?? '';
      assert.ok(help.stdout.replace(/\s+/g, ' ').includes(`${status} ${meaning}`), help.stdout);
    });
  }
});

describe('a reader that stops reading', { skip: process.platform === 'win32' ? 'needs sh' : false }, () => {
  const commands = [
    ['runs', MLFLOW],
    ['runs', '--json', MLFLOW],
    ['history', BASELINE_RUN, 'rmse', MLFLOW],
    ['stages', DVC_PROJECT],
    ['models', MLFLOW],
    ['scaffold', '--list'],
    ['--help'],
  ];
  for (const args of commands) {
    it(`${args.filter((a) => !path.isAbsolute(a)).join(' ')}: exit 0, nothing on stderr`, () => {
      // `true` exits without reading: every write of the CLI meets a closed pipe.
      const quoted = [process.execPath, '--import', TSX, MAIN, ...args].map((a) => `'${a}'`).join(' ');
      const result = spawnSync('sh', ['-c', `${quoted} | true; exit 0`], {
        encoding: 'utf8',
        env: { ...process.env, MLOPS_LENS_INDEX_CACHE: scratch() },
      });
      assert.equal(result.stderr, '');
      const status = spawnSync('bash', ['-c', `set -o pipefail; ${quoted} | true`], {
        env: { ...process.env, MLOPS_LENS_INDEX_CACHE: scratch() },
      }).status;
      assert.equal(status, 0);
    });
  }
});
