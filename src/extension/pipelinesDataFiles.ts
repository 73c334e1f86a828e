// The `.dvc` data files of the workspace (`dvc add`, `dvc import`) and their statuses, for the
// Pipelines view: computed one at a time through the stage status source (off the extension
// host's hot path), and again when the file, what it tracks or its project's cache changes.
// No vscode here: the service feeds it the discovery results and file events.
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { readPipelineFile } from '../core/pipeline/discover';
import type { DvcDataFile } from '../core/pipeline/model';
import type { StatusEntry } from '../views/pipelines/pipelineTreeModel';
import type { ComputedStatus } from './pipelinesService';

/** Computes a `.dvc` data file's status as `dvc status` would (computeDataFileStatus). */
export interface DataFileStatusSource {
  computeDataFile(file: string): Promise<ComputedStatus>;
}

const yieldNow = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function isSameOrInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Whether a change to `changed` can alter the data file's status. */
export function dataFileConcerns(dataFile: DvcDataFile, changed: string): boolean {
  if (changed === dataFile.file) return true;
  // The cache (dvc push/pull/gc/commit) decides "not in cache"; the config may move it.
  if (isSameOrInside(changed, path.join(dataFile.root, '.dvc'))) return true;
  return [...dataFile.outs, ...dataFile.deps]
    .filter((p) => !p.includes('://'))
    .map((p) => path.resolve(dataFile.wdir, p))
    .some((p) => isSameOrInside(changed, p) || isSameOrInside(p, changed));
}

export class DataFileTracker {
  private files = new Map<string, DvcDataFile>();
  private readonly statuses = new Map<string, StatusEntry>();
  private readonly queue = new Set<string>();
  private draining = false;
  private disposed = false;

  /** `changed(now)` asks the owner to re-render (now, or throttled while statuses stream in). */
  constructor(
    private readonly source: DataFileStatusSource,
    private readonly changed: (now: boolean) => void,
  ) {}

  list(): DvcDataFile[] {
    return [...this.files.values()];
  }

  status(file: string): StatusEntry {
    return this.statuses.get(file) ?? { state: 'pending' };
  }

  /** After a discovery: these are all the data files now, and every status is computed again. */
  reset(dataFiles: readonly DvcDataFile[]): void {
    this.files = new Map(dataFiles.map((f) => [f.file, f]));
    this.statuses.clear();
    this.enqueue(this.files.keys());
  }

  /**
   * File events: `.dvc` files among the paths (those `isDataFileCandidate` accepts) are read again,
   * and the data files a path concerns are checked again.
   */
  async pathsChanged(
    paths: readonly string[],
    isDataFileCandidate: (file: string) => boolean,
  ): Promise<void> {
    const recheck = new Set<string>();
    let listChanged = false;
    for (const changed of paths) {
      if (changed.endsWith('.dvc') && isDataFileCandidate(changed)) {
        await this.reread(changed);
        listChanged = true;
      }
      for (const dataFile of this.files.values())
        if (dataFileConcerns(dataFile, changed)) recheck.add(dataFile.file);
    }
    if (listChanged) this.changed(true);
    this.enqueue(recheck);
  }

  private async reread(file: string): Promise<void> {
    const isFile = await stat(file).then(
      (s) => s.isFile(),
      () => false,
    );
    const dataFile = isFile ? readPipelineFile(file).dataFiles?.[0] : undefined;
    if (dataFile) this.files.set(file, dataFile);
    else {
      this.files.delete(file);
      this.statuses.delete(file);
    }
  }

  private enqueue(files: Iterable<string>): void {
    for (const file of files) this.queue.add(file);
    if (!this.draining && this.queue.size > 0) void this.drain();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.size > 0 && !this.disposed) {
        const file: string = this.queue.values().next().value!;
        this.queue.delete(file);
        const dataFile = this.files.get(file);
        if (!dataFile) continue;
        const entry = await this.compute(file);
        if (this.files.get(file) === dataFile) this.statuses.set(file, entry);
        this.changed(false);
        await yieldNow();
      }
    } finally {
      this.draining = false;
      if (!this.disposed) this.changed(true);
    }
  }

  private async compute(file: string): Promise<StatusEntry> {
    try {
      const { status, root } = await this.source.computeDataFile(file);
      return { state: 'known', status, root };
    } catch (error) {
      return { state: 'error', reason: error instanceof Error ? error.message : String(error) };
    }
  }

  dispose(): void {
    this.disposed = true;
    this.queue.clear();
  }
}
