// "Add DVC Stage": the dvc.yaml edit keeps every existing byte (comments, quoting, blank lines) and
// writes the new stage in the file's own indentation and list style.
import assert from 'node:assert/strict';
import test from 'node:test';
import { parse } from 'yaml';
import {
  addDvcStage,
  DvcYamlEditError,
  existingStageNames,
  groupParams,
  stageNameProblem,
  type NewDvcStage,
} from '../../src/core/scaffold/dvcStage';

const EVALUATE: NewDvcStage = {
  name: 'evaluate',
  cmd: 'python src/evaluate.py models/model.pkl data/test.csv',
  deps: ['src/evaluate.py', 'models/model.pkl'],
  outs: ['eval/metrics.json'],
  params: ['evaluate.threshold', 'config.yaml:seed', 'config.yaml:split'],
};

const COMMENTED = `# The project's pipeline. Keep stages in run order.
vars:
  - seed: 42   # shared seed

stages:
  prepare:   # split the raw data
    cmd: python src/prepare.py data/raw.csv
    deps:
      - data/raw.csv   # from the data team
      - 'src/prepare.py'
    outs:
      - data/prepared

  # training uses params.yaml:train
  train:
    cmd: >-
      python src/train.py
      data/prepared
    params:
      - train.lr
    outs:
      - models/model.pkl
# plots below are drawn by dvc plots show
plots:
  - eval/plots/roc.json:   # ROC curve
      x: fpr
      y: tpr
`;

test('a stage is added after the last one; every other line is kept byte for byte', () => {
  const { text, line } = addDvcStage(COMMENTED, EVALUATE);
  const insertion = [
    '  evaluate:',
    '    cmd: python src/evaluate.py models/model.pkl data/test.csv',
    '    deps:',
    '      - src/evaluate.py',
    '      - models/model.pkl',
    '    params:',
    '      - evaluate.threshold',
    '      - config.yaml:',
    '          - seed',
    '          - split',
    '    outs:',
    '      - eval/metrics.json',
    '',
  ].join('\n');
  const at = COMMENTED.indexOf('# plots below');
  assert.equal(text, COMMENTED.slice(0, at) + insertion + COMMENTED.slice(at));
  assert.equal(text.split('\n')[line - 1], '  evaluate:');
  const parsed = parse(text) as { stages: Record<string, unknown>; plots: unknown[] };
  assert.deepEqual(Object.keys(parsed.stages), ['prepare', 'train', 'evaluate']);
  assert.deepEqual(parsed.stages.evaluate, {
    cmd: EVALUATE.cmd,
    deps: EVALUATE.deps,
    params: ['evaluate.threshold', { 'config.yaml': ['seed', 'split'] }],
    outs: ['eval/metrics.json'],
  });
  assert.equal(parsed.plots.length, 1, 'what follows the stages is untouched');
});

test('four-space indentation and unindented lists are followed', () => {
  const source = 'stages:\n    prepare:\n        cmd: python prepare.py\n        deps:\n        - data/raw\n';
  const { text } = addDvcStage(source, {
    name: 'train',
    cmd: 'python train.py',
    deps: ['data/prepared'],
    outs: [],
    params: [],
  });
  assert.equal(
    text,
    `${source}    train:\n        cmd: python train.py\n        deps:\n        - data/prepared\n`,
  );
});

test('a file without a trailing newline, without stages, or empty gets a stages section', () => {
  const stage: NewDvcStage = { name: 'train', cmd: 'python train.py', deps: [], outs: [], params: [] };
  assert.deepEqual(addDvcStage(undefined, stage), {
    text: 'stages:\n  train:\n    cmd: python train.py\n',
    line: 2,
  });
  assert.deepEqual(addDvcStage('', stage).text, 'stages:\n  train:\n    cmd: python train.py\n');
  assert.equal(
    addDvcStage('# only a comment', stage).text,
    '# only a comment\nstages:\n  train:\n    cmd: python train.py\n',
  );
  assert.equal(
    addDvcStage('params:\n  - params.yaml  # kept\n', stage).text,
    'params:\n  - params.yaml  # kept\nstages:\n  train:\n    cmd: python train.py\n',
  );
  assert.equal(
    addDvcStage('stages:\n  prepare:\n    cmd: echo hi', stage).text,
    'stages:\n  prepare:\n    cmd: echo hi\n  train:\n    cmd: python train.py\n',
  );
});

test('an empty stages: or stages: {} is filled through the Document API, keeping comments', () => {
  const stage: NewDvcStage = { name: 'train', cmd: 'python train.py', deps: ['a.csv'], outs: [], params: [] };
  for (const source of ['# head\nstages:\n# tail\n', '# head\nstages: {}\n# tail\n']) {
    const { text, line } = addDvcStage(source, stage);
    assert.match(text, /^# head\n/);
    assert.match(text, /# tail\n$/);
    assert.deepEqual(parse(text), { stages: { train: { cmd: 'python train.py', deps: ['a.csv'] } } });
    assert.equal(text.split('\n')[line - 1], '  train:', text);
  }
});

test('commands needing quotes are quoted, long ones are not folded', () => {
  const cmd = `python train.py --name "a: b" #not-a-comment ${'x'.repeat(150)}`;
  const { text } = addDvcStage('stages:\n  a:\n    cmd: echo\n', {
    name: 'b',
    cmd,
    deps: [],
    outs: [],
    params: [],
  });
  assert.equal((parse(text) as { stages: { b: { cmd: string } } }).stages.b.cmd, cmd);
  assert.equal(text.trimEnd().split('\n').length, 5);
});

test('refusals: existing stage, bad name, empty command, broken or foreign YAML', () => {
  const stage = (name: string, cmd = 'python x.py'): NewDvcStage => ({
    name,
    cmd,
    deps: [],
    outs: [],
    params: [],
  });
  const cases: [string | undefined, NewDvcStage, RegExp][] = [
    [COMMENTED, stage('train'), /already has a stage 'train'/],
    [COMMENTED, stage('my stage'), /not a valid DVC stage name/],
    [COMMENTED, stage('a/b'), /not a valid DVC stage name/],
    [COMMENTED, stage('a@1'), /not a valid DVC stage name/],
    [COMMENTED, stage(''), /the stage name is empty/],
    [COMMENTED, stage('ok', '  '), /needs a command/],
    ['stages:\n  a: [\n', stage('b'), /not valid YAML \(line \d+\)/],
    ['- just\n- a list\n', stage('b'), /must be a mapping/],
    ['stages:\n  - a\n', stage('b'), /stages: in dvc.yaml must be a mapping/],
  ];
  for (const [source, newStage, reason] of cases)
    assert.throws(
      () => addDvcStage(source, newStage),
      (e: unknown) => e instanceof DvcYamlEditError && reason.test(e.message),
    );
  assert.equal(stageNameProblem('train-v2_final'), undefined);
});

test('helpers: existing stage names and params grouping', () => {
  assert.deepEqual(existingStageNames(COMMENTED), ['prepare', 'train']);
  assert.deepEqual(existingStageNames(''), []);
  assert.deepEqual(groupParams(['a', 'f.yaml:x', 'b', 'f.yaml:y', 'g.json:z']), [
    'a',
    { 'f.yaml': ['x', 'y'] },
    'b',
    { 'g.json': ['z'] },
  ]);
});
