// A node:test reporter that counts passed, failed and skipped tests (suites excluded) and appends
// them as one JSON line to $MLOPS_LENS_SUMMARY_FILE, labelled with $MLOPS_LENS_SUITE and with each
// skip reason and its count, so that scripts/test.sh can print one total (test/reporter/total.mjs).
import { appendFileSync } from 'node:fs';

export default async function* summary(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const skipReasons = {};
  for await (const event of source) {
    const data = event.data;
    if (data?.details?.type === 'suite') continue;
    if (event.type === 'test:pass') {
      if (data.skip || data.todo) {
        skipped++;
        const reason = typeof data.skip === 'string' ? data.skip : data.skip ? 'skipped' : 'todo';
        skipReasons[reason] = (skipReasons[reason] ?? 0) + 1;
      } else passed++;
    } else if (event.type === 'test:fail') {
      failed++;
    }
  }
  const file = process.env.MLOPS_LENS_SUMMARY_FILE;
  const suite = process.env.MLOPS_LENS_SUITE || 'tests';
  if (file) appendFileSync(file, `${JSON.stringify({ suite, passed, failed, skipped, skipReasons })}\n`);
  yield `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`;
}
