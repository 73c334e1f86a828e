// The model card's content (src/views/modelCard) on the model fixture written by the real MLflow:
// flavors, signature, input example table, environment files, files, source run, version history.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Run } from '../../src/core/model';
import { readModels } from '../../src/core/models/readModels';
import type { ModelsSnapshot } from '../../src/core/models/types';
import { readSqliteStore } from '../../src/core/sources/mlflow/sqliteStore';
import { buildModelCard, type RunFinder } from '../../src/views/modelCard/card';
import { parseInputExample } from '../../src/views/modelCard/inputExample';
import { cardRefOf, modelCardChoices } from '../../src/views/modelCard/refs';

const ARCHIVE = path.resolve(__dirname, '..', 'fixtures', 'models', 'stores.tar.gz');
let work = '';
let snapshot: ModelsSnapshot;
let runs: Run[] = [];
let store = '';
const findRun: RunFinder = (s, id) => runs.find((r) => r.store === s && r.id === id);

describe('model card', () => {
  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-model-card-'));
    execFileSync('tar', ['-xzf', ARCHIVE, '-C', work]);
    store = path.join(work, 'stores', 'sqlite', 'mlflow.db');
    snapshot = await readModels([path.join(work, 'stores', 'sqlite')]);
    runs = (await readSqliteStore(store)).runs;
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('a registered version: flavors, signature, input example, environment, files, run, history', () => {
    const card = buildModelCard(
      { kind: 'version', store, name: 'iris-classifier', version: '2' },
      snapshot,
      findRun,
    );
    assert.deepEqual(card.notices, []);
    assert.deepEqual(card.problems, []);
    assert.deepEqual(card.uris, ['models:/iris-classifier/2', 'models:/iris-classifier@champion']);
    assert.deepEqual(
      card.flavors.map((f) => [f.name, f.libraryVersion]),
      [
        ['python_function', '3.11.7'],
        ['sklearn', '1.9.1'],
      ],
    );
    assert.deepEqual(card.signature?.inputs?.[0], {
      name: 'sepal_length',
      type: 'double',
      shape: '',
      required: true,
      extra: '',
    });
    assert.deepEqual(card.signature?.outputs?.[0]?.type, 'tensor int64');
    assert.deepEqual(card.signature?.outputs?.[0]?.shape, '(-1)');
    assert.equal(card.inputExample.kind, 'table');
    if (card.inputExample.kind === 'table') {
      assert.equal(card.inputExample.format, 'split');
      assert.deepEqual(card.inputExample.table.columns, [
        'sepal_length',
        'sepal_width',
        'petal_length',
        'petal_width',
      ]);
      assert.deepEqual(card.inputExample.table.rows[0], ['0.648', '0.469', '-0.643', '-1.178']);
    }
    assert.deepEqual(
      card.environment.map((e) => e.file),
      ['python_env.yaml', 'requirements.txt', 'conda.yaml'],
    );
    assert.match(card.environment[1]?.text ?? '', /scikit-learn/);
    assert.ok(card.files.some((f) => f.path === 'MLmodel' && f.size > 0));
    assert.equal(
      card.totalSize,
      card.files.reduce((s, f) => s + f.size, 0),
    );
    assert.ok(
      card.run && card.run.params.length > 0 && card.run.metrics.length > 0,
      'the source run is shown',
    );
    const history = card.versions.map((v) => [v.version, v.aliases.join(','), v.current]);
    assert.ok(history.some(([v, a, c]) => v === '2' && a === 'champion' && c === true));
    assert.ok(
      card.versions.some((v) => v.stage === 'Archived'),
      'stages are in the history',
    );
  });

  it('a version whose source run was deleted says so and still shows the model', () => {
    const model = snapshot.registeredModels.find((m) => m.name === 'iris-classifier' && m.store === store);
    const gone = model?.versions.find((v) => v.sourceRun === 'deleted' || v.sourceRun === 'missing');
    assert.ok(gone, 'the fixture has a version whose run is gone');
    const card = buildModelCard(
      { kind: 'version', store, name: 'iris-classifier', version: gone.version },
      snapshot,
      (s, id) => (gone.sourceRun === 'missing' ? undefined : findRun(s, id)),
    );
    assert.ok(
      card.notices.includes(gone.sourceRun === 'deleted' ? 'runDeleted' : 'runMissing'),
      String(card.notices),
    );
    assert.ok(card.flavors.length > 0);
  });

  it('a logged model: its id as URI, its flavors', () => {
    const logged = snapshot.loggedModels.find((m) => m.store === store && m.mlmodel);
    assert.ok(logged);
    const card = buildModelCard({ kind: 'logged', store, modelId: logged.modelId }, snapshot, findRun);
    assert.deepEqual(card.uris, [`models:/${logged.modelId}`]);
    assert.ok(card.flavors.length > 0);
  });

  it('an unknown model: a notice, nothing else', () => {
    const card = buildModelCard({ kind: 'version', store, name: 'nope', version: '1' }, snapshot, findRun);
    assert.deepEqual(card.notices, ['notFound']);
    assert.deepEqual(card.flavors, []);
  });

  it('reads the input example formats MLflow writes, raw otherwise', () => {
    const split = parseInputExample('{"dataframe_split": {"columns": ["a"], "data": [[1], [2]]}}');
    assert.deepEqual(split.kind === 'table' && split.table.rows, [['1'], ['2']]);
    const records = parseInputExample('[{"a": 1, "b": "x"}, {"b": "y"}]');
    assert.deepEqual(records.kind === 'table' && records.table, {
      columns: ['a', 'b'],
      rows: [
        ['1', 'x'],
        ['', 'y'],
      ],
      omittedRows: 0,
    });
    const tensor = parseInputExample('{"inputs": [[1, 2], [3, 4]]}');
    assert.deepEqual(tensor.kind === 'table' && tensor.table.columns, ['[0]', '[1]']);
    const named = parseInputExample('{"inputs": {"x": [1, 2], "y": [3, 4]}}');
    assert.deepEqual(named.kind === 'table' && named.table.rows, [
      ['1', '3'],
      ['2', '4'],
    ]);
    const text = parseInputExample('"hello"');
    assert.equal(text.kind, 'raw');
  });
  it('Open Model… lists every version, logged model and artifact folder; a tree node opens its card', () => {
    const choices = modelCardChoices(snapshot);
    assert.ok(choices.some((c) => c.label === 'iris-classifier v2' && c.description.includes('@champion')));
    assert.ok(choices.some((c) => c.ref.kind === 'logged'));
    const model = snapshot.registeredModels.find((m) => m.name === 'iris-classifier' && m.store === store);
    assert.ok(model);
    assert.deepEqual(cardRefOf({ kind: 'registered', model }), {
      kind: 'version',
      store,
      name: 'iris-classifier',
      version: model.versions[0]?.version,
    });
    assert.equal(cardRefOf({ kind: 'group', group: 'dvc', count: 1 }), undefined);
    for (const choice of choices)
      assert.ok(!buildModelCard(choice.ref, snapshot, findRun).notices.includes('notFound'), choice.label);
  });
});
