// Messages between the extension host and the pipelines worker (plain data both ways). One worker
// script has two roles: computing stage statuses, and reading pipeline files (parsing dvc.yaml,
// MLproject … files there keeps a hostile file from freezing or killing the extension host).
import type { PipelineScan } from '../core/pipeline/discover';
import type { DvcStage, StageStatus } from '../core/pipeline/model';

/** A stage, or (`dataFile`) the path of a `.dvc` data file. */
export type StatusRequest = { id: number; stage: DvcStage } | { id: number; dataFile: string };

export type StatusResponse =
  { id: number; ok: true; status: StageStatus; root: string } | { id: number; ok: false; error: string };

/** What the worker is started with. */
export interface StatusWorkerData {
  /** 'read': parse pipeline files; otherwise (the default) compute statuses. */
  role?: 'status' | 'read';
  /** Where the hash cache is kept between sessions (undefined: memory only). */
  cacheFile: string | undefined;
}

export interface ReadRequest {
  id: number;
  /** Absolute path of a pipeline file (dvc.yaml, .dvc, MLproject, Makefile). */
  file: string;
}

export interface ReadResponse {
  id: number;
  scan: PipelineScan;
}

export function isReadResponse(value: unknown): value is ReadResponse {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Record<string, unknown>;
  const scan = message.scan as Record<string, unknown> | null | undefined;
  return (
    typeof message.id === 'number' &&
    typeof scan === 'object' &&
    scan !== null &&
    Array.isArray(scan.items) &&
    Array.isArray(scan.problems)
  );
}

export function isStatusResponse(value: unknown): value is StatusResponse {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Record<string, unknown>;
  if (typeof message.id !== 'number' || typeof message.ok !== 'boolean') return false;
  if (message.ok)
    return typeof message.root === 'string' && typeof message.status === 'object' && message.status !== null;
  return typeof message.error === 'string';
}
