// Computes the statuses of every DVC stage and `.dvc` data file under a folder through the status
// service the extension uses in process (InProcessStatusSource), and prints them as JSON. Run as a
// child process by the hostile-input tests, so that a hang or a crash fails the test instead of
// stopping the test runner.
// Usage: node --import tsx test/unit/helpers/pipelineStatusProbe.ts FOLDER
import { discoverPipelines } from '../../../src/core/pipeline/discover';
import { InProcessStatusSource } from '../../../src/extension/pipelinesStatus';

async function main(): Promise<void> {
  const scan = await discoverPipelines([process.argv[2]]);
  const source = new InProcessStatusSource(undefined);
  const out: Record<string, unknown> = {};
  for (const item of scan.items) {
    if (item.kind === 'dvc') out[`${item.dvcfile}:${item.name}`] = (await source.compute(item)).status;
  }
  for (const dataFile of scan.dataFiles ?? []) {
    out[dataFile.file] = (await source.computeDataFile(dataFile.file)).status;
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

void main();
