// `.dvc` files: data files written by `dvc add`/`dvc import` (outs with their hashes) and the
// single-stage files of DVC 0.x (`cmd`, `deps`, `outs` with md5s, `wdir`), which are their own
// lock (SINGLE_STAGE_SCHEMA in dvc/schema.py).
import * as path from 'node:path';
import { parse } from 'yaml';
import { fastParseYaml } from './fastYaml';
import type { Problem } from '../../model';
import type { DvcDataFile, DvcStage, StageOut } from '../../pipeline/model';
import { lockEntryFrom, type LockEntry, type LockStage } from './dvcLock';
import { findDvcRoot } from './dvcRepo';

export interface DotDvcOut extends LockEntry {
  cache: boolean;
  persist: boolean;
  /** DVC 0.x `metric: true`. */
  metric: boolean;
}

export interface DotDvcFile {
  /** Absolute path of the .dvc file. */
  file: string;
  /** Absolute working directory (the file's folder joined with `wdir`). */
  wdir: string;
  /** Present in DVC 0.x stage files and `dvc run`-style single stages. */
  cmd?: string | string[];
  frozen: boolean;
  alwaysChanged: boolean;
  deps: LockEntry[];
  outs: DotDvcOut[];
  /** Repo imports (`dvc import`) carry `repo: {url, rev_lock}` in their dependency. */
  isImport: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function outsFrom(raw: unknown): DotDvcOut[] {
  if (!Array.isArray(raw)) return [];
  const outs: DotDvcOut[] = [];
  for (const item of raw) {
    const entry = lockEntryFrom(item);
    if (!entry || !isRecord(item)) continue;
    outs.push({
      ...entry,
      cache: item.cache !== false,
      persist: item.persist === true,
      metric: item.metric === true,
    });
  }
  return outs;
}

export function parseDotDvcFile(text: string, file: string): { dvcFile?: DotDvcFile; problems: Problem[] } {
  let data: unknown;
  try {
    // Written by DVC in block YAML: the fast reader takes it (a project may hold hundreds).
    const fast = fastParseYaml(text, true);
    data = fast ? fast.value : parse(text, { merge: true });
  } catch (error) {
    return { problems: [{ path: file, reason: `invalid YAML: ${(error as Error).message.split('\n')[0]}` }] };
  }
  if (!isRecord(data)) return { problems: [{ path: file, reason: '.dvc file must be a mapping' }] };
  const rawDeps = Array.isArray(data.deps) ? data.deps : [];
  const cmd = data.cmd;
  return {
    dvcFile: {
      file,
      wdir: path.resolve(path.dirname(file), typeof data.wdir === 'string' ? data.wdir : '.'),
      cmd: typeof cmd === 'string' || Array.isArray(cmd) ? (cmd as string | string[]) : undefined,
      frozen: data.frozen === true || data.locked === true,
      alwaysChanged: data.always_changed === true,
      deps: rawDeps.map(lockEntryFrom).filter((e): e is LockEntry => e !== undefined),
      outs: outsFrom(data.outs),
      isImport: rawDeps.some((dep) => isRecord(dep) && isRecord(dep.repo)),
    },
    problems: [],
  };
}

/** A DVC 0.x stage file as a pipeline stage (named after the file, e.g. "train.dvc"); undefined for data files. */
export function dotDvcStage(dvcFile: DotDvcFile): DvcStage | undefined {
  if (dvcFile.cmd === undefined) return undefined;
  const outs: StageOut[] = dvcFile.outs.map((out) => ({
    path: out.path,
    cache: out.cache,
    persist: out.persist,
    kind: out.metric ? 'metrics' : 'outs',
  }));
  const stage: DvcStage = {
    kind: 'dvc',
    dvcfile: dvcFile.file,
    name: path.basename(dvcFile.file),
    cmd: Array.isArray(dvcFile.cmd) ? dvcFile.cmd.map(String) : [dvcFile.cmd],
    wdir: dvcFile.wdir,
    deps: dvcFile.deps.map((dep) => dep.path),
    params: [],
    outs,
    frozen: dvcFile.frozen,
    line: 1,
    cmdIsList: Array.isArray(dvcFile.cmd),
  };
  if (dvcFile.alwaysChanged) stage.alwaysChanged = true;
  return stage;
}

/** A data file (`dvc add`, `dvc import`) as the Pipelines view lists it; undefined for DVC 0.x stage files. */
export function dotDvcDataFile(dvcFile: DotDvcFile): DvcDataFile | undefined {
  if (dvcFile.cmd !== undefined) return undefined;
  const dir = path.dirname(dvcFile.file);
  return {
    kind: 'dvc-file',
    file: dvcFile.file,
    root: findDvcRoot(dir) ?? dir,
    wdir: dvcFile.wdir,
    outs: dvcFile.outs.map((out) => out.path),
    deps: dvcFile.deps.map((dep) => dep.path),
    frozen: dvcFile.frozen,
  };
}

/** The hashes a .dvc file records, in the shape of a dvc.lock stage. */
export function dotDvcLock(dvcFile: DotDvcFile): LockStage {
  return { cmd: dvcFile.cmd ?? '', deps: dvcFile.deps, outs: dvcFile.outs, params: {} };
}
