// Worker thread that computes stage statuses (hashing deps and outs can read gigabytes), so that
// the extension host never waits on it; started with `role: 'read'` it parses pipeline files
// instead (pipelinesReader.ts), under a memory limit. Bundled as dist/pipelinesStatusWorker.js.
import { parentPort, workerData } from 'node:worker_threads';
import { computeDataFileStatus, statusEnvForFile } from '../core/pipeline/dataFileStatus';
import { readPipelineFile } from '../core/pipeline/discover';
import { computeStageStatus, HashCache, readLockFor, statusEnvFor } from '../core/pipeline/status';
import type {
  ReadRequest,
  ReadResponse,
  StatusRequest,
  StatusResponse,
  StatusWorkerData,
} from './pipelinesStatusProtocol';

const SAVE_AFTER_IDLE_MS = 2_000;

const data = workerData as StatusWorkerData;
const cache = data.role !== 'read' && data.cacheFile ? HashCache.load(data.cacheFile) : new HashCache();
let saveTimer: ReturnType<typeof setTimeout> | undefined;

async function answer(request: StatusRequest): Promise<StatusResponse> {
  try {
    if ('dataFile' in request) {
      const env = statusEnvForFile(request.dataFile, cache);
      const status = await computeDataFileStatus(request.dataFile, cache, env);
      return { id: request.id, ok: true, status, root: env.repo.root };
    }
    const env = statusEnvFor(request.stage, cache);
    const status = await computeStageStatus(request.stage, readLockFor(request.stage), cache, env);
    return { id: request.id, ok: true, status, root: env.repo.root };
  } catch (error) {
    return { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The cache is written once the worker has been idle a moment, not after every stage. */
function scheduleSave(): void {
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    try {
      cache.save();
    } catch {
      // A cache that cannot be written only costs rehashing next session.
    }
  }, SAVE_AFTER_IDLE_MS);
}

function answerRead(request: ReadRequest): ReadResponse {
  try {
    return { id: request.id, scan: readPipelineFile(request.file) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { id: request.id, scan: { items: [], problems: [{ path: request.file, reason }] } };
  }
}

if (data.role === 'read') {
  parentPort?.on('message', (request: ReadRequest) => parentPort?.postMessage(answerRead(request)));
} else {
  parentPort?.on('message', (request: StatusRequest) => {
    void answer(request).then((response) => {
      parentPort?.postMessage(response);
      scheduleSave();
    });
  });
}
