// A stage's status computed natively, exactly as `dvc status` does (dvc/stage/__init__.py
// `Stage.status`, PipelineStage): changed deps (files, folders, params), changed outs (missing,
// modified, not in cache), "always changed", "changed command". Hashes come from a HashCache.
import * as path from 'node:path';
import { dotDvcLock, parseDotDvcFile } from '../sources/dvc/dvcFile';
import { DvcIgnore } from '../sources/dvc/dvcignore';
import { parseDvcLock, type DvcLock, type LockEntry, type LockStage } from '../sources/dvc/dvcLock';
import { findDvcRoot, readDvcRepoConfig, readTextFile } from '../sources/dvc/dvcRepo';
import type { HashCache } from './hashCache';
import type { Problem } from '../model';
import type { DvcStage, DvcStatusEntry, StageState, StageStatus } from './model';
import { isInCache, paramsStatus, workspaceStatus, type StatusEnv } from './statusChecks';

export { HashCache } from './hashCache';

/** The project around a stage (root, cache, .dvcignore); a dvc.yaml outside any project is its own root. */
export function statusEnvFor(stage: DvcStage, hashCache: HashCache): StatusEnv {
  const dir = path.dirname(stage.dvcfile);
  const root = findDvcRoot(dir) ?? dir;
  return { repo: readDvcRepoConfig(root), ignore: new DvcIgnore(root), hashCache, stats: new Map() };
}

/** How DVC prints a path: relative to the project root with "/", absolute when outside it. */
export function displayPath(absPath: string, root: string): string {
  const relative = path.relative(root, absPath);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return absPath;
  return relative.split(path.sep).join('/') || '.';
}

/** path.resolve(wdir, relative) without its cost for the common already-clean relative path. */
export function resolveIn(wdir: string, relative: string): string {
  const clean =
    path.sep === '/' && /^[^/.][^\\]*$/.test(relative) && !/\/\.{0,2}(?:\/|$)|\/\//.test(relative);
  return clean ? `${wdir}/${relative}` : path.resolve(wdir, relative);
}

function isDvcfileStage(stage: DvcStage): boolean {
  return path.basename(stage.dvcfile) === 'dvc.yaml';
}

/** The lock record for a stage: its dvc.lock entry, or the hashes a .dvc file carries itself. */
export function lockStageFor(stage: DvcStage, lock: DvcLock | undefined): LockStage | undefined {
  return lock?.stages[stage.name];
}

const entriesByPath = new WeakMap<LockEntry[], Map<string, LockEntry>>();

/** A lock stage's entry for a path (indexed once per entry list: stages may list thousands). */
function lockEntry(entries: LockEntry[] | undefined, entryPath: string): LockEntry | undefined {
  if (!entries) return undefined;
  let index = entriesByPath.get(entries);
  if (!index) {
    index = new Map();
    for (const entry of entries) if (!index.has(entry.path)) index.set(entry.path, entry);
    entriesByPath.set(entries, index);
  }
  return index.get(entryPath);
}

function hashNameFor(entry: LockEntry | undefined, lockStage: LockStage | undefined): string {
  if (entry) return entry.hashName;
  // Without a lock record DVC uses its default (md5); with a record that lacks the path, the legacy name.
  return lockStage ? 'md5-dos2unix' : 'md5';
}

function depsStatus(stage: DvcStage, lockStage: LockStage | undefined, env: StatusEnv) {
  const changes: Record<string, string | Record<string, string>> = {};
  const root = env.repo.root;
  for (const dep of stage.deps) {
    const absPath = resolveIn(stage.wdir, dep);
    const entry = lockEntry(lockStage?.deps, dep);
    const status = workspaceStatus(absPath, hashNameFor(entry, lockStage), entry?.checksum, env, false);
    if (status) changes[displayPath(absPath, root)] ??= status;
  }
  for (const params of stage.params) {
    const absPath = path.resolve(stage.wdir, params.file);
    const { status, problem } = paramsStatus(absPath, params.keys, lockStage?.params[params.file]);
    if (status) changes[displayPath(absPath, root)] ??= status;
    if (problem) env.problems?.push({ path: absPath, reason: problem });
  }
  return changes;
}

function outsStatus(stage: DvcStage, lockStage: LockStage | undefined, env: StatusEnv) {
  const changes: Record<string, string> = {};
  for (const out of stage.outs) {
    const absPath = resolveIn(stage.wdir, out.path);
    const entry = lockEntry(lockStage?.outs, out.path);
    const hashName = hashNameFor(entry, lockStage);
    let status: string | undefined;
    if (entry?.checksum && out.cache && !isInCache(hashName, entry.checksum, env)) status = 'not in cache';
    else status = workspaceStatus(absPath, hashName, entry?.checksum, env, true);
    if (status) changes[displayPath(absPath, env.repo.root)] ??= status;
  }
  return changes;
}

