// Times, in one process, the folder diff the extension computes (dataDiff between two revisions)
// and its floor (reading and parsing the two `.dir` manifests), alternating, ROUNDS times each; the
// manifest cache is cleared before each diff so that every round reads both. Prints JSON.
// Usage (bundled by bench.mjs with esbuild): node inprocess.js REPO OLD.dir NEW.dir [ROUNDS]
import { readFileSync } from 'node:fs';
import { clearManifestCache } from '../../src/core/data/cache';
import { dataDiff } from '../../src/core/data/diff';
import { HashCache } from '../../src/core/pipeline/hashCache';

async function main(): Promise<void> {
  const [repo, oldDir, newDir, roundsText = '7'] = process.argv.slice(2);
  const diff: number[] = [];
  const floor: number[] = [];
  let changes = 0;
  for (let round = 0; round < Number(roundsText); round++) {
    let t0 = performance.now();
    let entries = 0;
    for (const file of [oldDir, newDir])
      entries += (JSON.parse(readFileSync(file, 'utf8')) as unknown[]).length;
    floor.push(performance.now() - t0);
    clearManifestCache();
    t0 = performance.now();
    const result = await dataDiff(repo, { aRev: 'HEAD~1', bRev: 'HEAD', hashCache: new HashCache() });
    diff.push(performance.now() - t0);
    changes = Object.values(result).reduce((sum, list: unknown[]) => sum + list.length, 0);
    if (entries === 0) throw new Error('empty manifests');
  }
  process.stdout.write(`${JSON.stringify({ diff, floor, changes })}\n`);
}

void main();
