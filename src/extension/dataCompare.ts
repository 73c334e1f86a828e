// "Compare with Workspace" on a version and "MLOps: Compare Data Versions…": two versions of a
// tracked path, opened by what kind of file it is (fileKind: text in VS Code's diff editor, images
// in the Data Image panel, anything else described by hash, size and date, nothing deserialized);
// a folder opens as a Comparison in the Data view. A version whose object is nowhere here (not in
// the cache nor a local remote) says so, with the path, and offers Fetch.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HashRef } from '../core/data/model';
import { ObjectStore } from '../core/data/objects';
import { HashCache } from '../core/pipeline/hashCache';
import type { ImageFile } from '../views/dataImage/panel';
import { looksLikeText, readHead } from '../views/data/dataContent';
import type { DataVersion, PathAtVersion } from '../views/data/dataHistory';
import { folderPage } from '../views/data/dataModel';
import { formatSize, type DataNode } from '../views/data/dataTree';
import { fileKind, type FileKind } from '../views/data/fileKind';
import { openTableDiff } from './dataDiffOpen';
import { dataUri } from './dataFileSystem';
import { offerFetch, type FetchTarget } from './dataFetch';
import type { DataHost } from './dataHost';

/** One side of a comparison, ready to open. */
export interface Side {
  label: string;
  uri: vscode.Uri;
  /** Where the bytes are on disk (cache object, local remote or workspace file), to sniff and stat. */
  file: string;
  hash: HashRef | null;
  time?: number;
}

export type Outcome = Side | { problem: string; fetch?: FetchTarget } | { folder: true };

const workspaceHashes = new HashCache();

/** A version of `key` stored as a DVC object (in the cache, else a local remote). */
export function objectSide(
  root: string,
  key: string,
  hash: HashRef,
  label: string,
  rev: string,
  time?: number,
): Outcome {
  const place = new ObjectStore(root).locate(hash);
  if ('missing' in place) {
    return {
      problem: vscode.l10n.t('{0} ({1}) is not in cache: {2}', key, label, place.missing),
      fetch: { root, key, rev },
    };
  }
  const uri = dataUri({ root, key, hash, label });
  return { label, uri, file: place.file, hash, time };
}

function versionSide(
  root: string,
  key: string,
  at: PathAtVersion & { sha: string; time: number },
  label: string,
) {
  if (!at.hash) return { problem: vscode.l10n.t('{0} is not tracked at {1}.', key, label) };
  if (at.isDir) return { folder: true } as const;
  return objectSide(root, key, at.hash, label, at.sha, at.time);
}

export function workspaceFileSide(root: string, key: string): Outcome {
  const file = path.join(root, ...key.split('/'));
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return { problem: vscode.l10n.t('{0} is not in the workspace.', key) };
  }
  if (stat.isDirectory()) return { folder: true };
  if (!stat.isFile()) return { problem: vscode.l10n.t('{0} is not a file in the workspace.', key) };
  const value = workspaceHashes.hashFile(file, 'md5', stat);
  const label = vscode.l10n.t('Workspace');
  return { label, uri: vscode.Uri.file(file), file, hash: { name: 'md5', value }, time: stat.mtimeMs };
}

function describeSide(side: Side): string {
  let size = '?';
  try {
    size = formatSize(fs.statSync(side.file).size);
  } catch {
    // described without a size
  }
  const date = side.time ? new Date(side.time).toISOString().slice(0, 16).replace('T', ' ') : '?';
  return vscode.l10n.t('{0}: md5 {1}, size {2}, date {3}', side.label, side.hash?.value ?? '?', size, date);
}

function imageFile(side: Side): ImageFile {
  let size = '';
  try {
    size = ` · ${formatSize(fs.statSync(side.file).size)}`;
  } catch {
    // labelled without a size
  }
  return { label: `${side.label}${size}`, file: side.file };
}

type Opener = (host: DataHost, key: string, sides: Side[]) => Promise<void>;

