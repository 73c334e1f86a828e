// Owns the pipelines of the workspace: the first discovery, stage statuses computed one stage at a
// time off the extension host's hot path, and incremental updates from file events (only the
// stages a changed path concerns are computed again; hashes are cached by size and mtime).
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { pipelineFileKind } from '../core/pipeline/discover';
import type { DvcDataFile, DvcStage, PipelineItem, StageStatus } from '../core/pipeline/model';
import type { Problem } from '../core/model';
import { StagePathIndex, stagePaths } from '../views/pipelines/affectedStages';
import {
  allStages,
  groupName,
  stageKey,
  type PipelineFile,
  type PipelineFileKind,
  type StatusEntry,
} from '../views/pipelines/pipelineTreeModel';
import type { StageRef } from '../views/pipelines/stageCodeLens';
import { workspaceFolderPaths } from './config';
import { DataFileTracker, type DataFileStatusSource } from './pipelinesDataFiles';
import type { PipelineReader } from './pipelinesReader';

/** A stage's status and the DVC project root its `dvc status` paths are relative to. */
export interface ComputedStatus {
  status: StageStatus;
  root: string;
}

/** Computes a stage's status as `dvc status` would (computeStageStatus behind a hash cache). */
export interface StageStatusSource {
  compute(stage: DvcStage): Promise<ComputedStatus>;
}

const DEBOUNCE_MS = 200;
const NOTIFY_EVERY_MS = 150;
const yieldNow = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class PipelinesService implements vscode.Disposable {
  private fileMap = new Map<string, PipelineFile>();
  private stagesByKey = new Map<string, DvcStage>();
  private index = new StagePathIndex([]);
  private readonly statuses = new Map<string, StatusEntry>();
  private readonly existing = new Map<string, boolean>();
  private readonly queue = new Set<string>();
  private draining = false;
  private lastNotify = 0;
  private notifyTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly pendingPaths = new Set<string>();
  private eventTimer: ReturnType<typeof setTimeout> | undefined;
  private watchers: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private markReady: () => void = () => undefined;
  private readonly readyPromise = new Promise<void>((resolve) => (this.markReady = resolve));

  private readonly dataFileTracker: DataFileTracker;

  constructor(
    private readonly statusSource: StageStatusSource & DataFileStatusSource,
    /** Parses pipeline files off the extension host's thread (pipelinesReader.ts). */
    private readonly reader: PipelineReader,
  ) {
    this.dataFileTracker = new DataFileTracker(statusSource, (now) => this.notify(now));
  }

  /** Resolves once the first discovery has finished. */
  whenReady(): Promise<void> {
    return this.readyPromise;
  }

  files(): readonly PipelineFile[] {
    return [...this.fileMap.values()];
  }

  status(stage: DvcStage): StatusEntry {
    return this.statuses.get(stageKey(stage)) ?? { state: 'pending' };
  }

  exists(absolutePath: string): boolean | undefined {
    return this.existing.get(absolutePath);
  }

  /** `.dvc` data files (`dvc add`, `dvc import`) and their statuses. */
  dataFiles(): readonly DvcDataFile[] {
    return this.dataFileTracker.list();
  }

  dataFileStatus(file: string): StatusEntry {
    return this.dataFileTracker.status(file);
  }

  stagesIn(dvcfile: string): DvcStage[] {
    return (this.fileMap.get(dvcfile)?.items ?? []).filter((i): i is DvcStage => i.kind === 'dvc');
  }

  /** The stage a ref names, or every item of the foreach/matrix group it names. */
  findStages(ref: StageRef): DvcStage[] {
    const stages = this.stagesIn(ref.dvcfile);
    const exact = stages.filter((s) => s.name === ref.name);
    return exact.length > 0 ? exact : stages.filter((s) => groupName(s) === ref.name);
  }

  /** Finds every pipeline again and recomputes every status (first start, folders changed, refresh). */
  async refresh(): Promise<void> {
    const scan = await this.reader.discover(workspaceFolderPaths());
    this.setFiles(groupByFile(scan.items, scan.problems));
    this.dataFileTracker.reset(scan.dataFiles ?? []);
    this.markReady();
    this.statuses.clear();
    this.existing.clear();
    this.watch();
    this.enqueue(this.stagesByKey.keys());
    this.notify(true);
  }

  /** Marks stages for recomputation (e.g. a run of them ended). */
  recheckFile(file: string): void {
    this.enqueue(this.stagesIn(file).map(stageKey));
  }

  private setFiles(files: Map<string, PipelineFile>): void {
    this.fileMap = files;
    const stages = allStages([...files.values()]);
    this.stagesByKey = new Map(stages.map((s) => [stageKey(s), s]));
    this.index = new StagePathIndex(stages);
    for (const key of [...this.statuses.keys()]) if (!this.stagesByKey.has(key)) this.statuses.delete(key);
  }

  private watch(): void {
    for (const watcher of this.watchers) watcher.dispose();
    this.watchers = [];
    // One recursive watcher per folder; events are filtered by the path index (cheap per event).
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**/*'));
      const onEvent = (uri: vscode.Uri): void => this.queuePath(uri.fsPath);
      watcher.onDidCreate(onEvent);
      watcher.onDidChange(onEvent);
      watcher.onDidDelete(onEvent);
      this.watchers.push(watcher);
    }
  }

  private queuePath(changed: string): void {
    this.pendingPaths.add(changed);
    if (this.eventTimer) clearTimeout(this.eventTimer);
    this.eventTimer = setTimeout(() => void this.applyChanges(), DEBOUNCE_MS);
  }

  /** Reads changed pipeline files again and queues the stages the changed paths concern. */
  private async applyChanges(): Promise<void> {
    const paths = [...this.pendingPaths];
    this.pendingPaths.clear();
    void this.dataFileTracker.pathsChanged(paths, (f) => !isInHiddenDir(f));
    const reread = new Set<string>();
    const stages = new Set<string>();
    for (const changed of paths) {
      const impact = this.index.impact(
        changed,
        (f) => pipelineFileKind(f) !== undefined && !isInHiddenDir(f),
      );
      impact.reread.forEach((f) => reread.add(f));
      impact.stages.forEach((k) => stages.add(k));
    }
    if (reread.size > 0) {
      const files = new Map(this.fileMap);
      for (const file of reread) {
        const updated = await readFileEntry(this.reader, file);
        if (updated) files.set(file, updated);
        else files.delete(file);
        for (const stage of updated?.items ?? []) if (stage.kind === 'dvc') stages.add(stageKey(stage));
      }
      this.setFiles(files);
      this.notify(true);
    }
    this.enqueue(stages);
  }

  private enqueue(keys: Iterable<string>): void {
    for (const key of keys) this.queue.add(key);
    if (!this.draining) void this.drain();
  }

  /** Computes queued statuses one stage at a time, yielding to the extension host in between. */
  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.size > 0) {
        const key: string = this.queue.values().next().value!;
        this.queue.delete(key);
        const stage = this.stagesByKey.get(key);
        if (!stage) continue;
        const entry = await this.computeEntry(stage);
        await this.checkPaths(stage);
        if (this.stagesByKey.get(key) === stage) this.statuses.set(key, entry);
        this.notify(false);
        await yieldNow();
      }
    } finally {
      this.draining = false;
      this.notify(true);
    }
  }

  private async computeEntry(stage: DvcStage): Promise<StatusEntry> {
    try {
      const { status, root } = await this.statusSource.compute(stage);
      return { state: 'known', status, root };
    } catch (error) {
      return { state: 'error', reason: error instanceof Error ? error.message : String(error) };
    }
  }

  private async checkPaths(stage: DvcStage): Promise<void> {
    for (const p of stagePaths(stage)) {
      this.existing.set(
        p,
        await stat(p).then(
          () => true,
          () => false,
        ),
      );
    }
  }

  /** Fires the change event, at most every NOTIFY_EVERY_MS while statuses stream in. */
  private notify(now: boolean): void {
    const wait = this.lastNotify + NOTIFY_EVERY_MS - Date.now();
    if (now || wait <= 0) {
      if (this.notifyTimer) clearTimeout(this.notifyTimer);
      this.notifyTimer = undefined;
      this.lastNotify = Date.now();
      this.changed.fire();
    } else if (!this.notifyTimer) {
      this.notifyTimer = setTimeout(() => this.notify(true), wait);
    }
  }

  dispose(): void {
    if (this.eventTimer) clearTimeout(this.eventTimer);
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    for (const watcher of this.watchers) watcher.dispose();
    this.queue.clear();
    this.dataFileTracker.dispose();
    this.changed.dispose();
  }
}

