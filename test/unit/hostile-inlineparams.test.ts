// Hostile input for inline params and metrics: a params file caught half-typed at every length
// (hints vanish, nothing throws), a params file over 5 MiB (refused fast with a reason), a baseline
// revision that does not exist (a clear error, HEAD still works), broken model registry files, and
// values that would break the hover's table or sparkline.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DataError } from '../../src/core/data/model';
import { DataRepo, workspaceTree } from '../../src/core/data/versions';
import { placeHints } from '../../src/core/inline/hints';
import { escapeCell, historyTable } from '../../src/core/inline/history';
import { locateValues } from '../../src/core/inline/locate';
import { fileStoreAliases, sqliteAliases } from '../../src/core/inline/modelAlias';
import initSqlJs from 'sql.js';
import {
  editedFileChanges,
  overlayTree,
  readTreeSides,
  readWorkspaceContext,
  wholeFileSide,
} from '../../src/core/inline/sides';
import { sparklineSvg } from '../../src/core/inline/pointSparkline';

const repoRoot = path.resolve(__dirname, '..', '..');
let work = '';
let root = '';

before(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-hostile-inline-'));
  execFileSync('tar', ['-xzf', path.join(repoRoot, 'test/fixtures/params-diff/repos.tar.gz'), '-C', work]);
  root = path.join(work, 'repo');
});

