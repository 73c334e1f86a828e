// The table diff's fast paths give what the general paths give: numbers scanned while the CSV field
// is found, integer keys looked up in a dense array, cells compared column by column, and a number
// column's count, sum, min and max gathered while reading.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDelimited } from '../../src/core/data/table/csv';
import { diffTables } from '../../src/core/data/table/index';
import type { TableDiff, TableDiffOptions } from '../../src/core/data/table/types';

function read(text: string) {
  return parseDelimited(Buffer.from(text), 'test.csv', 'csv', text.length);
}

function diff(a: string, b: string, options?: TableDiffOptions): Promise<TableDiff> {
  const input = (label: string, text: string) => ({
    label,
    file: `/nonexistent/${label}.csv`,
    name: 'table.csv',
    bytes: Buffer.from(text),
  });
  return diffTables(input('A', a), input('B', b), options);
}

describe('numbers scanned while reading the field', () => {
  test('every form reads as Number() reads its text', () => {
    const texts = [
      '-0',
      '+5',
      '5.',
      '.5',
      '-.25',
      '1e3',
      '2.5E-3',
      ' 7',
      '7 ',
      '0.1',
      '123456.789012',
      '9007199254740993',
      '0.00000000000000000000001',
      '1.00000000000000000000001',
      '-12.5',
      '0012',
      '1.0',
    ];
    const table = read(`v\n${texts.join('\n')}\n`);
    const column = table.columns[0];
    assert.equal(column.type, 'number');
    texts.forEach((text, row) => assert.ok(Object.is(column.numbers![row], Number(text)), text));
  });

  test('a field that only starts like a number makes the column text, earlier values as written', () => {
    const table = read('v,w\n007,1\n1.50,2\n12abc,3\n-,4\n');
    const [v, w] = table.columns;
    assert.equal(v.type, 'string');
    assert.deepEqual(
      [...v.codes!].map((code) => v.dictionary[code]),
      ['007', '1.50', '12abc', '-'],
    );
    assert.deepEqual([...w.numbers!], [1, 2, 3, 4]);
  });

  test('quoted numbers, empty fields, missing trailing fields and no final newline', () => {
    const table = read('a,b,c\n"1.5",,3\n2\n4,5,6');
    const [a, b, c] = table.columns;
    assert.deepEqual([...a.numbers!], [1.5, 2, 4]);
    assert.deepEqual([...b.numbers!], [NaN, NaN, 5]);
    assert.deepEqual([...c.numbers!], [3, NaN, 6]);
    assert.equal(b.nulls, 2);
  });

  test('a row with a field too many is refused with its line', () => {
    assert.throws(() => read('a,b\n1,2\n3,4,5\n'), /expected 2 fields in line 3, saw 3/);
  });

  test("the reader's sum, min and max are the profile's", async () => {
    const result = await diff('id,x\n1,2.5\n2,\n3,-4\n4,10\n', 'id,x\n1,2.5\n2,1\n3,-4\n4,10\n');
    const profile = result.summary.profiles.find((column) => column.name === 'x')!;
    assert.deepEqual(
      profile.a && profile.a.kind === 'number'
        ? [profile.a.count, profile.a.mean, profile.a.min, profile.a.max]
        : null,
      [3, 8.5 / 3, -4, 10],
    );
  });
});

describe('keys and cells', () => {
  test('integer keys, negative and out of order, match whatever the order', async () => {
    const result = await diff('id,v\n-3,a\n5,b\n0,c\n', 'id,v\n0,c\n5,B\n7,d\n');
    assert.deepEqual(
      { ...result.summary.rows, alignment: result.summary.rows.alignment.kind },
      { alignment: 'key', added: 1, removed: 1, changed: 1, unchanged: 1 },
    );
  });

  test('a chosen key of decimals, with a missing value, is matched through a map', async () => {
    const result = await diff('k,v\n0.5,1\n,2\n1.5,3\n', 'k,v\n1.5,3\n,2\n0.5,9\n', { key: 'k' });
    const { added, removed, changed, unchanged } = result.summary.rows;
    assert.deepEqual(
      { added, removed, changed, unchanged },
      { added: 0, removed: 0, changed: 1, unchanged: 2 },
    );
  });

  test('integer keys spread far apart are matched through a map', async () => {
    const result = await diff('id,v\n1,a\n9000000000,b\n', 'id,v\n9000000000,b\n1,x\n');
    const { changed, unchanged } = result.summary.rows;
    assert.deepEqual({ changed, unchanged }, { changed: 1, unchanged: 1 });
  });

  test('missing cells on both sides are equal; a number against a text column compares texts', async () => {
    const result = await diff('id,x,y\n1,,2\n2,3,4\n', 'id,x,y\n1,,2\n2,3,four\n');
    const page = result.page({ offset: 0, count: 10, changedOnly: true });
    assert.deepEqual(
      page.rows.map((row) => [row.status, row.key]),
      [['changed', '2']],
    );
    assert.equal(result.summary.rows.unchanged, 1);
  });
});
