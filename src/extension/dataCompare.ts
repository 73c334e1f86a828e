// "Compare with Workspace" on a version and "MLOps: Compare Data Versions…": two versions of a
// tracked file side by side in VS Code's diff editor when both are text (by extension, and no NUL
// bytes), otherwise a message with each version's hash, size and date (nothing deserialized). A
// version whose object is not in the cache says so, with the path.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { cacheDirOf, cacheObjectPath } from '../core/data/cache';
import type { HashRef } from '../core/data/model';
import { HashCache } from '../core/pipeline/hashCache';
import { looksLikeText, readHead } from '../views/data/dataContent';
import type { DataVersion, PathAtVersion } from '../views/data/dataHistory';
import { folderPage } from '../views/data/dataModel';
import { formatSize, type DataNode } from '../views/data/dataTree';
import { openTableDiff } from './dataDiffOpen';
import { isTableFile } from './dataDiffPanel';
import { dataUri } from './dataFileSystem';
import type { DataService } from './dataService';

/** One side of a comparison, ready to open. */
interface Side {
  label: string;
  uri: vscode.Uri;
  /** Where the bytes are on disk (cache object or workspace file), to sniff and stat. */
  file: string;
  hash: HashRef | null;
  time?: number;
}

type Outcome = Side | { problem: string };

const workspaceHashes = new HashCache();

function versionSide(
  root: string,
  key: string,
  at: PathAtVersion & { sha: string; time: number },
  label: string,
): Outcome {
  if (!at.hash) return { problem: vscode.l10n.t('{0} is not tracked at {1}.', key, label) };
  if (at.isDir) return { problem: vscode.l10n.t('{0} is a folder at {1}: pick a file in it.', key, label) };
  const file = cacheObjectPath(cacheDirOf(root), at.hash);
  if (!file || !fs.existsSync(file)) {
    return { problem: vscode.l10n.t('{0} ({1}) is not in cache: {2}', key, label, file ?? at.hash.value) };
  }
  const uri = dataUri({ root, key, hash: at.hash, label });
  return { label, uri, file, hash: at.hash, time: at.time };
}

function workspaceSide(root: string, key: string): Outcome {
  const file = path.join(root, ...key.split('/'));
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return { problem: vscode.l10n.t('{0} is not in the workspace.', key) };
  }
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

async function openComparison(key: string, a: Outcome, b: Outcome): Promise<void> {
  for (const side of [a, b]) {
    if ('problem' in side) {
      void vscode.window.showWarningMessage(side.problem);
      return;
    }
  }
  const left = a as Side;
  const right = b as Side;
  // Tables (CSV/TSV, JSON/JSONL, Parquet) open in the Data Diff panel (dataDiffOpen.ts).
  if (isTableFile(key)) {
    await openTableDiff(
      { label: left.label, file: left.file, name: key },
      { label: right.label, file: right.file, name: key },
    );
    return;
  }
  const text = looksLikeText(key, readHead(left.file)) && looksLikeText(key, readHead(right.file));
  if (!text) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('{0} is not a text file: {1}; {2}', key, describeSide(left), describeSide(right)),
    );
    return;
  }
  const title = `${path.posix.basename(key)} (${left.label} ↔ ${right.label})`;
  await vscode.commands.executeCommand('vscode.diff', left.uri, right.uri, title, { preview: true });
}

/** The inline action of a version item. */
export async function compareVersionWithWorkspace(node: DataNode): Promise<void> {
  if (node.kind !== 'version') return;
  const version: DataVersion = node.version;
  const label = version.sha.slice(0, 7);
  await openComparison(
    node.key,
    versionSide(node.root, node.key, version, label),
    workspaceSide(node.root, node.key),
  );
}

interface VersionPick extends vscode.QuickPickItem {
  /** A revision, or undefined for the workspace. */
  rev?: string;
}

async function versionPicks(service: DataService, root: string, key: string): Promise<VersionPick[]> {
  const history = service.history(root);
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

async function sideFor(service: DataService, root: string, key: string, pick: VersionPick): Promise<Outcome> {
  if (pick.rev === undefined) return workspaceSide(root, key);
  try {
    return versionSide(root, key, await service.history(root).at(pick.rev, key), pick.label);
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}

interface Target {
  root: string;
  key: string;
}

async function pickTarget(service: DataService): Promise<Target | undefined> {
  const items: (vscode.QuickPickItem & Target)[] = [];
  for (const root of service.projectRoots()) {
    const project = await service.project(root);
    for (const out of project.outs) {
      if (!out.hash) continue;
      if (!out.isDir) items.push({ label: out.key, description: path.basename(root), root, key: out.key });
      else {
        try {
          const page = folderPage(project.cacheDir, out, 5000);
          for (const f of page.files)
            items.push({ label: f.key, description: path.basename(root), root, key: f.key });
        } catch {
          // a folder without its manifest has no files to offer
        }
      }
    }
  }
  return vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Pick a tracked file to compare') });
}

async function targetOf(service: DataService, arg: unknown): Promise<Target | undefined> {
  if (arg instanceof vscode.Uri && arg.scheme === 'file') {
    const root = service.rootOf(arg.fsPath);
    if (!root) return undefined;
    let key = path.relative(root, arg.fsPath).split(path.sep).join('/');
    const project = await service.project(root);
    const declared = project.outs.filter((out) => out.source === key && key.endsWith('.dvc'));
    if (declared.length === 1) key = declared[0].key;
    return { root, key };
  }
  const node = arg as DataNode | undefined;
  if (node?.kind === 'out') return { root: node.root, key: node.out.key };
  if (node?.kind === 'file') return { root: node.root, key: node.file.key };
  if (node?.kind === 'version') return { root: node.root, key: node.key };
  return pickTarget(service);
}

/** "MLOps: Compare Data Versions…": a file (given or picked), then two of its versions. */
export async function compareDataVersions(service: DataService, arg?: unknown): Promise<void> {
  if (service.projectRoots().length === 0) await service.discover();
  const target = await targetOf(service, arg);
  if (!target) return;
  const picks = await versionPicks(service, target.root, target.key);
  const first = await vscode.window.showQuickPick(picks, {
    placeHolder: vscode.l10n.t('{0}: pick the first version', target.key),
  });
  if (!first) return;
  const second = await vscode.window.showQuickPick(
    picks.filter((p) => p !== first),
    { placeHolder: vscode.l10n.t('{0}: compare {1} with…', target.key, first.label) },
  );
  if (!second) return;
  const [a, b] = await Promise.all([
    sideFor(service, target.root, target.key, first),
    sideFor(service, target.root, target.key, second),
  ]);
  await openComparison(target.key, a, b);
}
