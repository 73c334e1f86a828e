// The table-diff engine on small crafted tables: CSV parsing (quotes, embedded newlines, BOM,
// sniffed delimiters, CRLF, pandas' missing-value texts), type inference, key detection, row
// alignment and pages.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { parseNumberBytes, NOT_A_NUMBER } from '../../src/core/data/table/column';
import { sniffDelimiter } from '../../src/core/data/table/csv';
import { diffTables } from '../../src/core/data/table/index';
import type { TableDiff, TableDiffOptions } from '../../src/core/data/table/types';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-table-diff-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));

let counter = 0;
async function diff(
  a: string | Buffer,
  b: string | Buffer,
  ext = 'csv',
  options?: TableDiffOptions,
): Promise<TableDiff> {
  const write = (content: string | Buffer) => {
    const file = path.join(work, `t${counter++}.${ext}`);
    fs.writeFileSync(file, content);
    return { label: file, file, name: `table.${ext}` };
  };
  return diffTables(write(a), write(b), options);
}

describe('CSV reading', () => {
  test('quoted fields hold delimiters, doubled quotes and newlines; a BOM is dropped', async () => {
    const text = 'id,note\r\n1,"a, b"\r\n2,"say ""hi"""\r\n3,"two\nlines"\r\n';
    const result = await diff(`\uFEFF${text}`, text);
    assert.deepEqual(result.summary.b.columns, [
      { name: 'id', type: 'number' },
      { name: 'note', type: 'string' },
    ]);
    assert.equal(result.summary.a.columns[0].name, 'id');
    assert.equal(result.summary.rows.unchanged, 3);
    const page = result.page({ offset: 0, count: 10, changedOnly: false });
    assert.deepEqual(
      page.rows.map((row) => row.cells[1].b),
      ['a, b', 'say "hi"', 'two\nlines'],
    );
  });

  test('the delimiter is sniffed: ";" and tabs', async () => {
    assert.equal(sniffDelimiter('a;b;c\n1;2,5;3\n', ','), ';');
    assert.equal(sniffDelimiter('a\tb\n1\t2\n', ','), '\t');
    assert.equal(sniffDelimiter('a,b\n1,2\n', '\t'), ',');
    const result = await diff('a;b\n1;x\n', 'a;b\n1;y\n');
    assert.deepEqual(result.summary.columns, ['a', 'b']);
    assert.equal(result.summary.rows.changed, 1);
  });

  test("pandas' missing-value texts, booleans, and a number column turned text", async () => {
    const result = await diff(
      'n,flag,mixed\nNA,True,1\n2,False,2\nnan,,x\n',
      'n,flag,mixed\n1,true,1\n,FALSE,2\n3,True,3\n',
    );
    const [n, flag, mixed] = result.summary.profiles;
    assert.deepEqual([n.a?.count, n.a?.nulls], [1, 2]);
    assert.equal(result.summary.a.columns[1].type, 'boolean');
    assert.equal(flag.a?.nulls, 1);
    assert.equal(result.summary.a.columns[2].type, 'string');
    assert.deepEqual(result.summary.schema, [
      { kind: 'retyped', column: 'mixed', from: 'string', to: 'number' },
    ]);
    assert.equal(mixed.a?.kind, 'category');
  });

  test('numbers are read exactly as JavaScript reads their text', () => {
    for (const text of [
      '0.1',
      '-2.5e-3',
      '123456789012345678',
      '1e300',
      '.5',
      '5.',
      '+7',
      ' 3 ',
      '0.30000000000000004',
    ]) {
      assert.equal(parseNumberBytes(Buffer.from(text), 0, text.length), Number(text.trim()), text);
    }
    for (const text of ['1e', '--1', '1.2.3', 'abc', '0x10']) {
      assert.equal(parseNumberBytes(Buffer.from(text), 0, text.length), NOT_A_NUMBER, text);
    }
  });

  test("a header with empty and repeated names gets pandas' names", async () => {
    const result = await diff(',a,a\n1,2,3\n', ',a,a\n1,2,3\n');
    assert.deepEqual(result.summary.columns, ['Unnamed: 0', 'a', 'a.1']);
  });
});

