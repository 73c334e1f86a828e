// Reads pipeline files for the extension in a worker thread with a memory limit, one file at a
// time: a file whose parsing runs out of memory or takes too long kills only the worker, is
// reported as a problem of that file, and the next file gets a new worker. The extension host's
// own thread never parses a pipeline file.
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { discoverPipelines, readPipelineFile, type PipelineScan } from '../core/pipeline/discover';
import { isReadResponse, type ReadRequest, type StatusWorkerData } from './pipelinesStatusProtocol';

/** Finds and reads pipeline files (in a worker, or in-process where none can be started). */
export interface PipelineReader {
  discover(roots: string[]): Promise<PipelineScan>;
  read(file: string): Promise<PipelineScan>;
  dispose(): void;
}

export interface ReaderLimits {
  /** Heap of the worker (V8's old generation), in MB. */
  memoryMb: number;
  /** Time one file may take. */
  timeoutMs: number;
}

/** Far above what any real pipeline file needs (a 10 MB dvc.lock takes under 100 MB). */
export const DEFAULT_READER_LIMITS: ReaderLimits = { memoryMb: 512, timeoutMs: 20_000 };

/** Reads in the calling thread (unit tests from source, or when the worker bundle is missing). */
export class InProcessPipelineReader implements PipelineReader {
  discover(roots: string[]): Promise<PipelineScan> {
    return discoverPipelines(roots);
  }

  read(file: string): Promise<PipelineScan> {
    return Promise.resolve(readPipelineFile(file));
  }

  dispose(): void {}
}

interface Job {
  file: string;
  resolve: (scan: PipelineScan) => void;
}

export class WorkerPipelineReader implements PipelineReader {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly jobs: Job[] = [];
  private current: { id: number; job: Job; timer: ReturnType<typeof setTimeout> } | undefined;

  constructor(
    private readonly script: string,
    private readonly limits: ReaderLimits = DEFAULT_READER_LIMITS,
  ) {}

  /** The worker reader when its bundle exists, else the in-process one. */
  static create(script: string): PipelineReader {
    return existsSync(script) ? new WorkerPipelineReader(script) : new InProcessPipelineReader();
  }

  discover(roots: string[]): Promise<PipelineScan> {
    return discoverPipelines(roots, (file) => this.read(file));
  }

  read(file: string): Promise<PipelineScan> {
    return new Promise((resolve) => {
      this.jobs.push({ file, resolve });
      this.next();
    });
  }

  /** Sends the next file once the previous one is answered (so a crash names its file). */
  private next(): void {
    if (this.current) return;
    const job = this.jobs.shift();
    if (!job) return;
    const id = this.nextId++;
    const timer = setTimeout(
      () => this.fail(`reading it took more than ${this.limits.timeoutMs / 1000} s`),
      this.limits.timeoutMs,
    );
    this.current = { id, job, timer };
    const request: ReadRequest = { id, file: job.file };
    this.ensureWorker().postMessage(request);
  }

  private finish(scan: PipelineScan): void {
    if (!this.current) return;
    clearTimeout(this.current.timer);
    const { job } = this.current;
    this.current = undefined;
    job.resolve(scan);
    this.next();
  }

  /** Ends the worker that was reading the current file and reports that file. */
  private fail(reason: string): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    if (this.current) this.finish({ items: [], problems: [{ path: this.current.job.file, reason }] });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const data: StatusWorkerData = { role: 'read', cacheFile: undefined };
    const worker = new Worker(this.script, {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMb },
    });
    worker.on('message', (message: unknown) => {
      if (isReadResponse(message) && message.id === this.current?.id) this.finish(message.scan);
    });
    const stopped = (why: string): void => {
      if (this.worker === worker) this.fail(why);
    };
    worker.on('error', (error: Error & { code?: string }) =>
      stopped(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `reading it needs more than ${this.limits.memoryMb} MB of memory`
          : `reading it failed: ${error.message}`,
      ),
    );
    worker.on('exit', (code) => stopped(`the reader stopped (exit code ${code})`));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  dispose(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    if (this.current) clearTimeout(this.current.timer);
    const waiting = [...(this.current ? [this.current.job] : []), ...this.jobs.splice(0)];
    this.current = undefined;
    for (const job of waiting) job.resolve({ items: [], problems: [] });
  }
}