after(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** What the editor computes for one version of a document: the changes, then hints where they are written. */
async function hintsFor(baseline: Awaited<ReturnType<typeof readTreeSides>>, file: string, text: string) {
  const workspace = await readWorkspaceContext(workspaceTree(root), root);
  const changes = editedFileChanges('params', file, text, baseline, workspace);
  const spans = locateValues(text, file);
  return spans ? placeHints('params', changes, spans).hints : [];
}

describe('a params file while the user types', () => {
  for (const file of ['params.yaml', 'params.json', 'params.toml', 'config.py'])
    it(`${file} cut at every length: never a throw, no hints while it does not parse`, async () => {
      const repo = new DataRepo(root);
      try {
        const baseline = await readTreeSides(await repo.treeAt(await repo.resolve('HEAD')), root, {
          dvcCache: true,
        });
        const full = fs.readFileSync(path.join(root, file), 'utf8');
        let unparsable = 0;
        for (let length = 0; length <= full.length; length += 3) {
          const text = full.slice(0, length);
          const hints = await hintsFor(baseline, file, text);
          if (locateValues(text, file) === null) {
            unparsable++;
            assert.deepEqual(hints, [], `${file} at ${length}`);
          }
          for (const hint of hints)
            assert.ok(hint.offset <= text.length, `${file} at ${length}: a hint past the end`);
        }
        assert.ok(unparsable > 0, `${file}: some prefixes do not parse`);
      } finally {
        repo.close();
      }
    });

  it('text mid-edit with tabs, unbalanced brackets and a lone quote', () => {
    for (const [file, text] of [
      ['params.yaml', 'train:\n\tlr: 0.1\n'],
      ['params.yaml', 'a: [1, {b: 2]\n'],
      ['params.json', '{"a": [1, 2}'],
      ['params.toml', 'a = "x\nb = 1\n'],
      ['config.py', 'A = (1,\nB = 2\n'],
    ])
      assert.doesNotThrow(() => locateValues(text, file), `${file}: ${JSON.stringify(text)}`);
  });
});

describe('a params file over 5 MiB', () => {
  it('is refused quickly with the reason, and gives no hints', async () => {
    const big = `lr: 0.1\npad: "${'x'.repeat(5 * 1024 * 1024 + 16)}"\n`;
    const started = Date.now();
    const side = wholeFileSide(big, 'params.yaml', 'params');
    const entry = side['params.yaml'];
    assert.ok(
      entry && 'error' in entry && /too large/.test(entry.error),
      JSON.stringify(entry).slice(0, 200),
    );
    const workspace = await readTreeSides(overlayTree(workspaceTree(root), 'params.yaml', big), root);
    assert.ok(workspace.error === undefined || /too large|params\.yaml/.test(workspace.error));
    assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
  });
});

describe('a baseline revision that does not exist', () => {
  it('gives a DataError naming it; HEAD and the tag still resolve', async () => {
    const repo = new DataRepo(root);
    try {
      await assert.rejects(repo.resolve('no-such-tag'), (error: unknown) => {
        assert.ok(error instanceof DataError);
        assert.match(error.reason, /unknown Git revision 'no-such-tag'/);
        return true;
      });
      await assert.rejects(repo.resolve('--output=/tmp/x'), DataError);
      assert.match(await repo.resolve('HEAD'), /^[0-9a-f]{40}$/);
      assert.match(await repo.resolve('v1'), /^[0-9a-f]{40}$/);
    } finally {
      repo.close();
    }
  });

  it('a tag deleted after it was chosen no longer resolves (the status bar then falls back to HEAD)', async () => {
    execFileSync('git', ['tag', '-d', 'v1'], { cwd: root, stdio: 'ignore' });
    const repo = new DataRepo(root);
    try {
      await assert.rejects(repo.resolve('v1'), DataError);
    } finally {
      repo.close();
    }
  });
});

describe('model registry files', () => {
  it('aliases with garbage versions, missing versions and deleted versions give no run', () => {
    const mlruns = path.join(work, 'mlruns');
    const model = path.join(mlruns, 'models', 'clf');
    fs.mkdirSync(path.join(model, 'aliases'), { recursive: true });
    fs.mkdirSync(path.join(model, 'version-1'));
    fs.mkdirSync(path.join(model, 'version-2'));
    fs.writeFileSync(
      path.join(model, 'version-1', 'meta.yaml'),
      'run_id: abc123\ncurrent_stage: None\nversion: 1\n',
    );
    fs.writeFileSync(
      path.join(model, 'version-2', 'meta.yaml'),
      'run_id: def456\ncurrent_stage: Deleted_Internal\n',
    );
    fs.writeFileSync(path.join(model, 'aliases', 'champion'), '1');
    fs.writeFileSync(path.join(model, 'aliases', 'gone'), '2');
    fs.writeFileSync(path.join(model, 'aliases', 'missing'), '9');
    fs.writeFileSync(path.join(model, 'aliases', 'garbage'), 'not a version\u0000');
    fs.mkdirSync(path.join(model, 'aliases', 'a-folder'));
    assert.deepEqual(fileStoreAliases(mlruns), [
      { model: 'clf', alias: 'champion', version: '1', runId: 'abc123' },
      { model: 'clf', alias: 'gone', version: '2', runId: null },
      { model: 'clf', alias: 'missing', version: '9', runId: null },
    ]);
    assert.deepEqual(fileStoreAliases(path.join(work, 'no-store')), []);
  });
});

describe('model registry tables (SQLite)', () => {
  it('aliases join their versions; a deleted or missing version gives no run; no registry gives none', async () => {
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    db.run(`CREATE TABLE model_versions (name TEXT, version INT, run_id TEXT, current_stage TEXT);
      CREATE TABLE registered_model_aliases (name TEXT, alias TEXT, version INT);
      INSERT INTO model_versions VALUES ('clf', 1, 'r1', 'None'), ('clf', 2, 'r2', 'Deleted_Internal');
      INSERT INTO registered_model_aliases VALUES ('clf', 'champion', 1), ('clf', 'old', 2), ('clf', 'lost', 7);`);
    const file = path.join(work, 'mlflow.db');
    fs.writeFileSync(file, db.export());
    db.close();
    assert.deepEqual(await sqliteAliases(file), [
      { model: 'clf', alias: 'champion', version: '1', runId: 'r1' },
      { model: 'clf', alias: 'lost', version: '7', runId: null },
      { model: 'clf', alias: 'old', version: '2', runId: null },
    ]);
    const empty = new SQL.Database();
    empty.run('CREATE TABLE runs (run_uuid TEXT)');
    fs.writeFileSync(path.join(work, 'plain.db'), empty.export());
    empty.close();
    assert.deepEqual(await sqliteAliases(path.join(work, 'plain.db')), []);
    await assert.rejects(sqliteAliases(path.join(work, 'params.yaml.db')));
  });
});

describe('hover values', () => {
  it('pipes, backticks and line breaks in values do not break the table', () => {
    const table = historyTable(
      {
        metric: 'acc',
        direction: 'max',
        lines: [
          {
            label: 'a|b',
            kind: 'experiment',
            rev: 'x',
            value: 'x|y`z\nw',
            metric: 1,
            best: true,
            isBaseline: false,
          },
        ],
      },
      { revision: 'R', value: 'V', metric: 'acc', best: 'best', baseline: 'b' },
      String,
    );
    assert.equal(table.split('\n').length, 3);
    assert.equal(escapeCell('a|b'), 'a\\|b');
  });

  it('the sparkline ignores NaN and infinite points and needs two points', () => {
    assert.equal(
      sparklineSvg([
        { x: 1, y: NaN },
        { x: Infinity, y: 1 },
        { x: 2, y: 3 },
      ]),
      null,
    );
    const svg = sparklineSvg([
      { x: 1, y: 1 },
      { x: 1, y: 1 },
    ]);
    assert.ok(svg && !/NaN|Infinity/.test(svg), svg ?? '');
  });
});
