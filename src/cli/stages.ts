// `mlops-lens stages [PATH ...] [--json] [--no-cache]`: every DVC stage (with its status computed
// natively), MLproject entry point and Makefile target found under the paths, then the `.dvc` data
// files (`dvc add`, `dvc import`) with their status. Paths that cannot be examined (a symlink loop,
// a permission denied, a FIFO) make that item's status "unknown" and are listed on stderr.
import * as path from 'node:path';
import type { Problem } from '../core/model';
import { computeDataFileStatus, statusEnvForFile } from '../core/pipeline/dataFileStatus';
import { discoverPipelines } from '../core/pipeline/discover';
import type { HashCache } from '../core/pipeline/hashCache';
import type { DvcDataFile, DvcStage, PipelineItem, StageStatus } from '../core/pipeline/model';
import { computeStageStatus, readLockFor, statusEnvFor } from '../core/pipeline/status';
import type { StatusEnv } from '../core/pipeline/statusChecks';
import type { DvcLock } from '../core/sources/dvc/dvcLock';
import { hashCacheFor } from './hashCacheFile';
import { escapeField } from './output';

export interface StagesOptions {
  json: boolean;
  /** Persist file hashes between runs (default); false hashes everything afresh. */
  useCache: boolean;
}

/** A status whatever happens: an unexpected error becomes the "unknown" state with its reason. */
async function neverThrows(compute: () => Promise<StageStatus>, file: string): Promise<StageStatus> {
  try {
    return await compute();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { state: 'unknown', reasons: [], dvc: [], problems: [{ path: file, reason }] };
  }
}

/** Computes every DVC stage's status, sharing locks and project settings between stages. */
export async function stageStatuses(
  items: PipelineItem[],
  hashCache: HashCache,
): Promise<Map<DvcStage, StageStatus>> {
  const locks = new Map<string, DvcLock | undefined>();
  const envs = new Map<string, StatusEnv>();
  const statuses = new Map<DvcStage, StageStatus>();
  for (const item of items) {
    if (item.kind !== 'dvc') continue;
    const lockKey =
      path.basename(item.dvcfile) === 'dvc.yaml' ? item.dvcfile : `${item.dvcfile}#${item.name}`;
    if (!locks.has(lockKey)) locks.set(lockKey, readLockFor(item));
    const dir = path.dirname(item.dvcfile);
    let env = envs.get(dir);
    if (!env) envs.set(dir, (env = statusEnvFor(item, hashCache)));
    const compute = () => computeStageStatus(item, locks.get(lockKey), hashCache, env);
    statuses.set(item, await neverThrows(compute, item.dvcfile));
  }
  return statuses;
}

/** Every data file's status, sharing project settings between the files of a folder. */
export async function dataFileStatuses(
  dataFiles: readonly DvcDataFile[],
  hashCache: HashCache,
): Promise<Map<DvcDataFile, StageStatus>> {
  const envs = new Map<string, StatusEnv>();
  const statuses = new Map<DvcDataFile, StageStatus>();
  for (const dataFile of dataFiles) {
    const dir = path.dirname(dataFile.file);
    let env = envs.get(dir);
    if (!env) envs.set(dir, (env = statusEnvForFile(dataFile.file, hashCache)));
    const compute = () => computeDataFileStatus(dataFile.file, hashCache, env);
    statuses.set(dataFile, await neverThrows(compute, dataFile.file));
  }
  return statuses;
}

export function dataFileToJson(
  dataFile: DvcDataFile,
  status: StageStatus | undefined,
): Record<string, unknown> {
  return {
    kind: 'dvc-file',
    file: dataFile.file,
    name: path.basename(dataFile.file),
    wdir: dataFile.wdir,
    deps: dataFile.deps,
    outs: dataFile.outs,
    frozen: dataFile.frozen,
    status: status?.state ?? null,
    reasons: status?.reasons ?? [],
    dvcStatus: status?.dvc ?? [],
    problems: status?.problems ?? [],
  };
}

