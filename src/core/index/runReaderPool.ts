import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CachedRun } from '../sources/mlflow/cachedRun';
import type { RunBatchReader, RunReadJob } from '../sources/mlflow/fileStore';

export interface RunReaderRequest {
  jobs: RunReadJob[];
}

export interface RunReaderResponse {
  results: (CachedRun | undefined)[];
  error?: string;
}

/** The bundled worker script sits beside the bundle that loads this module (dist/). */
export function runReaderWorkerScript(): string | undefined {
  const script = path.join(__dirname, 'runReaderWorker.js');
  return fs.existsSync(script) ? script : undefined;
}

function readInWorker(script: string, jobs: RunReadJob[]): Promise<(CachedRun | undefined)[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: { jobs } satisfies RunReaderRequest });
    worker.once('message', (response: RunReaderResponse) => {
      void worker.terminate();
      if (response.error) reject(new Error(response.error));
      else resolve(response.results);
    });
    worker.once('error', reject);
    // A thread that ends without answering (killed, out of memory) must not leave the read waiting.
    worker.once('exit', (code) => reject(new Error(`run reader thread exited with code ${code}`)));
  });
}

/**
 * Reads run folders on worker threads, one per core: reading many thousand small files is bound
 * by system calls, which run in parallel; the calling thread stays free meanwhile (an extension
 * host keeps responding). Undefined when no worker script is bundled (tests run from source).
 */
export function createRunReaderPool(threads = os.availableParallelism()): RunBatchReader | undefined {
  const script = runReaderWorkerScript();
  if (!script) return undefined;
  return async (jobs) => {
    const count = Math.max(1, Math.min(threads, 8));
    // Interleaved slices keep the threads equally busy when experiments differ in size.
    const slices: RunReadJob[][] = Array.from({ length: count }, () => []);
    jobs.forEach((job, i) => slices[i % count].push(job));
    const answers = await Promise.all(slices.map((slice) => readInWorker(script, slice)));
    return jobs.map((_, i) => answers[i % count][Math.floor(i / count)]);
  };
}
