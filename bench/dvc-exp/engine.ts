// In-process timing of our experiments reader (no process start-up), discovery walk included as
// the index does it: cold = nothing known, warm = the previous read's rows given (what the index
// cache holds). Prints JSON medians in ms.
// Usage: node --import tsx bench/dvc-exp/engine.ts REPO [REPS]
import { discoverStores } from '../../src/core/index/discover';
import { readDvcExperiments } from '../../src/core/sources/dvcExperiments/experiments';
import type { RevisionData } from '../../src/core/sources/dvcExperiments/revision';

async function main(): Promise<void> {
  const [repo, repsText = '5'] = process.argv.slice(2);
  const reps = Number(repsText);
  const median = (values: number[]): number =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const cold: number[] = [];
  const warm: number[] = [];
  const files = async (): Promise<string[] | undefined> =>
    (await discoverStores([repo])).find((s) => s.kind === 'dvc')?.files;
  let previous = await readDvcExperiments(repo);
  for (let i = 0; i < reps; i++) {
    let started = performance.now();
    await readDvcExperiments(repo, { workspaceFiles: await files() });
    cold.push(performance.now() - started);
    const revisions = new Map<string, RevisionData>(
      previous.rows.filter((r) => r.kind !== 'workspace').map((r) => [r.rev, r.data]),
    );
    started = performance.now();
    previous = await readDvcExperiments(repo, {
      revisions,
      previousRows: previous.rows,
      workspaceFiles: await files(),
    });
    warm.push(performance.now() - started);
  }
  process.stdout.write(
    `${JSON.stringify({ rows: previous.rows.length, cold: median(cold), warm: median(warm) })}\n`,
  );
}

void main();
