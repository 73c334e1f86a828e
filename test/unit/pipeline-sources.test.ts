import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'node:test';
import { discoverPipelines, readPipelineFile } from '../../src/core/pipeline/discover';
import { parseMakefile, ruleTargets } from '../../src/core/pipeline/makefile';
import { parseMlproject } from '../../src/core/pipeline/mlproject';
import { DvcIgnore, parseIgnoreRules } from '../../src/core/sources/dvc/dvcignore';
import { parseDvcConfig } from '../../src/core/sources/dvc/dvcRepo';
import { corpusPath, corpusSkip } from './helpers/corpus';

test('MLproject: shorthand and full parameter specs, defaults as Python text, env kinds, entry point lines', () => {
  const text = [
    'name: demo',
    'docker_env:',
    '  image: my-image:latest',
    'entry_points:',
    '  main:',
    '    parameters:',
    '      data_file: path',
    '      alpha: {type: float, default: 1.0}',
    '      name: {default: x}',
    '    command: "python train.py {alpha} {data_file}"',
    '  broken:',
    '    parameters: {}',
    '',
  ].join('\n');
  const { items, problems } = parseMlproject(text, '/p/MLproject');
  assert.equal(items.length, 1);
  assert.deepEqual(items[0], {
    kind: 'mlproject',
    file: '/p/MLproject',
    name: 'main',
    command: 'python train.py {alpha} {data_file}',
    parameters: [
      { name: 'data_file', type: 'path', default: null },
      { name: 'alpha', type: 'float', default: '1.0' },
      { name: 'name', type: 'string', default: 'x' },
    ],
    line: 5,
    env: { kind: 'docker', value: 'my-image:latest' },
    project: 'demo',
  });
  assert.match(problems[0].reason, /entry point 'broken' has no command/);
  const twoEnvs = parseMlproject('conda_env: c.yaml\npython_env: p.yaml\nentry_points: {}\n', '/p/MLproject');
  assert.match(twoEnvs.problems[0].reason, /only one of conda_env, python_env/);
});

test('MLproject named MLProject with shorthand types (corpus)', { skip: corpusSkip }, async () => {
  const { items, problems } = await discoverPipelines([corpusPath('ROYALBEFF__UnlearnSPN')]);
  assert.deepEqual(problems, []);
  assert.deepEqual(
    items.map((i) =>
      i.kind === 'mlproject' ? [i.name, i.parameters.map((p) => `${p.name}:${p.type}`)] : [],
    ),
    [
      ['main', ['seed:float', 'remove:float', 'dataset:string', 'epsilon:float']],
      ['training', ['seed:float', 'dataset:string', 'epsilon:float']],
    ],
  );
});

test('Makefile: explicit targets with lines; pattern rules, special targets, variables and recipes skipped', () => {
  const text = [
    'PY ?= python',
    'OUT := build',
    '.PHONY: all train',
    'all: train evaluate',
    '',
    'train: data/prepared ## train the model',
    '\t$(PY) train.py',
    '\techo "not: a target"',
    'evaluate test: model.pkl',
    '\t$(PY) eval.py',
    '%.o: %.c',
    '\tcc -c $<',
    '$(OUT)/x: y',
    'train: EPOCHS = 3',
    'define RECIPE',
    'inside: define',
    'endef',
    'long \\',
    '  target: z',
    'all: again',
  ].join('\n');
  const targets = parseMakefile(text, '/p/Makefile');
  assert.deepEqual(
    targets.map((t) => [t.name, t.line, t.command]),
    [
      ['all', 4, 'make all'],
      ['train', 6, 'make train'],
      ['evaluate', 9, 'make evaluate'],
      ['test', 9, 'make test'],
      ['long', 18, 'make long'],
      ['target', 18, 'make target'],
    ],
  );
  assert.deepEqual(ruleTargets('x := y'), []);
  assert.equal(parseMakefile('build: a\n', '/p/rules.mk')[0].command, 'make -f rules.mk build');
});

