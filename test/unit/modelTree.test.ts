// The Models view's tree (without VS Code) on the model fixture read by the core readers.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readModels } from '../../src/core/models/readModels';
import type { ModelsSnapshot } from '../../src/core/models/types';
import {
  modelChildren,
  modelCount,
  modelItem,
  modelUris,
  type ModelWords,
} from '../../src/views/models/modelTree';

const ARCHIVE = path.resolve(__dirname, '..', 'fixtures', 'models', 'stores.tar.gz');
const WORDS: ModelWords = {
  group: (g) => g,
  versions: (n) => `${n} versions`,
  sourceRun: (s) => (s === 'present' || s === 'none' ? undefined : `run ${s}`),
  deprecated: 'deprecated',
};

let work = '';
let snapshot: ModelsSnapshot;

describe('Models view tree', () => {
  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-model-tree-'));
    execFileSync('tar', ['-xzf', ARCHIVE, '-C', work]);
    snapshot = await readModels([path.join(work, 'stores', 'filestore', 'mlruns')]);
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('lists registered models, then the logged models group', () => {
    const top = modelChildren(snapshot);
    assert.deepEqual(
      top.map((n) => modelItem(n, WORDS).label),
      ['iris-classifier', 'pyfunc-scorer', 'logged'],
    );
    assert.equal(modelCount(snapshot), 2 + 7);
    const logged = modelChildren(snapshot, top[2]);
    assert.equal(logged.length, 6, 'the deleted logged model is left out');
  });

  it('versions show aliases, stage and a gone source run, with a warning', () => {
    const [classifier] = modelChildren(snapshot);
    const items = modelChildren(snapshot, classifier).map((n) => modelItem(n, WORDS));
    assert.deepEqual(
      items.map((i) => [i.label, i.description, i.warning]),
      [
        ['v4', 'run missing', true],
        ['v3', '@challenger · run deleted', true],
        ['v2', '@champion · Production', false],
        ['v1', 'Archived', false],
      ],
    );
    assert.ok(items.every((i) => i.contextValue === 'mlopsLens.modelVersion.withRun'));
  });

  it('a model name found in two stores says which store each is', async () => {
    const both = await readModels([
      path.join(work, 'stores', 'filestore', 'mlruns'),
      path.join(work, 'stores', 'sqlite', 'mlflow.db'),
    ]);
    const items = modelChildren(both)
      .filter((n) => n.kind === 'registered')
      .map((n) => modelItem(n, WORDS));
    const classifiers = items.filter((i) => i.label === 'iris-classifier').map((i) => i.description);
    assert.deepEqual(classifiers.sort(), ['4 versions · filestore/mlruns', '4 versions · sqlite/mlflow.db']);
    assert.deepEqual(
      modelChildren(snapshot)
        .filter((n) => n.kind === 'registered')
        .map((n) => modelItem(n, WORDS).description),
      ['4 versions', '1 versions'],
      'a name in one store only shows its version count',
    );
  });

  it('model URIs: by version and by each alias', () => {
    const model = snapshot.registeredModels.find((m) => m.name === 'iris-classifier');
    const v2 = model?.versions.find((v) => v.version === '2');
    assert.ok(model && v2);
    assert.deepEqual(modelUris(model, v2), ['models:/iris-classifier/2', 'models:/iris-classifier@champion']);
  });
});
