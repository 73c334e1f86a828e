// Worker thread that reads a DVC project for the Data view: `dvc data status` hashes the tracked
// files of the workspace (gigabytes, sometimes), so the extension host never does it itself. The
// hashes are kept by size and mtime in a HashCache saved once the worker is idle. Bundled as
// dist/dataWorker.js; dataLoader.ts falls back to reading in-process where it is missing.
import { parentPort, workerData } from 'node:worker_threads';
import { HashCache } from '../core/pipeline/hashCache';
import { loadDataProject } from '../views/data/dataModel';
import type { DataLoadRequest, DataLoadResponse, DataWorkerData } from './dataLoader';

const SAVE_AFTER_IDLE_MS = 2_000;
const data = workerData as DataWorkerData;
const cache = data.cacheFile ? HashCache.load(data.cacheFile) : new HashCache();
let saveTimer: ReturnType<typeof setTimeout> | undefined;

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

parentPort?.on('message', (request: DataLoadRequest) => {
  void loadDataProject(request.root, cache).then((project) => {
    const response: DataLoadResponse = { id: request.id, project };
    parentPort?.postMessage(response);
    scheduleSave();
  });
});
