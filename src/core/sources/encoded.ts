import type { Run, StoreSnapshot } from '../model';
import type { EncodedRun } from './source';

/** A snapshot's runs encoded one by one (sources that keep decoded runs). */
export function encodedSnapshotRuns(
  store: string,
  snapshot: StoreSnapshot,
  encode: (run: Run) => string,
): EncodedRun[] {
  return snapshot.runs.map((run) => {
    const { experimentName, startTime, id, lifecycle } = run;
    return { json: Buffer.from(encode(run)), store, sortKey: { experimentName, startTime, id, lifecycle } };
  });
}
