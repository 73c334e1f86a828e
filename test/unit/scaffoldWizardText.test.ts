// The New Project wizard's lists show one line per item: layout summaries and per-value details
// that fit, instead of long descriptions cut off at the edge of the quick pick.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { loadCatalog, MAX_SUMMARY_LENGTH, summaryProblem } from '../../src/core/scaffold/catalog';
import { parseOptions } from '../../src/core/scaffold/options';

const SCAFFOLDS = path.join(__dirname, '..', '..', 'scaffolds');

describe('wizard texts of the bundled templates', () => {
  it('every layout has a summary that fits one quick pick row', async () => {
    const catalog = await loadCatalog(SCAFFOLDS);
    for (const layout of catalog.layouts) {
      assert.ok(layout.summary, `${layout.id} has a summary`);
      assert.ok(
        layout.summary.length <= MAX_SUMMARY_LENGTH,
        `${layout.id}: ${layout.summary.length} characters`,
      );
      assert.ok(layout.description.length > layout.summary.length, `${layout.id}: the description says more`);
    }
  });

  it('every value of every choice has its own line', async () => {
    const catalog = await loadCatalog(SCAFFOLDS);
    for (const option of catalog.options.filter((o) => o.type === 'choice'))
      for (const value of option.values)
        assert.ok(option.details?.[value], `${option.name}: ${value} has a detail line`);
  });
});

describe('summary and details checks', () => {
  it('refuses a summary too long for one row, or not a string', () => {
    assert.equal(summaryProblem(undefined), undefined);
    assert.equal(summaryProblem('short'), undefined);
    assert.match(summaryProblem('x'.repeat(MAX_SUMMARY_LENGTH + 1))!, /at most 75 characters/);
    assert.match(summaryProblem(3)!, /non-empty string/);
  });

  it('refuses details of values a choice does not have, and details of non-choices', () => {
    const problems: string[] = [];
    const [choice] = parseOptions(
      {
        tracker: {
          type: 'choice',
          values: ['a', 'b'],
          default: 'a',
          label: 'T',
          description: 'D',
          details: { a: 'first', c: 'none such', b: '' },
        },
        flag: { type: 'boolean', default: true, label: 'F', description: 'D', details: { x: 'y' } },
      },
      problems,
    );
    assert.deepEqual(choice.details, { a: 'first' });
    assert.deepEqual(problems, [
      "tracker: details names 'c', which is not a value",
      "tracker: details of 'b' must be a non-empty string",
      "flag: details must be a mapping of a choice's values to text",
    ]);
  });
});
