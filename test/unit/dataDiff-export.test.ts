// The Data Diff's exports: the changed rows and the summary as CSV, the pull-request report as
// Markdown, each escaped for its format (cells are user data: formulas, pipes, markup).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  markdownReport,
  rowsCsv,
  rowsCsvHeader,
  summaryCsv,
  type ExportLabels,
} from '../../src/views/dataDiff/export';
import { EVIL_NAME } from './helpers/fakeDom';
import { sampleRows, sampleSummary } from './helpers/tableDiffSamples';

const labels: ExportLabels = {
  title: 'Data diff',
  versions: 'Version',
  rows: 'Rows',
  columns: 'Columns',
  added: 'Added',
  removed: 'Removed',
  changed: 'Changed',
  unchanged: 'Unchanged',
  alignment: 'Alignment',
  schema: 'Schema changes',
  noSchemaChanges: 'Same columns.',
  drift: 'Drifted columns',
  noDrift: 'No column drifted.',
  changedRows: 'Changed rows',
  moreRows: (n) => `and ${n} more`,
  schemaChange: (c) => (c.kind === 'added' ? `added ${c.column}` : c.kind),
  status: (s) => s,
  approximate: (why) => `approx: ${why}`,
};

describe('Data Diff exports', () => {
  it('writes the changed rows as CSV, each column in A and B, formulas defused', () => {
    const csv = rowsCsvHeader(sampleSummary().columns) + rowsCsv(sampleRows);
    const lines = csv.split('\r\n');
    assert.equal(
      lines[0],
      `status,key,id (A),id (B),amount (A),amount (B),${EVIL_NAME} (A),${EVIL_NAME} (B),extra (A),extra (B)`,
    );
    assert.ok(lines[1]?.startsWith('changed,1,1,1,2,5,'));
    assert.ok(lines[1]?.endsWith(",,'=cmd|x"), lines[1]);
    assert.equal(lines.length, 5);
  });

  it('writes the summary as CSV', () => {
    const csv = summaryCsv(sampleSummary(), 'by id');
    assert.ok(csv.includes('rows,3,3\r\n'));
    assert.ok(csv.includes('columns,3,4\r\n'));
    assert.ok(csv.includes('column_added,,extra (string)\r\n'));
    assert.ok(csv.includes('column_drifted,,amount: ks\r\n'));
  });

  it('writes a Markdown report with escaped cells and the count of rows left out', () => {
    const md = markdownReport('data/t.csv', sampleSummary(), 'by id', sampleRows.slice(0, 2), 3, labels);
    assert.ok(md.startsWith('### Data diff: data/t.csv\n'));
    assert.ok(
      md.includes('| Added | Removed | Changed | Unchanged |\n| --- | --- | --- | --- |\n| 1 | 1 | 1 | 1 |'),
    );
    assert.ok(!/(^|[^\\])<img/.test(md), 'markup escaped');
    assert.ok(md.includes('e\\|f'), 'pipes escaped');
    assert.ok(md.includes('- added extra'));
    assert.ok(md.includes('| amount | ks | 0.67 | 0.01 | 0.05 |'));
    assert.ok(md.includes('and 1 more'));
  });
});
