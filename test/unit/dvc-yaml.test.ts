import assert from 'node:assert/strict';
import * as path from 'node:path';
import test from 'node:test';
import { parseDvcYaml } from '../../src/core/sources/dvc/dvcYaml';
import { pyFloatRepr, pyEquals, shellQuote } from '../../src/core/sources/dvc/pyValue';

const ROOT = path.resolve('/project');

function parse(text: string, files: Record<string, string> = {}, dvcfile = path.join(ROOT, 'dvc.yaml')) {
  const readFile = (abs: string) => files[path.relative(ROOT, abs).split(path.sep).join('/')];
  return parseDvcYaml(text, { dvcfile, readFile });
}

function byName(result: ReturnType<typeof parse>) {
  return Object.fromEntries(result.stages.map((s) => [s.name, s]));
}

test('Python float text: shortest digits, exponent below 1e-4 and from 1e16, .0 on integral floats', () => {
  assert.equal(pyFloatRepr(0.1), '0.1');
  assert.equal(pyFloatRepr(10), '10.0');
  assert.equal(pyFloatRepr(1e-5), '1e-05');
  assert.equal(pyFloatRepr(1.5e-7), '1.5e-07');
  assert.equal(pyFloatRepr(0.0001), '0.0001');
  assert.equal(pyFloatRepr(1e16), '1e+16');
  assert.equal(pyFloatRepr(123456789012345.0), '123456789012345.0');
  assert.equal(pyFloatRepr(-Infinity), '-inf');
  assert.ok(pyEquals(1, 1.0) && pyEquals(true, 1) && pyEquals([1, { a: 2 }], [1.0, { a: 2 }]));
  assert.ok(!pyEquals('1', 1) && !pyEquals({ a: 1 }, { a: 1, b: 2 }) && !pyEquals(null, 0));
  assert.equal(shellQuote('a b'), "'a b'");
  assert.equal(shellQuote("it's"), `'it'"'"'s'`);
  assert.equal(shellQuote('ok-1.0/x'), 'ok-1.0/x');
  assert.equal(shellQuote(''), "''");
});

test('plain stages: cmd string or list, wdir, deps, params forms, outs/metrics/plots flags, line numbers', () => {
  const result = parse(
    [
      'stages:',
      '  prep:',
      '    cmd: python prep.py',
      '    wdir: src',
      '    deps: [a.csv, ../data]',
      '    params:',
      '    - lr',
      '    - conf/model.yaml:',
      '    - conf/extra.json: [dropout, layers.0]',
      '    - lr2',
      '    outs:',
      '    - model.pkl',
      '    - feats:',
      '        cache: false',
      '        persist: true',
      '    metrics:',
      '    - m.json: {cache: false}',
      '    plots:',
      '    - p.csv: {x: step, y: loss}',
      '  multi:',
      '    cmd:',
      '    - echo one',
      '    - echo two',
      '    frozen: true',
      '    always_changed: true',
      '    desc: two commands',
      '',
    ].join('\n'),
  );
  assert.deepEqual(result.problems, []);
  const { prep, multi } = byName(result);
  assert.equal(prep.line, 2);
  assert.deepEqual(prep.cmd, ['python prep.py']);
  assert.equal(prep.cmdIsList, false);
  assert.equal(prep.wdir, path.join(ROOT, 'src'));
  assert.deepEqual(prep.deps, ['a.csv', '../data']);
  assert.deepEqual(prep.params, [
    { file: 'params.yaml', keys: ['lr', 'lr2'] },
    { file: 'conf/model.yaml', keys: null },
    { file: 'conf/extra.json', keys: ['dropout', 'layers.0'] },
  ]);
  assert.deepEqual(prep.outs, [
    { path: 'model.pkl', cache: true, persist: false, kind: 'outs' },
    { path: 'feats', cache: false, persist: true, kind: 'outs' },
    { path: 'm.json', cache: false, persist: false, kind: 'metrics' },
    { path: 'p.csv', cache: true, persist: false, kind: 'plots' },
  ]);
  assert.equal(multi.line, 20);
  assert.deepEqual(multi.cmd, ['echo one', 'echo two']);
  assert.equal(multi.cmdIsList, true);
  assert.equal(multi.frozen, true);
  assert.equal(multi.alwaysChanged, true);
  assert.equal(multi.desc, 'two commands');
});

