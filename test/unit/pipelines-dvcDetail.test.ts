// DVC's status words are parsed into groups that the view words in the display language
// (src/views/pipelines/dvcWords.ts); read back in English they must be DVC's words unchanged.
import assert from 'node:assert/strict';
import test from 'node:test';
import type { StageStatus } from '../../src/core/pipeline/model';
import { parseDvcDetail, splitDvcReason, type DvcDetailPart } from '../../src/views/pipelines/dvcDetail';
import { statusSummary } from '../../src/views/pipelines/pipelineTreeModel';

/** What dvcWords renders with the English bundle (every message is its own text). */
const english = (parts: DvcDetailPart[]): string =>
  parts.map((p) => ('phrase' in p ? p.phrase : `${p.verb} ${p.objects.join(', ')}`)).join(', ');

const REASONS = [
  'changed deps: data/raw.csv (modified)',
  'changed deps: src/prepare.py (new)',
  'changed params: params.yaml: prepare.factor (modified)',
  'missing outs: data/prepared',
  'changed outs: model.pkl (not in cache)',
  'changed command',
  'always changed',
  'changed checksum',
];

test('a stage summary parses into verb groups and phrases, and reads back as DVC wrote it', () => {
  const status = { state: 'changed', reasons: REASONS } as StageStatus;
  const { detail } = statusSummary({ state: 'known', status, root: '/repo' });
  assert.equal(
    detail,
    'changed deps, params, missing outs, changed outs, command, always changed, changed checksum',
  );
  const parts = parseDvcDetail(detail);
  assert.deepEqual(parts, [
    { verb: 'changed', objects: ['deps', 'params'] },
    { verb: 'missing', objects: ['outs'] },
    { verb: 'changed', objects: ['outs', 'command'] },
    { phrase: 'always changed' },
    { verb: 'changed', objects: ['checksum'] },
  ]);
  assert.equal(english(parts), detail);
});

test('data file changes are phrases, each on its own', () => {
  for (const detail of ['modified', 'deleted, not in cache', 'new, always changed'])
    assert.equal(english(parseDvcDetail(detail)), detail);
  assert.deepEqual(parseDvcDetail('deleted, not in cache'), [
    { phrase: 'deleted' },
    { phrase: 'not in cache' },
  ]);
});

test('a reason line splits into its category, its paths and the change word', () => {
  assert.deepEqual(splitDvcReason('changed params: params.yaml: lr (modified)'), {
    category: 'changed params',
    middle: ': params.yaml: lr ',
    change: 'modified',
  });
  assert.deepEqual(splitDvcReason('missing outs: data/prepared'), {
    category: 'missing outs',
    middle: ': data/prepared',
  });
  assert.deepEqual(splitDvcReason('changed command'), { category: 'changed command', middle: '' });
  for (const reason of REASONS) {
    const { category, middle, change } = splitDvcReason(reason);
    assert.equal(`${english(parseDvcDetail(category))}${middle}${change ? `(${change})` : ''}`, reason);
  }
});
