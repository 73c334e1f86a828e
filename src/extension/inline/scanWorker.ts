// Worker thread that finds the logging calls of a training script (about 50 ms per 1,000 lines),
// so that the extension host never spends that time while the user types. Bundled as
// dist/inlineScanWorker.js; scanLoader.ts scans in-process where the bundle is missing.
import { parentPort } from 'node:worker_threads';
import { scanTrainingSource } from '../../core/inline/code/trainingCode';
import type { ScanRequest, ScanResponse } from './scanLoader';

parentPort?.on('message', (request: ScanRequest) => {
  let response: ScanResponse;
  try {
    response = { id: request.id, scan: scanTrainingSource(request.text) };
  } catch (error) {
    response = {
      id: request.id,
      scan: { calls: [], error: error instanceof Error ? error.message : String(error) },
    };
  }
  parentPort?.postMessage(response);
});
