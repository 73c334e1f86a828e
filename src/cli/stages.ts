// `mlops-lens stages [PATH ...] [--json] [--no-cache]`: every DVC stage (with its status computed
// natively), MLproject entry point and Makefile target found under the paths.
import * as crypto from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverPipelines } from '../core/pipeline/discover';
import { HashCache } from '../core/pipeline/hashCache';
import type { DvcStage, PipelineItem, StageStatus } from '../core/pipeline/model';
import { computeStageStatus, readLockFor, statusEnvFor } from '../core/pipeline/status';
import type { StatusEnv } from '../core/pipeline/statusChecks';
import type { DvcLock } from '../core/sources/dvc/dvcLock';
import { escapeField } from './output';

export interface StagesOptions {
  json: boolean;
  /** Persist file hashes between runs (default); false hashes everything afresh. */
  useCache: boolean;
}

function hashCacheFor(roots: string[], useCache: boolean): HashCache {
  if (!useCache) return new HashCache();
  const dir = process.env.MLOPS_LENS_INDEX_CACHE || path.join(os.homedir(), '.cache', 'mlops-lens', 'index');
  const key = crypto
    .createHash('sha1')
    .update(JSON.stringify([...roots].sort()))
    .digest('hex');
  return HashCache.load(path.join(dir, `hashes-${key}.json`));
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
    statuses.set(item, await computeStageStatus(item, locks.get(lockKey), hashCache, env));
  }
  return statuses;
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
    line: item.line,
  };
}

/** Tab-separated fields, each escaped: names, commands and reasons come from the files read. */
function itemToLine(item: PipelineItem, status: StageStatus | undefined, cwd: string): string {
  const fields =
    item.kind !== 'dvc'
      ? [item.kind, item.name, path.relative(cwd, item.file), item.command]
      : [
          'dvc',
          item.name,
          path.relative(cwd, item.dvcfile),
          status?.state ?? '',
          ...(status && status.reasons.length > 0 ? [status.reasons.join('; ')] : []),
        ];
  return fields.map(escapeField).join('\t');
}

export async function stagesCommand(paths: string[], options: StagesOptions): Promise<void> {
  const roots = (paths.length > 0 ? paths : ['.']).map((p) => path.resolve(p));
  const { items, problems } = await discoverPipelines(roots);
  for (const problem of problems) process.stderr.write(`mlops-lens: ${problem.path}: ${problem.reason}\n`);
  const hashCache = hashCacheFor(roots, options.useCache);
  const statuses = await stageStatuses(items, hashCache);
  try {
    hashCache.save();
  } catch (error) {
    process.stderr.write(`mlops-lens: cannot save the hash cache: ${(error as Error).message}\n`);
  }
  const lookup = (item: PipelineItem) => (item.kind === 'dvc' ? statuses.get(item) : undefined);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(items.map((item) => itemToJson(item, lookup(item))))}\n`);
  } else {
    for (const item of items) process.stdout.write(`${itemToLine(item, lookup(item), process.cwd())}\n`);
  }
}
