// Where the dep and out paths of a dvc.yaml, a dvc.lock or a `.dvc` file are written, with the
// repo-relative key each names and the stage it belongs to, for the data hovers and stage lenses.
// YAML that does not parse gives an error and no paths (the file is being edited).
import * as path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import type { SourceRange } from '../../logCalls/types';

export type DvcFileKind = 'dvc.yaml' | 'dvc.lock' | '.dvc';

export interface PathEntry {
  /** Repo-relative "/" key (relative to the DVC project root). */
  key: string;
  role: 'dep' | 'out';
  stage?: string;
  range: SourceRange;
}

export interface StageEntry {
  name: string;
  /** 0-based line of the stage's name. */
  line: number;
  deps: string[];
  outs: string[];
}

export interface DvcFileScan {
  paths: PathEntry[];
  stages: StageEntry[];
  error?: string;
}

const OUT_SECTIONS = ['outs', 'metrics', 'plots'];

/** The kind of DVC file by name; undefined for any other file. */
export function dvcFileKind(fileName: string): DvcFileKind | undefined {
  const base = path.basename(fileName);
  if (base === 'dvc.yaml') return 'dvc.yaml';
  if (base === 'dvc.lock') return 'dvc.lock';
  return base.endsWith('.dvc') && base !== '.dvc' ? '.dvc' : undefined;
}

/** `dirKey`: the file's folder relative to the project root ("" at the root). */
export function scanDvcFile(text: string, kind: DvcFileKind, dirKey: string): DvcFileScan {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  if (doc.errors.length > 0) return { paths: [], stages: [], error: doc.errors[0].message };
  const scan: DvcFileScan = { paths: [], stages: [] };
  const root = doc.contents;
  if (!isMap(root)) return scan;
  const at = (offset: number) => {
    const pos = lines.linePos(offset);
    return { line: pos.line - 1, character: pos.col - 1 };
  };
  const context: ReadContext = { scan, at, dirKey };
  if (kind === '.dvc') {
    readSection(root, context, undefined, scalarOf(root.get('wdir', true)) ?? '');
    return scan;
  }
  const stages = kind === 'dvc.lock' && !root.has('stages') ? root : root.get('stages', true);
  if (!isMap(stages)) return scan;
  for (const pair of stages.items) {
    const name = scalarOf(pair.key as Node);
    if (name === undefined || !isMap(pair.value)) continue;
    const stage: StageEntry = { name, line: at((pair.key as Node).range?.[0] ?? 0).line, deps: [], outs: [] };
    scan.stages.push(stage);
    const wdir = kind === 'dvc.yaml' ? (scalarOf(pair.value.get('wdir', true)) ?? '') : '';
    readSection(pair.value, context, stage, wdir);
  }
  return scan;
}

interface ReadContext {
  scan: DvcFileScan;
  at: (offset: number) => { line: number; character: number };
  dirKey: string;
}

function readSection(
  owner: YAMLMap,
  context: ReadContext,
  stage: StageEntry | undefined,
  wdir: string,
): void {
  for (const section of ['deps', ...OUT_SECTIONS]) {
    const list = owner.get(section, true);
    if (!isSeq(list)) continue;
    const role = section === 'deps' ? 'dep' : 'out';
    for (const item of list.items) {
      const node = pathNode(item as Node);
      const written = node ? scalarOf(node) : undefined;
      if (!node?.range || written === undefined || written.includes('${') || written === '') continue;
      const key = keyOf(context.dirKey, wdir, written);
      if (key === null) continue;
      context.scan.paths.push({
        key,
        role,
        stage: stage?.name,
        range: { start: context.at(node.range[0]), end: context.at(node.range[1]) },
      });
      stage?.[role === 'dep' ? 'deps' : 'outs'].push(key);
    }
  }
}

/** The node holding a path: a scalar item, `- path: x` (lock, .dvc) or `- x: {cache: false}` (dvc.yaml). */
function pathNode(item: Node): Node | undefined {
  if (isScalar(item)) return item;
  if (!isMap(item)) return undefined;
  const explicit = item.get('path', true);
  if (isScalar(explicit)) return explicit;
  const first = item.items[0]?.key;
  return item.items.length === 1 && isScalar(first) ? first : undefined;
}

function scalarOf(node: unknown): string | undefined {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')
    ? String(node.value)
    : undefined;
}

/** The repo-relative key of a written path; null when it is absolute or leaves the project. */
export function keyOf(dirKey: string, wdir: string, written: string): string | null {
  if (path.posix.isAbsolute(written) || /^[a-zA-Z]:[\\/]/.test(written) || /^\w+:\/\//.test(written))
    return null;
  const joined = path.posix.normalize(
    path.posix.join(dirKey || '.', wdir || '.', written.replace(/\\/g, '/')),
  );
  const key = joined.replace(/\/+$/, '');
  return key === '..' || key.startsWith('../') || key === '.' ? null : key;
}
