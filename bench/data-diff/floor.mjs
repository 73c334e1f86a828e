// The floor of a folder diff between two revisions: read the two `.dir` manifests and parse them,
// nothing else (no Git, no comparison, no output). Usage: node floor.mjs OLD.dir NEW.dir
import { readFileSync } from 'node:fs';

let entries = 0;
for (const file of process.argv.slice(2)) entries += JSON.parse(readFileSync(file, 'utf8')).length;
process.stdout.write(`${entries}\n`);
