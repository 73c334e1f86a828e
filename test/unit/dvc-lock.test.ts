import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import test from 'node:test';
import { dotDvcLock, dotDvcStage, parseDotDvcFile } from '../../src/core/sources/dvc/dvcFile';
import { parseDvcLock } from '../../src/core/sources/dvc/dvcLock';
import { corpusPath, corpusSkip } from './helpers/corpus';

test('dvc.lock schema 2.0: hash md5 (DVC 3) vs no hash key (DVC 2 md5-dos2unix), .dir entries, params, cmd lists', () => {
  const { lock, problems } = parseDvcLock(
    [
      "schema: '2.0'",
      'stages:',
      '  train:',
      '    cmd:',
      '    - python a.py',
      '    - python b.py',
      '    deps:',
      '    - path: data',
      '      hash: md5',
      '      md5: 3863d0e317dee0a55c4e59d2ec0eef33.dir',
      '      size: 24960',
      '      nfiles: 2',
      '    - path: legacy.txt',
      '      md5: 60b725f10c9c85c70d97880dfe8191b3',
      '    params:',
      '      params.yaml:',
      '        train.lr: 0.001',
      '    outs:',
      '    - path: s3://bucket/model',
      '      etag: abc',
      '',
    ].join('\n'),
    'dvc.lock',
  );
  assert.deepEqual(problems, []);
  assert.equal(lock?.schema, '2.0');
  const train = lock!.stages.train;
  assert.deepEqual(train.cmd, ['python a.py', 'python b.py']);
  assert.deepEqual(train.deps, [
    {
      path: 'data',
      hashName: 'md5',
      checksum: '3863d0e317dee0a55c4e59d2ec0eef33.dir',
      size: 24960,
      nfiles: 2,
    },
    { path: 'legacy.txt', hashName: 'md5-dos2unix', checksum: '60b725f10c9c85c70d97880dfe8191b3' },
  ]);
  assert.deepEqual(train.params, { 'params.yaml': { 'train.lr': 0.001 } });
  assert.deepEqual(train.outs, [{ path: 's3://bucket/model', hashName: 'etag', checksum: 'abc' }]);
});

test('the schema-less DVC 1.0 lock (stage names at the top) from the corpus', { skip: corpusSkip }, () => {
  const file = corpusPath('iterative__example-get-started', '2020-first-dvc.lock@3df98ae', 'dvc.lock');
  const { lock, problems } = parseDvcLock(fs.readFileSync(file, 'utf8'), file);
  assert.deepEqual(problems, []);
  assert.equal(lock?.schema, '1.0');
  assert.deepEqual(Object.keys(lock!.stages).sort(), ['evaluate', 'featurize', 'prepare', 'train']);
  assert.equal(lock!.stages.featurize.outs[0].checksum, '42c7025fc0edeb174069280d17add2d4.dir');
  assert.equal(lock!.stages.featurize.outs[0].hashName, 'md5-dos2unix');
});

test('bad lock files are problems, not exceptions', () => {
  assert.match(
    parseDvcLock("schema: '3.0'\nstages: {}\n", 'x').problems[0].reason,
    /unsupported lock file schema/,
  );
  assert.match(parseDvcLock('[oops', 'x').problems[0].reason, /invalid YAML/);
  assert.match(parseDvcLock('- a\n', 'x').problems[0].reason, /must be a mapping/);
  assert.deepEqual(parseDvcLock('', 'x').lock, { schema: '2.0', stages: {} });
});

test('.dvc data files (dvc add, dvc import) and DVC 0.x stage files', () => {
  const added = parseDotDvcFile(
    'outs:\n- md5: 20b786b6e6f80e2b3fcf17827ad18597.dir\n  size: 133000\n  nfiles: 4\n  hash: md5\n  path: data\n',
    '/p/data.dvc',
  ).dvcFile!;
  assert.equal(added.wdir, '/p');
  assert.equal(added.isImport, false);
  assert.deepEqual(added.outs[0], {
    path: 'data',
    hashName: 'md5',
    checksum: '20b786b6e6f80e2b3fcf17827ad18597.dir',
    size: 133000,
    nfiles: 4,
    cache: true,
    persist: false,
    metric: false,
  });
  assert.equal(dotDvcStage(added), undefined, 'a data file is not a stage');
  assert.match(parseDotDvcFile('- x\n', 'a.dvc').problems[0].reason, /must be a mapping/);
});

test('.dvc files from the corpus: a frozen dvc import and a DVC 0.x stage file', { skip: corpusSkip }, () => {
  const importFile = corpusPath(
    'iterative__example-get-started',
    'HEAD-artifacts@06ea489',
    'data',
    'data.xml.dvc',
  );
  const imported = parseDotDvcFile(fs.readFileSync(importFile, 'utf8'), importFile).dvcFile!;
  assert.equal(imported.isImport, true);
  assert.equal(imported.frozen, true);

  const stageFile = corpusPath(
    'iterative__example-get-started',
    '2019-dvc0.x-stage-files@72e0f12',
    'evaluate.dvc',
  );
  const old = parseDotDvcFile(fs.readFileSync(stageFile, 'utf8'), stageFile).dvcFile!;
  const stage = dotDvcStage(old)!;
  assert.equal(stage.name, 'evaluate.dvc');
  assert.deepEqual(stage.cmd, ['python src/evaluate.py model.pkl data/features auc.metric']);
  assert.deepEqual(stage.deps, ['src/evaluate.py', 'model.pkl', 'data/features']);
  assert.deepEqual(stage.outs, [{ path: 'auc.metric', cache: false, persist: false, kind: 'metrics' }]);
  assert.equal(dotDvcLock(old).deps[0].hashName, 'md5-dos2unix');
});
