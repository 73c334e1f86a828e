import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Run, SourceKind, StoreSnapshot } from '../../core/model';
import { sourceOf } from '../../core/sources/registry';
import { formatMetricValue, pickKeyMetric } from '../../core/query/keyMetric';
import { isStale } from '../../core/query/stale';
import { sortValueText, twinText } from './format';
import {
  buildRunTree,
  isEmptySource,
  problemChildren,
  runKey,
  sourceChildren,
  type ExperimentNode,
  type ProblemNode,
  type ProblemsNode,
  type RunNode,
  type RunTreeOptions,
  type SourceNode,
} from './runTreeModel';
import { runTooltip } from './runTooltip';

export type { ProblemNode, ProblemsNode } from './runTreeModel';

export type RunsTreeNode = SourceNode | ExperimentNode | RunNode | ProblemsNode | ProblemNode;

/** What the tree needs from the rest of the extension: data and per-workspace view state. */
export interface RunsTreeState {
  snapshots(): readonly StoreSnapshot[];
  options(): RunTreeOptions;
  keyMetric(): string | undefined;
  isStarred(run: Run): boolean;
  isChecked(run: Run): boolean;
  workspaceFolders(): readonly string[];
  /** Hours without an update after which a RUNNING run is shown as stale. */
  staleHours(): number;
}

const STATUS_ICONS: Record<Run['status'], [string, string | undefined]> = {
  RUNNING: ['sync~spin', 'charts.blue'],
  SCHEDULED: ['clock', undefined],
  FINISHED: ['pass', 'testing.iconPassed'],
  FAILED: ['error', 'testing.iconFailed'],
  KILLED: ['circle-slash', 'disabledForeground'],
  MODIFIED: ['edit', 'gitDecoration.modifiedResourceForeground'],
  UNMODIFIED: ['git-commit', undefined],
};
/** A RUNNING run that stopped writing long ago: most likely its process ended without ending the run. */
const STALE_ICON: [string, string] = ['debug-disconnect', 'list.warningForeground'];

/** A thin adapter from the run model to tree items; it reads no files and shows no messages. */
export class RunsTreeProvider implements vscode.TreeDataProvider<RunsTreeNode> {
  private readonly changed = new vscode.EventEmitter<RunsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: SourceNode[] = [];
  private parents = new Map<RunsTreeNode, RunsTreeNode>();

  constructor(private readonly state: RunsTreeState) {}

  refresh(): void {
    this.roots = buildRunTree(this.state.snapshots(), this.state.options());
    this.parents = new Map();
    this.changed.fire(undefined);
  }

  get sources(): readonly SourceNode[] {
    return this.roots;
  }

  getChildren(node?: RunsTreeNode): RunsTreeNode[] {
    const children = this.childrenOf(node);
    for (const child of children) if (node) this.parents.set(child, node);
    return children;
  }

  private childrenOf(node?: RunsTreeNode): RunsTreeNode[] {
    if (!node) return this.roots;
    switch (node.kind) {
      case 'source':
        return sourceChildren(node);
      case 'experiment':
        return node.runs;
      case 'run':
        return node.children;
      case 'problems':
        return problemChildren(node);
      case 'problem':
        return [];
    }
  }

  getParent(node: RunsTreeNode): RunsTreeNode | undefined {
    return this.parents.get(node);
  }

