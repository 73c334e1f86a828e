// The DVC projects of the workspace for the Data view: each project's tracked outputs and their
// states, read asynchronously and kept until a watched file of that project changes (`.dvc` files,
// dvc.lock, the cache, Git's HEAD and refs, the tracked data); events are collected and the touched projects re-read once,
// after a pause. The loader hashes workspace files in a worker, through one HashCache (by size and
// mtime), so a re-read only hashes what changed.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DataHistory } from '../views/data/dataHistory';
import type { DataProject } from '../views/data/dataModel';
import { readConfig } from './config';
import type { DataLoader } from './dataLoader';

/** A run writing many files re-reads its project once per pause, not once per file. */
const DEBOUNCE_MS = 800;
const WATCHED = ['**/*.dvc', '**/dvc.lock', '**/.dvc/cache/**', '**/.git/HEAD', '**/.git/refs/**'];

export class DataService implements vscode.Disposable {
  private roots: string[] = [];
  private readonly projects = new Map<string, Promise<DataProject>>();
  private readonly histories = new Map<string, DataHistory>();
  private readonly dirty = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly watchers: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with the root of a re-read project, or undefined when the list of projects changed. */
  readonly onDidChange = this.changed.event;
  private readonly loadedProjects = new Map<string, DataProject>();
  private readonly loaded = new vscode.EventEmitter<void>();
  /** Fires when a project's outputs and states have been read. */
  readonly onDidLoad = this.loaded.event;

  constructor(private readonly loader: DataLoader) {
    for (const pattern of WATCHED) this.watch(pattern, (file) => this.queue(file));
    // The tracked data itself (an edited CSV turns its output "modified"): every event is checked
    // against the outputs' paths (a few string comparisons), and only those events count.
    this.watch('**/*', (file) => {
      if (this.isTracked(file)) this.queue(file);
    });
  }

  private watch(pattern: string, onPath: (file: string) => void): void {
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    const onEvent = (uri: vscode.Uri) => onPath(uri.fsPath);
    watcher.onDidCreate(onEvent);
    watcher.onDidChange(onEvent);
    watcher.onDidDelete(onEvent);
    this.watchers.push(watcher);
  }

  /** Whether `file` is a tracked output of a project read so far, or inside one. */
  private isTracked(file: string): boolean {
    for (const project of this.loadedProjectList()) {
      if (!file.startsWith(project.root + path.sep)) continue;
      for (const out of project.outs) {
        const absolute = path.join(project.root, ...out.key.split('/'));
        if (file === absolute || file.startsWith(absolute + path.sep)) return true;
      }
    }
    return false;
  }

  /** Finds the DVC projects (folders with `.dvc/config`) of the workspace again. */
  async discover(): Promise<void> {
    const found = await vscode.workspace.findFiles('**/.dvc/config', '**/node_modules/**', 200);
    const roots = found
      .filter((uri) => uri.scheme === 'file')
      .map((uri) => path.dirname(path.dirname(uri.fsPath)))
      .sort();
    for (const root of this.roots) if (!roots.includes(root)) this.forget(root);
    this.roots = roots;
    void vscode.commands.executeCommand('setContext', 'mlopsLens.dataProjectCount', roots.length);
    this.changed.fire(undefined);
    // Read at once (asynchronously): the status bar and the Explorer menu need the states.
    for (const root of roots) void this.project(root);
  }

  /** Projects read so far (for the status bar). */
  loadedProjectList(): DataProject[] {
    return this.roots.flatMap((root) => this.loadedProjects.get(root) ?? []);
  }

  projectRoots(): readonly string[] {
    return this.roots;
  }

  project(root: string): Promise<DataProject> {
    let project = this.projects.get(root);
    if (!project) {
      project = this.loader.load(root);
      this.projects.set(root, project);
      const reading = project;
      void reading.then((read) => {
        if (this.projects.get(root) !== reading) return;
        this.loadedProjects.set(root, read);
        this.publishTrackedFiles();
        this.loaded.fire();
      });
    }
    return project;
  }

  history(root: string): DataHistory {
    let history = this.histories.get(root);
    if (!history) {
      history = new DataHistory(root, readConfig().dvcExperimentDepth);
      this.histories.set(root, history);
    }
    return history;
  }

  /** The project a file belongs to (the innermost root holding it). */
  rootOf(file: string): string | undefined {
    const holding = this.roots.filter((root) => file === root || file.startsWith(root + path.sep));
    return holding.sort((a, b) => b.length - a.length)[0];
  }

  /** Re-reads every project (the Refresh command, a changed setting). */
  async refreshAll(): Promise<void> {
    for (const root of [...this.histories.keys()]) this.forget(root);
    this.projects.clear();
    await this.discover();
  }

  /** The `resourcePath in mlopsLens.dataTrackedFiles` of the Explorer's "Compare Data Versions…". */
  private publishTrackedFiles(): void {
    const files: string[] = [];
    for (const project of this.loadedProjectList()) {
      for (const out of project.outs) {
        if (!out.hash || out.isDir) continue;
        files.push(path.join(project.root, ...out.key.split('/')));
        if (out.source.endsWith('.dvc')) files.push(path.join(project.root, ...out.source.split('/')));
      }
    }
    void vscode.commands.executeCommand('setContext', 'mlopsLens.dataTrackedFiles', files);
  }

  private forget(root: string): void {
    this.projects.delete(root);
    this.loadedProjects.delete(root);
    this.histories.get(root)?.dispose();
    this.histories.delete(root);
  }

  private queue(changedPath: string): void {
    if (changedPath.endsWith(`${path.sep}.dvc${path.sep}config`)) this.dirty.add('');
    const root = this.rootOf(changedPath) ?? this.rootOf(path.dirname(path.dirname(changedPath)));
    if (root) this.dirty.add(root);
    else if (changedPath.endsWith('.dvc') || changedPath.endsWith('dvc.lock')) this.dirty.add('');
    if (this.dirty.size === 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), DEBOUNCE_MS);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const roots = [...this.dirty];
    this.dirty.clear();
    if (roots.includes('')) await this.discover();
    for (const root of roots.filter((r) => r !== '' && this.roots.includes(r))) {
      this.projects.delete(root);
      await this.histories.get(root)?.refresh();
      this.changed.fire(root);
      void this.project(root);
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const watcher of this.watchers) watcher.dispose();
    for (const history of this.histories.values()) history.dispose();
    this.changed.dispose();
    this.loaded.dispose();
    this.loader.dispose();
  }
}
