import * as vscode from 'vscode';
import type { Run, SourceKind } from '../core/model';
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
const FILTER_KEY = 'mlopsLens.runFilter';
const DEFAULT_SORT: SavedSort = { key: { kind: 'startTime' }, descending: true };

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
      staleHours: () => readConfig().staleHours,
    });
    this.restoreFilter();
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
      index.onDidChangeIndexing(() => this.updateHeader()),
      this.treeView.onDidChangeCheckboxState((e) => this.onCheckboxes(e)),
    );
    this.render();
  }

  render(): void {
    this.provider.refresh();
    this.updateHeader();
  }

  /** The message line (loading, filter, sort), the description (ticked runs) and the context keys. */
  private updateHeader(): void {
    this.updateContext();
    const shown = this.provider.sources.reduce((n, s) => n + s.shownRuns, 0);
    const checked = this.checkedRuns().length;
    const loading = this.provider.sources.length === 0 ? this.loadingMessage() : undefined;
    const lines = [loading, this.filterMessage(shown, loading !== undefined), this.sortMessage()].filter(
      (line): line is string => line !== undefined,
    );
    this.treeView.message = lines.length > 0 ? lines.join(' · ') : undefined;
    this.treeView.description = checked > 0 ? vscode.l10n.t('{0} selected', checked) : undefined;
  }

  /** While the first read goes on: which kinds of store are being read (or that they are being looked for). */
  private loadingMessage(): string | undefined {
    if (!this.index.isIndexing) return undefined;
    const kinds = this.index.readingKinds;
    if (kinds === undefined || kinds.length === 0)
      return vscode.l10n.t('Looking for MLflow runs, DVC experiments and DVCLive logs…');
    const names = [...new Set(kinds.map(kindReadName))];
    return vscode.l10n.t('Reading {0}…', listFormat(names));
  }

  /** The filter and how many runs match it (no count while nothing is read yet: it would say 0). */
  private filterMessage(shown: number, loading: boolean): string | undefined {
    if (!this.filter) return undefined;
    if (loading) return vscode.l10n.t('Filter: {0}', this.filterText);
    return shown === 1
      ? vscode.l10n.t('Filter: {0} — 1 run matches', this.filterText)
      : vscode.l10n.t('Filter: {0} — {1} runs match', this.filterText, shown);
  }

  /** Said only for an order other than the default (newest first). */
  private sortMessage(): string | undefined {
    const { key, descending } = this.savedSort();
    if (key.kind === DEFAULT_SORT.key.kind && descending === DEFAULT_SORT.descending) return undefined;
    const name =
      key.kind === 'metric' || key.kind === 'param'
        ? key.key
        : key.kind === 'startTime'
          ? vscode.l10n.t('start time')
          : key.kind === 'name'
            ? vscode.l10n.t('name')
            : vscode.l10n.t('status');
    return descending
      ? vscode.l10n.t('Sorted by {0}, descending', name)
      : vscode.l10n.t('Sorted by {0}, ascending', name);
  }

  private updateContext(): void {
    const set = (key: string, value: unknown): void =>
      void vscode.commands.executeCommand('setContext', key, value);
    set('mlopsLens.storeCount', this.index.snapshots().length);
    set('mlopsLens.indexing', this.index.isIndexing);
    // Until the first read ends, the welcome says the stores are being looked for.
    set('mlopsLens.ready', this.index.hasRead);
    set('mlopsLens.filtered', this.filter !== undefined);
    set('mlopsLens.showDeleted', this.showDeleted);
  }

  private get showDeleted(): boolean {
    return this.memento.get<boolean>(DELETED_KEY, false);
  }

  private savedSort(): SavedSort {
    const saved = this.memento.get<SavedSort>(SORT_KEY, DEFAULT_SORT);
    return isSavedSort(saved) ? saved : DEFAULT_SORT;
  }

  private treeOptions(): RunTreeOptions {
    const sort = this.savedSort();
    return {
      filter: this.filter,
      sort: sort.key,
      descending: sort.descending,
      showDeleted: this.showDeleted,
      hideEmptyStores: readConfig().hideEmptyStores,
    };
  }

  /** The filter of the last session (kept in workspace state); one that no longer parses is dropped. */
  private restoreFilter(): void {
    const saved = this.memento.get<unknown>(FILTER_KEY);
    if (typeof saved !== 'string' || saved.trim() === '') return;
    const parsed = parseRunFilter(saved);
    if (!parsed.ok) return;
    this.filterText = saved;
    this.filter = parsed.filter;
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
    void this.memento.update(FILTER_KEY, trimmed);
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
    void this.memento.update(FILTER_KEY, undefined);
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

function isSavedSort(value: unknown): value is SavedSort {
  if (typeof value !== 'object' || value === null) return false;
  const { key, descending } = value as Partial<SavedSort>;
  if (typeof descending !== 'boolean' || typeof key !== 'object' || key === null) return false;
  if (key.kind === 'metric' || key.kind === 'param') return typeof key.key === 'string';
  return key.kind === 'startTime' || key.kind === 'name' || key.kind === 'status';
}

function kindReadName(kind: SourceKind): string {
  const names: Record<SourceKind, () => string> = {
    'mlflow-file': () => vscode.l10n.t('MLflow runs'),
    'mlflow-sqlite': () => vscode.l10n.t('MLflow runs'),
    dvc: () => vscode.l10n.t('DVC experiments'),
    dvclive: () => vscode.l10n.t('DVCLive logs'),
    wandb: () => vscode.l10n.t('W&B runs'),
    tensorboard: () => vscode.l10n.t('TensorBoard runs'),
  };
  return names[kind]();
}

/** "A, B and C" in the display language. */
function listFormat(items: readonly string[]): string {
  try {
    return new Intl.ListFormat(vscode.env.language, { type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
}
