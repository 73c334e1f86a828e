import assert from 'node:assert/strict';
import * as path from 'node:path';
import test from 'node:test';
import { experimentParams } from '../../src/core/launch/experimentParams';
import type { DvcStage } from '../../src/core/pipeline/model';

const ROOT = path.resolve('/repo');

function stage(name: string, params: DvcStage['params'], wdir = ROOT): DvcStage {
  return {
    kind: 'dvc',
    dvcfile: path.join(ROOT, 'dvc.yaml'),
    name,
    cmd: [`python ${name}.py`],
    wdir,
    deps: [],
    params,
    outs: [],
    frozen: false,
    line: 1,
  };
}

const FILES: Record<string, Record<string, unknown>> = {
  [path.join(ROOT, 'params.yaml')]: {
    prepare: { split: 0.2, seed: 1 },
    train: { lr: 0.01, epochs: 10, layers: [64, 32], optimizer: { name: 'adam' } },
  },
  [path.join(ROOT, 'conf', 'eval.json')]: { threshold: 0.5, name: 'eval run' },
};

test('key lists, sections expanded to their leaves, whole files listed key by key; each once', () => {
  const stages = [
    stage('prepare', [{ file: 'params.yaml', keys: ['prepare.split'] }]),
    stage('train', [{ file: 'params.yaml', keys: ['train', 'prepare.split'] }]),
    stage('evaluate', [{ file: 'eval.json', keys: null }], path.join(ROOT, 'conf')),
  ];
  const params = experimentParams(stages, (f) => FILES[f]);
  assert.deepEqual(
    params.map((p) => [path.relative(ROOT, p.file), p.key, p.value]),
    [
      ['params.yaml', 'prepare.split', 0.2],
      ['params.yaml', 'train.lr', 0.01],
      ['params.yaml', 'train.epochs', 10],
      ['params.yaml', 'train.layers', [64, 32]],
      ['params.yaml', 'train.optimizer.name', 'adam'],
      [path.join('conf', 'eval.json'), 'threshold', 0.5],
      [path.join('conf', 'eval.json'), 'name', 'eval run'],
    ],
  );
});

test('a missing file or key still lists the named keys, without a value', () => {
  const params = experimentParams(
    [
      stage('train', [
        { file: 'missing.yaml', keys: ['a.b'] },
        { file: 'params.yaml', keys: ['nope'] },
      ]),
    ],
    (f) => FILES[f],
  );
  assert.deepEqual(
    params.map((p) => [p.key, p.value]),
    [
      ['a.b', undefined],
      ['nope', undefined],
    ],
  );
  assert.deepEqual(
    experimentParams([stage('x', [{ file: 'missing.yaml', keys: null }])], () => undefined),
    [],
  );
});