/** How each kind of file opens, for one side (added/deleted) or two (old, new). */
const OPENERS: Record<FileKind, Opener> = {
  text: async (_host, key, sides) => {
    if (sides.length === 1) {
      await vscode.commands.executeCommand('vscode.open', sides[0].uri, { preview: true });
      return;
    }
    const [left, right] = sides;
    const title = `${path.posix.basename(key)} (${left.label} ↔ ${right.label})`;
    await vscode.commands.executeCommand('vscode.diff', left.uri, right.uri, title, { preview: true });
  },
  image: (host, key, sides) => {
    const name = path.posix.basename(key);
    if (sides.length === 1) {
      host.images.show({ kind: 'grid', title: name, added: [imageFile(sides[0])], removed: [] });
    } else {
      const title = `${name} (${sides[0].label} ↔ ${sides[1].label})`;
      host.images.show({ kind: 'pair', title, left: imageFile(sides[0]), right: imageFile(sides[1]) });
    }
    return Promise.resolve();
  },
  // Tables (CSV/TSV, JSON/JSONL, Parquet) open in the Data Diff panel (dataDiffOpen.ts); a table
  // only one version has opens as that one file.
  table: async (host, key, sides) => {
    if (sides.length === 1) {
      const head = readHead(sides[0].file);
      await OPENERS[looksLikeText(key, head) ? 'text' : 'binary'](host, key, sides);
      return;
    }
    const [left, right] = sides;
    await openTableDiff(
      { label: left.label, file: left.file, name: key },
      { label: right.label, file: right.file, name: key },
    );
  },
  binary: (_host, key, sides) => {
    const described = sides.map(describeSide).join('; ');
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} is not a text file: {1}', key, described));
    return Promise.resolve();
  },
};

/** Opens one or two sides of `key` by kind; a side that cannot be opened is a warning (with Fetch). */
export async function openSides(host: DataHost, key: string, outcomes: Outcome[]): Promise<void> {
  for (const side of outcomes) {
    if ('folder' in side) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('{0} is a folder in one version and a file in the other.', key),
      );
      return;
    }
    if ('problem' in side) {
      offerFetch(host, side.problem, side.fetch);
      return;
    }
  }
  const sides = outcomes as Side[];
  const kind = fileKind(
    key,
    sides.map((s) => readHead(s.file)),
  );
  await OPENERS[kind](host, key, sides);
}

/** The inline action of a version item. */
export async function compareVersionWithWorkspace(host: DataHost, node: DataNode): Promise<void> {
  if (node.kind !== 'version') return;
  const version: DataVersion = node.version;
  const label = version.sha.slice(0, 7);
  const old = versionSide(node.root, node.key, version, label);
  if ('folder' in old) {
    await host.compareFolder(
      node.root,
      node.key,
      { rev: version.sha, label },
      { label: vscode.l10n.t('Workspace') },
    );
    return;
  }
  await openSides(host, node.key, [old, workspaceFileSide(node.root, node.key)]);
}

export interface VersionPick extends vscode.QuickPickItem {
  /** A revision, or undefined for the workspace. */
  rev?: string;
}

async function versionPicks(host: DataHost, root: string, key: string): Promise<VersionPick[]> {
  const history = host.service.history(root);
  const picks: VersionPick[] = [{ label: vscode.l10n.t('Workspace') }, { label: 'HEAD', rev: 'HEAD' }];
  const { versions } = await history.versionsOf(key);
  picks.push({ label: vscode.l10n.t('Commits on this branch'), kind: vscode.QuickPickItemKind.Separator });
  for (const v of versions) {
    picks.push({
      label: v.sha.slice(0, 7),
      description: v.subject,
      detail: new Date(v.time).toLocaleString(vscode.env.language),
      rev: v.sha,
    });
  }
  const named = history.namedRevisions();
  if (named.length > 0)
    picks.push({ label: vscode.l10n.t('Tags and experiments'), kind: vscode.QuickPickItemKind.Separator });
  for (const r of named) {
    const kind = r.kind === 'tag' ? vscode.l10n.t('tag') : vscode.l10n.t('experiment');
    picks.push({ label: r.name, description: `${kind} · ${r.sha.slice(0, 7)}`, rev: r.sha });
  }
  return picks;
}

