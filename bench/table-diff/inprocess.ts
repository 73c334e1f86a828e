// Our table diff in one process, as the Data Diff panel's worker runs it: diffTables on both CSVs
// and the first page of changed rows. Prints JSON: the summary's counts and the time in ms.
// Usage (bundled by bench.mjs): node inprocess.js A.csv B.csv
import { diffTables } from '../../src/core/data/table/index';

async function main(): Promise<void> {
  const [a, b] = process.argv.slice(2);
  const started = performance.now();
  const diff = await diffTables({ label: 'A', file: a, name: a }, { label: 'B', file: b, name: b });
  const page = diff.page({ offset: 0, count: 100, changedOnly: true });
  const ms = performance.now() - started;
  const { rows, profiles } = diff.summary;
  const drifted = profiles.filter((column) => column.drifted).map((column) => column.name);
  process.stdout.write(
    `${JSON.stringify({ ms, added: rows.added, removed: rows.removed, changed: rows.changed, unchanged: rows.unchanged, drifted, pageRows: page.rows.length })}\n`,
  );
}

void main();
