// The folder Comparison of the Data view: computed on request (two versions of a tracked folder),
// kept until closed or replaced, re-read after a fetch. Its files open by kind (dataCompare), its
// added and removed images as a grid in the Data Image panel.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { compareFolder } from '../core/data/folderCompare';
import type { FolderDiffEntry } from '../core/data/folderDiff';
import { DataError } from '../core/data/model';
import { ObjectStore } from '../core/data/objects';
import { HashCache } from '../core/pipeline/hashCache';
import type { ImageFile } from '../views/dataImage/panel';
import { hasImageSignature, isImageKey } from '../views/dataImage/protocol';
import { comparisonChildren, type ComparisonInfo, type ComparisonNode } from '../views/data/comparisonNodes';
import { readHead } from '../views/data/dataContent';
import { PAGE_SIZE } from '../views/data/dataModel';
import { objectSide, openSides, workspaceFileSide, type Outcome } from './dataCompare';
import type { PickedVersion } from './dataHost';
import type { DataHost } from './dataHost';

/** A folder of images shows at most this many thumbnails per side (the grid stays light). */
const GRID_LIMIT = 200;

export class DataComparisons implements vscode.Disposable {
  private current: ComparisonInfo | undefined;
  private readonly limits = new Map<string, number>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly hashCache = new HashCache();

  get info(): ComparisonInfo | undefined {
    return this.current;
  }

  /** Compares `key` between two versions (the workspace, if picked, always on the right). */
  async compare(root: string, key: string, first: PickedVersion, second: PickedVersion): Promise<void> {
    const [a, b] = first.rev === undefined ? [second, first] : [first, second];
    if (a.rev === undefined) return;
    const info: ComparisonInfo = {
      root,
      folderKey: key,
      aRev: a.rev,
      aLabel: a.label,
      bRev: b.rev,
      bLabel: b.label,
      result: { problem: { path: key, reason: '' } },
    };
    const title = vscode.l10n.t('Comparing {0} ({1} ↔ {2})…', key, a.label, b.label);
    await vscode.window.withProgress({ location: { viewId: 'mlopsLens.data' }, title }, () =>
      this.load(info),
    );
    this.current = info;
    this.limits.clear();
    this.changed.fire();
  }

  async refresh(): Promise<void> {
    if (!this.current) return;
    await this.load(this.current);
    this.changed.fire();
  }

  close(): void {
    this.current = undefined;
    this.changed.fire();
  }

  children(node: ComparisonNode): ComparisonNode[] {
    return comparisonChildren(node, (dirKey) => this.limits.get(dirKey) ?? PAGE_SIZE);
  }

  showMore(node: ComparisonNode): void {
    if (node.kind !== 'cmpMore') return;
    this.limits.set(node.dirKey, (this.limits.get(node.dirKey) ?? PAGE_SIZE) + PAGE_SIZE);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }

  private async load(info: ComparisonInfo): Promise<void> {
    try {
      info.result = await compareFolder({
        root: info.root,
        folderKey: info.folderKey,
        aRev: info.aRev,
        bRev: info.bRev,
        hashCache: this.hashCache,
      });
    } catch (error) {
      const problem =
        error instanceof DataError
          ? { path: error.path, reason: error.reason }
          : { path: info.folderKey, reason: error instanceof Error ? error.message : String(error) };
      info.result = { problem };
    }
  }
}

function oldSide(info: ComparisonInfo, entry: FolderDiffEntry): Outcome | undefined {
  if (!entry.oldHash) return undefined;
  return objectSide(info.root, entry.oldKey ?? entry.key, entry.oldHash, info.aLabel, info.aRev);
}

function newSide(info: ComparisonInfo, entry: FolderDiffEntry): Outcome | undefined {
  if (!entry.newHash) return undefined;
  if (info.bRev === undefined) return workspaceFileSide(info.root, entry.key);
  return objectSide(info.root, entry.key, entry.newHash, info.bLabel, info.bRev);
}

/** A file of the Comparison: both versions (modified, renamed) or the one there is (added, deleted). */
export async function openComparisonEntry(host: DataHost, node: ComparisonNode): Promise<void> {
  if (node.kind !== 'cmpFile') return;
  const sides = [oldSide(node.info, node.entry), newSide(node.info, node.entry)].filter(
    (s): s is Outcome => s !== undefined,
  );
  await openSides(host, node.entry.key, sides);
}

function gridImage(
  store: ObjectStore,
  key: string,
  hash: FolderDiffEntry['oldHash'],
  label: string,
): ImageFile | undefined {
  if (!hash || !isImageKey(key)) return undefined;
  const place = store.locate(hash);
  if ('missing' in place || !hasImageSignature(readHead(place.file))) return undefined;
  return { label: `${path.posix.basename(key)} · ${label}`, file: place.file };
}

/** "Show images": the images the compared folder (or a sub-folder of it) added and removed. */
export function showComparisonImages(host: DataHost, node: ComparisonNode): void {
  const info = node.info;
  if ('problem' in info.result) return;
  const dirKey = node.kind === 'cmpDir' ? node.dir.key : info.folderKey;
  const store = new ObjectStore(info.root);
  const added: ImageFile[] = [];
  const removed: ImageFile[] = [];
  for (const entry of info.result.tree.entries(dirKey)) {
    if (entry.status === 'added' && added.length < GRID_LIMIT) {
      const file =
        info.bRev === undefined
          ? workspaceImage(info.root, entry.key)
          : gridImage(store, entry.key, entry.newHash, info.bLabel);
      if (file) added.push(file);
    } else if (entry.status === 'deleted' && removed.length < GRID_LIMIT) {
      const file = gridImage(store, entry.key, entry.oldHash, info.aLabel);
      if (file) removed.push(file);
    }
  }
  const title = vscode.l10n.t('Images of {0} ({1} ↔ {2})', dirKey, info.aLabel, info.bLabel);
  host.images.show({ kind: 'grid', title, added, removed });
}

function workspaceImage(root: string, key: string): ImageFile | undefined {
  if (!isImageKey(key)) return undefined;
  const file = path.join(root, ...key.split('/'));
  return hasImageSignature(readHead(file))
    ? { label: `${path.posix.basename(key)} · ${vscode.l10n.t('Workspace')}`, file }
    : undefined;
}
