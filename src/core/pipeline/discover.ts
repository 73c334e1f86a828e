// Finds every pipeline under some folders: dvc.yaml files (several per project and in sub-projects),
// DVC 0.x single-stage `.dvc` files, MLproject files and Makefiles.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem } from '../model';
import { dotDvcDataFile, dotDvcStage, parseDotDvcFile } from '../sources/dvc/dvcFile';
import { findDvcRoot, readDvcRepoConfig, readTextFile } from '../sources/dvc/dvcRepo';
import { parseDvcYaml } from '../sources/dvc/dvcYaml';
import { MAKEFILE_NAMES, parseMakefile } from './makefile';
import { isMlprojectFile, parseMlproject } from './mlproject';
import type { DvcDataFile, PipelineItem } from './model';

export interface PipelineScan {
  items: PipelineItem[];
  problems: Problem[];
  /** `.dvc` data files (`dvc add`, `dvc import`): nothing to run, but a status of their own. */
  dataFiles?: DvcDataFile[];
}

/** Folders that never hold a user's pipeline and are expensive to walk. */
const SKIPPED_DIRS = new Set([
  'node_modules',
  '__pycache__',
  'site-packages',
  'dist-packages',
  'venv',
  'env',
]);
const MAX_DEPTH = 10;

export type PipelineFileKind = 'dvc.yaml' | '.dvc' | 'mlproject' | 'make';

/** Which reader a file name calls for, or undefined. */
export function pipelineFileKind(file: string): PipelineFileKind | undefined {
  const name = path.basename(file);
  if (name === 'dvc.yaml') return 'dvc.yaml';
  if (name.endsWith('.dvc') && name.length > 4) return '.dvc';
  if (isMlprojectFile(name)) return 'mlproject';
  if (MAKEFILE_NAMES.includes(name)) return 'make';
  return undefined;
}

/** Reads one pipeline file (for incremental updates when a file changes). */
export function readPipelineFile(file: string): PipelineScan {
  const kind = pipelineFileKind(file);
  const text = readTextFile(file);
  if (!kind) return { items: [], problems: [] };
  if (text === undefined) return { items: [], problems: [{ path: file, reason: 'cannot read the file' }] };
  switch (kind) {
    case 'dvc.yaml': {
      const root = findDvcRoot(path.dirname(file));
      const parsing = root ? readDvcRepoConfig(root).parsing : {};
      const result = parseDvcYaml(text, { dvcfile: file, readFile: readTextFile, parsing });
      return { items: result.stages, problems: result.problems };
    }
    case '.dvc': {
      const { dvcFile, problems } = parseDotDvcFile(text, file);
      const stage = dvcFile && dotDvcStage(dvcFile);
      const dataFile = dvcFile && dotDvcDataFile(dvcFile);
      return { items: stage ? [stage] : [], dataFiles: dataFile ? [dataFile] : [], problems };
    }
    case 'mlproject':
      return parseMlproject(text, file);
    case 'make':
      return { items: parseMakefile(text, file), problems: [] };
  }
}

function isVirtualenv(dir: string, entries: fs.Dirent[]): boolean {
  return entries.some((e) => e.name === 'pyvenv.cfg' && e.isFile()) || path.basename(dir) === '.venv';
}

async function collectFiles(dir: string, depth: number, out: string[]): Promise<void> {
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  if (isVirtualenv(dir, entries)) return;
  const subdirs: string[] = [];
  for (const entry of entries) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      // Hidden folders (.git, .dvc, .venv, .github …) hold no pipelines of the project.
      if (!entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) subdirs.push(child);
    } else if (entry.isFile() && pipelineFileKind(entry.name)) out.push(child);
  }
  if (depth >= MAX_DEPTH) return;
  for (const sub of subdirs) await collectFiles(sub, depth + 1, out);
}

/** Every pipeline file under `roots` (folders, or pipeline files themselves), sorted and unique. */
export async function listPipelineFiles(roots: string[]): Promise<{ files: string[]; problems: Problem[] }> {
  const files: string[] = [];
  const problems: Problem[] = [];
  for (const root of roots.map((r) => path.resolve(r))) {
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(root);
    } catch {
      problems.push({ path: root, reason: 'no such file or folder' });
      continue;
    }
    if (stat.isDirectory()) await collectFiles(root, 0, files);
    else files.push(root);
  }
  return { files: [...new Set(files)].sort(), problems };
}

/**
 * Every pipeline item under `roots` (folders, or pipeline files themselves), sorted by file path
 * and then in file order. Unreadable or invalid files are reported as problems. `readFile` reads
 * one file (the extension passes one that parses in a worker thread).
 */
export async function discoverPipelines(
  roots: string[],
  readFile: (file: string) => PipelineScan | Promise<PipelineScan> = readPipelineFile,
): Promise<PipelineScan> {
  const { files, problems } = await listPipelineFiles(roots);
  const items: PipelineItem[] = [];
  const dataFiles: DvcDataFile[] = [];
  for (const file of files) {
    const result = await readFile(file);
    items.push(...result.items);
    dataFiles.push(...(result.dataFiles ?? []));
    problems.push(...result.problems);
  }
  return { items, problems, dataFiles };
}
