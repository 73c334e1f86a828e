// Worker thread of the Data Diff panel: reads and diffs two versions of a table (a million rows,
// sometimes) and keeps the TableDiff, cutting row pages from it as the panel asks. Bundled as
// dist/tableDiffWorker.js; one per panel, terminated with it.
import { parentPort } from 'node:worker_threads';
import { diffTables } from '../core/data/table';
import type { TableDiff } from '../core/data/table/types';
import { answer, type TableDiffRequest } from './tableDiffClient';

const holder: { diff: TableDiff | undefined } = { diff: undefined };
// One request at a time, in order: a page asked for during a new diff waits for that diff.
let queue: Promise<void> = Promise.resolve();

parentPort?.on('message', (request: TableDiffRequest) => {
  queue = queue.then(async () => parentPort?.postMessage(await answer(diffTables, holder, request)));
});
