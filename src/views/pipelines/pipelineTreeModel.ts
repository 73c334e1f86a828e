// The Pipelines tree as plain data: pipeline files → stages (foreach/matrix items under their
// group) → deps, params and outs; MLproject entry points → parameters; Makefile targets; and per DVC
// project its `.dvc` data files with their status. No vscode here, so the shape and the status
// wording are unit-tested without a workbench.
import * as path from 'node:path';
import type { Problem } from '../../core/model';
import type {
  DvcDataFile,
  DvcStage,
  MakeTarget,
  MlprojectEntryPoint,
  MlprojectParameter,
  PipelineItem,
  StageStatus,
} from '../../core/pipeline/model';

export type PipelineFileKind = 'dvc' | 'mlproject' | 'make';

export interface PipelineFile {
  /** Absolute path of the dvc.yaml, MLproject or Makefile. */
  file: string;
  kind: PipelineFileKind;
  items: PipelineItem[];
  /** Why (parts of) the file could not be read. */
  problems: Problem[];
}

/** A stage's status as the view knows it right now. */
export type StatusEntry =
  | { state: 'pending' }
  | { state: 'known'; status: StageStatus; root?: string }
  | { state: 'error'; reason: string };

/** What the tree reads: the files, and per stage its status, whether it runs, which paths exist. */
export interface PipelinesState {
  files(): readonly PipelineFile[];
  status(stage: DvcStage): StatusEntry;
  isRunning(stage: DvcStage): boolean;
  /** undefined while not yet checked. */
  exists(absolutePath: string): boolean | undefined;
  /** `.dvc` data files (`dvc add`, `dvc import`) and their statuses. */
  dataFiles(): readonly DvcDataFile[];
  dataFileStatus(file: string): StatusEntry;
}

export type StageSection = 'deps' | 'params' | 'outs';

export type PipelineNode =
  | { kind: 'file'; file: PipelineFile }
  | { kind: 'group'; dvcfile: string; name: string; stages: DvcStage[] }
  | { kind: 'stage'; stage: DvcStage }
  | { kind: 'section'; stage: DvcStage; section: StageSection }
  | {
      kind: 'path';
      stage: DvcStage;
      section: StageSection;
      path: string;
      absolutePath: string;
      detail: string;
    }
  | { kind: 'entry'; entry: MlprojectEntryPoint }
  | { kind: 'parameter'; entry: MlprojectEntryPoint; parameter: MlprojectParameter }
  | { kind: 'target'; target: MakeTarget }
  | { kind: 'problem'; file: string; problem: Problem }
  | { kind: 'dataFiles'; root: string; dataFiles: DvcDataFile[] }
  | { kind: 'dataFile'; dataFile: DvcDataFile };

export function stageKey(stage: Pick<DvcStage, 'dvcfile' | 'name'>): string {
  return `${stage.dvcfile}\u0000${stage.name}`;
}

/** The foreach/matrix group a generated stage belongs to ("train@0" → "train"); undefined for plain stages. */
export function groupName(stage: Pick<DvcStage, 'name' | 'group'>): string | undefined {
  if (stage.group) return stage.group;
  const at = stage.name.indexOf('@');
  return at > 0 ? stage.name.slice(0, at) : undefined;
}

/**
 * Top level: one node per pipeline file, dvc.yaml files first, each kind by path; after the DVC
 * files, one node per DVC project holding `.dvc` data files (by project path, files by path).
 */
export function rootNodes(
  files: readonly PipelineFile[],
  dataFiles: readonly DvcDataFile[] = [],
): PipelineNode[] {
  const order: Record<PipelineFileKind, number> = { dvc: 0, mlproject: 1, make: 2 };
  const nodes: PipelineNode[] = [...files]
    .sort((a, b) => order[a.kind] - order[b.kind] || a.file.localeCompare(b.file))
    .map((file) => ({ kind: 'file', file }));
  const byRoot = new Map<string, DvcDataFile[]>();
  for (const dataFile of dataFiles) {
    const list = byRoot.get(dataFile.root);
    if (list) list.push(dataFile);
    else byRoot.set(dataFile.root, [dataFile]);
  }
  const groups: PipelineNode[] = [...byRoot]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([root, list]) => ({
      kind: 'dataFiles',
      root,
      dataFiles: list.sort((a, b) => a.file.localeCompare(b.file)),
    }));
  const afterDvc = nodes.findIndex((n) => n.kind === 'file' && n.file.kind !== 'dvc');
  nodes.splice(afterDvc < 0 ? nodes.length : afterDvc, 0, ...groups);
  return nodes;
}

