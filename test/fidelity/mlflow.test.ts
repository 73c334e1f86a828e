// Fidelity: our CLI must report what the real MLflow reports for the same store.
//
// The oracle (test/fidelity/mlflow_oracle.py) runs the real MLflow from the cached venv of
// scripts/python-env.sh on a temporary copy of each store. It runs once for all stores; nothing is
// cached inside the repository. Needs `npm run build` first (dist/cli.js). The corpus stores
// (test/unit/helpers/corpus.ts: $MLOPS_LENS_CORPUS) are compared too when the corpus is there.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CORPUS, corpusSkip } from '../unit/helpers/corpus';

const repoRoot = path.resolve(__dirname, '..', '..');
const cli = path.join(repoRoot, 'dist', 'cli.js');
const oracle = path.join(repoRoot, 'test', 'fidelity', 'mlflow_oracle.py');
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'mlflow');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** The fields of `runs --json` that MLflow can vouch for. */
const RUN_FIELDS = [
  'source',
  'store',
  'experimentId',
  'experimentName',
  'id',
  'name',
  'status',
  'lifecycle',
  'parentId',
  'startTime',
  'endTime',
  'params',
  'metrics',
  'tags',
] as const;

// ------------------------------------------------------------------------------ store discovery

/** MLflow's rule: an `mlruns` folder is a file store if a digit-named subfolder has a meta.yaml. */
function isFileStore(dir: string): boolean {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .some(
      (e) => e.isDirectory() && /^\d+$/.test(e.name) && fs.existsSync(path.join(dir, e.name, 'meta.yaml')),
    );
}

function walk(dir: string, found: { mlruns: string[]; dbs: string[] }): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === '.git' || entry.name === 'node_modules') continue;
      if (entry.name === 'mlruns' && isFileStore(full)) found.mlruns.push(full);
      walk(full, found);
    } else if (entry.isFile() && entry.name.endsWith('.db')) found.dbs.push(full);
  }
}

function venvPython(): string {
  const venv = execFileSync('bash', [path.join(repoRoot, 'scripts', 'python-env.sh')], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  return path.join(venv, 'bin', 'python');
}

/** The .db files that hold MLflow's `runs` and `experiments` tables (asked of Python's sqlite3). */
function mlflowDatabases(python: string, candidates: string[]): string[] {
  if (candidates.length === 0) return [];
  const script = [
    'import json, sqlite3, sys, urllib.request',
    'out = []',
    'for p in sys.argv[1:]:',
    '    try:',
    "        c = sqlite3.connect('file:' + urllib.request.pathname2url(p) + '?mode=ro', uri=True)",
    '        names = {r[0] for r in c.execute("select name from sqlite_master where type=\'table\'")}',
    '        c.close()',
    "        if {'runs', 'experiments'} <= names: out.append(p)",
    '    except sqlite3.Error:',
    '        pass',
    'print(json.dumps(out))',
  ].join('\n');
  const stdout = execFileSync(python, ['-c', script, ...candidates], { encoding: 'utf8' });
  return JSON.parse(stdout) as string[];
}

const python = venvPython();

// The MLflow 3 file store and SQLite store hold the same logical content (generate.py).
const fileFixture = path.join(fixtures, 'filestore', 'mlruns');
const sqliteFixture = path.join(fixtures, 'sqlite', 'mlflow.db');
const v2Fixture = path.join(fixtures, 'filestore-v2', 'mlruns');
const mainFixtures = [fileFixture, sqliteFixture];
// A hostile store MLflow reads: a 1.x meta.yaml with no run_name and no mlflow.runName tag (name None).
const unnamedRun = path.join(repoRoot, 'test', 'fixtures', 'hostile', 'unnamed-run', 'mlruns');
const fixtureStores = [...mainFixtures, ...(fs.existsSync(v2Fixture) ? [v2Fixture] : []), unnamedRun];

const corpusFound = { mlruns: [] as string[], dbs: [] as string[] };
if (CORPUS) walk(CORPUS, corpusFound);
const corpusStores = [...corpusFound.mlruns, ...mlflowDatabases(python, corpusFound.dbs)].sort();
const allStores = [...fixtureStores, ...corpusStores];

// ------------------------------------------------------------------------------ running things

function runOracle(args: string[]): Json {
  const result = spawnSync(python, [oracle, ...args], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, MLFLOW_ALLOW_FILE_STORE: 'true' },
  });
  if (result.status !== 0) {
    throw new Error(`mlflow_oracle.py ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
  }
  return JSON.parse(result.stdout) as Json;
}

// A fresh, empty index cache outside the repository for every test process.
const indexCache = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-fidelity-'));
process.on('exit', () => fs.rmSync(indexCache, { recursive: true, force: true }));

function runCli(args: string[]): Json {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, MLOPS_LENS_INDEX_CACHE: indexCache },
  });
  if (result.status !== 0) {
    throw new Error(`node dist/cli.js ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
  }
  return JSON.parse(result.stdout) as Json;
}