describe('alignment and pages', () => {
  const a = 'id,x,y\n1,10,a\n2,20,b\n3,30,c\n4,40,d\n';
  const b = 'id,x,y\n4,40,d\n2,21,b\n5,50,e\n1,10,a\n';

  test('a unique column is detected as the key; rows are matched whatever their order', async () => {
    const result = await diff(a, b);
    assert.deepEqual(result.summary.rows, {
      alignment: { kind: 'key', column: 'id', detected: true },
      added: 1,
      removed: 1,
      changed: 1,
      unchanged: 2,
    });
    const page = result.page({ offset: 0, count: 10, changedOnly: true });
    assert.equal(page.total, 3);
    assert.deepEqual(
      page.rows.map((row) => `${row.status} ${row.key}`),
      // B's order; A's row 3 (never matched) before the B row matched to a later row of A.
      ['removed 3', 'changed 2', 'added 5'],
    );
    assert.deepEqual(page.rows[1].cells[1], { a: '20', b: '21' });
    assert.deepEqual(page.rows[0].cells[0], { a: '3', b: null });
  });

  test('pages cut the filtered rows; out-of-range requests are clamped', async () => {
    const result = await diff(a, b);
    assert.deepEqual(
      result.page({ offset: 1, count: 1, changedOnly: true }).rows.map((row) => row.key),
      ['2'],
    );
    const all = result.page({ offset: 0, count: 100, changedOnly: false });
    assert.equal(all.total, 5);
    assert.equal(result.page({ offset: 99, count: 5, changedOnly: false }).rows.length, 0);
    assert.equal(result.page({ offset: -3, count: -1, changedOnly: false }).rows.length, 0);
  });

  test('a chosen key, and alignment by position on request', async () => {
    const byY = await diff(a, b, 'csv', { key: 'y' });
    assert.deepEqual(byY.summary.rows.alignment, { kind: 'key', column: 'y', detected: false });
    const byPosition = await diff(a, b, 'csv', { byPosition: true });
    assert.equal(byPosition.summary.rows.alignment.kind, 'position');
    assert.equal(byPosition.summary.rows.changed, 4);
    assert.equal(byPosition.page({ offset: 0, count: 1, changedOnly: true }).rows[0].key, '1');
  });

  test('JSON Lines and JSON lists are read into the same columns', async () => {
    const lines = '{"id": 1, "v": 0.5, "ok": true}\n{"id": 2, "v": null, "ok": false, "extra": "x"}\n';
    const list = JSON.stringify([
      { id: 1, v: 0.5, ok: true },
      { id: 2, v: 0.75, ok: false },
    ]);
    const fromLines = await diff(lines, lines, 'jsonl');
    assert.deepEqual(fromLines.summary.a.columns, [
      { name: 'id', type: 'number' },
      { name: 'v', type: 'number' },
      { name: 'ok', type: 'boolean' },
      { name: 'extra', type: 'string' },
    ]);
    const fromList = await diff(list, list, 'json');
    assert.equal(fromList.summary.rows.unchanged, 2);
  });

  test('above 200,000 values order statistics are sampled and flagged; counts stay exact', async () => {
    const rows = Array.from({ length: 250_000 }, (_, i) => `${i},${i % 1000}`).join('\n');
    const result = await diff(`id,x\n${rows}\n`, `id,x\n${rows}\n`);
    const x = result.summary.profiles[1];
    assert.equal(x.a?.kind === 'number' && x.a.count, 250_000);
    assert.equal(x.a?.kind === 'number' && x.a.max, 999);
    assert.match(
      result.summary.approximate ?? '',
      /more than 200000 values \(id, x\) come from an even sample/,
    );
    assert.equal(result.summary.rows.unchanged, 250_000);
  });
});
