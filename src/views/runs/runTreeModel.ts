// The Runs tree's shape, computed from index snapshots without VS Code so that it can be unit-tested.
import type { Experiment, Problem, Run, StoreSnapshot } from '../../core/model';
import { runMatches, type RunFilter } from '../../core/query/filter';
import { sortRuns, type RunSortKey } from '../../core/query/sort';

export interface RunTreeOptions {
  filter?: RunFilter;
  sort: RunSortKey;
  descending: boolean;
  showDeleted: boolean;
  /** Leave out stores without a run (and without problems) even when no filter is active. */
  hideEmptyStores?: boolean;
}

/** How a run is told apart from runs of the same name in its experiment: by start time, or by id. */
export type NameTwin = 'time' | 'id';

export interface RunNode {
  kind: 'run';
  run: Run;
  children: RunNode[];
  /** False when shown only because a descendant matches the filter. */
  matches: boolean;
  /** Set when another run of the experiment has the same name. */
  twin?: NameTwin;
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
  /** Runs in the store that the deleted toggle lets through, matching the filter or not. */
  totalRuns: number;
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

/**
 * Groups store → experiment → run → child runs, filtered and sorted; ancestors of matches stay.
 * Stores with no run to show are left out while a filter is active (and always with
 * `hideEmptyStores`), unless something in them could not be read.
 */
export function buildRunTree(snapshots: readonly StoreSnapshot[], options: RunTreeOptions): SourceNode[] {
  return snapshots
    .map((snapshot) => buildSource(snapshot, options))
    .filter((node) => node.problems.length > 0 || !isHiddenWhenEmpty(node, options));
}

function isHiddenWhenEmpty(node: SourceNode, options: RunTreeOptions): boolean {
  if (options.filter) return node.shownRuns === 0;
  return options.hideEmptyStores === true && node.totalRuns === 0;
}

/** A store with no run to show starts collapsed, so that it does not take a screenful. */
export function isEmptySource(node: SourceNode): boolean {
  return node.shownRuns === 0;
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
    const roots = buildRunForest(runs, options, nameTwins(runs));
    if (options.filter && roots.length === 0) continue;
    if (!options.filter && runs.length === 0 && experiment.id === '0' && experiment.name === 'Default')
      continue;
    shownRuns += countShown(roots);
    experiments.push({ kind: 'experiment', experiment, runs: roots, totalRuns: runs.length });
  }
  return {
    kind: 'source',
    snapshot,
    experiments,
    shownRuns,
    totalRuns: visible.length,
    problems: snapshot.problems,
  };
}

function countShown(nodes: readonly RunNode[]): number {
  return nodes.reduce((n, node) => n + (node.matches ? 1 : 0) + countShown(node.children), 0);
}

/**
 * Runs whose name another run of the same experiment has: told apart by start time, or by id when
 * the start times are equal too (or unknown).
 */
export function nameTwins(runs: readonly Run[]): Map<string, NameTwin> {
  const byName = new Map<string, Run[]>();
  for (const run of runs) {
    if (!run.name) continue;
    const list = byName.get(run.name) ?? [];
    list.push(run);
    byName.set(run.name, list);
  }
  const twins = new Map<string, NameTwin>();
  for (const group of byName.values()) {
    if (group.length < 2) continue;
    const starts = new Map<number, number>();
    for (const run of group)
      if (run.startTime !== null) starts.set(run.startTime, (starts.get(run.startTime) ?? 0) + 1);
    for (const run of group)
      twins.set(run.id, run.startTime !== null && starts.get(run.startTime) === 1 ? 'time' : 'id');
  }
  return twins;
}

function buildRunForest(
  runs: readonly Run[],
  options: RunTreeOptions,
  twins: ReadonlyMap<string, NameTwin>,
): RunNode[] {
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
    const twin = twins.get(run.id);
    return { kind: 'run', run, children, matches, ...(twin ? { twin } : {}) };
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
