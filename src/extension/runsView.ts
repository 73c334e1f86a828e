import * as vscode from 'vscode';
import type { Run } from '../core/model';
import { parseRunFilter, type RunFilter } from '../core/query/filter';
import { pickKeyMetric } from '../core/query/keyMetric';
import type { RunSortKey } from '../core/query/sort';
import type { RunTreeOptions } from '../views/runs/runTreeModel';
import { RunsTreeProvider, type RunsTreeNode } from '../views/runs/runsTreeProvider';
import { readConfig, workspaceFolderPaths } from './config';
import type { IndexService } from './indexService';
import type { RunMarks } from './runMarks';

const SORT_KEY = 'mlopsLens.runSort';
const DELETED_KEY = 'mlopsLens.showDeleted';

interface SavedSort {
  key: RunSortKey;
  descending: boolean;
}

/** The Runs view and its per-workspace state: filter, sort, deleted toggle, stars, checkboxes. */
export class RunsView implements vscode.Disposable {
  readonly provider: RunsTreeProvider;
  readonly treeView: vscode.TreeView<RunsTreeNode>;
  private filterText = '';
  private filter: RunFilter | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly index: IndexService,
    private readonly memento: vscode.Memento,
    /** Stars and ticks, shared with Compare Runs and the Runs Table. */
    private readonly marks: RunMarks,
  ) {
    this.provider = new RunsTreeProvider({
      snapshots: () => index.snapshots(),
      options: () => this.treeOptions(),
      keyMetric: () => pickKeyMetric(index.allRuns(), readConfig().keyMetric || undefined),
      isStarred: (run) => marks.isStarred(run),
      isChecked: (run) => marks.isChecked(run),
      workspaceFolders: () => workspaceFolderPaths(),
    });
    this.treeView = vscode.window.createTreeView('mlopsLens.runs', {
      treeDataProvider: this.provider,
      showCollapseAll: true,
      canSelectMany: true,
      manageCheckboxStateManually: true,
    });
    this.disposables.push(
      this.treeView,
      index.onDidChange(() => this.render()),
      marks.onDidChange(() => this.render()),
      index.onDidChangeIndexing(() => this.updateContext()),
      this.treeView.onDidChangeCheckboxState((e) => this.onCheckboxes(e)),
    );
    this.render();
  }

  render(): void {
    this.provider.refresh();
    this.updateContext();
    const shown = this.provider.sources.reduce((n, s) => n + s.shownRuns, 0);
    const checked = this.checkedRuns().length;
    this.treeView.message = this.filter
      ? vscode.l10n.t('Filter: {0} — {1} runs match', this.filterText, shown)
      : undefined;
    this.treeView.description = checked > 0 ? vscode.l10n.t('{0} selected', checked) : undefined;
  }

  private updateContext(): void {
    const stores = this.index.snapshots().length;
    void vscode.commands.executeCommand('setContext', 'mlopsLens.storeCount', stores);
    void vscode.commands.executeCommand('setContext', 'mlopsLens.indexing', this.index.isIndexing);
    void vscode.commands.executeCommand('setContext', 'mlopsLens.filtered', this.filter !== undefined);
    void vscode.commands.executeCommand('setContext', 'mlopsLens.showDeleted', this.showDeleted);
  }

  private get showDeleted(): boolean {
    return this.memento.get<boolean>(DELETED_KEY, false);
  }

  private treeOptions(): RunTreeOptions {
    const sort = this.memento.get<SavedSort>(SORT_KEY, { key: { kind: 'startTime' }, descending: true });
    return {
      filter: this.filter,
      sort: sort.key,
      descending: sort.descending,
      showDeleted: this.showDeleted,
    };
  }

  /** Returns an error message for text that does not parse; the filter is then left as it was. */
  setFilter(text: string): string | undefined {
    const trimmed = text.trim();
    if (trimmed === '') {
      this.clearFilter();
      return undefined;
    }
    const parsed = parseRunFilter(trimmed);
    if (!parsed.ok) return parsed.error;
    this.filterText = trimmed;
    this.filter = parsed.filter;
    this.render();
    return undefined;
  }

  validateFilter(text: string): string | undefined {
    const parsed = parseRunFilter(text.trim());
    return parsed.ok ? undefined : parsed.error;
  }

  get currentFilterText(): string {
    return this.filterText;
  }

  clearFilter(): void {
    this.filterText = '';
    this.filter = undefined;
    this.render();
  }

  async setSort(key: RunSortKey, descending: boolean): Promise<void> {
    await this.memento.update(SORT_KEY, { key, descending } satisfies SavedSort);
    this.render();
  }

  async setShowDeleted(show: boolean): Promise<void> {
    await this.memento.update(DELETED_KEY, show);
    this.render();
  }

  setStarred(runs: readonly Run[], starred: boolean): Promise<void> {
    return this.marks.set('starred', runs, starred);
  }

  private onCheckboxes(event: vscode.TreeCheckboxChangeEvent<RunsTreeNode>): Promise<void> {
    return this.marks.update(
      'checked',
      event.items.flatMap(([node, state]) =>
        node.kind === 'run' ? [[node.run, state === vscode.TreeItemCheckboxState.Checked] as const] : [],
      ),
    );
  }

  /** Runs ticked for comparison that still exist. */
  checkedRuns(): Run[] {
    return this.marks.marked('checked', this.index.allRuns());
  }

  clearChecked(): Promise<void> {
    return this.marks.clear('checked');
  }

  /** The runs a context-menu command applies to: the clicked one plus the rest of the selection. */
  runsFor(node: RunsTreeNode | undefined, selected: readonly RunsTreeNode[] | undefined): Run[] {
    const nodes =
      selected && node && selected.includes(node) ? selected : node ? [node] : this.treeView.selection;
    return nodes.flatMap((n) => (n.kind === 'run' ? [n.run] : []));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
