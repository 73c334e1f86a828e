import * as vscode from 'vscode';
import { RunIndex } from '../core/index/runIndex';
import { createRunReaderPool } from '../core/index/runReaderPool';
import { newStoreGlob } from '../core/sources/registry';
import type { Run, SourceKind, StoreSnapshot } from '../core/model';
import { readConfig, resolveStoreLocations, workspaceFolderPaths } from './config';

const DEBOUNCE_MS = 150;
const yieldNow = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Owns the run index for the workspace: the first full read (with progress, never blocking the
 * extension host for long), file watchers that feed changed paths to incremental updates, and the
 * change event that views listen to.
 */
export class IndexService implements vscode.Disposable {
  private index: RunIndex;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly indexingChanged = new vscode.EventEmitter<boolean>();
  readonly onDidChangeIndexing = this.indexingChanged.event;
  private watchers: vscode.Disposable[] = [];
  private pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> = Promise.resolve();
  private indexing = false;
  private read = false;
  /** Kinds of the stores being read; undefined while they are still being looked for. */
  private kinds: SourceKind[] | undefined;

  constructor(private readonly cacheFile: string | undefined) {
    this.index = this.createIndex();
  }

  private createIndex(): RunIndex {
    const config = readConfig();
    return new RunIndex({
      roots: workspaceFolderPaths(),
      extraStores: resolveStoreLocations(config),
      searchDepth: config.searchDepth,
      dvcExperimentDepth: config.dvcExperimentDepth,
      cacheFile: this.cacheFile,
      yieldNow,
      readInParallel: createRunReaderPool(),
      onDiscovered: (stores) => {
        this.kinds = [...new Set(stores.map((s) => s.kind))];
        if (this.indexing) this.indexingChanged.fire(true);
      },
    });
  }

  get isIndexing(): boolean {
    return this.indexing;
  }

  /** Whether a first read has ended (the view then says "no runs" instead of "reading…"). */
  get hasRead(): boolean {
    return this.read;
  }

  /** The kinds of store being read now; undefined while stores are being looked for. */
  get readingKinds(): readonly SourceKind[] | undefined {
    return this.indexing ? this.kinds : undefined;
  }

  snapshots(): readonly StoreSnapshot[] {
    return this.index.snapshots;
  }

  allRuns(): Run[] {
    return this.index.allRuns();
  }

  findRun(store: string, id: string): Run | undefined {
    return this.index.findRun(store, id);
  }

  history(run: Run, key: string) {
    return this.index.history(run, key);
  }

  /**
   * Reads everything again (settings or folders changed, or the user asked). `rebuild` starts a new
   * index (new roots or settings); `reread` also ignores the cache (the user's own refresh).
   */
  refresh(options: { rebuild?: boolean; reread?: boolean } = {}): Promise<void> {
    if (options.rebuild) this.index = this.createIndex();
    return this.serialize(async () => {
      this.setIndexing(true);
      try {
        await vscode.window.withProgress({ location: { viewId: 'mlopsLens.runs' } }, () =>
          this.index.refresh({ reread: options.reread }),
        );
      } finally {
        this.read = true;
        this.setIndexing(false);
      }
      this.watchStores();
      this.changed.fire();
    });
  }

  /** Runs one index operation at a time, in order. */
  private serialize(work: () => Promise<void>): Promise<void> {
    this.running = this.running.then(work, work).catch((error: unknown) => {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('MLOps Lens could not read the runs: {0}', String(error)),
      );
    });
    return this.running;
  }

  private setIndexing(value: boolean): void {
    this.indexing = value;
    if (value) this.kinds = undefined;
    this.indexingChanged.fire(value);
  }

  private watchStores(): void {
    for (const watcher of this.watchers) watcher.dispose();
    this.watchers = [];
    // Each source says what to watch (a database: its journal and WAL files beside it).
    for (const { base, glob } of this.index.watchPatterns())
      this.watch(new vscode.RelativePattern(vscode.Uri.file(base), glob));
    // New stores: a file that may start one (an experiment's meta.yaml, a database, a W&B log, …).
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      this.watch(new vscode.RelativePattern(folder, newStoreGlob()));
    }
  }

  private watch(pattern: vscode.RelativePattern): void {
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    const onEvent = (uri: vscode.Uri) => this.queue(uri.fsPath);
    watcher.onDidCreate(onEvent);
    watcher.onDidChange(onEvent);
    watcher.onDidDelete(onEvent);
    this.watchers.push(watcher);
  }

  private queue(changedPath: string): void {
    this.pending.add(changedPath);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), DEBOUNCE_MS);
  }

  private flush(): void {
    const paths = [...this.pending];
    this.pending.clear();
    void this.serialize(async () => {
      const storesBefore = this.index.storePaths.join('\n');
      if (await this.index.applyChanges(paths)) {
        if (this.index.storePaths.join('\n') !== storesBefore) this.watchStores();
        this.changed.fire();
      }
    });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const watcher of this.watchers) watcher.dispose();
    this.index.persist();
    this.changed.dispose();
    this.indexingChanged.dispose();
  }
}
