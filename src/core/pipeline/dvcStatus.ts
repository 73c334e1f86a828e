// `dvc status --json` for a whole DVC project, computed natively: every stage of every dvc.yaml and
// every .dvc file DVC would collect, keyed by DVC's address ("train", "sub/dvc.yaml:train",
// "data/raw.csv.dvc"), listing only stages that changed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem } from '../model';
import { parseDotDvcFile } from '../sources/dvc/dvcFile';
import { DvcIgnore } from '../sources/dvc/dvcignore';
import { parseDvcLock } from '../sources/dvc/dvcLock';
import { readDvcRepoConfig, readTextFile } from '../sources/dvc/dvcRepo';
import { parseDvcYaml } from '../sources/dvc/dvcYaml';
import type { HashCache } from './hashCache';
import type { DvcStatusEntry } from './model';
import { dataFileEntries } from './dataFileStatus';
import { displayPath, dvcStatusEntries, uniqueProblems } from './status';
import type { StatusEnv } from './statusChecks';

export type DvcStatusJson = Record<string, DvcStatusEntry[]>;

/** dvc.yaml and .dvc files of the project, as DVC collects them (ignored folders and sub-projects skipped). */
export function collectDvcFiles(dir: string, ignore: DvcIgnore, out: string[] = []): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const absPath = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!ignore.isEntryIgnored(absPath, true) && !ignore.isSubproject(absPath))
        collectDvcFiles(absPath, ignore, out);
    } else if (
      entry.isFile() &&
      (entry.name === 'dvc.yaml' || (entry.name.endsWith('.dvc') && entry.name !== '.dvc'))
    ) {
      if (!ignore.isEntryIgnored(absPath, false)) out.push(absPath);
    }
  }
  return out;
}

function dvcYamlStatus(file: string, env: StatusEnv, result: DvcStatusJson, problems: Problem[]): void {
  const text = readTextFile(file);
  if (text === undefined) return;
  const parsed = parseDvcYaml(text, { dvcfile: file, readFile: readTextFile, parsing: env.repo.parsing });
  problems.push(...parsed.problems);
  const lockFile = path.join(path.dirname(file), 'dvc.lock');
  const lockText = readTextFile(lockFile);
  const lockResult = lockText === undefined ? undefined : parseDvcLock(lockText, lockFile);
  if (lockResult) problems.push(...lockResult.problems);
  const relative = displayPath(file, env.repo.root);
  for (const stage of parsed.stages) {
    const stageEnv: StatusEnv = { ...env, problems: [] };
    const entries = dvcStatusEntries(stage, lockResult?.lock?.stages[stage.name], stageEnv);
    problems.push(...uniqueProblems(stageEnv.problems ?? []));
    const address = relative === 'dvc.yaml' ? stage.name : `${relative}:${stage.name}`;
    if (entries.length > 0) result[address] = entries;
  }
}

/**
 * What `dvc status --json` prints when run at `root` (a DVC project root). Files DVC could not
 * load, and paths it could not examine, are reported as problems instead of failing the listing.
 */
export async function dvcStatusJson(
  root: string,
  hashCache: HashCache,
): Promise<{ status: DvcStatusJson; problems: Problem[] }> {
  const ignore = new DvcIgnore(root);
  const env: StatusEnv = { repo: readDvcRepoConfig(root), ignore, hashCache, stats: new Map() };
  const status: DvcStatusJson = {};
  const problems: Problem[] = [];
  for (const file of collectDvcFiles(root, ignore)) {
    if (path.basename(file) === 'dvc.yaml') {
      dvcYamlStatus(file, env, status, problems);
      continue;
    }
    const text = readTextFile(file);
    if (text === undefined) continue;
    const { dvcFile, problems: fileProblems } = parseDotDvcFile(text, file);
    problems.push(...fileProblems);
    if (!dvcFile) continue;
    const fileEnv: StatusEnv = { ...env, problems: [] };
    const entries = dataFileEntries(dvcFile, fileEnv);
    problems.push(...uniqueProblems(fileEnv.problems ?? []));
    if (entries.length > 0) status[displayPath(file, root)] = entries;
    // Give the event loop a turn between files of a large project.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { status, problems };
}
