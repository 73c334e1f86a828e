// A node:test reporter that counts passed and failed tests (suites excluded) and appends the
// counts as one JSON line to $MLOPS_LENS_SUMMARY_FILE, so scripts/test.sh can print one total.
import { appendFileSync } from 'node:fs';

export default async function* summary(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for await (const event of source) {
    const details = event.data?.details;
    if (event.type === 'test:pass' && details?.type !== 'suite') {
      if (event.data.skip || event.data.todo) skipped++;
      else passed++;
    } else if (event.type === 'test:fail' && details?.type !== 'suite') {
      failed++;
    }
  }
  const file = process.env.MLOPS_LENS_SUMMARY_FILE;
  if (file) appendFileSync(file, `${JSON.stringify({ passed, failed, skipped })}\n`);
  yield `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`;
}
