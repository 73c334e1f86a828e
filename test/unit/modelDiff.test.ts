// Comparing model versions on the model fixture (test/fixtures/models, written by the real MLflow):
// registry references resolve, and signature changes are classified.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { diffModels, resolveModel, type ResolvedModel } from '../../src/core/models/modelDiff';
import { readModels } from '../../src/core/models/readModels';
import type { MlModel, ModelsSnapshot } from '../../src/core/models/types';

const ARCHIVE = path.resolve(__dirname, '..', 'fixtures', 'models', 'stores.tar.gz');
let work = '';
let snapshot: ModelsSnapshot;

function resolved(ref: string): ResolvedModel {
  const model = resolveModel(ref, snapshot);
  assert.ok(typeof model !== 'string', String(model));
  return model;
}

function withSignature(inputs: object[]): ResolvedModel {
  const mlmodel = {
    signature: { inputs, outputs: null, params: null },
    flavors: {},
    libraryVersions: {},
    files: [],
  };
  return {
    ref: 'x',
    name: null,
    version: null,
    runId: null,
    folder: null,
    mlmodel: mlmodel as unknown as MlModel,
  };
}

describe('model diff', () => {
  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-model-diff-'));
    execFileSync('tar', ['-xzf', ARCHIVE, '-C', work]);
    snapshot = await readModels([path.join(work, 'stores', 'sqlite')]);
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('resolves versions, aliases and says why a reference is not found', () => {
    assert.equal(resolved('models:/iris-classifier@champion').version, '2');
    assert.equal(resolved('models:/iris-classifier/1').version, '1');
    assert.ok(resolved('models:/iris-classifier/1').mlmodel?.signature?.inputs, 'its MLmodel is found');
    assert.equal(
      resolveModel('models:/iris-classifier@nope', snapshot),
      "model 'iris-classifier' has no alias 'nope'",
    );
    assert.equal(resolveModel('models:/nope/1', snapshot), "no registered model 'nope'");
    assert.match(String(resolveModel(work, snapshot)), /neither models:/);
  });

  it('two versions of one model: same signature and flavors', () => {
    const diff = diffModels(resolved('models:/iris-classifier/1'), resolved('models:/iris-classifier/2'), []);
    assert.deepEqual(diff.signature, []);
    assert.deepEqual(diff.flavors, { added: [], removed: [], libraryVersions: {} });
  });

  it('flavors and library versions of two different models', () => {
    const diff = diffModels(resolved('models:/iris-classifier/2'), resolved('models:/pyfunc-scorer/1'), []);
    assert.deepEqual(diff.flavors.removed, ['sklearn']);
    assert.deepEqual(diff.flavors.libraryVersions, { sklearn: { a: '1.9.1', b: null } });
    assert.ok(diff.signature.some((c) => c.section === 'params' && c.change === 'added' && !c.breaking));
  });

  it('flags breaking signature changes and marks compatible ones', () => {
    const a = withSignature([
      { name: 'x', type: 'long', required: true },
      { name: 'y', type: 'double', required: true },
      { name: 'z', type: 'double', required: true },
    ]);
    const b = withSignature([
      { name: 'x', type: 'double', required: true },
      { name: 'y', type: 'float', required: true },
      { name: 'w', type: 'string', required: false },
      { name: 'v', type: 'string', required: true },
    ]);
    const changes = Object.fromEntries(
      diffModels(a, b, []).signature.map((c) => [c.name, [c.change, c.breaking]]),
    );
    assert.deepEqual(changes, {
      x: ['type', false],
      y: ['type', true],
      z: ['removed', true],
      w: ['added', false],
      v: ['added', true],
    });
  });
});
