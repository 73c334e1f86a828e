// Tree items of the Data view's Comparison: the compared folder with its rolled-up counts, its
// sub-folders, its files (status, size change, "not in cache" with the path and Fetch), "Show
// more", and the sides whose folder manifest is not here.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FolderDiffEntry } from '../core/data/folderDiff';
import { ObjectStore } from '../core/data/objects';
import {
  describeCounts,
  describeEntrySize,
  type ComparisonInfo,
  type ComparisonNode,
} from '../views/data/comparisonNodes';

const STATUS_ICONS: Record<FolderDiffEntry['status'], [string, string]> = {
  added: ['diff-added', 'gitDecoration.addedResourceForeground'],
  deleted: ['diff-removed', 'gitDecoration.deletedResourceForeground'],
  modified: ['diff-modified', 'gitDecoration.modifiedResourceForeground'],
  renamed: ['diff-renamed', 'gitDecoration.renamedResourceForeground'],
};

function statusWord(status: FolderDiffEntry['status']): string {
  switch (status) {
    case 'added':
      return vscode.l10n.t('added');
    case 'deleted':
      return vscode.l10n.t({ message: 'deleted', comment: ['DVC status of a file or path'] });
    case 'modified':
      return vscode.l10n.t('modified');
    case 'renamed':
      return vscode.l10n.t('renamed');
  }
}

function warningIcon(): vscode.ThemeIcon {
  return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
}

/** The sides of an entry whose object is nowhere here: label and the cache path DVC would read. */
const stores = new WeakMap<ComparisonInfo, ObjectStore>();

/** One store per comparison: the remotes' config is read once, not once per row. */
function storeOf(info: ComparisonInfo): ObjectStore {
  let store = stores.get(info);
  if (!store) {
    store = new ObjectStore(info.root);
    stores.set(info, store);
  }
  return store;
}

function missingSides(info: ComparisonInfo, entry: FolderDiffEntry): { label: string; path: string }[] {
  const store = storeOf(info);
  const missing: { label: string; path: string }[] = [];
  if (entry.oldHash) {
    const place = store.locate(entry.oldHash);
    if ('missing' in place) missing.push({ label: info.aLabel, path: place.missing });
  }
  if (entry.newHash && info.bRev !== undefined) {
    const place = store.locate(entry.newHash);
    if ('missing' in place) missing.push({ label: info.bLabel, path: place.missing });
  }
  return missing;
}

function fileItem(node: Extract<ComparisonNode, { kind: 'cmpFile' }>): vscode.TreeItem {
  const { entry, info } = node;
  const item = new vscode.TreeItem(path.posix.basename(entry.key), vscode.TreeItemCollapsibleState.None);
  const missing = missingSides(info, entry);
  const [icon, color] = STATUS_ICONS[entry.status];
  item.iconPath =
    missing.length > 0 ? warningIcon() : new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
  const parts = [statusWord(entry.status), describeEntrySize(entry)];
  for (const m of missing) parts.push(vscode.l10n.t('not in cache ({0})', m.label));
  item.description = parts.join(' · ');
  const lines = [entry.oldKey ? `${entry.oldKey} → ${entry.key}` : entry.key];
  if (entry.oldHash) lines.push(`${info.aLabel}: ${entry.oldHash.name} ${entry.oldHash.value}`);
  if (entry.newHash) lines.push(`${info.bLabel}: ${entry.newHash.name} ${entry.newHash.value}`);
  for (const m of missing) lines.push(vscode.l10n.t('{0} is not in cache: {1}', m.label, m.path));
  item.tooltip = lines.join('\n');
  item.contextValue = missing.length > 0 ? 'mlopsLens.dataCmpFile.missing' : 'mlopsLens.dataCmpFile';
  item.command = {
    command: 'mlopsLens.dataOpenComparisonFile',
    title: vscode.l10n.t('Open'),
    arguments: [node],
  };
  return item;
}

export function comparisonItem(node: ComparisonNode): vscode.TreeItem {
  const { Collapsed, Expanded, None } = vscode.TreeItemCollapsibleState;
  const { info } = node;
  switch (node.kind) {
    case 'comparison': {
      const label = vscode.l10n.t('Comparison: {0} ({1} ↔ {2})', info.folderKey, info.aLabel, info.bLabel);
      const item = new vscode.TreeItem(label, Expanded);
      item.iconPath = new vscode.ThemeIcon('diff');
      if (!('problem' in info.result)) item.description = describeCounts(info.result.tree.root.counts);
      item.tooltip = `${info.root}\n${info.folderKey}: ${info.aLabel} ↔ ${info.bLabel}`;
      item.contextValue = 'mlopsLens.dataComparison';
      return item;
    }
    case 'cmpDir': {
      const item = new vscode.TreeItem(path.posix.basename(node.dir.key), Collapsed);
      item.iconPath = new vscode.ThemeIcon('folder');
      item.description = describeCounts(node.dir.counts);
      item.tooltip = node.dir.key;
      item.contextValue = 'mlopsLens.dataCmpDir';
      return item;
    }
    case 'cmpFile':
      return fileItem(node);
    case 'cmpMore': {
      const item = new vscode.TreeItem(vscode.l10n.t('Show more ({0} remaining)', node.remaining), None);
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.command = { command: 'mlopsLens.dataShowMore', title: item.label as string, arguments: [node] };
      return item;
    }
    case 'cmpMissing': {
      const at = node.missing.rev === info.aRev ? info.aLabel : info.bLabel;
      const item = new vscode.TreeItem(
        vscode.l10n.t('{0} at {1}: not in cache', node.missing.outKey, at),
        None,
      );
      item.description = node.missing.path;
      item.tooltip = vscode.l10n.t(
        'The .dir manifest of {0} at {1} is not in cache ({2}): its files are not known. Fetch it to compare them.',
        node.missing.outKey,
        at,
        node.missing.path,
      );
      item.iconPath = warningIcon();
      item.contextValue = 'mlopsLens.dataCmpMissing';
      return item;
    }
    case 'cmpProblem': {
      const item = new vscode.TreeItem(node.path, None);
      item.description = node.reason;
      item.tooltip = `${node.path}\n${node.reason}`;
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
      item.contextValue = 'mlopsLens.dataProblem';
      return item;
    }
  }
}
