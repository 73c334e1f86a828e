// Broken model folders seen through the model card: a missing or malformed MLmodel, a signature
// that is not JSON, a source run that is gone, an input example that climbs out of the folder, is
// not JSON, is huge or is a FIFO; and hostile webview messages. Each is shown with the reason, the
// rest of the card is still there, nothing blocks and nothing is written. The stores are the model
// fixture (test/fixtures/models, written by the real MLflow) extracted to a scratch folder.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { readModels } from '../../src/core/models/readModels';
import { readSqliteStore } from '../../src/core/sources/mlflow/sqliteStore';
import { buildModelCard, type ModelCard } from '../../src/views/modelCard/card';
import { MAX_EXAMPLE_ROWS, parseInputExample } from '../../src/views/modelCard/inputExample';
import { parseModelCardMessage, parseModelCardState } from '../../src/views/modelCard/protocol';

const ARCHIVE = path.resolve(__dirname, '..', 'fixtures', 'models', 'stores.tar.gz');
const scratches: string[] = [];
after(() => {
  for (const dir of scratches) fs.rmSync(dir, { recursive: true, force: true });
});

function extracted(): { sqlite: string; db: string } {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-hostile-card-')));
  scratches.push(root);
  execFileSync('tar', ['-xzf', ARCHIVE, '-C', root]);
  return { sqlite: path.join(root, 'stores/sqlite'), db: path.join(root, 'stores/sqlite/mlflow.db') };
}

async function cardOf(sqlite: string, db: string, name: string, version: string): Promise<ModelCard> {
  const snapshot = await readModels([sqlite]);
  const { runs } = await readSqliteStore(db);
  return buildModelCard({ kind: 'version', store: db, name, version }, snapshot, (store, id) =>
    runs.find((r) => r.store === store && r.id === id),
  );
}

/** Every path below a folder with its size and modification time: what "nothing written" compares. */
function stateOf(dir: string): string[] {
  const lines: string[] = [];
  const visit = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      const stat = fs.lstatSync(full);
      lines.push(`${full} ${stat.size} ${stat.mtimeMs}`);
      if (entry.isDirectory()) visit(full);
    }
  };
  visit(dir);
  return lines.sort();
}

const reasons = (card: ModelCard): string => card.problems.map((p) => p.reason).join('\n');

