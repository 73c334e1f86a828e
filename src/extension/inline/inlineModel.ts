// What inline hints, hovers and CodeLens show for an open params or metrics file, computed once per
// document version and baseline and kept: providers answer from here. A revision's files are read
// once per (revision, path) — commits never change — and the workspace's other files on each edit
// of the one in the editor (its unsaved text stands for the workspace, as `dvc params diff` sees it).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DataRepo } from '../../core/data/versions';
import { placeHints, runBaselineChanges, type PlacedHints } from '../../core/inline/hints';
import { locateValues, type ValueSpans } from '../../core/inline/locate';
import {
  editedFileChanges,
  fileChanges,
  mlprojectParameterChanges,
  readTreeSides,
  readWorkspaceContext,
  sideKindOf,
  wholeFileSide,
  type FileChanges,
  type TreeSides,
  type WorkspaceContext,
} from '../../core/inline/sides';
import type { ValuesKind } from '../../core/paramsDiff/diff';
import { findDvcRoot } from '../../core/sources/dvc/dvcRepo';
import { MAX_VALUES_FILE_CHARS } from '../../core/sources/dvc/values/paramsFile';
import { workspaceTree } from '../../core/data/versions';
import {
  readDvcExperiments,
  workspaceFiles,
  type ExpRow,
} from '../../core/sources/dvcExperiments/experiments';
import { findGitLocation } from '../../core/sources/dvcExperiments/gitFiles';
import type { Baseline } from './baseline';

export interface InlineState {
  version: number;
  kind: ValuesKind;
  /** The project root (the DVC root, else the workspace folder) and the file relative to it. */
  root: string;
  rel: string;
  isDvc: boolean;
  baseline: Baseline;
  /** The baseline revision's commit (revision baselines). */
  baselineSha?: string;
  /** Null while the text does not parse: nothing is shown then. */
  spans: ValueSpans | null;
  changes: FileChanges;
  placed: PlacedHints;
}

interface DocumentFile {
  kind: ValuesKind;
  root: string;
  rel: string;
  isDvc: boolean;
  /** Tracked by a dvc.yaml (or the default params.yaml): compared as DVC does; else whole. */
  tracked: boolean;
}

const PARAMS_NAME = /^(?:params|hyperparams?|hparams|config)\.(?:ya?ml|json|toml)$/i;
const METRICS_NAME = /^(?:metrics|scores)\.(?:json|ya?ml)$/i;
const HISTORY_TTL_MS = 15_000;