/** Discovery skips hidden folders (.git, .dvc, .venv …) below a workspace folder; so do file events. */
function isInHiddenDir(file: string): boolean {
  const folder = workspaceFolderPaths().find((f) => !path.relative(f, file).startsWith('..'));
  const relative = folder ? path.relative(folder, file) : file;
  return path
    .dirname(relative)
    .split(path.sep)
    .some((part) => part.startsWith('.') && part !== '.' && part !== '..');
}

const FILE_KINDS: Record<string, PipelineFileKind> = {
  'dvc.yaml': 'dvc',
  '.dvc': 'dvc',
  mlproject: 'mlproject',
  make: 'make',
};

/** A pipeline file read again; undefined when it is gone or no longer holds anything to run. */
async function readFileEntry(reader: PipelineReader, file: string): Promise<PipelineFile | undefined> {
  const exists = await stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!exists) return undefined;
  const scan = await reader.read(file);
  return groupByFile(scan.items, scan.problems).get(file);
}

/** Items and problems per pipeline file; files with neither (e.g. `dvc add` data files) are left out. */
function groupByFile(
  items: readonly PipelineItem[],
  problems: readonly Problem[],
): Map<string, PipelineFile> {
  const files = new Map<string, PipelineFile>();
  const entry = (file: string): PipelineFile | undefined => {
    const kind = pipelineFileKind(file);
    if (!kind) return undefined;
    let found = files.get(file);
    if (!found) {
      found = { file, kind: FILE_KINDS[kind], items: [], problems: [] };
      files.set(file, found);
    }
    return found;
  };
  for (const item of items) entry(item.kind === 'dvc' ? item.dvcfile : item.file)?.items.push(item);
  for (const problem of problems) entry(problem.path)?.problems.push(problem);
  return files;
}
