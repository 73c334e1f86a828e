// Times what the extension does on each Pipelines refresh, in one long-lived process: find the
// pipelines, then compute every stage's status with one HashCache kept between refreshes. Round 1
// starts with an empty hash cache and a cold JIT; later rounds are warm. Prints JSON.
// Usage (bundled by bench.mjs with esbuild): node inprocess.js REPO [ROUNDS]
import { stageStatuses } from '../../src/cli/stages';
import { discoverPipelines } from '../../src/core/pipeline/discover';
import { HashCache } from '../../src/core/pipeline/hashCache';

async function main(): Promise<void> {
  const [repo, roundsText = '7'] = process.argv.slice(2);
  const cache = new HashCache();
  const rounds: { ms: number; cpuMs: number }[] = [];
  for (let round = 0; round < Number(roundsText); round++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const { items } = await discoverPipelines([repo]);
    await stageStatuses(items, cache);
    const cpu = process.cpuUsage(cpu0);
    rounds.push({ ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
  process.stdout.write(`${JSON.stringify({ rounds, hashed_files: cache.size })}\n`);
}

void main();