export class InlineModel implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when shown states may differ (baseline, files on disk, settings). */
  readonly onDidChange = this.changed.event;
  private readonly repos = new Map<string, DataRepo>();
  private readonly baselineSides = new Map<string, Promise<TreeSides>>();
  private readonly blobs = new Map<string, Promise<string | null>>();
  private readonly workspaceSides = new Map<string, Promise<WorkspaceContext>>();
  private readonly states = new Map<string, { key: string; state: Promise<InlineState | undefined> }>();
  private readonly histories = new Map<string, { at: number; rows: Promise<ExpRow[]> }>();
  private readonly tooLarge = new Set<string>();

  constructor(
    private readonly baseline: () => Baseline,
    private readonly log: (line: string) => void,
  ) {}

  /** Files on disk changed: the workspace's sides and histories are read again. */
  invalidateWorkspace(): void {
    // A long-lived `git cat-file` may keep refs it read: HEAD is resolved by a new one.
    for (const repo of this.repos.values()) repo.close();
    this.repos.clear();
    this.workspaceSides.clear();
    this.histories.clear();
    this.states.clear();
    this.changed.fire();
  }

  /** The baseline changed: every state is computed again (revision reads stay cached). */
  invalidateStates(): void {
    this.states.clear();
    this.changed.fire();
  }

  /** The state of a document's current version against the current baseline; undefined when it is none of ours. */
  stateOf(document: vscode.TextDocument): Promise<InlineState | undefined> {
    const baseline = this.baseline();
    const key = `${document.version}\0${JSON.stringify(baseline)}`;
    const uri = document.uri.toString();
    const known = this.states.get(uri);
    if (known?.key === key) return known.state;
    const state = this.compute(document, baseline).catch((error: unknown) => {
      this.log(`${document.uri.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    this.states.set(uri, { key, state });
    return state;
  }

  forget(document: vscode.TextDocument): void {
    this.states.delete(document.uri.toString());
  }

  private async compute(document: vscode.TextDocument, baseline: Baseline): Promise<InlineState | undefined> {
    if (document.uri.scheme !== 'file') return undefined;
    const file = await this.classify(document.uri.fsPath);
    if (!file) return undefined;
    const text = document.getText();
    if (text.length > MAX_VALUES_FILE_CHARS) {
      if (!this.tooLarge.has(document.uri.fsPath))
        this.log(
          `${document.uri.fsPath}: not read for inline hints: larger than 5 MiB (${text.length} characters)`,
        );
      this.tooLarge.add(document.uri.fsPath);
      return undefined;
    }
    const spans = locateValues(text, file.rel);
    const common = { version: document.version, ...file, baseline, spans };
    if (!spans) return { ...common, changes: {}, placed: { hints: [], removed: [], count: 0 } };
    const { changes, sha } = await this.changesOf(file, text, baseline);
    return { ...common, baselineSha: sha, changes, placed: placeHints(file.kind, changes, spans) };
  }

  private async changesOf(
    file: DocumentFile,
    text: string,
    baseline: Baseline,
  ): Promise<{ changes: FileChanges; sha?: string }> {
    if (baseline.kind === 'mlflow-run') {
      const side = wholeFileSide(text, file.rel, file.kind)[file.rel];
      return { changes: runBaselineChanges(file.kind, side && 'data' in side ? side.data : {}, baseline) };
    }
    const repo = this.repoFor(file.root);
    const sha = await repo.resolve(baseline.rev);
    if (file.tracked) {
      const base = await this.baselineSidesAt(file.root, sha);
      const workspace = await this.workspaceSidesOf(file.root);
      return { changes: editedFileChanges(file.kind, file.rel, text, base, workspace), sha };
    }
    const before = await this.blobAt(file.root, sha, file.rel);
    const changes = fileChanges(
      file.rel,
      wholeFileSide(before, file.rel, file.kind),
      wholeFileSide(text, file.rel, file.kind),
    );
    return {
      changes: path.basename(file.rel) === 'MLproject' ? mlprojectParameterChanges(changes) : changes,
      sha,
    };
  }

  /** Which kind of file this is, in which project; undefined for any other file. */
  private async classify(fsPath: string): Promise<DocumentFile | undefined> {
    const dir = path.dirname(fsPath);
    const dvcRoot = findDvcRoot(dir);
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(fsPath))?.uri.fsPath;
    const root = dvcRoot ?? folder;
    if (!root || !findGitLocation(root)) return undefined;
    const rel = path.relative(root, fsPath).split(path.sep).join('/');
    if (rel.startsWith('..')) return undefined;
    const base = { root, rel, isDvc: dvcRoot !== undefined };
    if (dvcRoot) {
      const { sides } = await this.workspaceSidesOf(dvcRoot);
      const kind = sideKindOf(sides, rel);
      if (kind) return { ...base, kind, tracked: true };
    }
    const name = path.basename(rel);
    if (name === 'MLproject' || PARAMS_NAME.test(name)) return { ...base, kind: 'params', tracked: false };
    if (METRICS_NAME.test(name) || /(?:^|\/)dvclive\/metrics\.json$/.test(rel))
      return { ...base, kind: 'metrics', tracked: false };
    return undefined;
  }

  /** The workspace's params and metrics files as DVC lists them (read again after file events). */
  private workspaceSidesOf(root: string): Promise<WorkspaceContext> {
    let known = this.workspaceSides.get(root);
    if (!known) {
      known = (async () =>
        readWorkspaceContext(workspaceTree(root), root, await workspaceFiles(root, true)))();
      this.workspaceSides.set(root, known);
    }
    return known;
  }

  private repoFor(root: string): DataRepo {
    let repo = this.repos.get(root);
    if (!repo) {
      repo = new DataRepo(root);
      this.repos.set(root, repo);
    }
    return repo;
  }

  private baselineSidesAt(root: string, sha: string): Promise<TreeSides> {
    const key = `${root}\0${sha}`;
    let sides = this.baselineSides.get(key);
    if (!sides) {
      const repo = this.repoFor(root);
      sides = repo.treeAt(sha).then((tree) => readTreeSides(tree, root, { dvcCache: true }));
      sides.catch(() => this.baselineSides.delete(key));
      this.baselineSides.set(key, sides);
    }
    return sides;
  }

  /** A file's text at a commit (null when it was not there), read once. */
  blobAt(root: string, sha: string, rel: string): Promise<string | null> {
    const key = `${root}\0${sha}\0${rel}`;
    let text = this.blobs.get(key);
    if (!text) {
      const repo = this.repoFor(root);
      text = repo.blob(`${sha}:${repo.gitPathPrefix()}${rel}`).then((b) => (b ? b.toString('utf8') : null));
      text.catch(() => this.blobs.delete(key));
      this.blobs.set(key, text);
    }
    return text;
  }

  async resolve(root: string, rev: string): Promise<string> {
    return this.repoFor(root).resolve(rev);
  }

  /** `dvc exp show` rows of a DVC project (newest first), read again after file events or a while. */
  history(root: string, depth: number): Promise<ExpRow[]> {
    const key = `${root}\0${depth}`;
    const known = this.histories.get(key);
    if (known && Date.now() - known.at < HISTORY_TTL_MS) return known.rows;
    const rows = readDvcExperiments(root, { depth }).then((r) => r.rows);
    rows.catch(() => this.histories.delete(key));
    this.histories.set(key, { at: Date.now(), rows });
    return rows;
  }

  /** dvc.yaml at the project root, when there is one (where `dvc exp run` is started from). */
  static dvcfileOf(state: InlineState): string | undefined {
    const dvcfile = path.join(state.root, 'dvc.yaml');
    return state.isDvc && fs.existsSync(dvcfile) ? dvcfile : undefined;
  }

  dispose(): void {
    for (const repo of this.repos.values()) repo.close();
    this.repos.clear();
    this.changed.dispose();
  }
}
