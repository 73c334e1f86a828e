// Worker-thread entry (bundled as dist/runReaderWorker.js): reads the run folders it is given.
import { parentPort, workerData } from 'node:worker_threads';
import { readRunFolder } from '../sources/mlflow/fileStoreRun';
import type { RunReaderRequest, RunReaderResponse } from './runReaderPool';

function main(): void {
  const { jobs } = workerData as RunReaderRequest;
  let response: RunReaderResponse;
  try {
    // Decoded runs are not sent back: the JSON bytes carry the run and cost less to copy.
    const results = jobs.map((job) => {
      const cached = readRunFolder(job.runDir, job.experiment);
      if (cached) delete cached.decoded;
      return cached;
    });
    response = { results };
  } catch (error) {
    response = { results: [], error: String(error) };
  }
  parentPort?.postMessage(response);
}

main();