test('.dvcignore patterns: basename globs, anchored paths, ** , dir-only, negation; .git and sub-projects', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-ignore-'));
  try {
    fs.mkdirSync(path.join(dir, '.dvc'));
    fs.mkdirSync(path.join(dir, 'data', 'sub', '.dvc'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.dvcignore'), '*.tmp\n!keep.tmp\n/logs/\ndata/**/cache\n# comment\n');
    const ignore = new DvcIgnore(dir);
    const at = (p: string) => path.join(dir, p);
    assert.equal(ignore.isIgnored(at('a/b/x.tmp'), false), true);
    assert.equal(ignore.isIgnored(at('a/keep.tmp'), false), false);
    assert.equal(ignore.isIgnored(at('logs'), true), true);
    assert.equal(ignore.isIgnored(at('logs/a.txt'), false), true);
    assert.equal(ignore.isIgnored(at('x/logs'), true), false, 'anchored to the .dvcignore folder');
    assert.equal(ignore.isIgnored(at('data/a/b/cache'), false), true);
    assert.equal(ignore.isIgnored(at('src/.git'), false), true);
    assert.equal(ignore.isIgnored(at('data/x.csv'), false), false);
    assert.equal(ignore.isSubproject(at('data/sub')), true);
    assert.equal(ignore.isSubproject(dir), false);
    assert.equal(parseIgnoreRules('  \n#x\n').length, 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('.dvc/config: sections, quoted remote names, values', () => {
  const config = parseDvcConfig(
    '[core]\n    remote = s3\n[\'remote "s3"\']\n    url = s3://b\n[cache]\n    dir = ../cache\n[parsing]\nbool = boolean_optional\n',
  );
  assert.equal(config.core.remote, 's3');
  assert.equal(config['remote "s3"'].url, 's3://b');
  assert.equal(config.cache.dir, '../cache');
  assert.equal(config.parsing.bool, 'boolean_optional');
});

test('discoverPipelines: dvc.yaml in subfolders, 0.x stage files, MLproject, Makefiles; skips hidden folders and venvs', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-discover-'));
  try {
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    };
    write('dvc.yaml', 'stages:\n  a:\n    cmd: echo a\n');
    write('sub/dvc.yaml', 'stages:\n  b:\n    foreach: [x, y]\n    do:\n      cmd: echo ${item}\n');
    write(
      'old/train.dvc',
      'cmd: python train.py\ndeps:\n- path: train.py\n  md5: 1\nouts:\n- path: m.pkl\n  md5: 2\n',
    );
    write('old/data.dvc', 'outs:\n- path: data\n  md5: 3\n');
    write('MLproject', 'entry_points:\n  main:\n    command: python m.py\n');
    write('Makefile', 'train:\n\tpython t.py\n');
    write('.hidden/dvc.yaml', 'stages:\n  hidden:\n    cmd: x\n');
    write('venv/pyvenv.cfg', 'home = /usr\n');
    write('venv/lib/dvc.yaml', 'stages:\n  venv:\n    cmd: x\n');
    write('node_modules/x/Makefile', 'x:\n');
    write('bad/dvc.yaml', 'stages: [\n');
    const { items, problems } = await discoverPipelines([dir, path.join(dir, 'missing')]);
    assert.deepEqual(
      items.map((i) => `${i.kind}:${i.name}`),
      ['mlproject:main', 'make:train', 'dvc:a', 'dvc:train.dvc', 'dvc:b@x', 'dvc:b@y'],
    );
    assert.deepEqual(
      problems.map((p) => path.relative(dir, p.path)),
      ['missing', path.join('bad', 'dvc.yaml')],
    );
    assert.deepEqual(readPipelineFile(path.join(dir, 'sub', 'dvc.yaml')).items.length, 2);
    assert.deepEqual(readPipelineFile(path.join(dir, 'README.md')), { items: [], problems: [] });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
