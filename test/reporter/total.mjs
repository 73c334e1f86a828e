// Prints the end of `npm test` (scripts/test.sh): one line per suite with its counts and skip
// reasons, then the suites that did not start and the checks that failed, each with its reason, and
// last the total "N passed, N failed". A suite that did not start, a failed check, and a suite that
// exited non-zero without a failing test each count as one failure. Exit status 1 when any failed.
//
//   node test/reporter/total.mjs SUMMARY_FILE [SUITE=EXIT_STATUS ...]
//
// SUMMARY_FILE holds JSON lines: the counts test/reporter/summary.mjs appends for each run of a suite,
// {"suite", "notStarted": reason} for a suite that could not start, {"suite", "failedCheck": what}.
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The lines to print (the total last) and whether anything failed. */
export function totals(records, statuses = {}) {
  const suites = new Map();
  const problems = [];
  let passed = 0;
  let failed = 0;
  for (const record of records) {
    if (record.notStarted !== undefined) {
      problems.push(`${record.suite}: did not start — ${record.notStarted}`);
      suites.set(record.suite, null);
      failed++;
    } else if (record.failedCheck !== undefined) {
      problems.push(`${record.suite}: ${record.failedCheck}`);
      failed++;
    } else {
      const counts = suites.get(record.suite) ?? { passed: 0, failed: 0, skipped: 0, skipReasons: {} };
      counts.passed += record.passed ?? 0;
      counts.failed += record.failed ?? 0;
      counts.skipped += record.skipped ?? 0;
      for (const [reason, n] of Object.entries(record.skipReasons ?? {}))
        counts.skipReasons[reason] = (counts.skipReasons[reason] ?? 0) + n;
      suites.set(record.suite, counts);
      passed += record.passed ?? 0;
      failed += record.failed ?? 0;
    }
  }
  const lines = [];
  for (const [suite, counts] of suites) {
    if (!counts) continue;
    lines.push(`${suite}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
    for (const [reason, n] of Object.entries(counts.skipReasons)) lines.push(`  ${n} skipped: ${reason}`);
  }
  for (const [suite, status] of Object.entries(statuses)) {
    if (status === 0) continue;
    if (!suites.has(suite)) {
      problems.push(`${suite}: did not start — exited with status ${status} before any test ran`);
      failed++;
    } else if (suites.get(suite)?.failed === 0) {
      problems.push(`${suite}: exited with status ${status} although no test failed`);
      failed++;
    }
  }
  lines.push(...problems, `${passed} passed, ${failed} failed`);
  return { lines, failed: failed > 0 };
}

/** The records of a summary file (missing file: none). */
export function readRecords(file) {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [file, ...pairs] = process.argv.slice(2);
  const statuses = Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.lastIndexOf('=');
      return [pair.slice(0, at), Number(pair.slice(at + 1))];
    }),
  );
  const { lines, failed } = totals(readRecords(file), statuses);
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exitCode = failed ? 1 : 0;
}
