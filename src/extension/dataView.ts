// The Data view: the workspace's DVC projects, each tracked output with its `dvc data status`
// state, size and file count; folders open to their files (a page at a time), every path to its
// versions along the branch. Items are drawn from the DataService and redrawn per project.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DataVersion } from '../views/data/dataHistory';
import type { StateTag } from '../views/data/dataModel';
import {
  dataNodeChildren,
  describeOut,
  describeVersion,
  mainState,
  nodeId,
  shortHash,
  type DataNode,
  type DataWords,
} from '../views/data/dataTree';
import { PAGE_SIZE } from '../views/data/dataModel';
import { isComparisonNode } from '../views/data/comparisonNodes';
import { workspaceFolderPaths } from './config';
import type { DataComparisons } from './dataComparison';
import { comparisonItem } from './dataComparisonItems';
import type { DataService } from './dataService';

export const DATA_VIEW_ID = 'mlopsLens.data';

function stateWord(tag: StateTag): string {
  const state = {
    modified: vscode.l10n.t('modified'),
    added: vscode.l10n.t('added'),
    deleted: vscode.l10n.t({ message: 'deleted', comment: ['DVC status of a file or path'] }),
    renamed: vscode.l10n.t('renamed'),
    'not in cache': vscode.l10n.t('not in cache'),
    unchanged: vscode.l10n.t('unchanged'),
    unknown: vscode.l10n.t('unknown'),
  }[tag.state];
  if (tag.stage === 'committed') return vscode.l10n.t('{0} (not committed to Git)', state);
  if (tag.stage === 'uncommitted') return vscode.l10n.t('{0} (not recorded by DVC)', state);
  return state;
}

export const DATA_WORDS: DataWords = {
  files: (count) => (count === 1 ? vscode.l10n.t('1 file') : vscode.l10n.t('{0} files', count)),
  state: stateWord,
};

const STATE_ICONS: Record<StateTag['state'], [string, string | undefined]> = {
  modified: ['diff-modified', 'gitDecoration.modifiedResourceForeground'],
  added: ['diff-added', 'gitDecoration.addedResourceForeground'],
  deleted: ['diff-removed', 'gitDecoration.deletedResourceForeground'],
  renamed: ['diff-renamed', 'gitDecoration.renamedResourceForeground'],
  'not in cache': ['warning', 'problemsWarningIcon.foreground'],
  unchanged: ['pass', undefined],
  unknown: ['question', undefined],
};

function stateIcon(tag: StateTag | undefined, isDir: boolean): vscode.ThemeIcon {
  if (!tag) return new vscode.ThemeIcon(isDir ? 'folder' : 'file');
  const [icon, color] = STATE_ICONS[tag.state];
  return new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
}

export class DataTreeProvider implements vscode.TreeDataProvider<DataNode> {
  private readonly changed = new vscode.EventEmitter<DataNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Files shown per folder output (grows by a page with "Show more"). */
  private readonly limits = new Map<string, number>();
  private readonly projectNodes = new Map<string, DataNode>();

  constructor(
    private readonly service: DataService,
    private readonly comparisons: DataComparisons,
  ) {
    service.onDidChange((root) => {
      const node = root ? this.projectNodes.get(root) : undefined;
      this.changed.fire(node);
    });
    comparisons.onDidChange(() => this.changed.fire(undefined));
  }

  showMore(node: DataNode): void {
    if (node.kind === 'cmpMore') this.comparisons.showMore(node);
    if (node.kind !== 'more') return;
    const key = `${node.root}\0${node.outKey}`;
    this.limits.set(key, (this.limits.get(key) ?? PAGE_SIZE) + PAGE_SIZE);
    this.changed.fire(this.projectNodes.get(node.root));
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: DataNode): Promise<DataNode[]> {
    if (!node) {
      const comparison = this.comparisons.info;
      const top: DataNode[] = comparison ? [{ kind: 'comparison', info: comparison }] : [];
      return [...top, ...this.projectList()];
    }
    if (isComparisonNode(node)) return this.comparisons.children(node);
    if (node.kind === 'project') return this.projectChildren(node.root);
    if (node.kind === 'versions') return this.versionChildren(node.root, node.key);
    if (node.kind !== 'out') return dataNodeChildren(node, PAGE_SIZE);
    return dataNodeChildren(node, this.limits.get(`${node.root}\0${node.out.key}`) ?? PAGE_SIZE);
  }

  private projectList(): DataNode[] {
    const folders = workspaceFolderPaths();
    return this.service.projectRoots().map((root) => {
      const folder = folders.find((f) => root === f || root.startsWith(f + path.sep));
      const relative = folder ? path.relative(path.dirname(folder), root) : root;
      const node: DataNode = { kind: 'project', root, label: relative || path.basename(root) };
      this.projectNodes.set(root, node);
      return node;
    });
  }

  private async projectChildren(root: string): Promise<DataNode[]> {
    const project = await this.service.project(root);
    const outs: DataNode[] = project.outs.map((out) => ({
      kind: 'out',
      root,
      out,
      cacheDir: project.cacheDir,
    }));
    const problems: DataNode[] = project.problems.map((p) => ({ kind: 'problem', ...p }));
    return [...problems, ...outs];
  }

