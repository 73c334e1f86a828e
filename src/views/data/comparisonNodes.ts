// The "Comparison" node at the top of the Data view: a folder compared between two versions, as a
// tree of sub-folders (each with its +added −deleted ~modified →renamed counts and size delta) and
// files a page at a time, then "Show more". A side whose `.dir` manifest is not here, or a
// comparison that failed, is a node too, naming the path and the reason. No VS Code here.
import type { FolderComparison, MissingManifest } from '../../core/data/folderCompare';
import type { FolderCounts, FolderDiffDir, FolderDiffEntry } from '../../core/data/folderDiff';
import { formatSize } from './dataTree';

export interface ComparisonInfo {
  root: string;
  folderKey: string;
  aRev: string;
  aLabel: string;
  /** Undefined: the workspace. */
  bRev?: string;
  bLabel: string;
  result: FolderComparison | { problem: { path: string; reason: string } };
}

export type ComparisonNode =
  | { kind: 'comparison'; info: ComparisonInfo }
  | { kind: 'cmpDir'; info: ComparisonInfo; dir: FolderDiffDir }
  | { kind: 'cmpFile'; info: ComparisonInfo; entry: FolderDiffEntry }
  | { kind: 'cmpMore'; info: ComparisonInfo; dirKey: string; remaining: number }
  | { kind: 'cmpMissing'; info: ComparisonInfo; missing: MissingManifest }
  | { kind: 'cmpProblem'; info: ComparisonInfo; path: string; reason: string };

export function isComparisonNode(node: { kind: string }): node is ComparisonNode {
  return node.kind === 'comparison' || node.kind.startsWith('cmp');
}

export function comparisonNodeId(node: ComparisonNode): string {
  const base = `cmp:${node.info.root}:${node.info.folderKey}:${node.info.aRev}:${node.info.bRev ?? ''}`;
  switch (node.kind) {
    case 'comparison':
      return base;
    case 'cmpDir':
      return `${base}:dir:${node.dir.key}`;
    case 'cmpFile':
      return `${base}:file:${node.entry.key}`;
    case 'cmpMore':
      return `${base}:more:${node.dirKey}`;
    case 'cmpMissing':
      return `${base}:missing:${node.missing.rev}:${node.missing.outKey}`;
    case 'cmpProblem':
      return `${base}:problem:${node.path}`;
  }
}

/** The children of a comparison node; `limit` gives the files shown of a folder (its key). */
export function comparisonChildren(
  node: ComparisonNode,
  limit: (dirKey: string) => number,
): ComparisonNode[] {
  const { info } = node;
  if (node.kind === 'comparison' && 'problem' in info.result) {
    return [{ kind: 'cmpProblem', info, ...info.result.problem }];
  }
  if ('problem' in info.result) return [];
  const { tree, missing } = info.result;
  let dirKey: string;
  const children: ComparisonNode[] = [];
  if (node.kind === 'comparison') {
    dirKey = tree.rootKey;
    for (const m of missing) children.push({ kind: 'cmpMissing', info, missing: m });
  } else if (node.kind === 'cmpDir') {
    dirKey = node.dir.key;
  } else {
    return [];
  }
  const page = tree.page(dirKey, limit(dirKey));
  for (const dir of page.dirs) children.push({ kind: 'cmpDir', info, dir });
  for (const entry of page.files) children.push({ kind: 'cmpFile', info, entry });
  if (page.remaining > 0) children.push({ kind: 'cmpMore', info, dirKey, remaining: page.remaining });
  return children;
}

/** Bytes with a sign ("+1.2 KB", "−300 B", "±0 B"). */
export function formatDelta(bytes: number): string {
  if (bytes === 0) return '±0 B';
  return `${bytes > 0 ? '+' : '−'}${formatSize(Math.abs(bytes))}`;
}

/** "+1 −1 ~3 →1 · +568 B" (a "?" when some sizes are not known: their objects are not here). */
export function describeCounts(counts: FolderCounts): string {
  const parts: string[] = [];
  if (counts.added) parts.push(`+${counts.added}`);
  if (counts.deleted) parts.push(`−${counts.deleted}`);
  if (counts.modified) parts.push(`~${counts.modified}`);
  if (counts.renamed) parts.push(`→${counts.renamed}`);
  const delta = formatDelta(counts.sizeDelta) + (counts.unknownSizes > 0 ? ' ?' : '');
  return [parts.join(' '), delta].filter((p) => p !== '').join(' · ');
}

/** The last segment of a key below `dirKey` ("red.png"). */
export function nameBelow(key: string, dirKey: string): string {
  return dirKey !== '' && key.startsWith(`${dirKey}/`) ? key.slice(dirKey.length + 1) : key;
}

/** A file's size change: "7.0 KB → 7.6 KB", "+300 B" for an added file, "?" for an unknown side. */
export function describeEntrySize(entry: FolderDiffEntry): string {
  const size = (bytes: number | undefined) => (bytes === undefined ? '?' : formatSize(bytes));
  if (entry.status === 'added') return entry.newSize === undefined ? '?' : formatDelta(entry.newSize);
  if (entry.status === 'deleted') return entry.oldSize === undefined ? '?' : formatDelta(-entry.oldSize);
  if (entry.status === 'renamed') return size(entry.newSize ?? entry.oldSize);
  return `${size(entry.oldSize)} → ${size(entry.newSize)}`;
}
