// Worker-thread entry (bundled as dist/runReaderWorker.js): reads the run folders it is given.
import { parentPort, workerData } from 'node:worker_threads';
import { readRunSafely } from '../sources/mlflow/fileStoreRun';
import type { RunReaderRequest, RunReaderResponse } from './runReaderPool';

function main(): void {
  const { jobs } = workerData as RunReaderRequest;
  let response: RunReaderResponse;
  try {
    // Decoded runs are not sent back: the JSON bytes carry the run and cost less to copy.
    const results = jobs.map((job) => {
      // Each run on its own: one that throws is that run's problem, not the whole batch's.
      const cached = readRunSafely(job.runDir, job.experiment);
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