  private async versionChildren(root: string, key: string): Promise<DataNode[]> {
    try {
      const list = await this.service.history(root).versionsOf(key);
      const nodes: DataNode[] = list.versions.map((version) => ({ kind: 'version', root, key, version }));
      return [...nodes, ...list.problems.map((p): DataNode => ({ kind: 'problem', ...p }))];
    } catch (error) {
      return [{ kind: 'problem', path: key, reason: error instanceof Error ? error.message : String(error) }];
    }
  }

  getTreeItem(node: DataNode): vscode.TreeItem {
    const item = this.itemFor(node);
    item.id = nodeId(node);
    return item;
  }

  private itemFor(node: DataNode): vscode.TreeItem {
    const { Collapsed, Expanded, None } = vscode.TreeItemCollapsibleState;
    if (isComparisonNode(node)) return comparisonItem(node);
    switch (node.kind) {
      case 'project': {
        const item = new vscode.TreeItem(node.label, Expanded);
        item.iconPath = new vscode.ThemeIcon('database');
        item.tooltip = node.root;
        item.contextValue = 'mlopsLens.dataProject';
        return item;
      }
      case 'out':
        return outItem(node, node.out.hash ? Collapsed : None);
      case 'file': {
        const item = new vscode.TreeItem(node.file.relpath, Collapsed);
        const states = node.file.states ?? [];
        const tag = node.file.inCache
          ? (states.find((t) => t.stage === 'uncommitted') ?? states[0])
          : undefined;
        item.iconPath = node.file.inCache
          ? stateIcon(tag, false)
          : stateIcon({ state: 'not in cache', stage: null }, false);
        const words = states.filter((t) => t.state !== 'not in cache').map(stateWord);
        if (!node.file.inCache) words.push(vscode.l10n.t('not in cache'));
        if (words.length > 0) item.description = words.join(' · ');
        item.tooltip = `${node.file.key}\nmd5 ${node.file.hash.value}`;
        item.resourceUri = vscode.Uri.file(path.join(node.root, ...node.file.key.split('/')));
        item.contextValue = node.file.inCache ? 'mlopsLens.dataFile' : 'mlopsLens.dataFile.missing';
        return item;
      }
      case 'more': {
        const item = new vscode.TreeItem(vscode.l10n.t('Show more ({0} remaining)', node.remaining), None);
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { command: 'mlopsLens.dataShowMore', title: item.label as string, arguments: [node] };
        return item;
      }
      case 'versions': {
        const item = new vscode.TreeItem(vscode.l10n.t('Versions'), Collapsed);
        item.iconPath = new vscode.ThemeIcon('history');
        item.contextValue = 'mlopsLens.dataVersions';
        return item;
      }
      case 'version':
        return versionItem(node.key, node.version);
      case 'problem': {
        const item = new vscode.TreeItem(node.path, None);
        item.description = node.reason;
        item.tooltip = `${node.path}\n${node.reason}`;
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
        item.contextValue = 'mlopsLens.dataProblem';
        return item;
      }
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function outItem(
  node: Extract<DataNode, { kind: 'out' }>,
  state: vscode.TreeItemCollapsibleState,
): vscode.TreeItem {
  const { out } = node;
  const item = new vscode.TreeItem(out.key, state);
  item.description = describeOut(out, DATA_WORDS);
  item.iconPath = stateIcon(mainState(out), out.isDir);
  const lines = [out.key, ...out.states.map(stateWord)];
  if (out.hash) lines.push(`${out.hash.name} ${out.hash.value}`);
  if (out.source) lines.push(vscode.l10n.t('Recorded in {0}', out.source));
  item.tooltip = lines.join('\n');
  item.resourceUri = vscode.Uri.file(path.join(node.root, ...out.key.split('/')));
  const missing = out.states.some((tag) => tag.state === 'not in cache') ? '.missing' : '';
  item.contextValue = `${out.isDir ? 'mlopsLens.dataFolder' : 'mlopsLens.dataOut'}${missing}`;
  return item;
}

function versionItem(key: string, version: DataVersion): vscode.TreeItem {
  const experiment = version.experiment;
  const item = new vscode.TreeItem(
    experiment ? experiment.name : version.subject || version.sha.slice(0, 7),
    vscode.TreeItemCollapsibleState.None,
  );
  const described = version.hash ? describeVersion(version, DATA_WORDS) : vscode.l10n.t('not tracked');
  item.description = experiment
    ? vscode.l10n.t('experiment on {0} · {1}', experiment.baseline.slice(0, 7), described)
    : described;
  item.iconPath = new vscode.ThemeIcon(experiment ? 'beaker' : 'git-commit');
  item.tooltip = [
    experiment ? vscode.l10n.t('DVC experiment {0}', experiment.name) : '',
    `${version.sha.slice(0, 7)} ${version.subject}`,
    new Date(version.time).toLocaleString(vscode.env.language),
    `${key}: ${shortHash(version.hash)}`,
  ]
    .filter(Boolean)
    .join('\n');
  const kind = version.isDir ? 'folder' : 'file';
  item.contextValue = version.hash ? `mlopsLens.dataVersion.${kind}` : 'mlopsLens.dataVersion';
  return item;
}
