// bench/wandb/bench.sh: the W&B source through the run index, as the extension reads it: list
// every run, then read every metric's full history. Prints the time of each part.
import { performance } from 'node:perf_hooks';
import { RunIndex } from '../../src/core/index/runIndex';

async function main(): Promise<void> {
  const started = performance.now();
  const index = new RunIndex({ roots: [process.argv[2] ?? '.'] });
  await index.refresh();
  const listed = performance.now();
  let points = 0;
  for (const run of index.allRuns())
    for (const key of Object.keys(run.metrics)) points += (await index.history(run, key)).points.length;
  const read = performance.now();
  const runs = index.allRuns().length;
  console.log(`  list ${runs} runs: ${(listed - started).toFixed(0)} ms`);
  console.log(`  ${points} history points: ${(read - listed).toFixed(0)} ms`);
}

void main();