// ------------------------------------------------------------------------------ comparison

function asObject(value: Json | undefined): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

function project(run: Json): JsonObject {
  const source = asObject(run);
  const out: JsonObject = {};
  for (const key of RUN_FIELDS) out[key] = key in source ? (source[key] ?? null) : '<missing>';
  return out;
}

function sortedById(runs: Json): JsonObject[] {
  assert.ok(Array.isArray(runs), 'expected a JSON array of runs');
  return runs.map(project).sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

function show(value: Json | undefined): string {
  return value === undefined ? '<absent>' : JSON.stringify(value);
}

function isDeepEqual(a: Json | undefined, b: Json | undefined): boolean {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

/** One line per difference: run id (name), field (and key for params/metrics/tags), ours vs MLflow's. */
function describeDifferences(ours: JsonObject[], theirs: JsonObject[]): string[] {
  const lines: string[] = [];
  const oursById = new Map(ours.map((r) => [String(r.id), r]));
  const theirsById = new Map(theirs.map((r) => [String(r.id), r]));
  for (const [id, run] of theirsById) {
    if (!oursById.has(id))
      lines.push(`run ${id} (${show(run.name)}, ${show(run.experimentName)}): missing from ours`);
  }
  for (const [id, run] of oursById) {
    if (!theirsById.has(id)) lines.push(`run ${id} (${show(run.name)}): ours has it, MLflow does not`);
  }
  for (const [id, mine] of oursById) {
    const ref = theirsById.get(id);
    if (!ref) continue;
    for (const field of RUN_FIELDS) {
      const a = mine[field];
      const b = ref[field];
      if (isDeepEqual(a, b)) continue;
      if (field === 'params' || field === 'metrics' || field === 'tags') {
        const ao = asObject(a);
        const bo = asObject(b);
        for (const key of [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort()) {
          if (!isDeepEqual(ao[key], bo[key])) {
            lines.push(
              `run ${id} (${show(ref.name)}) ${field}[${show(key)}]: ours ${show(ao[key])} vs MLflow ${show(bo[key])}`,
            );
          }
        }
      } else {
        lines.push(`run ${id} (${show(ref.name)}) ${field}: ours ${show(a)} vs MLflow ${show(b)}`);
      }
    }
  }
  return lines;
}

function assertSameRuns(store: string, ours: Json, theirs: Json): void {
  const a = sortedById(ours);
  const b = sortedById(theirs);
  const lines = describeDifferences(a, b);
  if (lines.length > 0) {
    const shown = lines.slice(0, 40).join('\n  ');
    const more = lines.length > 40 ? `\n  … and ${lines.length - 40} more` : '';
    assert.fail(`${store}: ${lines.length} difference(s) from MLflow; first: ${lines[0]}\n  ${shown}${more}`);
  }
  assert.deepStrictEqual(a, b); // belt and braces: nothing the line-by-line diff could miss
}

function assertSameHistory(label: string, ours: Json, theirs: Json): void {
  assert.ok(Array.isArray(ours) && Array.isArray(theirs), `${label}: expected two arrays`);
  const n = Math.max(ours.length, theirs.length);
  for (let i = 0; i < n; i++) {
    if (!isDeepEqual(ours[i], theirs[i])) {
      assert.fail(
        `${label}: ${ours.length} points (ours) vs ${theirs.length} (MLflow); first difference at index ${i}: ` +
          `ours ${show(ours[i])} vs MLflow ${show(theirs[i])}`,
      );
    }
  }
}

// ------------------------------------------------------------------------------ tests

let oracleRuns: Record<string, Json> = {};

before(() => {
  assert.ok(fs.existsSync(cli), `${cli} is missing: run \`npm run build\` first`);
  for (const store of mainFixtures) {
    assert.ok(fs.existsSync(store), `${store} is missing: run \`npm run fixtures\``);
  }
  oracleRuns = asObject(runOracle(allStores)) as Record<string, Json>;
});

test('the fixture stores were found', () => {
  for (const store of mainFixtures) assert.ok(fs.existsSync(store), `${store} is missing`);
});

test('the corpus stores were found', { skip: corpusSkip }, () => {
  assert.ok(corpusStores.length > 0, `no MLflow store found under ${CORPUS}`);
});

/** Runs every fixture must have, by experiment (see test/fixtures/mlflow/generate.py). */
const FIXTURE_RUNS: Record<string, string[]> = {
  'fixture-basics': [
    'baseline',
    'tuned',
    'failed-run',
    'killed-run',
    'deleted-run',
    'slash-keys',
    'weird-values',
    'long-run',
    'ünïcødé-实验-🚀',
    'duplicate-steps',
    'with-dataset',
    'model-run',
  ],
  'fixture-nested': ['parent', 'child-a', 'child-b', 'grandchild'],
  'fixture-deleted': ['doomed-run'],
  'fixture-live': ['live-training'],
};

test('MLflow sees the same logical content in the file store and the SQLite fixture', () => {
  // Ids, times and paths differ between the two stores; names, states, params, metrics do not.
  const logical = (store: string): JsonObject[] => {
    const runs = oracleRuns[store];
    assert.ok(Array.isArray(runs), `the oracle returned nothing for ${store}`);
    return runs
      .map(asObject)
      .map((r) => ({
        experimentName: r.experimentName ?? null,
        name: r.name ?? null,
        status: r.status ?? null,
        lifecycle: r.lifecycle ?? null,
        hasParent: r.parentId !== null,
        params: r.params ?? null,
        metrics: r.metrics ?? null,
      }))
      .sort((a, b) => `${a.experimentName}/${a.name}`.localeCompare(`${b.experimentName}/${b.name}`));
  };
  const fileRuns = logical(fileFixture);
  const expected = Object.entries(FIXTURE_RUNS)
    .flatMap(([experiment, names]) => names.map((name) => `${experiment}/${name}`))
    .sort((a, b) => a.localeCompare(b));
  assert.deepStrictEqual(
    fileRuns.map((r) => `${r.experimentName}/${r.name}`),
    expected,
  );
  const sqliteRuns = logical(sqliteFixture);
  // MLflow's SQL store keeps ±inf as ±1.7976931348623157e308 (and reports that number).
  const inf = (v: Json): Json =>
    v === 1.7976931348623157e308 ? 'Infinity' : v === -1.7976931348623157e308 ? '-Infinity' : v;
  const normalised = sqliteRuns.map((r) => ({
    ...r,
    metrics: Object.fromEntries(Object.entries(asObject(r.metrics)).map(([k, v]) => [k, inf(v)])),
  }));
  assert.deepStrictEqual(normalised, fileRuns);
});

for (const store of allStores) {
  test(`runs --json --all matches MLflow: ${path.relative(repoRoot, store)}`, () => {
    const theirs = oracleRuns[store];
    assert.ok(Array.isArray(theirs), `the oracle returned nothing for ${store}`);
    const ours = runCli(['runs', '--json', '--all', store]);
    assertSameRuns(path.relative(repoRoot, store), ours, theirs);
  });
}

/** Metric histories to compare, by run name (see test/fixtures/mlflow/generate.py). */
const HISTORY_CASES: { run: string; metric: string; why: string }[] = [
  { run: 'long-run', metric: 'loss', why: '1000 steps' },
  { run: 'weird-values', metric: 'weird', why: 'NaN, Infinity, -Infinity' },
  { run: 'duplicate-steps', metric: 'dup', why: 'a step logged twice, different timestamps' },
  { run: 'duplicate-steps', metric: 'dup_reversed', why: 'same points logged out of time order' },
  { run: 'duplicate-steps', metric: 'tie', why: 'same step and timestamp, two values' },
  // Logged with a dataset: 5-field lines `<ts> <value> <step> <dataset> <digest>` in the file store,
  // for which MLflow 3.17.2 reports step 0 on every point (its parser reads the step only from
  // 3-field lines); the SQLite store keeps the logged steps 0, 1, 2.
  { run: 'with-dataset', metric: 'accuracy', why: 'dataset-tied metric' },
];

for (const store of mainFixtures) {
  test(`history --json matches MLflow: ${path.relative(repoRoot, store)}`, async (t) => {
    const runs = oracleRuns[store];
    assert.ok(Array.isArray(runs), `the oracle returned nothing for ${store}`);
    const idOf = (name: string): string => {
      const run = runs.map(asObject).find((r) => r.name === name && r.experimentName === 'fixture-basics');
      assert.ok(run, `no run named ${name} in ${store}`);
      return String(run.id);
    };
    const cases = HISTORY_CASES.map((c) => ({ ...c, id: idOf(c.run) }));
    const histories = runOracle(['--histories', store, ...cases.flatMap((c) => [c.id, c.metric])]);
    assert.ok(Array.isArray(histories) && histories.length === cases.length);
    for (const [i, c] of cases.entries()) {
      await t.test(`${c.run} ${c.metric} (${c.why})`, () => {
        const ours = runCli(['history', c.id, c.metric, store, '--json']);
        assertSameHistory(
          `${path.relative(repoRoot, store)} ${c.run} ${c.metric}`,
          ours,
          histories[i] ?? null,
        );
      });
    }
  });
}
