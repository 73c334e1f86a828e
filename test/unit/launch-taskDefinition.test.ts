import assert from 'node:assert/strict';
import * as path from 'node:path';
import test from 'node:test';
import {
  definitionDvcfile,
  definitionFor,
  findDefinitionItem,
  parseTaskDefinition,
} from '../../src/core/launch/taskDefinition';
import type { PipelineItem } from '../../src/core/pipeline/model';

const FOLDER = path.resolve('/ws');

const ITEMS: PipelineItem[] = [
  {
    kind: 'dvc',
    dvcfile: path.join(FOLDER, 'dvc.yaml'),
    name: 'train',
    cmd: ['python train.py'],
    wdir: FOLDER,
    deps: [],
    params: [],
    outs: [],
    frozen: false,
    line: 2,
  },
  {
    kind: 'dvc',
    dvcfile: path.join(FOLDER, 'sub', 'dvc.yaml'),
    name: 'train',
    cmd: ['python sub.py'],
    wdir: path.join(FOLDER, 'sub'),
    deps: [],
    params: [],
    outs: [],
    frozen: false,
    line: 2,
  },
  { kind: 'make', file: path.join(FOLDER, 'Makefile'), name: 'lint', command: 'make lint', line: 1 },
  {
    kind: 'mlproject',
    file: path.join(FOLDER, 'MLproject'),
    name: 'main',
    command: 'python m.py',
    parameters: [],
    line: 3,
  },
];

test('a valid definition parses with its optional fields', () => {
  const parsed = parseTaskDefinition({
    type: 'mlops-lens',
    kind: 'mlproject',
    name: 'main',
    file: 'MLproject',
    parameters: { alpha: '0.1' },
    extra: 'ignored',
  });
  assert.deepEqual(parsed, {
    ok: true,
    definition: {
      type: 'mlops-lens',
      kind: 'mlproject',
      name: 'main',
      file: 'MLproject',
      parameters: { alpha: '0.1' },
    },
  });
  const exp = parseTaskDefinition({
    type: 'mlops-lens',
    kind: 'dvc-exp',
    name: '',
    setParams: ['train.lr=0.1'],
  });
  assert.equal(exp.ok, true);
});

test('bad definitions are refused with the field at fault', () => {
  const error = (value: unknown): string => {
    const parsed = parseTaskDefinition(value);
    assert.equal(parsed.ok, false);
    return parsed.ok ? '' : parsed.error;
  };
  assert.match(error(null), /"type"/);
  assert.match(error({ type: 'shell' }), /"type"/);
  assert.match(error({ type: 'mlops-lens', kind: 'run', name: 'x' }), /"kind"/);
  assert.match(error({ type: 'mlops-lens', kind: 'make', name: '' }), /"name"/);
  assert.match(error({ type: 'mlops-lens', kind: 'make', name: 3 }), /"name"/);
  assert.match(error({ type: 'mlops-lens', kind: 'make', name: 'x', file: '' }), /"file"/);
  assert.match(
    error({ type: 'mlops-lens', kind: 'mlproject', name: 'x', parameters: { a: 1 } }),
    /"parameters"/,
  );
  assert.match(
    error({ type: 'mlops-lens', kind: 'dvc-exp', name: '', setParams: ['no-equals'] }),
    /"setParams"/,
  );
});

test('definitions find their item: default file at the folder root, or the named file', () => {
  const root = findDefinitionItem({ type: 'mlops-lens', kind: 'dvc-stage', name: 'train' }, ITEMS, FOLDER);
  assert.ok(root.ok && root.item.kind === 'dvc' && root.item.cmd[0] === 'python train.py');
  const sub = findDefinitionItem(
    { type: 'mlops-lens', kind: 'dvc-upstream', name: 'train', file: 'sub/dvc.yaml' },
    ITEMS,
    FOLDER,
  );
  assert.ok(sub.ok && sub.item.kind === 'dvc' && sub.item.cmd[0] === 'python sub.py');
  const make = findDefinitionItem({ type: 'mlops-lens', kind: 'make', name: 'lint' }, ITEMS, FOLDER);
  assert.ok(make.ok && make.item.kind === 'make');
  const entry = findDefinitionItem({ type: 'mlops-lens', kind: 'mlproject', name: 'main' }, ITEMS, FOLDER);
  assert.ok(entry.ok && entry.item.kind === 'mlproject');
});

test('a missing item or file is explained', () => {
  const missing = findDefinitionItem({ type: 'mlops-lens', kind: 'dvc-stage', name: 'nope' }, ITEMS, FOLDER);
  assert.deepEqual(missing, { ok: false, error: 'dvc.yaml has no stage "nope"' });
  const noFile = findDefinitionItem(
    { type: 'mlops-lens', kind: 'make', name: 'x', file: 'other/Makefile' },
    ITEMS,
    FOLDER,
  );
  assert.deepEqual(noFile, { ok: false, error: 'nothing to run was found in other/Makefile' });
});

test('definitions we provide name the file relative to the folder, and round-trip', () => {
  const definition = definitionFor('dvc-stage', ITEMS[1], FOLDER);
  assert.deepEqual(definition, {
    type: 'mlops-lens',
    kind: 'dvc-stage',
    name: 'train',
    file: 'sub/dvc.yaml',
  });
  const parsed = parseTaskDefinition(JSON.parse(JSON.stringify(definition)));
  assert.ok(parsed.ok);
  const found = findDefinitionItem(parsed.definition, ITEMS, FOLDER);
  assert.ok(found.ok && found.item === ITEMS[1]);
  assert.equal(
    definitionDvcfile({ type: 'mlops-lens', kind: 'dvc-exp', name: '' }, FOLDER),
    path.join(FOLDER, 'dvc.yaml'),
  );
});
