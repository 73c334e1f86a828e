// The status of a `.dvc` data file (`dvc add`, `dvc import`, `dvc import-url`) as `dvc status`
// reports it (dvc/stage/__init__.py `Stage.status` for a stage without a command): its outputs
// ("modified", "deleted", "not in cache"), its local dependencies unless frozen, "always changed".
import * as path from 'node:path';
import type { Problem } from '../model';
import { parseDotDvcFile, type DotDvcFile } from '../sources/dvc/dvcFile';
import { DvcIgnore } from '../sources/dvc/dvcignore';
import { findDvcRoot, readDvcRepoConfig, readTextFile } from '../sources/dvc/dvcRepo';
import type { HashCache } from './hashCache';
import type { DvcStatusEntry, StageStatus } from './model';
import { describeEntries, displayPath, stateOf, uniqueProblems } from './status';
import { isInCache, workspaceStatus, type StatusEnv } from './statusChecks';

/** The project around a .dvc file (root, cache, .dvcignore); its own folder outside any project. */
export function statusEnvForFile(file: string, hashCache: HashCache): StatusEnv {
  const dir = path.dirname(file);
  const root = findDvcRoot(dir) ?? dir;
  return { repo: readDvcRepoConfig(root), ignore: new DvcIgnore(root), hashCache, stats: new Map() };
}

/** A .dvc file's entries of `dvc status --json`; repo imports are not checked for updates (that needs the network). */
export function dataFileEntries(dvcFile: DotDvcFile, env: StatusEnv): DvcStatusEntry[] {
  const entries: DvcStatusEntry[] = [];
  const root = env.repo.root;
  if (!dvcFile.frozen && !dvcFile.isImport) {
    const deps: Record<string, string> = {};
    for (const dep of dvcFile.deps) {
      if (dep.path.includes('://')) continue;
      const absPath = path.resolve(dvcFile.wdir, dep.path);
      const status = workspaceStatus(absPath, dep.hashName, dep.checksum, env, false);
      if (status) deps[displayPath(absPath, root)] ??= status;
    }
    if (Object.keys(deps).length > 0) entries.push({ 'changed deps': deps });
  }
  const outs: Record<string, string> = {};
  for (const out of dvcFile.outs) {
    const absPath = path.resolve(dvcFile.wdir, out.path);
    let status: string | undefined;
    if (out.checksum && out.cache && !isInCache(out.hashName, out.checksum, env)) status = 'not in cache';
    else status = workspaceStatus(absPath, out.hashName, out.checksum, env, true);
    if (status) outs[displayPath(absPath, root)] ??= status;
  }
  if (Object.keys(outs).length > 0) entries.push({ 'changed outs': outs });
  if (dvcFile.alwaysChanged) entries.push('always changed');
  return entries;
}

function unreadable(problems: Problem[]): StageStatus {
  return { state: 'unknown', reasons: [], dvc: [], problems };
}

/**
 * The status of the .dvc file at `file`, read again now. `env` (statusEnvForFile) may be shared by
 * the files of one project within one refresh. Never throws: what cannot be read or examined is
 * listed in `problems` (state "unknown").
 */
export async function computeDataFileStatus(
  file: string,
  hashCache: HashCache,
  env: StatusEnv = statusEnvForFile(file, hashCache),
): Promise<StageStatus> {
  const text = readTextFile(file);
  if (text === undefined) return unreadable([{ path: file, reason: 'cannot read the file' }]);
  const parsed = parseDotDvcFile(text, file);
  if (!parsed.dvcFile) return unreadable(parsed.problems);
  const fileEnv: StatusEnv = { ...env, problems: [] };
  const entries = dataFileEntries(parsed.dvcFile, fileEnv);
  const problems = uniqueProblems([...parsed.problems, ...(fileEnv.problems ?? [])]);
  const status: StageStatus = {
    state: stateOf(true, entries, problems),
    reasons: describeEntries(entries, { params: [], wdir: parsed.dvcFile.wdir }, env.repo.root),
    dvc: entries,
  };
  if (problems.length > 0) status.problems = problems;
  return status;
}
