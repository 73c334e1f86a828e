// Fidelity: our TensorBoard reader against TensorBoard's own. The oracle
// (test/fidelity/tensorboard_oracle.py, run with the venv of scripts/tensorboard-env.sh that
// scripts/test.sh puts in MLOPS_LENS_TENSORBOARD_VENV) reads the fixture's real event files with
// EventMultiplexer / EventAccumulator; `mlops-lens runs --json` (dist/cli.js: `npm run build` first)
// and the index's histories must say what it says.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { RunIndex } from '../../src/core/index/runIndex';

type Value = number | 'NaN';
interface OracleRun {
  /** [step, wall_time (s), value] per tag, in TensorBoard's order. */
  scalars: Record<string, [number, number, Value][]>;
  hparams: Record<string, string | number | boolean | null>;
}
interface ListedRun {
  source: string;
  id: string;
  /** Typed: `runs --json` prints a source's typed params as they are. */
  params: Record<string, string | number | boolean | null>;
  metrics: Record<string, Value>;
}

const repoRoot = path.resolve(__dirname, '..', '..');
const cli = path.join(repoRoot, 'dist', 'cli.js');
const logs = path.join(repoRoot, 'test', 'fixtures', 'tensorboard', 'logs');
const venv = process.env.MLOPS_LENS_TENSORBOARD_VENV;
const skip = venv
  ? false
  : 'MLOPS_LENS_TENSORBOARD_VENV not set (scripts/test.sh sets it from scripts/tensorboard-env.sh)';

let oracle: Record<string, OracleRun> = {};
let listed: ListedRun[] = [];
let index: RunIndex;

before(async () => {
  if (!venv) return;
  const python = path.join(venv, 'bin', 'python');
  const script = path.join(repoRoot, 'test', 'fidelity', 'tensorboard_oracle.py');
  const output = execFileSync(python, [script, logs], { encoding: 'utf8', maxBuffer: 1 << 28 });
  oracle = JSON.parse(output) as Record<string, OracleRun>;
  const runs = execFileSync(process.execPath, [cli, 'runs', '--json', '--no-cache', logs], {
    encoding: 'utf8',
  });
  listed = JSON.parse(runs) as ListedRun[];
  index = new RunIndex({ roots: [logs] });
  await index.refresh();
});

test('TensorBoard runs: the runs TensorBoard counts, named as it names them', { skip }, () => {
  const names = Object.keys(oracle).sort();
  assert.deepEqual(names, ['baseline', 'baseline/eval', 'tf2/run_a']);
  assert.deepEqual(
    listed
      .filter((r) => r.source === 'tensorboard')
      .map((r) => r.id)
      .sort(),
    names,
  );
});

test('TensorBoard runs: hparams and the last value of every scalar equal EventAccumulator', { skip }, () => {
  let values = 0;
  for (const [name, decoded] of Object.entries(oracle)) {
    const run = listed.find((r) => r.id === name);
    assert.ok(run, name);
    const params = decoded.hparams;
    assert.deepEqual(run.params, params, `${name} hparams`);
    const last = Object.fromEntries(
      Object.entries(decoded.scalars).map(([tag, points]) => {
        const top = points.reduce((best, p) => (p[0] >= best[0] ? p : best));
        return [tag, top[2]];
      }),
    );
    assert.deepEqual(run.metrics, last, `${name} scalars`);
    values += Object.keys(params).length + Object.keys(last).length;
  }
  assert.ok(values >= 12, `compared ${values} hparams and scalars`);
  console.log(`tensorboard fidelity: ${Object.keys(oracle).length} runs, ${values} hparams and last values`);
});

test('TensorBoard runs: every scalar history equals EventAccumulator, point by point', { skip }, async () => {
  let points = 0;
  for (const [name, decoded] of Object.entries(oracle)) {
    const run = index.findRunsById(name)[0];
    assert.ok(run, name);
    for (const [tag, expected] of Object.entries(decoded.scalars)) {
      const read = await index.history(run, tag);
      assert.deepEqual(read.problems, [], `${name} ${tag}`);
      const ours = read.points.map((p) => [p.step, p.timestamp, Number.isNaN(p.value) ? 'NaN' : p.value]);
      const theirs = expected.map(([step, wall, value]) => [step, wall * 1000, value]);
      assert.deepEqual(ours, theirs, `${name} ${tag}`);
      points += expected.length;
    }
  }
  assert.ok(points > 1000, `compared ${points} scalar points`);
  console.log(`tensorboard fidelity: ${Object.keys(oracle).length} runs, ${points} scalar points`);
});