/** The children of a node, in the order the file lists them. */
export function childNodes(node: PipelineNode): PipelineNode[] {
  switch (node.kind) {
    case 'file':
      return fileChildren(node.file);
    case 'group':
      return node.stages.map((stage) => ({ kind: 'stage', stage }));
    case 'stage':
      return stageSections(node.stage).map((section) => ({ kind: 'section', stage: node.stage, section }));
    case 'section':
      return sectionPaths(node.stage, node.section);
    case 'entry':
      return node.entry.parameters.map((parameter) => ({ kind: 'parameter', entry: node.entry, parameter }));
    case 'dataFiles':
      return node.dataFiles.map((dataFile) => ({ kind: 'dataFile', dataFile }));
    default:
      return [];
  }
}

function fileChildren(file: PipelineFile): PipelineNode[] {
  const problems: PipelineNode[] = file.problems.map((problem) => ({
    kind: 'problem',
    file: file.file,
    problem,
  }));
  const nodes: PipelineNode[] = [];
  const groups = new Map<string, Extract<PipelineNode, { kind: 'group' }>>();
  for (const item of file.items) {
    if (item.kind === 'mlproject') nodes.push({ kind: 'entry', entry: item });
    else if (item.kind === 'make') nodes.push({ kind: 'target', target: item });
    else {
      const group = groupName(item);
      if (group === undefined) {
        nodes.push({ kind: 'stage', stage: item });
        continue;
      }
      const existing = groups.get(group);
      if (existing) existing.stages.push(item);
      else {
        const node = { kind: 'group' as const, dvcfile: item.dvcfile, name: group, stages: [item] };
        groups.set(group, node);
        nodes.push(node);
      }
    }
  }
  return [...problems, ...nodes];
}

function stageSections(stage: DvcStage): StageSection[] {
  const sections: StageSection[] = [];
  if (stage.deps.length > 0) sections.push('deps');
  if (stage.params.length > 0) sections.push('params');
  if (stage.outs.length > 0) sections.push('outs');
  return sections;
}

function sectionPaths(stage: DvcStage, section: StageSection): PipelineNode[] {
  const node = (p: string, detail: string): PipelineNode => ({
    kind: 'path',
    stage,
    section,
    path: p,
    absolutePath: path.resolve(stage.wdir, p),
    detail,
  });
  switch (section) {
    case 'deps':
      return stage.deps.map((d) => node(d, ''));
    case 'params':
      return stage.params.map((p) => node(p.file, p.keys === null ? '' : p.keys.join(', ')));
    case 'outs':
      return stage.outs.map((o) => node(o.path, outFlags(o)));
  }
}

function outFlags(out: DvcStage['outs'][number]): string {
  const flags: string[] = [];
  if (out.kind === 'metrics') flags.push('metric');
  if (out.kind === 'plots') flags.push('plot');
  if (!out.cache) flags.push('cache: false');
  if (out.persist) flags.push('persist');
  return flags.join(', ');
}

/** "changed deps: a.csv, b.csv" → category "changed deps" and its items. */
export function parseReason(reason: string): { category: string; items: string[] } {
  const colon = reason.indexOf(':');
  if (colon < 0) return { category: reason.trim(), items: [] };
  const items = reason
    .slice(colon + 1)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return { category: reason.slice(0, colon).trim(), items };
}

export type StatusWord = 'checking' | 'unknown' | 'up-to-date' | 'never-run' | 'changed';

/**
 * The short status shown beside a stage. `detail` is the reasons' categories in DVC's words
 * ("changed deps, params", "missing outs"); the view words the rest through l10n.
 */
