// Scans training scripts for logging calls in a worker thread (scanWorker.ts), in order, or in the
// calling thread where the worker bundle is missing (unit tests from source). A worker that dies
// answers its pending scans with an error (no calls) and is started again on the next scan.
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { scanTrainingSource, type TrainingScan } from '../../core/inline/code/trainingCode';

export interface ScanRequest {
  id: number;
  text: string;
}

export interface ScanResponse {
  id: number;
  scan: TrainingScan;
}

export type Scanner = ((text: string) => Promise<TrainingScan>) & { dispose(): void };

function inProcessScanner(): Scanner {
  return Object.assign((text: string) => Promise.resolve(scanTrainingSource(text)), {
    dispose: () => undefined,
  });
}

function workerScanner(script: string): Scanner {
  let worker: Worker | undefined;
  let nextId = 1;
  const waiting = new Map<number, (scan: TrainingScan) => void>();
  const start = (): Worker => {
    if (worker) return worker;
    const started = new Worker(script);
    started.on('message', (response: ScanResponse) => {
      waiting.get(response.id)?.(response.scan);
      waiting.delete(response.id);
    });
    const fail = (reason: string) => {
      if (worker === started) worker = undefined;
      for (const resolve of waiting.values()) resolve({ calls: [], error: reason });
      waiting.clear();
    };
    started.on('error', (error) => fail(error.message));
    started.on('exit', (code) => fail(`the scanner stopped (exit code ${code})`));
    // Idle between scans: it must not keep the extension host alive.
    started.unref();
    worker = started;
    return started;
  };
  const scan = (text: string): Promise<TrainingScan> => {
    const id = nextId++;
    const target = start();
    return new Promise((resolve) => {
      waiting.set(id, resolve);
      target.postMessage({ id, text } satisfies ScanRequest);
    });
  };
  return Object.assign(scan, {
    dispose: () => {
      void worker?.terminate();
      worker = undefined;
    },
  });
}

/** The worker scanner when its bundle exists, else the in-process one. */
export function createScanner(script: string): Scanner {
  return existsSync(script) ? workerScanner(script) : inProcessScanner();
}
