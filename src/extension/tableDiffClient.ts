// Talks to the table-diff worker (tableDiffWorker.ts): one worker per Data Diff panel holds the
// computed TableDiff (a million rows stay there) and cuts row pages from it on request, so the
// extension host never reads or diffs a table itself. Unit tests answer the same requests
// in-process, with an engine they give.
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type {
  DiffTables,
  RowPage,
  RowPageRequest,
  TableDiff,
  TableDiffOptions,
  TableDiffSummary,
  TableInput,
} from '../core/data/table/types';
import { TableReadError } from '../core/data/table/types';

export type TableDiffRequest =
  | { id: number; kind: 'diff'; a: TableInput; b: TableInput; options: TableDiffOptions }
  | { id: number; kind: 'page'; request: RowPageRequest };

export type TableDiffResponse =
  | { id: number; ok: true; summary: TableDiffSummary; computeMs: number }
  | { id: number; ok: true; page: RowPage }
  | { id: number; ok: false; path: string; reason: string };

export interface DiffResult {
  summary: TableDiffSummary;
  computeMs: number;
}

export interface TableDiffClient {
  /** Computes a diff (replacing the one held); rejects with TableReadError for an unreadable version. */
  diff(a: TableInput, b: TableInput, options: TableDiffOptions): Promise<DiffResult>;
  page(request: RowPageRequest): Promise<RowPage>;
  dispose(): void;
}

/** Answers one request against the diff held in `holder`: the worker's loop, shared with the in-process client. */
export async function answer(
  engine: DiffTables,
  holder: { diff: TableDiff | undefined },
  request: TableDiffRequest,
): Promise<TableDiffResponse> {
  try {
    if (request.kind === 'diff') {
      holder.diff = undefined; // the old diff's memory goes before the new one is read
      const started = performance.now();
      holder.diff = await engine(request.a, request.b, request.options);
      return {
        id: request.id,
        ok: true,
        summary: holder.diff.summary,
        computeMs: performance.now() - started,
      };
    }
    if (!holder.diff) return { id: request.id, ok: false, path: '', reason: 'no diff computed' };
    return { id: request.id, ok: true, page: holder.diff.page(request.request) };
  } catch (error) {
    if (error instanceof TableReadError)
      return { id: request.id, ok: false, path: error.path, reason: error.reason };
    const path = request.kind === 'diff' ? request.b.name : '';
    return {
      id: request.id,
      ok: false,
      path,
      reason: error instanceof Error ? error.message : String(error),
    };
  }
}

type Pending = { resolve: (response: TableDiffResponse) => void; reject: (error: Error) => void };

function settle<T>(
  response: TableDiffResponse,
  pick: (r: TableDiffResponse & { ok: true }) => T | undefined,
): T {
  if (!response.ok) throw new TableReadError(response.path, response.reason);
  const value = pick(response);
  if (value === undefined) throw new Error('unexpected answer from the table-diff worker');
  return value;
}

abstract class BaseClient implements TableDiffClient {
  private nextId = 1;

  protected abstract send(request: TableDiffRequest): Promise<TableDiffResponse>;
  abstract dispose(): void;

  async diff(a: TableInput, b: TableInput, options: TableDiffOptions): Promise<DiffResult> {
    const response = await this.send({ id: this.nextId++, kind: 'diff', a, b, options });
    return settle(response, (r) =>
      'summary' in r ? { summary: r.summary, computeMs: r.computeMs } : undefined,
    );
  }

  async page(request: RowPageRequest): Promise<RowPage> {
    const response = await this.send({ id: this.nextId++, kind: 'page', request });
    return settle(response, (r) => ('page' in r ? r.page : undefined));
  }
}

class InProcessClient extends BaseClient {
  private readonly holder: { diff: TableDiff | undefined } = { diff: undefined };
  constructor(private readonly engine: DiffTables) {
    super();
  }
  protected send(request: TableDiffRequest): Promise<TableDiffResponse> {
    return answer(this.engine, this.holder, request);
  }
  dispose(): void {
    this.holder.diff = undefined;
  }
}

class WorkerClient extends BaseClient {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly script: string) {
    super();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.on('message', (response: TableDiffResponse) => {
      const entry = this.pending.get(response.id);
      this.pending.delete(response.id);
      entry?.resolve(response);
    });
    const fail = (error: Error): void => {
      if (this.worker === worker) this.worker = undefined;
      for (const entry of this.pending.values()) entry.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    // The panel, not this worker, keeps the extension host alive.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  protected send(request: TableDiffRequest): Promise<TableDiffResponse> {
    const worker = this.start();
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject });
      worker.postMessage(request);
    });
  }

  dispose(): void {
    const worker = this.worker;
    this.worker = undefined;
    for (const entry of this.pending.values()) entry.reject(new Error('disposed'));
    this.pending.clear();
    void worker?.terminate();
  }
}

/** A worker client; when its bundle is missing, a client whose every diff fails saying so. */
export function createTableDiffClient(script: string): TableDiffClient {
  if (existsSync(script)) return new WorkerClient(script);
  return new InProcessClient(() =>
    Promise.reject(new TableReadError(script, 'the table-diff worker is missing (run the build)')),
  );
}

export function inProcessTableDiffClient(engine: DiffTables): TableDiffClient {
  return new InProcessClient(engine);
}