describe('hostile model cards', () => {
  it('a missing MLmodel: the card says so, with the file', async () => {
    const { sqlite, db } = extracted();
    const folder = (await cardOf(sqlite, db, 'iris-classifier', '2')).folder ?? '';
    fs.rmSync(path.join(folder, 'MLmodel'));
    const card = await cardOf(sqlite, db, 'iris-classifier', '2');
    assert.ok(
      card.problems.some((p) => p.path === path.join(folder, 'MLmodel') && /no MLmodel file/.test(p.reason)),
      reasons(card),
    );
    assert.deepEqual(card.flavors, []);
    assert.ok(card.files.length > 0, 'the files are still listed');
    assert.ok(card.run, 'the source run is still shown');
  });

  it('a malformed MLmodel and a signature that is not JSON: reported, the rest shown', async () => {
    const { sqlite, db } = extracted();
    const folder = (await cardOf(sqlite, db, 'iris-classifier', '2')).folder ?? '';
    const file = path.join(folder, 'MLmodel');
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, original.replace(/inputs: '\[/, "inputs: '{[not json"));
    const broken = await cardOf(sqlite, db, 'iris-classifier', '2');
    assert.match(reasons(broken), /signature inputs is not valid JSON/);
    assert.equal(broken.signature?.inputs, null);
    assert.equal(broken.signature?.outputs?.length, 1, 'the outputs are still shown');
    assert.ok(broken.flavors.length > 0);
    fs.writeFileSync(file, 'flavors: [1, 2\nsignature: {');
    const malformed = await cardOf(sqlite, db, 'iris-classifier', '2');
    assert.match(reasons(malformed), /unreadable MLmodel/);
  });

  it('source runs deleted or removed for good: the card says which', async () => {
    const { sqlite, db } = extracted();
    const snapshot = await readModels([sqlite]);
    const versions = snapshot.registeredModels.find((m) => m.name === 'iris-classifier')?.versions ?? [];
    const deleted = versions.find((v) => v.sourceRun === 'deleted');
    const missing = versions.find((v) => v.sourceRun === 'missing');
    assert.ok(deleted && missing, 'the fixture has both');
    const a = await cardOf(sqlite, db, 'iris-classifier', deleted.version);
    assert.ok(a.notices.includes('runDeleted'), String(a.notices));
    const b = await cardOf(sqlite, db, 'iris-classifier', missing.version);
    assert.ok(b.notices.includes('runMissing'), String(b.notices));
    assert.equal(b.run?.id, missing.runId);
    assert.deepEqual(b.run?.params, []);
  });

  it('an input example path that leaves the folder is not read', async () => {
    const { sqlite, db } = extracted();
    const folder = (await cardOf(sqlite, db, 'iris-classifier', '2')).folder ?? '';
    const file = path.join(folder, 'MLmodel');
    fs.writeFileSync(path.join(folder, '..', 'secret.json'), '{"columns": ["secret"], "data": [[1]]}');
    fs.writeFileSync(
      file,
      fs
        .readFileSync(file, 'utf8')
        .replace('artifact_path: input_example.json', 'artifact_path: ../secret.json'),
    );
    const card = await cardOf(sqlite, db, 'iris-classifier', '2');
    assert.equal(card.inputExample.kind, 'none');
    assert.match(reasons(card), /not a file inside the model folder/);
  });

  it('an input example that is not JSON, huge, or a FIFO: raw, capped, or a reason; never blocks', async () => {
    const { sqlite, db } = extracted();
    const folder = (await cardOf(sqlite, db, 'iris-classifier', '2')).folder ?? '';
    const example = path.join(folder, 'input_example.json');
    fs.writeFileSync(example, '<script>alert(1)</script>');
    const raw = (await cardOf(sqlite, db, 'iris-classifier', '2')).inputExample;
    assert.equal(raw.kind, 'raw');
    assert.equal(raw.kind === 'raw' && raw.text, '<script>alert(1)</script>');
    fs.writeFileSync(
      example,
      JSON.stringify({ columns: ['x'], data: Array.from({ length: 50_000 }, (_, i) => [i]) }),
    );
    const huge = (await cardOf(sqlite, db, 'iris-classifier', '2')).inputExample;
    assert.ok(
      huge.kind === 'raw' && huge.truncated && huge.text.length <= 4000,
      'too large: shown raw, capped',
    );
    fs.rmSync(example);
    execFileSync('mkfifo', [example]);
    const card = await cardOf(sqlite, db, 'iris-classifier', '2');
    assert.match(reasons(card), /unreadable input example: not a regular file/);
  });

  it('a big example table is capped', () => {
    const view = parseInputExample(
      JSON.stringify({ columns: ['x'], data: Array.from({ length: 500 }, (_, i) => [i]) }),
    );
    assert.ok(view.kind === 'table');
    assert.equal(view.table.rows.length, MAX_EXAMPLE_ROWS);
    assert.equal(view.table.omittedRows, 500 - MAX_EXAMPLE_ROWS);
  });

  it('building every card of the fixture writes nothing', async () => {
    const { sqlite, db } = extracted();
    const before = stateOf(sqlite);
    for (const version of ['1', '2', '3', '4']) await cardOf(sqlite, db, 'iris-classifier', version);
    assert.deepEqual(stateOf(sqlite), before);
  });

  it('webview messages and saved state are validated', () => {
    assert.equal(parseModelCardMessage({ type: 'copyUri' }), undefined);
    assert.equal(parseModelCardMessage({ type: 'copyUri', uri: 'x'.repeat(5000) }), undefined);
    assert.equal(parseModelCardMessage({ type: 'eval', code: '1' }), undefined);
    assert.equal(parseModelCardMessage(null), undefined);
    assert.deepEqual(parseModelCardMessage({ type: 'openRun', extra: 1 }), { type: 'openRun' });
    assert.equal(
      parseModelCardState({ ref: { kind: 'version', store: '', name: 'a', version: '1' } }),
      undefined,
    );
    assert.equal(parseModelCardState({ ref: { kind: 'other', store: 's' } }), undefined);
    assert.equal(parseModelCardState('garbage'), undefined);
    assert.deepEqual(parseModelCardState({ ref: { kind: 'logged', store: 's', modelId: 'm-1' } }), {
      ref: { kind: 'logged', store: 's', modelId: 'm-1' },
    });
  });
});
