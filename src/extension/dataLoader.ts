// Reads DVC projects for the Data view in a worker thread (dataWorker.ts), one request at a time,
// or in the calling thread where the worker bundle is missing (unit tests from source).
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { HashCache } from '../core/pipeline/hashCache';
import { loadDataProject, type DataProject } from '../views/data/dataModel';

export interface DataWorkerData {
  cacheFile?: string;
}

export interface DataLoadRequest {
  id: number;
  root: string;
}

export interface DataLoadResponse {
  id: number;
  project: DataProject;
}

export interface DataLoader {
  load(root: string): Promise<DataProject>;
  dispose(): void;
}

class InProcessLoader implements DataLoader {
  private readonly cache = new HashCache();

  load(root: string): Promise<DataProject> {
    return loadDataProject(root, this.cache);
  }

  dispose(): void {}
}

class WorkerLoader implements DataLoader {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, { root: string; resolve: (project: DataProject) => void }>();

  constructor(
    private readonly script: string,
    private readonly cacheFile: string | undefined,
  ) {}

  load(root: string): Promise<DataProject> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, { root, resolve });
      worker.postMessage({ id, root } satisfies DataLoadRequest);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const data: DataWorkerData = this.cacheFile ? { cacheFile: this.cacheFile } : {};
    const worker = new Worker(this.script, { workerData: data });
    worker.on('message', (response: DataLoadResponse) => {
      this.waiting.get(response.id)?.resolve(response.project);
      this.waiting.delete(response.id);
    });
    // A worker that dies (out of memory on a hostile file) answers every pending read with a problem.
    const fail = (reason: string) => {
      if (this.worker === worker) this.worker = undefined;
      for (const { root, resolve } of this.waiting.values()) {
        resolve({ root, cacheDir: '', outs: [], problems: [{ path: root, reason }] });
      }
      this.waiting.clear();
    };
    worker.on('error', (error) => fail(error.message));
    worker.on('exit', (code) => fail(`the reader stopped (exit code ${code})`));
    this.worker = worker;
    return worker;
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}

/** The worker loader when its bundle exists, else the in-process one. */
export function createDataLoader(script: string, cacheFile?: string): DataLoader {
  return existsSync(script) ? new WorkerLoader(script, cacheFile) : new InProcessLoader();
}
