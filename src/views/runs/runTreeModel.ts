// The Runs tree's shape, computed from index snapshots without VS Code so that it can be unit-tested.
import type { Experiment, Problem, Run, StoreSnapshot } from '../../core/model';
import { runMatches, type RunFilter } from '../../core/query/filter';
import { sortRuns, type RunSortKey } from '../../core/query/sort';

export interface RunTreeOptions {
  filter?: RunFilter;
  sort: RunSortKey;
  descending: boolean;
  showDeleted: boolean;
}

export interface RunNode {
  kind: 'run';
  run: Run;
  children: RunNode[];
  /** False when shown only because a descendant matches the filter. */
  matches: boolean;
}

export interface ExperimentNode {
  kind: 'experiment';
  experiment: Experiment;
  runs: RunNode[];
  /** Runs in the experiment (shown or not), for the description. */
  totalRuns: number;
}

export interface SourceNode {
  kind: 'source';
  snapshot: StoreSnapshot;
  experiments: ExperimentNode[];
  shownRuns: number;
  problems: Problem[];
}

/** What could not be read in a store (a file, a folder, or the whole store), shown first under it. */
export interface ProblemsNode {
  kind: 'problems';
  store: string;
  problems: Problem[];
  /** Open when the store shows nothing else, so the reason is in sight. */
  expanded: boolean;
}

export interface ProblemNode {
  kind: 'problem';
  problem: Problem;
}

/** A store's children: its problems (if any) above its experiments. */
export function sourceChildren(node: SourceNode): (ProblemsNode | ExperimentNode)[] {
  if (node.problems.length === 0) return node.experiments;
  const problems: ProblemsNode = {
    kind: 'problems',
    store: node.snapshot.store,
    problems: node.problems,
    expanded: node.experiments.length === 0,
  };
  return [problems, ...node.experiments];
}

export function problemChildren(node: ProblemsNode): ProblemNode[] {
  return node.problems.map((problem) => ({ kind: 'problem', problem }));
}

export function runKey(run: Pick<Run, 'store' | 'id'>): string {
  return `${run.store}\u0000${run.id}`;
}

/** Groups store → experiment → run → child runs, filtered and sorted; ancestors of matches stay. */
export function buildRunTree(snapshots: readonly StoreSnapshot[], options: RunTreeOptions): SourceNode[] {
  return snapshots.map((snapshot) => buildSource(snapshot, options));
}

function buildSource(snapshot: StoreSnapshot, options: RunTreeOptions): SourceNode {
  const visible = snapshot.runs.filter((r) => options.showDeleted || r.lifecycle === 'active');
  const byExperiment = new Map<string, Run[]>();
  for (const run of visible) {
    const list = byExperiment.get(run.experimentId) ?? [];
    list.push(run);
    byExperiment.set(run.experimentId, list);
  }
  const experiments: ExperimentNode[] = [];
  let shownRuns = 0;
  const ordered = [...snapshot.experiments].sort((a, b) => a.name.localeCompare(b.name));
  for (const experiment of ordered) {
    if (!options.showDeleted && experiment.lifecycle === 'deleted') continue;
    const runs = byExperiment.get(experiment.id) ?? [];
    const roots = buildRunForest(runs, options);
    if (options.filter && roots.length === 0) continue;
    if (!options.filter && runs.length === 0 && experiment.id === '0' && experiment.name === 'Default')
      continue;
    shownRuns += countShown(roots);
    experiments.push({ kind: 'experiment', experiment, runs: roots, totalRuns: runs.length });
  }
  return { kind: 'source', snapshot, experiments, shownRuns, problems: snapshot.problems };
}

function countShown(nodes: readonly RunNode[]): number {
  return nodes.reduce((n, node) => n + (node.matches ? 1 : 0) + countShown(node.children), 0);
}

function buildRunForest(runs: readonly Run[], options: RunTreeOptions): RunNode[] {
  const sorted = sortRuns(runs, options.sort, options.descending);
  const ids = new Set(sorted.map((r) => r.id));
  const childrenOf = new Map<string, Run[]>();
  const roots: Run[] = [];
  for (const run of sorted) {
    // A child whose parent is not shown (deleted, or in another store) stands at the top level.
    if (run.parentId && ids.has(run.parentId) && run.parentId !== run.id) {
      const list = childrenOf.get(run.parentId) ?? [];
      list.push(run);
      childrenOf.set(run.parentId, list);
    } else roots.push(run);
  }
  const build = (run: Run, seen: Set<string>): RunNode | undefined => {
    if (seen.has(run.id)) return undefined;
    seen.add(run.id);
    const children = (childrenOf.get(run.id) ?? [])
      .map((c) => build(c, seen))
      .filter((c): c is RunNode => c !== undefined);
    const matches = !options.filter || runMatches(options.filter, run);
    if (!matches && children.length === 0) return undefined;
    return { kind: 'run', run, children, matches };
  };
  const seen = new Set<string>();
  return roots.map((r) => build(r, seen)).filter((n): n is RunNode => n !== undefined);
}

/** The run's parent and children within its store, for the details view and the tooltip. */
export function relatives(run: Run, snapshots: readonly StoreSnapshot[]): { parent?: Run; children: Run[] } {
  const snapshot = snapshots.find((s) => s.store === run.store);
  if (!snapshot) return { children: [] };
  return {
    parent: run.parentId ? snapshot.runs.find((r) => r.id === run.parentId) : undefined,
    children: snapshot.runs.filter((r) => r.parentId === run.id && r.id !== run.id),
  };
}
