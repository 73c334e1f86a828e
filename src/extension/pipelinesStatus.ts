// Stage statuses from 4a's computeStageStatus, computed in a worker thread so that hashing large
// deps and outs never blocks the extension host; in-process when no worker can be started.
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { computeDataFileStatus, statusEnvForFile } from '../core/pipeline/dataFileStatus';
import { computeStageStatus, HashCache, readLockFor, statusEnvFor } from '../core/pipeline/status';
import type { DvcStage } from '../core/pipeline/model';
import { isStatusResponse, type StatusRequest, type StatusWorkerData } from './pipelinesStatusProtocol';
import type { DataFileStatusSource } from './pipelinesDataFiles';
import type { ComputedStatus, StageStatusSource } from './pipelinesService';

/** Computes in the extension host itself (tests, or when the worker bundle is missing). */
export class InProcessStatusSource implements StageStatusSource, DataFileStatusSource {
  private readonly cache: HashCache;

  constructor(cacheFile: string | undefined) {
    this.cache = cacheFile ? HashCache.load(cacheFile) : new HashCache();
  }

  async compute(stage: DvcStage): Promise<ComputedStatus> {
    const env = statusEnvFor(stage, this.cache);
    return {
      status: await computeStageStatus(stage, readLockFor(stage), this.cache, env),
      root: env.repo.root,
    };
  }

  async computeDataFile(file: string): Promise<ComputedStatus> {
    const env = statusEnvForFile(file, this.cache);
    return { status: await computeDataFileStatus(file, this.cache, env), root: env.repo.root };
  }

  dispose(): void {
    try {
      this.cache.save();
    } catch {
      // Only costs rehashing next session.
    }
  }
}

const STATUS_WORKER_MEMORY_MB = 1024;

interface Pending {
  resolve: (value: ComputedStatus) => void;
  reject: (error: Error) => void;
}

/** Sends each stage to the worker; a worker that dies is started again for the next request. */
export class WorkerStatusSource implements StageStatusSource, DataFileStatusSource {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly script: string,
    private readonly data: StatusWorkerData,
  ) {}

  /** The worker source when its bundle exists, else the in-process one. */
  static create(
    script: string,
    cacheFile: string | undefined,
  ): StageStatusSource & DataFileStatusSource & { dispose(): void } {
    return existsSync(script)
      ? new WorkerStatusSource(script, { cacheFile })
      : new InProcessStatusSource(cacheFile);
  }

  compute(stage: DvcStage): Promise<ComputedStatus> {
    return this.send({ id: this.nextId++, stage });
  }

  computeDataFile(file: string): Promise<ComputedStatus> {
    return this.send({ id: this.nextId++, dataFile: file });
  }

  private send(request: StatusRequest): Promise<ComputedStatus> {
    const { id } = request;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ensureWorker().postMessage(request);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    // A memory limit: a status reads params files and dvc.lock, and a hostile one must not take the
    // extension host down with it (the worker is started again for the next stage).
    const worker = new Worker(this.script, {
      workerData: this.data,
      resourceLimits: { maxOldGenerationSizeMb: STATUS_WORKER_MEMORY_MB },
    });
    worker.on('message', (message: unknown) => {
      if (!isStatusResponse(message)) return;
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.ok) waiting.resolve({ status: message.status, root: message.root });
      else waiting.reject(new Error(message.error));
    });
    const fail = (error: Error): void => {
      this.worker = undefined;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the status worker stopped (exit code ${code})`)));
    // The extension host may exit while the worker idles.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  dispose(): void {
    // The worker saves its hash cache after 2 s idle; hashes of the last moments are recomputed next time.
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
