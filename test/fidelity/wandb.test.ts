// Fidelity: our W&B reader against the wandb package's own protobuf classes. The oracle
// (test/fidelity/wandb_oracle.py, run with the venv of scripts/wandb-env.sh that scripts/test.sh
// puts in MLOPS_LENS_WANDB_VENV) decodes the same logs of real offline runs; `mlops-lens runs --json`
// (dist/cli.js: `npm run build` first) and the index's histories must say what it says.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunIndex } from '../../src/core/index/runIndex';
import { extractWandbFixture, wandbLogs } from '../fixtures/wandb/extract';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
interface OraclePoint {
  step: number;
  value: number | string;
  timestamp?: number;
}
interface OracleRun {
  config: JsonObject;
  summary: JsonObject;
  history: Record<string, OraclePoint[]>;
  run: {
    id: string;
    project: string;
    name: string;
    group: string;
    job_type: string;
    notes: string;
    tags: string[];
    start_ms: number;
  };
  exit: { exit_code: number; runtime: number } | null;
  environment: {
    host?: string;
    program?: string;
    python?: string;
    os?: string;
    args?: string[];
    commit?: string;
  };
}

const repoRoot = path.resolve(__dirname, '..', '..');
const cli = path.join(repoRoot, 'dist', 'cli.js');
const venv = process.env.MLOPS_LENS_WANDB_VENV;
const skip = venv
  ? false
  : 'MLOPS_LENS_WANDB_VENV not set (scripts/test.sh sets it from scripts/wandb-env.sh)';

let dir = '';
let oracle: Record<string, OracleRun> = {};
let listed: JsonObject[] = [];
let index: RunIndex;

before(async () => {
  if (!venv) return;
  dir = extractWandbFixture();
  const python = path.join(venv, 'bin', 'python');
  const script = path.join(repoRoot, 'test', 'fidelity', 'wandb_oracle.py');
  const env = { ...process.env, WANDB_MODE: 'offline', WANDB_SILENT: 'true' };
  const output = execFileSync(python, [script, ...wandbLogs(dir)], {
    encoding: 'utf8',
    env,
    maxBuffer: 1 << 28,
  });
  oracle = JSON.parse(output) as Record<string, OracleRun>;
  const runs = execFileSync(process.execPath, [cli, 'runs', '--json', '--no-cache', dir], {
    encoding: 'utf8',
  });
  listed = JSON.parse(runs) as JsonObject[];
  index = new RunIndex({ roots: [dir] });
  await index.refresh();
});
after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

/** Leaves of nested objects joined by `separator` (objects with `_type` are media, not folders). */
function flat(value: JsonObject, separator: string, prefix = ''): [string, Json][] {
  return Object.entries(value).flatMap(([key, child]): [string, Json][] => {
    if (child !== null && typeof child === 'object' && !Array.isArray(child))
      return '_type' in child ? [] : flat(child, separator, `${prefix}${key}${separator}`);
    return [[prefix + key, child]];
  });
}

function listedRun(id: string): JsonObject {
  const run = listed.find((r) => r.id === id);
  assert.ok(run, `run ${id} listed by mlops-lens runs --json`);
  return run;
}

function expectedState(exit: OracleRun['exit']): [string, string] {
  if (!exit) return ['RUNNING', 'running'];
  return exit.exit_code === 0 ? ['FINISHED', 'finished'] : ['FAILED', 'crashed'];
}

test('W&B runs: every fixture log is listed once, source wandb', { skip }, () => {
  const logs = Object.keys(oracle);
  assert.equal(logs.length, 5);
  assert.equal(listed.filter((r) => r.source === 'wandb').length, logs.length);
});

test('W&B runs: config, summary, state, tags and metadata equal the protobuf decode', { skip }, () => {
  let values = 0;
  for (const decoded of Object.values(oracle)) {
    const run = listedRun(decoded.run.id);
    const [status, state] = expectedState(decoded.exit);
    assert.equal(run.status, status, decoded.run.id);
    assert.equal(run.experimentName, decoded.run.project);
    assert.equal(run.name, decoded.run.name || null);
    assert.equal(run.startTime, decoded.run.start_ms);
    const params = Object.fromEntries(flat(decoded.config, '.'));
    assert.deepEqual(run.params, params, `${decoded.run.id} config`);
    const metrics = Object.fromEntries(flat(decoded.summary, '/').filter(([key]) => !key.startsWith('_')));
    assert.deepEqual(run.metrics, metrics, `${decoded.run.id} summary`);
    values += Object.keys(params).length + Object.keys(metrics).length;
    const tags = run.tags as Record<string, string>;
    const env = decoded.environment;
    const expected: Record<string, string | undefined> = {
      'wandb.state': state,
      'wandb.tags': decoded.run.tags.length > 0 ? decoded.run.tags.join(', ') : undefined,
      'wandb.notes': decoded.run.notes || undefined,
      'wandb.group': decoded.run.group || undefined,
      'wandb.job_type': decoded.run.job_type || undefined,
      'wandb.host': env.host,
      'wandb.program': env.program,
      'wandb.args': env.args ? JSON.stringify(env.args) : undefined,
      'wandb.python': env.python,
      'wandb.os': env.os,
      'wandb.git.commit': env.commit,
    };
    for (const [key, value] of Object.entries(expected))
      assert.equal(tags[key], value, `${decoded.run.id} ${key}`);
  }
  assert.ok(values > 40, `compared ${values} config and summary values`);
  console.log(`wandb fidelity: ${Object.keys(oracle).length} runs, ${values} config and summary values`);
});

test('W&B runs: every metric history equals the protobuf decode, point by point', { skip }, async () => {
  let points = 0;
  for (const decoded of Object.values(oracle)) {
    const run = index.findRunsById(decoded.run.id)[0];
    assert.ok(run, decoded.run.id);
    for (const [key, expected] of Object.entries(decoded.history)) {
      const read = await index.history(run, key);
      assert.deepEqual(read.problems, []);
      const ours = read.points.map((p) => ({
        step: p.step,
        value: Number.isNaN(p.value) ? 'NaN' : p.value,
        ...(p.timestamp === undefined ? {} : { timestamp: p.timestamp }),
      }));
      assert.deepEqual(ours, expected, `${decoded.run.id} ${key}`);
      points += expected.length;
    }
  }
  // The killed run alone logged ~1,400 steps of two metrics.
  assert.ok(points > 2500, `compared ${points} history points`);
  console.log(`wandb fidelity: ${Object.keys(oracle).length} runs, ${points} history points`);
});
