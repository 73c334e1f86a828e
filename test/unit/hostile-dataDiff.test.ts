// Hostile inputs of the Data Diff panel, through what the panel's worker runs (answer() over the
// real engine): an unreadable version and a ragged CSV become a failure with the path and the
// reason (shown in the panel), never a crash; page requests before a diff or out of range are safe.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { diffTables } from '../../src/core/data/table';
import { TableReadError, type TableDiff, type TableInput } from '../../src/core/data/table/types';
import { answer, inProcessTableDiffClient } from '../../src/extension/tableDiffClient';

const dir = mkdtempSync(join(tmpdir(), 'mlops-lens-hostile-datadiff-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function table(name: string, text: string, label = name): TableInput {
  const file = join(dir, name);
  writeFileSync(file, text);
  return { label, file, name: `data/${name}` };
}

describe('Data Diff on hostile inputs', () => {
  it('a missing version fails with its path and a reason', async () => {
    const client = inProcessTableDiffClient(diffTables);
    const good = table('good.csv', 'id,x\n1,2\n');
    const missing = { label: 'v1', file: join(dir, 'gone.csv'), name: 'data/gone.csv' };
    await assert.rejects(client.diff(missing, good, {}), (error: unknown) => {
      assert.ok(error instanceof TableReadError);
      assert.ok(error.path.includes('gone.csv'), error.path);
      assert.ok(error.reason.length > 0);
      return true;
    });
  });

  it('a ragged CSV fails with its path and a reason', async () => {
    const client = inProcessTableDiffClient(diffTables);
    const good = table('a.csv', 'id,x\n1,2\n2,3\n');
    const ragged = table('ragged.csv', 'id,x\n1,2\n2,3,4,5\n"unterminated\n');
    await assert.rejects(client.diff(good, ragged, {}), (error: unknown) => {
      assert.ok(error instanceof TableReadError, String(error));
      assert.ok(error.path.includes('ragged.csv'), error.path);
      return true;
    });
  });

  it('a worker answer carries the failure as data, and pages before any diff are refused', async () => {
    const holder: { diff: TableDiff | undefined } = { diff: undefined };
    const page = await answer(diffTables, holder, {
      id: 1,
      kind: 'page',
      request: { offset: 0, count: 10, changedOnly: false },
    });
    assert.deepEqual(page, { id: 1, ok: false, path: '', reason: 'no diff computed' });
    const binary = table('binary.parquet', '\u0000\u0001not parquet at all');
    const good = table('b.csv', 'id\n1\n');
    const failed = await answer(diffTables, holder, { id: 2, kind: 'diff', a: good, b: binary, options: {} });
    assert.equal(failed.ok, false);
    assert.ok(!failed.ok && failed.path.includes('binary.parquet'));
  });

  it('a page past the end is empty, not an error', async () => {
    const client = inProcessTableDiffClient(diffTables);
    const a = table('pa.csv', 'id,x\n1,2\n2,3\n');
    const b = table('pb.csv', 'id,x\n1,2\n2,4\n3,5\n');
    const { summary } = await client.diff(a, b, { key: 'id' });
    assert.deepEqual([summary.rows.added, summary.rows.changed, summary.rows.unchanged], [1, 1, 1]);
    const page = await client.page({ offset: 1_000_000, count: 200, changedOnly: true });
    assert.deepEqual(page.rows, []);
    assert.equal(page.total, 2);
  });
});
