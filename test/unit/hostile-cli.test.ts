// Terminal escapes in run names, file contents and paths: the CLI's text output and messages
// show them as \uXXXX escapes, never as raw control characters; --json keeps the exact strings.
// And scaffold option values that would change what a generated file means are refused.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { escapeField, escapeOutputChunk } from '../../src/cli/output';
import { loadCatalog } from '../../src/core/scaffold/catalog';
import { optionValueProblem, parseOptions } from '../../src/core/scaffold/options';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const V2_STORE = path.join(ROOT, 'test/fixtures/mlflow/filestore-v2/mlruns');
const EXPERIMENT = '414657457782955254';
const RUN = '1e9cf71bb66f4ad0b5c713487907d6cf';

/** Clears the screen, sets the window title, returns the carriage, and a C1 CSI (red). */
const EVIL_NAME = 'evil\u001b[2J\u001b]0;pwned\u0007\r\u009b31m';
/** What a terminal acts on: C0 but newline and tab, DEL, C1. */
// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const scratches: string[] = [];
after(() => {
  for (const dir of scratches) fs.rmSync(dir, { recursive: true, force: true });
});

function scratch(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-hostile-cli-')));
  scratches.push(dir);
  return dir;
}

function cli(args: string[], cwd: string) {
  return spawnSync(process.execPath, ['--import', TSX, path.join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, MLOPS_LENS_INDEX_CACHE: scratch() },
  });
}

/** The v2 fixture store with one run and its experiment renamed to EVIL_NAME, and a broken file. */
function hostileStore(): string {
  const dir = scratch();
  const store = path.join(dir, 'mlruns');
  fs.cpSync(V2_STORE, store, { recursive: true });
  const run = path.join(store, EXPERIMENT, RUN);
  fs.writeFileSync(path.join(run, 'tags', 'mlflow.runName'), EVIL_NAME);
  const yamlName = JSON.stringify(EVIL_NAME);
  const meta = fs
    .readFileSync(path.join(run, 'meta.yaml'), 'utf8')
    .replace(/^run_name: .*$/m, `run_name: ${yamlName}`);
  fs.writeFileSync(path.join(run, 'meta.yaml'), meta);
  const experimentMeta = path.join(store, EXPERIMENT, 'meta.yaml');
  fs.writeFileSync(
    experimentMeta,
    fs.readFileSync(experimentMeta, 'utf8').replace(/^name: .*$/m, `name: ${yamlName}`),
  );
  // A run folder whose name is an escape sequence, with a meta.yaml that cannot be read.
  const broken = path.join(store, EXPERIMENT, 'broken\u001b[2J\u001b]0;title\u0007');
  fs.mkdirSync(broken);
  fs.writeFileSync(path.join(broken, 'meta.yaml'), `run_id: [\u001b[2J\n`);
  return dir;
}

function assertNoRawControls(text: string, what: string): void {
  assert.doesNotMatch(text, RAW_CONTROL, `${what} holds a raw control character`);
}

describe('control characters never reach the terminal raw', () => {
  it('runs: the table shows escapes; stderr messages too', () => {
    const dir = hostileStore();
    const result = cli(['runs', '.'], dir);
    assert.equal(result.status, 0, result.stderr);
    assertNoRawControls(result.stdout, 'stdout');
    assertNoRawControls(result.stderr, 'stderr');
    assert.match(result.stdout, /evil\\u001b\[2J\\u001b\]0;pwned/);
    assert.match(result.stderr, /broken\\u001b\[2J/);
  });

  it('runs --json: the same bytes parse back to the exact name', () => {
    const dir = hostileStore();
    for (const pass of ['cold', 'warm']) {
      const result = cli(['runs', '--json', '.'], dir);
      assertNoRawControls(result.stdout, `${pass} stdout`);
      const runs = JSON.parse(result.stdout) as { name: string; experimentName: string }[];
      assert.ok(
        runs.some((r) => r.name === EVIL_NAME && r.experimentName === EVIL_NAME),
        pass,
      );
    }
  });

  it('stages: names, commands and reasons from dvc.yaml are escaped', () => {
    const dir = scratch();
    fs.writeFileSync(
      path.join(dir, 'dvc.yaml'),
      `stages:\n  ${JSON.stringify(EVIL_NAME)}:\n    cmd: ${JSON.stringify(`python train.py ${EVIL_NAME}\ttab`)}\n`,
    );
    const result = cli(['stages', '.'], dir);
    assert.equal(result.status, 0, result.stderr);
    assertNoRawControls(result.stdout, 'stdout');
    assert.match(result.stdout, /\\u001b\[2J/);
    const json = cli(['stages', '--json', '.'], dir);
    const [stage] = JSON.parse(json.stdout) as { cmd: string }[];
    assert.equal(stage?.cmd, `python train.py ${EVIL_NAME}\ttab`);
  });

  it('usage errors echo arguments escaped', () => {
    const result = cli(['runs', `--\u001b]0;x\u0007`], ROOT);
    assert.equal(result.status, 2);
    assertNoRawControls(result.stderr, 'stderr');
  });

  it('escapes every C0, DEL and C1 character; JSON stays JSON with the same value', () => {
    assert.equal(escapeField('a\tb\nc\u001bd\u007fe\u009bf'), 'a\\u0009b\\u000ac\\u001bd\\u007fe\\u009bf');
    const json = JSON.stringify({ name: `x${EVIL_NAME}\u007f` });
    const escaped = escapeOutputChunk(Buffer.from(json)) as string;
    assertNoRawControls(escaped, 'escaped JSON');
    assert.deepEqual(JSON.parse(escaped), JSON.parse(json));
    const plain = Buffer.from('[{"name":"µ°±"}]');
    assert.equal(escapeOutputChunk(plain), plain, 'text without controls is written as it is');
  });
});

describe('scaffold python_version', () => {
  it('accepts release versions and refuses spaces, colons and anything else', async () => {
    const catalog = await loadCatalog(path.join(ROOT, 'scaffolds'));
    const option = catalog.options.find((o) => o.name === 'python_version');
    assert.ok(option);
    for (const good of ['3.11', '3.12.4', '3.9'])
      assert.equal(optionValueProblem(option, good), undefined, good);
    for (const bad of ['3.11 AS builder', 'python:3.11', '3.11-slim', '3', 'latest', '3.11\nRUN x', ''])
      assert.ok(optionValueProblem(option, bad), bad);
  });

  it('the CLI refuses a bad version with status 2 and writes nothing', () => {
    const dest = path.join(scratch(), 'project');
    const result = cli(
      [
        'scaffold',
        '--layout',
        'data-science',
        '--name',
        'p',
        '--dest',
        dest,
        '--option',
        'python_version=3.11 AS x',
      ],
      ROOT,
    );
    assert.equal(result.status, 2);
    assert.match(result.stderr, /python_version: '3.11 AS x' is not a version/);
    assert.equal(fs.existsSync(dest), false);
  });

  it('options.yaml: format only on strings, only known formats, defaults checked', () => {
    const problems: string[] = [];
    parseOptions(
      {
        a: { type: 'string', format: 'version', default: '3.11 x', label: 'A', description: 'a' },
        b: { type: 'boolean', format: 'version', default: true, label: 'B', description: 'b' },
        c: { type: 'string', format: 'semver', default: '1.0', label: 'C', description: 'c' },
      },
      problems,
    );
    assert.deepEqual(problems, [
      "a: default '3.11 x' is not a version such as 3.11 or 3.12.4",
      'b: only string options have a format',
      'c: format must be one of version',
    ]);
  });
});
