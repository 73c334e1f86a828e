// `mlops-lens scaffold` through the real CLI entry point, on a small template tree in a temp folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { toyTemplates, tree } from './scaffoldToyTemplates';

const ROOT = join(__dirname, '..', '..');

function cli(args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('scaffold usage errors exit with 2 and print the scaffold usage', () => {
  const templates = toyTemplates();
  const dest = join(tree({}), 'p');
  const cases: [string[], RegExp][] = [
    [['scaffold'], /missing --layout, --name, --dest/],
    [['scaffold', '--layout', 'basic', '--name', 'demo'], /missing --dest/],
    [['scaffold', '--bogus'], /unknown argument '--bogus'/],
    [['scaffold', '--layout'], /--layout needs a value/],
    [['scaffold', '--list', '--option', 'novalue'], /--option takes KEY=VALUE/],
    [
      ['scaffold', '--templates', templates, '--layout', 'nope', '--name', 'demo', '--dest', dest],
      /unknown layout 'nope'/,
    ],
    [
      ['scaffold', '--templates', templates, '--layout', 'basic', '--name', '../x', '--dest', dest],
      /not a valid project name/,
    ],
    [
      [
        'scaffold',
        '--templates',
        templates,
        '--layout',
        'basic',
        '--name',
        'demo',
        '--dest',
        dest,
        '--option',
        'tests=maybe',
      ],
      /tests is true or false, not 'maybe'/,
    ],
    [
      [
        'scaffold',
        '--templates',
        templates,
        '--layout',
        'basic',
        '--name',
        'demo',
        '--dest',
        dest,
        '--option',
        'colour=red',
      ],
      /unknown option 'colour'/,
    ],
  ];
  for (const [args, reason] of cases) {
    const { status, stderr } = cli(args);
    assert.equal(status, 2, `${args.join(' ')}\n${stderr}`);
    assert.match(stderr, reason, args.join(' '));
    assert.match(stderr, /Usage:\n {2}mlops-lens scaffold/);
  }
  assert.equal(existsSync(dest), false, 'nothing was written');
  const help = cli(['scaffold', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--dry-run/);
  assert.match(cli(['--help']).stdout, /mlops-lens scaffold --layout ID/);
});

test('scaffold --list names layouts and options with defaults; --json is machine-readable', () => {
  const templates = toyTemplates();
  const text = cli(['scaffold', '--list', '--templates', templates]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(
    text.stdout,
    /Layouts \(--layout ID\):\n {2}basic\s+Basic\n\s+A toy layout\n\s+defaults: docker=true/,
  );
  assert.match(text.stdout, /tracker\s+mlflow \| dvclive \| none {2}\(default: mlflow\)/);
  assert.match(text.stdout, /tests\s+true \| false {2}\(default: true\)/);
  assert.match(text.stdout, /python_version\s+text {2}\(default: 3\.11\)/);
  const json = cli(['scaffold', '--list', '--json', '--templates', templates]);
  const parsed = JSON.parse(json.stdout) as {
    layouts: { id: string; defaults: Record<string, unknown> }[];
    options: { name: string; values?: string[]; default: unknown }[];
  };
  assert.deepEqual(parsed.layouts[0], {
    id: 'basic',
    title: 'Basic',
    description: 'A toy layout',
    defaults: { tracker: 'mlflow', tests: true, docker: true, python_version: '3.11' },
  });
  assert.deepEqual(parsed.options[0]!.values, ['mlflow', 'dvclive', 'none']);
});

test('scaffold writes the project, then refuses to overwrite with exit 1 and the list', () => {
  const templates = toyTemplates();
  const dest = join(tree({}), 'churn');
  const base = [
    'scaffold',
    '--templates',
    templates,
    '--layout',
    'basic',
    '--name',
    'Churn-Model',
    '--dest',
    dest,
  ];
  const dry = cli([...base, '--dry-run']);
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, /^new {4}src\/churn_model\/__init__\.py$/m);
  assert.equal(existsSync(dest), false, '--dry-run writes nothing');

  const first = cli([...base, '--option', 'tracker=dvclive', '--option=docker=no']);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /^src\/churn_model\/track\.py$/m);
  assert.doesNotMatch(first.stdout, /Dockerfile/);
  assert.match(first.stderr, /wrote 7 files to /);
  assert.equal(
    readFileSync(join(dest, 'src', 'churn_model', 'track.py'), 'utf8'),
    "import dvclive\nPY = '3.11'\n",
  );

  writeFileSync(join(dest, 'README.md'), 'mine\n');
  const second = cli(base);
  assert.equal(second.status, 1);
  assert.match(second.stderr, /refusing to overwrite existing files:\n( {2}\S+\n){7}Nothing was written/);
  assert.match(second.stderr, /^ {2}README\.md$/m);
  assert.match(second.stderr, /Nothing was written/);
  assert.equal(readFileSync(join(dest, 'README.md'), 'utf8'), 'mine\n');
  assert.equal(existsSync(join(dest, 'Dockerfile')), false, 'not even the files that did not exist');
  assert.match(cli([...base, '--dry-run']).stdout, /^exists README\.md$/m);
});

test('scaffold --package overrides the derived package; broken templates exit 1 with every problem', () => {
  const dest = join(tree({}), 'p');
  const ok = cli([
    'scaffold',
    '--templates',
    toyTemplates(),
    '--layout',
    'basic',
    '--name',
    'demo',
    '--package',
    'core_pkg',
    '--dest',
    dest,
  ]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.ok(existsSync(join(dest, 'src', 'core_pkg', '__init__.py')));
  const broken = toyTemplates({ 'basic/files/x.py': '{{ nope }}\n', 'basic/files/y.py': '{% if %}\n' });
  const bad = cli(['scaffold', '--list', '--templates', broken]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /2 problem\(s\):\n/);
  assert.match(bad.stderr, /^ {2}basic\/files\/x\.py:1: unknown variable/m);
  assert.match(bad.stderr, /basic\/files\/y\.py:1: \{% if %\}: empty condition/);
});