async function sideFor(host: DataHost, root: string, key: string, pick: VersionPick): Promise<Outcome> {
  if (pick.rev === undefined) return workspaceFileSide(root, key);
  try {
    return versionSide(root, key, await host.service.history(root).at(pick.rev, key), pick.label);
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}

interface Target {
  root: string;
  key: string;
  isDir?: boolean;
}

/** The folders below `outKey` that hold some of `keys`, sorted. */
function subFolders(keys: readonly string[], outKey: string): string[] {
  const folders = new Set<string>();
  for (const key of keys) {
    for (let at = key.lastIndexOf('/'); at > outKey.length; at = key.lastIndexOf('/', at - 1)) {
      folders.add(key.slice(0, at));
    }
  }
  return [...folders].sort();
}

async function pickTarget(host: DataHost): Promise<Target | undefined> {
  const items: (vscode.QuickPickItem & Target)[] = [];
  for (const root of host.service.projectRoots()) {
    const project = await host.service.project(root);
    const where = path.basename(root);
    for (const out of project.outs) {
      if (!out.hash) continue;
      if (!out.isDir) {
        items.push({ label: out.key, description: where, root, key: out.key });
        continue;
      }
      const folder = vscode.l10n.t('folder');
      items.push({ label: out.key, description: `${folder} · ${where}`, root, key: out.key, isDir: true });
      try {
        const page = folderPage(project.cacheDir, out, 5000);
        // Folders inside the tracked folder compare too (the same dvc diff, below that folder).
        for (const key of subFolders(
          page.files.map((f) => f.key),
          out.key,
        )) {
          items.push({ label: key, description: `${folder} · ${where}`, root, key, isDir: true });
        }
        for (const f of page.files) items.push({ label: f.key, description: where, root, key: f.key });
      } catch {
        // a folder without its manifest has no files to offer
      }
    }
  }
  return vscode.window.showQuickPick(items, {
    placeHolder: vscode.l10n.t('Pick a tracked file or folder to compare'),
  });
}

async function targetOf(host: DataHost, arg: unknown): Promise<Target | undefined> {
  if (arg instanceof vscode.Uri && arg.scheme === 'file') {
    const root = host.service.rootOf(arg.fsPath);
    if (!root) return undefined;
    let key = path.relative(root, arg.fsPath).split(path.sep).join('/');
    const project = await host.service.project(root);
    const declared = project.outs.filter((out) => out.source === key && key.endsWith('.dvc'));
    if (declared.length === 1) key = declared[0].key;
    return { root, key };
  }
  const node = arg as DataNode | undefined;
  if (node?.kind === 'out') return { root: node.root, key: node.out.key, isDir: node.out.isDir };
  if (node?.kind === 'file') return { root: node.root, key: node.file.key };
  if (node?.kind === 'version') return { root: node.root, key: node.key };
  return pickTarget(host);
}

/** "MLOps: Compare Data Versions…": a file or folder (given or picked), then two of its versions. */
export async function compareDataVersions(host: DataHost, arg?: unknown): Promise<void> {
  if (host.service.projectRoots().length === 0) await host.service.discover();
  const target = await targetOf(host, arg);
  if (!target) return;
  const picks = await versionPicks(host, target.root, target.key);
  const first = await vscode.window.showQuickPick(picks, {
    placeHolder: vscode.l10n.t('{0}: pick the first version', target.key),
  });
  if (!first) return;
  const second = await vscode.window.showQuickPick(
    picks.filter((p) => p !== first),
    { placeHolder: vscode.l10n.t('{0}: compare {1} with…', target.key, first.label) },
  );
  if (!second) return;
  if (target.isDir) {
    await host.compareFolder(target.root, target.key, first, second);
    return;
  }
  const [a, b] = await Promise.all([
    sideFor(host, target.root, target.key, first),
    sideFor(host, target.root, target.key, second),
  ]);
  if ('folder' in a && 'folder' in b) {
    await host.compareFolder(target.root, target.key, first, second);
    return;
  }
  await openSides(host, target.key, [a, b]);
}