  getTreeItem(node: RunsTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'source':
        return this.sourceItem(node);
      case 'experiment':
        return this.experimentItem(node);
      case 'run':
        return this.runItem(node);
      case 'problems':
        return problemsItem(node);
      case 'problem':
        return problemItem(node);
    }
  }

  private sourceItem(node: SourceNode): vscode.TreeItem {
    const { store, source } = node.snapshot;
    const children = sourceChildren(node).length;
    const state =
      children === 0
        ? vscode.TreeItemCollapsibleState.None
        : isEmptySource(node) && node.problems.length === 0
          ? vscode.TreeItemCollapsibleState.Collapsed
          : vscode.TreeItemCollapsibleState.Expanded;
    const item = new vscode.TreeItem(this.displayPath(store), state);
    const { kind, icon } = sourceKindLabel(source);
    item.description = `${kind} · ${runCount(node.shownRuns)}`;
    item.iconPath = new vscode.ThemeIcon(icon);
    item.tooltip = `${store}\n${kind}`;
    item.contextValue = 'mlopsLens.source';
    item.resourceUri = vscode.Uri.file(store);
    // A DVC repo and DVCLive folders beside it can share a path: keep their ids apart.
    item.id = `${this.idPrefix()}source:${store}${sourceOf(source).keyedApart ? `\u0000${source}` : ''}`;
    return item;
  }

  private experimentItem(node: ExperimentNode): vscode.TreeItem {
    const { experiment } = node;
    // Large experiments start closed so that one of them does not push the others out of sight.
    const onlyExperiment = this.roots.length === 1 && this.roots[0].experiments.length === 1;
    const expanded = this.filtered || onlyExperiment || node.runs.length <= 20;
    const item = new vscode.TreeItem(
      experiment.name,
      node.runs.length === 0
        ? vscode.TreeItemCollapsibleState.None
        : expanded
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed,
    );
    const shown = countRuns(node.runs);
    item.description = this.filtered
      ? node.totalRuns === 1
        ? vscode.l10n.t('{0} of 1 run', shown)
        : vscode.l10n.t('{0} of {1} runs', shown, node.totalRuns)
      : runCount(node.totalRuns);
    if (experiment.lifecycle === 'deleted') item.description += ` · ${vscode.l10n.t('deleted')}`;
    item.iconPath = new vscode.ThemeIcon('beaker');
    item.tooltip = `${experiment.name}\n${vscode.l10n.t('Experiment ID: {0}', experiment.id)}`;
    item.contextValue = 'mlopsLens.experiment';
    item.id = `${this.idPrefix()}experiment:${experiment.store}\u0000${experiment.id}`;
    return item;
  }

  private runItem(node: RunNode): vscode.TreeItem {
    const { run } = node;
    const state =
      node.children.length > 0
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(run.name || run.id.slice(0, 12), state);
    const stale = isStale(run, Date.now(), this.state.staleHours());
    item.description = this.runDescription(node, stale);
    const [icon, colour] = stale ? STALE_ICON : STATUS_ICONS[run.status];
    item.iconPath = new vscode.ThemeIcon(icon, colour ? new vscode.ThemeColor(colour) : undefined);
    item.tooltip = runTooltip(run, this.state.staleHours());
    item.id = `${this.idPrefix()}run:${runKey(run)}`;
    item.contextValue = [
      'mlopsLens.run',
      this.state.isStarred(run) ? 'starred' : 'unstarred',
      run.runDir ? 'local' : 'db',
    ].join('.');
    item.checkboxState = this.state.isChecked(run)
      ? vscode.TreeItemCheckboxState.Checked
      : vscode.TreeItemCheckboxState.Unchecked;
    item.command = {
      command: 'mlopsLens.showRunDetails',
      title: vscode.l10n.t('Show Run Details'),
      arguments: [node],
    };
    return item;
  }

  /**
   * Star, what tells the run from others of its name, the sort key's value when sorted by a metric
   * or param (else the key metric), then stale and deleted marks.
   */
  private runDescription(node: RunNode, stale: boolean): string {
    const { run } = node;
    const parts: string[] = [];
    if (this.state.isStarred(run)) parts.push('★');
    if (node.twin) parts.push(twinText(run, node.twin));
    const sorted = sortValueText(run, this.state.options().sort);
    if (sorted) parts.push(sorted);
    else {
      // A run without the view's key metric (a live run that logs only its loss) shows its own.
      const key = [this.state.keyMetric()].find((k) => k && run.metrics[k]) ?? pickKeyMetric([run]);
      if (key && run.metrics[key]) parts.push(`${key} ${formatMetricValue(run.metrics[key].value)}`);
    }
    if (stale) parts.push(vscode.l10n.t('stale'));
    if (run.lifecycle === 'deleted') parts.push(vscode.l10n.t('deleted'));
    return parts.join(' · ');
  }

  private get filtered(): boolean {
    return this.state.options().filter !== undefined;
  }

  /** Filtered rows get their own ids, so VS Code opens them fresh and restores the user's layout after. */
  private idPrefix(): string {
    return this.filtered ? 'filtered:' : '';
  }

  private displayPath(store: string): string {
    for (const folder of this.state.workspaceFolders()) {
      const relative = path.relative(folder, store);
      if (relative === '') return path.basename(store);
      if (!relative.startsWith('..') && !path.isAbsolute(relative)) return relative.split(path.sep).join('/');
    }
    return store;
  }
}

function runCount(count: number): string {
  return count === 1 ? vscode.l10n.t('1 run') : vscode.l10n.t('{0} runs', count);
}

function countRuns(nodes: readonly RunNode[]): number {
  return nodes.reduce((n, node) => n + (node.matches ? 1 : 0) + countRuns(node.children), 0);
}

function problemsItem(node: ProblemsNode): vscode.TreeItem {
  const item = new vscode.TreeItem(
    node.problems.length === 1
      ? vscode.l10n.t('1 file could not be read')
      : vscode.l10n.t('{0} files could not be read', node.problems.length),
    node.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
  );
  item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  item.contextValue = 'mlopsLens.problems';
  item.id = `problems:${node.store}`;
  return item;
}

function problemItem(node: ProblemNode): vscode.TreeItem {
  const { problem } = node;
  const item = new vscode.TreeItem(path.basename(problem.path), vscode.TreeItemCollapsibleState.None);
  item.description = problem.reason;
  item.tooltip = `${problem.path}\n${problem.reason}`;
  item.iconPath = new vscode.ThemeIcon('warning');
  item.resourceUri = vscode.Uri.file(problem.path);
  item.command = {
    command: 'vscode.open',
    title: vscode.l10n.t('Open File'),
    arguments: [vscode.Uri.file(problem.path)],
  };
  item.contextValue = 'mlopsLens.problem';
  return item;
}

/** One label per kind of store (the registry's kinds: a new source fails to compile until named here). */
function sourceKindLabel(source: SourceKind): { kind: string; icon: string } {
  const labels: Record<SourceKind, () => { kind: string; icon: string }> = {
    'mlflow-file': () => ({ kind: vscode.l10n.t('MLflow file store'), icon: 'folder-library' }),
    'mlflow-sqlite': () => ({ kind: vscode.l10n.t('MLflow SQLite'), icon: 'database' }),
    dvc: () => ({ kind: vscode.l10n.t('DVC experiments'), icon: 'beaker' }),
    dvclive: () => ({ kind: vscode.l10n.t('DVCLive'), icon: 'pulse' }),
    wandb: () => ({ kind: vscode.l10n.t('Weights & Biases runs'), icon: 'graph-line' }),
    tensorboard: () => ({ kind: vscode.l10n.t('TensorBoard logs'), icon: 'graph' }),
  };
  return labels[source]();
}
