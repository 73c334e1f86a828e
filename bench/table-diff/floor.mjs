// The floor of a table diff: read both files once and count their lines, nothing else (no parsing,
// no comparison, no output). Usage: node floor.mjs A.csv B.csv
import { readFileSync } from 'node:fs';

let lines = 0;
for (const file of process.argv.slice(2)) {
  const buf = readFileSync(file);
  for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) lines++;
}
process.stdout.write(`${lines}\n`);