test('a wholly tracked params file absorbs its key list; default-file keys are dropped when params.yaml is whole', () => {
  const result = parse(
    'stages:\n  s:\n    cmd: x\n    params:\n    - a\n    - params.yaml:\n    - f.yaml: [k]\n    - f.yaml:\n',
  );
  assert.deepEqual(result.stages[0].params, [
    { file: 'params.yaml', keys: null },
    { file: 'f.yaml', keys: null },
  ]);
});

test('interpolation: params.yaml, vars files with key selection, inline vars, nested keys, indexes, types', () => {
  const files = {
    'params.yaml': 'train:\n  lr: 0.001\n  epochs: 10\n  layers: [64, 32]\n  flag: true\n',
    'conf/vars.yaml': 'data:\n  dir: raw\nignored: 1\n',
    'conf/other.json': '{"ratio": 1.0, "names": ["a", "b"]}',
  };
  const result = parse(
    [
      'vars:',
      '- conf/vars.yaml:data',
      '- conf/other.json',
      '- prefix: out',
      'stages:',
      '  train:',
      '    cmd: python t.py --lr ${train.lr} -e ${train.epochs} -l ${train.layers[0]} ${train.flag} ${ratio} ${names.1}',
      '    deps:',
      '    - ${data.dir}/x.csv',
      '    outs:',
      '    - ${prefix}/model-\\${literal}.pkl',
      '    frozen: ${train.flag}',
      '',
    ].join('\n'),
    files,
  );
  assert.deepEqual(result.problems, []);
  const [train] = result.stages;
  assert.deepEqual(train.cmd, ['python t.py --lr 0.001 -e 10 -l 64 true 1.0 b']);
  assert.deepEqual(train.deps, ['raw/x.csv']);
  assert.deepEqual(
    train.outs.map((o) => o.path),
    ['out/model-${literal}.pkl'],
  );
  assert.equal(train.frozen, true, 'a whole-string ${} keeps its type');
  const missing = parse('vars:\n- conf/vars.yaml:ignored\nstages:\n  s:\n    cmd: ${data.dir}\n', files);
  assert.match(missing.problems[0].reason, /failed to parse stage 's': Could not find 'data.dir'/);
});

test('a dict in cmd expands to options; bools, lists and quoting as DVC does; dicts elsewhere are errors', () => {
  const files = {
    'params.yaml':
      'opts:\n  epochs: 3\n  verbose: true\n  quiet: false\n  name: a b\n  layers: [16, 8]\n  nested: {x: 1.5}\n',
  };
  const result = parse(
    'stages:\n  s:\n    cmd: train ${opts}\n  bad:\n    cmd: x\n    deps:\n    - ${opts}\n',
    files,
  );
  assert.deepEqual(result.stages[0].cmd, [
    "train --epochs 3 --verbose --name 'a b' --layers 16 8 --nested.x 1.5",
  ]);
  assert.match(result.problems[0].reason, /stage 'bad': Cannot interpolate data of type 'dict'/);
  const options = parseDvcYaml('stages:\n  s:\n    cmd: train ${opts}\n', {
    dvcfile: path.join(ROOT, 'dvc.yaml'),
    readFile: (abs) => (abs.endsWith('params.yaml') ? files['params.yaml'] : undefined),
    parsing: { bool: 'boolean_optional', list: 'append' },
  });
  assert.deepEqual(options.stages[0].cmd, [
    "train --epochs 3 --verbose --no-quiet --name 'a b' --layers 16 --layers 8 --nested.x 1.5",
  ]);
});

test('foreach over a list of scalars, a dict (key and item) and a list of dicts (indexes); lines of the group', () => {
  const result = parse(
    [
      'vars:',
      '- models: {cnn: {size: 3}, xgb: {size: 5}}',
      'stages:',
      '  evaluate:',
      '    foreach: [train, test, 1.0, true]',
      '    do:',
      '      cmd: eval ${item}',
      '  fit:',
      '    foreach: ${models}',
      '    do:',
      '      cmd: fit ${key} ${item.size}',
      '  exports:',
      '    foreach:',
      '    - {name: a}',
      '    - {name: b}',
      '    do:',
      '      cmd: export ${item.name}',
      '',
    ].join('\n'),
  );
  assert.deepEqual(result.problems, []);
  assert.deepEqual(
    result.stages.map((s) => [s.name, s.cmd[0], s.line, s.group]),
    [
      ['evaluate@train', 'eval train', 4, 'evaluate'],
      ['evaluate@test', 'eval test', 4, 'evaluate'],
      ['evaluate@1.0', 'eval 1.0', 4, 'evaluate'],
      ['evaluate@true', 'eval true', 4, 'evaluate'],
      ['fit@cnn', 'fit cnn 3', 8, 'fit'],
      ['fit@xgb', 'fit xgb 5', 8, 'fit'],
      ['exports@0', 'export a', 12, 'exports'],
      ['exports@1', 'export b', 12, 'exports'],
    ],
  );
});

