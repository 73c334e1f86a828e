// What DVC tracks at one version (its index's data keys): every cached output of the `.dvc` files
// and of the dvc.yaml stages (with the hash dvc.lock records), read from a FileTree, so the same code
// reads the workspace and any commit. An unreadable `.dvc`, dvc.yaml or dvc.lock makes the version
// unreadable (DVC refuses it too): a DataError names the file and the reason.
import * as path from 'node:path';
import { parseDotDvcFile } from '../sources/dvc/dvcFile';
import { parseDvcLock, type LockEntry } from '../sources/dvc/dvcLock';
import { joinRelative, type FileTree } from '../sources/dvclive/fileTree';
import { parseAt } from '../sources/dvcExperiments/revision';
import { DataError, type HashRef } from './model';

export interface TrackedOut {
  /** Repo-relative "/" path of the output. */
  key: string;
  hash: HashRef | null;
  isDir: boolean;
  /** The repo-relative file that declares it (a `.dvc` file or a dvc.yaml). */
  source: string;
  /** Bytes and, for a folder, files as the `.dvc` file or dvc.lock records them (absent in old files). */
  size?: number;
  nfiles?: number;
}

/** Folders of sub-repos ("sub/"): their own `.dvc` folder makes them another DVC project. */
function subrepoDirs(files: readonly string[]): string[] {
  return files.filter((f) => f.endsWith('/.dvc/config')).map((f) => f.slice(0, -'.dvc/config'.length));
}

function isDotDvcFile(file: string): boolean {
  return file.endsWith('.dvc') && !file.startsWith('.dvc/') && path.posix.basename(file) !== '.dvc';
}

/** DVC reads these files as UTF-8 YAML: NUL bytes or invalid UTF-8 mean it is not one. */
function assertText(text: string, file: string): void {
  if (text.includes('\0') || text.includes('\uFFFD')) {
    throw new DataError(file, 'not a text file (binary content): DVC cannot load it');
  }
}

function hashOf(entry: LockEntry): HashRef | null {
  return entry.checksum ? { name: entry.hashName, value: entry.checksum } : null;
}

function recorded(entry: LockEntry | undefined): Pick<TrackedOut, 'size' | 'nfiles'> {
  const sizes: Pick<TrackedOut, 'size' | 'nfiles'> = {};
  if (entry?.size !== undefined) sizes.size = entry.size;
  if (entry?.nfiles !== undefined) sizes.nfiles = entry.nfiles;
  return sizes;
}

/** A path relative to `root`, "/"-separated; null when it leaves the repository. */
function repoKey(root: string, absolute: string): string | null {
  const relative = path.relative(root, absolute).split(path.sep).join('/');
  return joinRelative(relative);
}

async function readText(tree: FileTree, file: string): Promise<string> {
  const text = await tree.read(file);
  if (text === null) throw new DataError(file, 'cannot be read');
  assertText(text, file);
  return text;
}

async function dotDvcOuts(tree: FileTree, root: string, file: string): Promise<TrackedOut[]> {
  const text = await readText(tree, file);
  const absolute = path.join(root, ...file.split('/'));
  const { dvcFile, problems } = parseDotDvcFile(text, absolute);
  if (!dvcFile) throw new DataError(file, problems[0]?.reason ?? 'not a .dvc file');
  // `dvc import-url` (one dependency, one output, no command): an output imported without its
  // data (--no-download) has no hash of its own and DVC's index takes the dependency's.
  const importDep =
    dvcFile.cmd === undefined && !dvcFile.isImport && dvcFile.deps.length === 1 && dvcFile.outs.length === 1
      ? dvcFile.deps[0]
      : undefined;
  const outs: TrackedOut[] = [];
  for (const out of dvcFile.outs) {
    const key = repoKey(root, path.resolve(dvcFile.wdir, out.path));
    if (!out.cache || !key) continue;
    const hash = hashOf(out) ?? (importDep ? hashOf(importDep) : null);
    outs.push({ key, hash, isDir: hash?.value.endsWith('.dir') ?? false, source: file, ...recorded(out) });
  }
  return outs;
}

async function stageOuts(tree: FileTree, root: string, dvcfile: string): Promise<TrackedOut[]> {
  const parsed = await parseAt(tree, root, dvcfile);
  if (!parsed) return [];
  assertText(parsed.text, dvcfile);
  if (parsed.problems.length > 0) throw new DataError(dvcfile, parsed.problems[0].reason);
  const lockFile = joinRelative(path.posix.dirname(dvcfile), 'dvc.lock') ?? 'dvc.lock';
  const lockText = await tree.read(lockFile);
  let stages: Record<string, { outs: LockEntry[] }> = {};
  if (lockText !== null) {
    assertText(lockText, lockFile);
    const { lock, problems } = parseDvcLock(lockText, lockFile);
    if (!lock) throw new DataError(lockFile, problems[0]?.reason ?? 'not a dvc.lock file');
    stages = lock.stages;
  }
  const outs: TrackedOut[] = [];
  for (const stage of parsed.stages) {
    for (const out of stage.outs) {
      const key = repoKey(root, path.resolve(stage.wdir, out.path));
      if (!out.cache || !key) continue;
      const locked = stages[stage.name]?.outs.find((entry) => entry.path === out.path);
      const hash = locked ? hashOf(locked) : null;
      outs.push({
        key,
        hash,
        isDir: hash?.value.endsWith('.dir') ?? false,
        source: dvcfile,
        ...recorded(locked),
      });
    }
  }
  return outs;
}

/** Every cached output of this version's `.dvc` files and dvc.yaml stages. */
export async function trackedOuts(tree: FileTree, root: string): Promise<TrackedOut[]> {
  const files = await tree.list('');
  const subrepos = subrepoDirs(files);
  const own = files.filter((f) => !subrepos.some((dir) => f.startsWith(dir)));
  const outs: TrackedOut[] = [];
  for (const file of own) {
    if (isDotDvcFile(file)) outs.push(...(await dotDvcOuts(tree, root, file)));
    else if (file === 'dvc.yaml' || file.endsWith('/dvc.yaml'))
      outs.push(...(await stageOuts(tree, root, file)));
  }
  return outs;
}
