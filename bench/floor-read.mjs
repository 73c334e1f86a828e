#!/usr/bin/env node
// Raw-read floor: lists an MLflow file store and reads, once, every file a run index needs
// (experiment meta.yaml and tags/*, each run's meta.yaml, params/*, tags/*, metrics/* with nested
// keys) with plain synchronous fs into Buffers, nothing parsed. The parent times this whole process,
// so the number includes Node's start-up.
// Usage: node bench/floor-read.mjs MLRUNS_DIR   -> prints {"experiments":…,"runs":…,"files":…,"bytes":…}
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2];
const RESERVED_ROOT = new Set(['.trash', 'models']);
const RESERVED_EXP = new Set(['tags', 'datasets', 'traces', 'models']);
let files = 0;
let bytes = 0;
let runs = 0;
let experiments = 0;

function read(path) {
  try {
    bytes += readFileSync(path).length;
    files++;
    return true;
  } catch {
    return false;
  }
}

function readTree(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) readTree(p);
    else read(p);
  }
}

for (const exp of readdirSync(root, { withFileTypes: true })) {
  if (!exp.isDirectory() || RESERVED_ROOT.has(exp.name)) continue;
  const expDir = join(root, exp.name);
  if (!read(join(expDir, 'meta.yaml'))) continue;
  experiments++;
  readTree(join(expDir, 'tags'));
  for (const run of readdirSync(expDir, { withFileTypes: true })) {
    if (!run.isDirectory() || RESERVED_EXP.has(run.name)) continue;
    const runDir = join(expDir, run.name);
    if (!read(join(runDir, 'meta.yaml'))) continue;
    runs++;
    readTree(join(runDir, 'params'));
    readTree(join(runDir, 'tags'));
    readTree(join(runDir, 'metrics'));
  }
}
process.stdout.write(JSON.stringify({ experiments, runs, files, bytes }) + '\n');
