// The caches behind the training-code providers: one scan per document version (done by `scan`,
// a worker thread in the extension), one key table per workspace folder per run-index generation,
// and one list of call values per (document version, generation, run count). Hovers, inlay hints
// and CodeLens all read from here; nothing re-scans a document that did not change, and a
// run-index change only rebuilds the (cheap) key tables.
import type { Run } from '../../model';
import { VersionCache } from '../versionCache';
import {
  MAX_SCANNED_CHARS,
  scanTrainingSource,
  valuesForCalls,
  type CallValues,
  type TrainingScan,
  type ValueOptions,
} from './trainingCode';
import { KeyTable } from './trainingValues';

export interface DocumentRef {
  uri: string;
  version: number;
  /** Read only when the version is not cached. */
  text: () => string;
  /** The workspace folder whose stores count ('' for every store). */
  folder: string;
}

export interface TrainingCacheOptions {
  runs: () => readonly Run[];
  /** Finds the logging calls (a worker thread in the extension); in-process by default. */
  scan?: (text: string) => Promise<TrainingScan>;
  /** Told once per file skipped for its size. */
  onSkipped?: (uri: string, chars: number) => void;
}

export class TrainingCache {
  private generation = 0;
  private readonly tables = new Map<string, KeyTable>();
  private readonly scans = new VersionCache<Promise<TrainingScan>>(50);
  private readonly values = new Map<string, { stamp: string; values: CallValues[] }>();
  private readonly skipped = new Set<string>();

  constructor(private readonly options: TrainingCacheOptions) {}

  /** The run index changed: key tables and values are rebuilt on the next request. */
  runsChanged(): void {
    this.generation++;
    this.tables.clear();
    this.values.clear();
  }

  forget(uri: string): void {
    this.scans.delete(uri);
    this.values.delete(uri);
  }

  table(folder: string): KeyTable {
    let table = this.tables.get(folder);
    if (!table) {
      table = new KeyTable(this.options.runs(), folder || undefined);
      this.tables.set(folder, table);
    }
    return table;
  }

  scan(doc: DocumentRef): Promise<TrainingScan> {
    return this.scans.get(doc.uri, doc.version, () => {
      const text = doc.text();
      if (text.length > MAX_SCANNED_CHARS) {
        if (!this.skipped.has(doc.uri)) {
          this.skipped.add(doc.uri);
          this.options.onSkipped?.(doc.uri, text.length);
        }
        return Promise.resolve({ calls: [], skipped: 'too large' as const });
      }
      return this.options.scan ? this.options.scan(text) : Promise.resolve(scanTrainingSource(text));
    });
  }

  /** The values of the document's calls (computed once per version, generation and run count). */
  async callValues(doc: DocumentRef, options: ValueOptions): Promise<CallValues[]> {
    const stamp = `${doc.version}\u0000${this.generation}\u0000${options.runCount}\u0000${doc.folder}`;
    const cached = this.values.get(doc.uri);
    if (cached?.stamp === stamp) return cached.values;
    const generation = this.generation;
    const scan = await this.scan(doc);
    const values = valuesForCalls(scan.calls, this.table(doc.folder), options);
    // A run-index change while scanning: this answer is still right for the request, not for the cache.
    if (generation === this.generation) {
      this.values.set(doc.uri, { stamp, values });
      if (this.values.size > 50) this.values.delete(this.values.keys().next().value as string);
    }
    return values;
  }
}