test('matrix: every combination named by value text, or axis+index for lists and dicts; ${key} and ${item.axis}', () => {
  const result = parse(
    [
      'stages:',
      '  train:',
      '    matrix:',
      '      model: [cnn, xgb]',
      '      lr: [0.1, 1e-05]',
      '      cfg: [{depth: 2}, [1, 2]]',
      '    cmd: train ${item.model} ${item.lr} ${key}',
      '    outs:',
      '    - out/${key}.pkl',
      '',
    ].join('\n'),
  );
  assert.deepEqual(result.problems, []);
  assert.deepEqual(
    result.stages.map((s) => s.name),
    [
      'train@cnn-0.1-cfg0',
      'train@cnn-0.1-cfg1',
      'train@cnn-1e-05-cfg0',
      'train@cnn-1e-05-cfg1',
      'train@xgb-0.1-cfg0',
      'train@xgb-0.1-cfg1',
      'train@xgb-1e-05-cfg0',
      'train@xgb-1e-05-cfg1',
    ],
  );
  assert.equal(result.stages[2].cmd[0], 'train cnn 1e-05 cnn-1e-05-cfg0');
  assert.deepEqual(result.stages[2].outs[0].path, 'out/cnn-1e-05-cfg0.pkl');
});

test('stage vars are loaded relative to the wdir; the same file cannot be loaded whole and in part', () => {
  const files = { 'sub/local.yaml': 'n: 7\nm: 8\n', 'params.yaml': 'n: 1\n' };
  const ok = parse('stages:\n  s:\n    wdir: sub\n    vars: [local.yaml:m]\n    cmd: echo ${m}\n', files);
  assert.deepEqual(ok.stages[0].cmd, ['echo 8']);
  const clash = parse('stages:\n  s:\n    wdir: sub\n    vars: [local.yaml]\n    cmd: echo ${n}\n', files);
  assert.match(clash.problems[0].reason, /cannot redefine 'n'/);
  const interpolated = parse('stages:\n  s:\n    vars:\n    - ${x}\n    cmd: a\n', files);
  assert.match(interpolated.problems[0].reason, /interpolating is not allowed/);
});

test('top-level params, metrics, plots (paths and ids) and artifacts; bad YAML and bad stages are problems', () => {
  const result = parse(
    [
      'params: [extra.yaml]',
      'metrics: [eval/metrics.json]',
      'plots:',
      '- dvclive/plots/metrics: {x: step}',
      '- roc:',
      '    y: {eval/roc.json: tpr}',
      '- images/cm.png',
      'artifacts:',
      '  model: {path: model.pkl, type: model}',
      'stages:',
      '  nocmd:',
      '    deps: [a]',
      '  ok:',
      '    cmd: run',
      '',
    ].join('\n'),
  );
  assert.deepEqual(result.params, ['extra.yaml']);
  assert.deepEqual(result.metrics, ['eval/metrics.json']);
  assert.deepEqual(result.plots, ['dvclive/plots/metrics', 'roc', 'images/cm.png']);
  assert.deepEqual(result.artifacts, { model: { path: 'model.pkl', type: 'model' } });
  assert.deepEqual(
    result.stages.map((s) => s.name),
    ['ok'],
  );
  assert.match(result.problems[0].reason, /stage 'nocmd': required key 'cmd' is missing/);
  const broken = parse('stages:\n  s: [unclosed\n');
  assert.equal(broken.stages.length, 0);
  assert.match(broken.problems[0].reason, /invalid YAML/);
});

test('DVC 1.0 output keys (outs_no_cache, metrics_no_cache, outs_persist) become outputs with those flags', () => {
  const result = parse(
    'stages:\n  s:\n    cmd: x\n    outs_no_cache: [a]\n    metrics_no_cache: [m.json]\n    outs_persist: [p]\n',
  );
  assert.deepEqual(result.stages[0].outs, [
    { path: 'a', cache: false, persist: false, kind: 'outs' },
    { path: 'm.json', cache: false, persist: false, kind: 'metrics' },
    { path: 'p', cache: true, persist: true, kind: 'outs' },
  ]);
});
