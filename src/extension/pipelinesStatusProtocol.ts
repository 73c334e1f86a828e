// Messages between the extension host and the stage-status worker (plain data both ways).
import type { DvcStage, StageStatus } from '../core/pipeline/model';

/** A stage, or (`dataFile`) the path of a `.dvc` data file. */
export type StatusRequest = { id: number; stage: DvcStage } | { id: number; dataFile: string };

export type StatusResponse =
  { id: number; ok: true; status: StageStatus; root: string } | { id: number; ok: false; error: string };

/** What the worker is started with. */
export interface StatusWorkerData {
  /** Where the hash cache is kept between sessions (undefined: memory only). */
  cacheFile: string | undefined;
}

export function isStatusResponse(value: unknown): value is StatusResponse {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Record<string, unknown>;
  if (typeof message.id !== 'number' || typeof message.ok !== 'boolean') return false;
  if (message.ok)
    return typeof message.root === 'string' && typeof message.status === 'object' && message.status !== null;
  return typeof message.error === 'string';
}