export function statusSummary(entry: StatusEntry): { word: StatusWord; detail: string } {
  if (entry.state === 'pending') return { word: 'checking', detail: '' };
  if (entry.state === 'error') return { word: 'unknown', detail: '' };
  const { status } = entry;
  if (status.state === 'up-to-date') return { word: 'up-to-date', detail: '' };
  if (status.state === 'never-run') return { word: 'never-run', detail: '' };
  if (status.state === 'unknown') return { word: 'unknown', detail: '' };
  const categories = [...new Set(status.reasons.map((r) => parseReason(r).category))];
  return { word: 'changed', detail: joinCategories(categories) };
}

/**
 * The short status beside a `.dvc` data file: for a change, DVC's words for what changed
 * ("modified", "deleted", "not in cache", "always changed"), each once.
 */
export function dataFileSummary(entry: StatusEntry): { word: StatusWord; detail: string } {
  if (entry.state !== 'known' || entry.status.state !== 'changed') return statusSummary(entry);
  const changes = new Set<string>();
  for (const item of entry.status.dvc ?? []) {
    if (typeof item === 'string') changes.add(item);
    else
      for (const paths of Object.values(item) as Record<string, unknown>[])
        for (const change of Object.values(paths))
          changes.add(typeof change === 'string' ? change : 'modified');
  }
  return { word: 'changed', detail: [...changes].join(', ') };
}

/** "changed deps" + "changed params" → "changed deps, params" (shorter beside a tree row). */
function joinCategories(categories: string[]): string {
  const parts: string[] = [];
  let lastVerb = '';
  for (const category of categories) {
    const [verb, ...rest] = category.split(' ');
    const object = rest.join(' ');
    if (verb === lastVerb && object) parts.push(object);
    else parts.push(category);
    lastVerb = verb;
  }
  return parts.join(', ');
}

/**
 * Whether a stage's status names this path, so that its row can say "changed" or "missing": from
 * the `dvc status --json` entries (paths relative to the project root) when the status has them,
 * else from the reasons' text (paths as written in dvc.yaml).
 */
export function pathState(
  entry: StatusEntry,
  paths: { relative: string; absolute: string },
  exists: boolean | undefined,
): 'missing' | 'changed' | undefined {
  if (exists === false) return 'missing';
  if (entry.state !== 'known') return undefined;
  if (entry.status.dvc && entry.root !== undefined) {
    for (const item of entry.status.dvc) {
      if (typeof item === 'string') continue;
      for (const changes of Object.values(item) as Record<string, unknown>[]) {
        const change = Object.entries(changes).find(
          ([p]) => path.resolve(entry.root!, p) === paths.absolute,
        )?.[1];
        if (change !== undefined) return change === 'deleted' ? 'missing' : 'changed';
      }
    }
    return undefined;
  }
  const wanted = normalisePath(paths.relative);
  for (const reason of entry.status.reasons) {
    const { category, items } = parseReason(reason);
    if (!items.some((item) => normalisePath(item.replace(/ \(.*\)$/, '')) === wanted)) continue;
    return /missing|deleted/.test(category) ? 'missing' : 'changed';
  }
  return undefined;
}

function normalisePath(p: string): string {
  return p.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
}

export interface StatusCounts {
  total: number;
  changed: number;
  neverRun: number;
  pending: number;
  /** Whose status could not be computed (unreadable paths, or an error). */
  unknown: number;
}

/** How many of `items` (stages or data files) are changed, never run, unknown or still being checked. */
export function countStatuses<T>(items: readonly T[], status: (item: T) => StatusEntry): StatusCounts {
  const counts: StatusCounts = { total: items.length, changed: 0, neverRun: 0, pending: 0, unknown: 0 };
  for (const item of items) {
    const entry = status(item);
    if (entry.state === 'pending') counts.pending++;
    else if (entry.state === 'error') counts.unknown++;
    else if (entry.status.state === 'changed') counts.changed++;
    else if (entry.status.state === 'never-run') counts.neverRun++;
    else if (entry.status.state === 'unknown') counts.unknown++;
  }
  return counts;
}

/** Every DVC stage in the files, in file order. */
export function allStages(files: readonly PipelineFile[]): DvcStage[] {
  return files.flatMap((f) => f.items.filter((i): i is DvcStage => i.kind === 'dvc'));
}
