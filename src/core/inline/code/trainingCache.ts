// The caches behind the training-code providers: one scan per document version, one key table per
// workspace folder per run-index generation, and one list of call values per (document version,
// generation, run count). Hovers, inlay hints and CodeLens all read from here; nothing re-scans a
// document that did not change, and a run-index change only rebuilds the (cheap) key tables.
import type { Run } from '../../model';
import { VersionCache } from '../versionCache';
import {
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

export class TrainingCache {
  private generation = 0;
  private readonly tables = new Map<string, KeyTable>();
  private readonly scans = new VersionCache<TrainingScan>(50);
  private readonly values = new Map<string, { stamp: string; values: CallValues[] }>();
  private readonly skipped = new Set<string>();

  constructor(
    private readonly runs: () => readonly Run[],
    /** Told once per file skipped for its size. */
    private readonly onSkipped: (uri: string, chars: number) => void = () => undefined,
  ) {}

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
      table = new KeyTable(this.runs(), folder || undefined);
      this.tables.set(folder, table);
    }
    return table;
  }

  scan(doc: DocumentRef): TrainingScan {
    return this.scans.get(doc.uri, doc.version, () => {
      const text = doc.text();
      const scan = scanTrainingSource(text);
      if (scan.skipped && !this.skipped.has(doc.uri)) {
        this.skipped.add(doc.uri);
        this.onSkipped(doc.uri, text.length);
      }
      return scan;
    });
  }

  callValues(doc: DocumentRef, options: ValueOptions): CallValues[] {
    const stamp = `${doc.version}\u0000${this.generation}\u0000${options.runCount}\u0000${doc.folder}`;
    const cached = this.values.get(doc.uri);
    if (cached?.stamp === stamp) return cached.values;
    const values = valuesForCalls(this.scan(doc).calls, this.table(doc.folder), options);
    this.values.set(doc.uri, { stamp, values });
    if (this.values.size > 50) this.values.delete(this.values.keys().next().value as string);
    return values;
  }
}