export function itemToJson(item: PipelineItem, status: StageStatus | undefined): Record<string, unknown> {
  if (item.kind === 'mlproject') {
    return {
      kind: 'mlproject',
      name: item.name,
      command: item.command,
      file: item.file,
      parameters: item.parameters,
    };
  }
  if (item.kind === 'make') return { kind: 'make', name: item.name, command: item.command, file: item.file };
  return {
    kind: 'dvc',
    dvcfile: item.dvcfile,
    name: item.name,
    cmd: item.cmdIsList ? item.cmd : item.cmd[0],
    wdir: item.wdir,
    deps: item.deps,
    outs: item.outs.map((out) => out.path),
    status: status?.state ?? null,
    reasons: status?.reasons ?? [],
    dvcStatus: status?.dvc ?? [],
    problems: status?.problems ?? [],
    line: item.line,
  };
}

/** The reasons field: DVC's reasons, then what could not be examined. */
function reasonsFields(status: StageStatus | undefined): string[] {
  const all = [...(status?.reasons ?? []), ...(status?.problems ?? []).map((p) => `${p.path}: ${p.reason}`)];
  return all.length > 0 ? [all.join('; ')] : [];
}

/** Tab-separated fields, each escaped: names, commands and reasons come from the files read. */
function itemToLine(item: PipelineItem, status: StageStatus | undefined, cwd: string): string {
  const fields =
    item.kind !== 'dvc'
      ? [item.kind, item.name, path.relative(cwd, item.file), item.command]
      : ['dvc', item.name, path.relative(cwd, item.dvcfile), status?.state ?? '', ...reasonsFields(status)];
  return fields.map(escapeField).join('\t');
}

function dataFileToLine(dataFile: DvcDataFile, status: StageStatus | undefined, cwd: string): string {
  const fields = [
    'dvc-file',
    path.basename(dataFile.file),
    path.relative(cwd, dataFile.file),
    status?.state ?? '',
    ...reasonsFields(status),
  ];
  return fields.map(escapeField).join('\t');
}

function reportProblems(what: string, problems: readonly Problem[] | undefined): void {
  for (const problem of problems ?? [])
    process.stderr.write(`mlops-lens: ${problem.path}: ${problem.reason} (${what})\n`);
}

export async function stagesCommand(paths: string[], options: StagesOptions): Promise<void> {
  const roots = (paths.length > 0 ? paths : ['.']).map((p) => path.resolve(p));
  const { items, problems, dataFiles = [] } = await discoverPipelines(roots);
  for (const problem of problems) process.stderr.write(`mlops-lens: ${problem.path}: ${problem.reason}\n`);
  const hashCache = hashCacheFor(roots, options.useCache);
  const statuses = await stageStatuses(items, hashCache);
  const dataStatuses = await dataFileStatuses(dataFiles, hashCache);
  for (const [stage, status] of statuses) reportProblems(`stage ${stage.name}`, status.problems);
  for (const [dataFile, status] of dataStatuses)
    reportProblems(path.basename(dataFile.file), status.problems);
  try {
    hashCache.save();
  } catch (error) {
    process.stderr.write(`mlops-lens: cannot save the hash cache: ${(error as Error).message}\n`);
  }
  const lookup = (item: PipelineItem) => (item.kind === 'dvc' ? statuses.get(item) : undefined);
  if (options.json) {
    const json = [
      ...items.map((item) => itemToJson(item, lookup(item))),
      ...dataFiles.map((dataFile) => dataFileToJson(dataFile, dataStatuses.get(dataFile))),
    ];
    process.stdout.write(`${JSON.stringify(json)}\n`);
  } else {
    const cwd = process.cwd();
    for (const item of items) process.stdout.write(`${itemToLine(item, lookup(item), cwd)}\n`);
    for (const dataFile of dataFiles)
      process.stdout.write(`${dataFileToLine(dataFile, dataStatuses.get(dataFile), cwd)}\n`);
  }
}