function sameCommand(stage: DvcStage, locked: string | string[]): boolean {
  const current = stage.cmdIsList ? stage.cmd : stage.cmd[0];
  if (Array.isArray(current) !== Array.isArray(locked)) return false;
  if (!Array.isArray(current) || !Array.isArray(locked)) return current === locked;
  return current.length === locked.length && current.every((c, i) => c === locked[i]);
}

/** `Stage.status` as a list of DVC's entries ([] when up to date). */
export function dvcStatusEntries(
  stage: DvcStage,
  lockStage: LockStage | undefined,
  env: StatusEnv,
): DvcStatusEntry[] {
  const entries: DvcStatusEntry[] = [];
  if (!stage.frozen) {
    const deps = depsStatus(stage, lockStage, env);
    if (Object.keys(deps).length > 0) entries.push({ 'changed deps': deps });
  }
  const outs = outsStatus(stage, lockStage, env);
  if (Object.keys(outs).length > 0) entries.push({ 'changed outs': outs });
  const isCallback = stage.deps.length === 0 && stage.params.length === 0 && stage.outs.length === 0;
  if (stage.alwaysChanged || isCallback) entries.push('always changed');
  if (lockStage && isDvcfileStage(stage) && !sameCommand(stage, lockStage.cmd))
    entries.push('changed command');
  return entries;
}

/** Human-readable reasons: "changed deps: data (modified)", "changed params: params.yaml: train.lr (modified)", "missing outs: model.pkl". */
export function describeEntries(
  entries: DvcStatusEntry[],
  stage: Pick<DvcStage, 'params' | 'wdir'>,
  root: string,
): string[] {
  const paramsFiles = new Set(stage.params.map((p) => displayPath(path.resolve(stage.wdir, p.file), root)));
  const reasons: string[] = [];
  for (const entry of entries) {
    if (typeof entry === 'string') reasons.push(entry);
    else if ('changed deps' in entry) {
      for (const [file, change] of Object.entries(entry['changed deps'])) {
        if (typeof change !== 'string') {
          for (const [key, what] of Object.entries(change))
            reasons.push(`changed params: ${file}: ${key} (${what})`);
        } else if (paramsFiles.has(file)) reasons.push(`changed params: ${file} (${change})`);
        else reasons.push(`changed deps: ${file} (${change})`);
      }
    } else {
      for (const [file, change] of Object.entries(entry['changed outs'])) {
        reasons.push(change === 'deleted' ? `missing outs: ${file}` : `changed outs: ${file} (${change})`);
      }
    }
  }
  return reasons;
}

/** The lock record for any stage: dvc.lock's entry for dvc.yaml stages, the file itself for a .dvc stage. */
export function readLockFor(stage: DvcStage): DvcLock | undefined {
  if (!isDvcfileStage(stage)) {
    const text = readTextFile(stage.dvcfile);
    const dvcFile = text === undefined ? undefined : parseDotDvcFile(text, stage.dvcfile).dvcFile;
    return dvcFile && { schema: '2.0', stages: { [stage.name]: dotDvcLock(dvcFile) } };
  }
  const lockFile = path.join(path.dirname(stage.dvcfile), 'dvc.lock');
  const text = readTextFile(lockFile);
  return text === undefined ? undefined : parseDvcLock(text, lockFile).lock;
}

/** One problem per path (a file inside two folder deps is reported once), in the order found. */
export function uniqueProblems(problems: readonly Problem[]): Problem[] {
  const byPath = new Map<string, Problem>();
  for (const problem of problems) if (!byPath.has(problem.path)) byPath.set(problem.path, problem);
  return [...byPath.values()];
}

/**
 * The state from a status's entries and problems: "unknown" when something could not be examined
 * (DVC would stop there), unless the stage never ran (its next run is certain anyway).
 */
export function stateOf(hasRecord: boolean, entries: DvcStatusEntry[], problems: Problem[]): StageState {
  if (!hasRecord) return 'never-run';
  if (problems.length > 0) return 'unknown';
  return entries.length > 0 ? 'changed' : 'up-to-date';
}

/**
 * A stage's status against its lock (`readLockFor(stage)`), hashing through `hashCache`.
 * `env` (statusEnvFor) may be shared by the stages of one project within one refresh; make a new
 * one for the next refresh (it remembers stat() results of the pass). Paths that cannot be
 * examined are listed in `problems`; they never make it throw.
 */
export async function computeStageStatus(
  stage: DvcStage,
  lock: DvcLock | undefined,
  hashCache: HashCache,
  env: StatusEnv = statusEnvFor(stage, hashCache),
): Promise<StageStatus> {
  const lockStage = lockStageFor(stage, lock);
  const stageEnv: StatusEnv = { ...env, problems: [] };
  const entries = dvcStatusEntries(stage, lockStage, stageEnv);
  const problems = uniqueProblems(stageEnv.problems ?? []);
  const reasons = describeEntries(entries, stage, env.repo.root);
  const status: StageStatus = {
    state: stateOf(lockStage !== undefined, entries, problems),
    reasons: lockStage ? reasons : ['never run', ...reasons],
    dvc: entries,
  };
  if (problems.length > 0) status.problems = problems;
  return status;
}
