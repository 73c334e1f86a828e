// The Data view's nodes and the parts of their labels that need no VS Code: a project holds its
// outputs, an output its "Versions" node and (for a folder) its files a page at a time, followed
// by a "Show more" node; problems are nodes too, so a bad manifest shows where it is.
import { DataError, type HashRef } from '../../core/data/model';
import { folderPage, type DataOut, type DataProblem, type FolderFile, type StateTag } from './dataModel';
import type { DataVersion } from './dataHistory';
import { comparisonNodeId, type ComparisonNode } from './comparisonNodes';

export type DataNode =
  | { kind: 'project'; root: string; label: string }
  | { kind: 'out'; root: string; out: DataOut; cacheDir: string }
  | { kind: 'file'; root: string; file: FolderFile; outKey: string }
  | { kind: 'more'; root: string; outKey: string; remaining: number }
  | { kind: 'versions'; root: string; key: string }
  | { kind: 'version'; root: string; key: string; version: DataVersion }
  | ({ kind: 'problem' } & DataProblem)
  | ComparisonNode;

/** Identifies a node across refreshes (tree item ids keep expansion state). */
export function nodeId(node: DataNode): string {
  switch (node.kind) {
    case 'project':
      return `project:${node.root}`;
    case 'out':
      return `out:${node.root}:${node.out.key}`;
    case 'file':
      return `file:${node.root}:${node.file.key}`;
    case 'more':
      return `more:${node.root}:${node.outKey}`;
    case 'versions':
      return `versions:${node.root}:${node.key}`;
    case 'version':
      return `version:${node.root}:${node.key}:${node.version.sha}`;
    case 'problem':
      return `problem:${node.path}:${node.reason}`;
    default:
      return comparisonNodeId(node);
  }
}

/** The children of an output (sync: the manifest is one cached read): Versions, then its files. */
export function dataNodeChildren(node: DataNode, limit: number): DataNode[] {
  if (node.kind === 'file') return [{ kind: 'versions', root: node.root, key: node.file.key }];
  if (node.kind !== 'out') return [];
  const { out, root } = node;
  const children: DataNode[] = out.hash ? [{ kind: 'versions', root, key: out.key }] : [];
  if (!out.isDir) return children;
  try {
    const page = folderPage(node.cacheDir, out, limit);
    for (const file of page.files) children.push({ kind: 'file', root, file, outKey: out.key });
    if (page.remaining > 0) children.push({ kind: 'more', root, outKey: out.key, remaining: page.remaining });
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    children.push({ kind: 'problem', path: error.path, reason: error.reason });
  }
  return children;
}

/** Bytes as DVC users read them (1024-based, one decimal). */
export function formatSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Localised words, given by the caller (extension code has l10n; tests use these English ones). */
export interface DataWords {
  files(count: number): string;
  state(tag: StateTag): string;
}

export const ENGLISH_WORDS: DataWords = {
  files: (count) => (count === 1 ? '1 file' : `${count} files`),
  state: (tag) => (tag.stage ? `${tag.state} (${tag.stage})` : tag.state),
};

/** "modified (committed) · 22.4 KB · 5 files". */
export function describeOut(out: DataOut, words: DataWords = ENGLISH_WORDS): string {
  const parts = out.states.map((tag) => words.state(tag));
  if (out.size !== undefined) parts.push(formatSize(out.size));
  if (out.nfiles !== undefined) parts.push(words.files(out.nfiles));
  return parts.join(' · ');
}

export function describeVersion(version: DataVersion, words: DataWords = ENGLISH_WORDS): string {
  const parts = [new Date(version.time).toISOString().slice(0, 10)];
  if (version.size !== undefined) parts.push(formatSize(version.size));
  if (version.nfiles !== undefined) parts.push(words.files(version.nfiles));
  return parts.join(' · ');
}

/** The state shown first (and used for the icon): uncommitted changes before committed ones. */
export function mainState(out: DataOut): StateTag | undefined {
  return out.states.find((t) => t.stage === 'uncommitted') ?? out.states[0];
}

export function shortHash(hash: HashRef | null): string {
  return hash ? hash.value.slice(0, 8) : '—';
}
