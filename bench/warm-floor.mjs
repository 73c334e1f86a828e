#!/usr/bin/env node
// Warm floor: the least any warm `runs --json` can do with the same index cache. It reads the cache
// file once, stats every path the cache's fingerprints name (what shows whether a run changed since
// it was cached) and writes the cached runs' JSON to stdout, building nothing in between. The
// parent times this whole process, so the number includes Node's start-up.
// Usage: node bench/warm-floor.mjs CACHE_FILE STORE   -> prints the runs' JSON; stderr {"paths":…}
// Knows the index cache's layout (src/core/index/indexCache.ts, version 6) and fails on another.
import { closeSync, readFileSync, statSync, writeSync } from 'node:fs';
import { sep } from 'node:path';
import { deserialize } from 'node:v8';

const [cacheFile, store] = process.argv.slice(2);
const bytes = readFileSync(cacheFile);
const headerLength = bytes.readUInt32LE(0);
const header = deserialize(bytes.subarray(4, 4 + headerLength));
if (header.version !== 6)
  throw new Error(`index cache version ${header.version}; this floor reads version 6`);
const entry = header.stores.find(([key]) => key === store)?.[1];
if (entry?.kind !== 'mlflow-file') throw new Error(`no file store ${store} in ${cacheFile}`);
let paths = 0;
const stat = (path) => {
  statSync(path, { throwIfNoEntry: false });
  paths++;
};
for (const experiment of entry.experiments)
  for (const p of ['', 'meta.yaml', 'tags']) stat(experiment.dir + sep + p);
entry.runs.dirs.forEach((dir, i) => {
  const base = store + sep + dir;
  for (const p of entry.runs.watched[i].split('\n')) stat(p === '' ? base : base + sep + p);
});
writeSync(1, '[');
const blob = bytes.subarray(4 + headerLength);
writeSync(1, blob.subarray(0, blob.length - 1)); // the blob holds every run, each followed by a comma
writeSync(1, ']\n');
closeSync(1);
process.stderr.write(`${JSON.stringify({ paths })}\n`);
