// Fidelity: the table-diff engine against pandas and SciPy on the same files (the oracle is
// test/fidelity/table_diff_oracle.py, run with the Python of $MLOPS_LENS_VENV, from
// `bash scripts/python-env.sh`; skipped when it is unset). Column profiles equal pandas' describe,
// nunique, isna and value_counts; drift equals scipy's ks_2samp, wasserstein_distance,
// jensenshannon and chisquare and Evidently's PSI formula within 1e-9; row-diff counts equal an
// outer pandas merge on the key (or a positional comparison). Files: data/iris.csv at v1, v2 and v3
// of the data-versions fixture (real DVC, read from its cache) and the table-versions fixture
// (pandas/pyarrow: Parquet, JSON, JSON Lines, CSV with a BOM and ";").
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { diffTables } from '../../src/core/data/table/index';
import type { ColumnDiff, ColumnProfile, TableDiff } from '../../src/core/data/table/types';

const repoRoot = path.resolve(__dirname, '..', '..');
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'table-versions');
const venv = process.env.MLOPS_LENS_VENV;
const skip = venv ? false : 'MLOPS_LENS_VENV is not set (MLOPS_LENS_VENV=$(bash scripts/python-env.sh))';

interface Case {
  name: string;
  a: string;
  b: string;
  sepA?: string;
  sepB?: string;
  key: string | null;
}

interface OracleProfile {
  kind: 'number' | 'category';
  count: number;
  nulls: number;
  distinct: number;
  counts?: Record<string, number>;
  [stat: string]: unknown;
}

interface OracleResult {
  columns: Record<
    string,
    { a: OracleProfile | null; b: OracleProfile | null; drift: Record<string, (number | null)[]> }
  >;
  rows: { added: number; removed: number; changed: number; unchanged: number };
}

let work = '';
const compared = { numbers: 0, counts: 0, drift: 0, rows: 0 };

function close(actual: number | null | undefined, expected: number | null, what: string): void {
  compared.numbers++;
  if (expected === null || actual === null || actual === undefined) {
    assert.equal(actual ?? null, expected, what);
    return;
  }
  const tolerance = Math.max(1e-12, Math.abs(expected) * 1e-9);
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} ≠ ${expected}`);
}

function assertProfile(actual: ColumnProfile | null, expected: OracleProfile | null, what: string): void {
  if (expected === null) return assert.equal(actual, null, what);
  assert.ok(actual, `${what}: no profile`);
  assert.equal(actual.kind, expected.kind, `${what}: kind`);
  assert.equal(actual.count, expected.count, `${what}: count`);
  assert.equal(actual.nulls, expected.nulls, `${what}: nulls`);
  assert.equal(actual.distinct, expected.distinct, `${what}: distinct`);
  compared.counts += 3;
  if (actual.kind === 'number') {
    for (const stat of ['mean', 'std', 'min', 'q25', 'q50', 'q75', 'max'] as const) {
      close(actual[stat], expected[stat] as number | null, `${what}: ${stat}`);
    }
  } else {
    for (const { value, count } of actual.top) {
      assert.equal(count, expected.counts?.[value], `${what}: value_counts()[${JSON.stringify(value)}]`);
      compared.counts++;
    }
    const best = Math.max(...Object.values(expected.counts ?? {}));
    assert.equal(actual.top[0]?.count, best, `${what}: the most frequent value's count`);
  }
}

function assertDrift(column: ColumnDiff, expected: Record<string, (number | null)[]>, what: string): void {
  const methods = column.drift.map((measure) => measure.method).sort();
  assert.deepEqual(methods, Object.keys(expected).sort(), `${what}: drift methods`);
  for (const measure of column.drift) {
    const [value, pValue] = expected[measure.method];
    if (value === null) assert.equal(measure.value, Infinity, `${what}: ${measure.method} statistic`);
    else close(measure.value, value, `${what}: ${measure.method}`);
    if (pValue !== undefined) close(measure.pValue, pValue, `${what}: ${measure.method} p-value`);
    compared.drift++;
  }
}

function oracle(cases: Case[]): OracleResult[] {
  const script = path.join(repoRoot, 'test', 'fidelity', 'table_diff_oracle.py');
  const out = execFileSync(path.join(venv!, 'bin', 'python'), [script], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as OracleResult[];
}

async function ours(c: Case): Promise<TableDiff> {
  return diffTables({ label: 'A', file: c.a, name: c.a }, { label: 'B', file: c.b, name: c.b });
}

function assertSame(diff: TableDiff, expected: OracleResult, c: Case): void {
  const name = c.name;
  const renamedFrom = new Map<string, string>();
  for (const change of diff.summary.schema)
    if (change.kind === 'renamed') renamedFrom.set(change.to, change.from);
  const { rows } = diff.summary;
  assert.deepEqual(
    { added: rows.added, removed: rows.removed, changed: rows.changed, unchanged: rows.unchanged },
    expected.rows,
    `${name}: row counts`,
  );
  compared.rows += 4;
  for (const column of diff.summary.profiles) {
    const from = renamedFrom.get(column.name);
    const oracleColumn = expected.columns[column.name];
    assert.ok(oracleColumn, `${name}: pandas has no column ${column.name}`);
    const oracleA = from ? expected.columns[from].a : oracleColumn.a;
    assertProfile(column.a, oracleA, `${name} ${column.name} (A)`);
    assertProfile(column.b, oracleColumn.b, `${name} ${column.name} (B)`);
    if (column.name === c.key) assert.deepEqual(column.drift, [], `${name}: the key is not tested for drift`);
    else if (!from) assertDrift(column, oracleColumn.drift, `${name} ${column.name}`);
  }
}

/** data/iris.csv at a tag of the data-versions fixture: its DVC cache object. */
function irisAt(repo: string, rev: string): string {
  const dvcFile = execFileSync('git', ['-C', repo, 'show', `${rev}:data/iris.csv.dvc`], { encoding: 'utf8' });
  const md5 = /md5: ([0-9a-f]{32})/.exec(dvcFile)![1];
  const object = path.join(repo, '.dvc', 'cache', 'files', 'md5', md5.slice(0, 2), md5.slice(2));
  const named = path.join(work, `iris-${rev}.csv`);
  fs.copyFileSync(object, named);
  return named;
}

describe('table diff against pandas and SciPy', { skip }, () => {
  const cases: Case[] = [];

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-table-diff-'));
    const archive = path.join(repoRoot, 'test', 'fixtures', 'data-versions', 'repo.tar.gz');
    execFileSync('tar', ['-xzf', archive, '-C', work]);
    const repo = path.join(work, 'repo');
    const [v1, v2, v3] = ['v1', 'v2', 'HEAD'].map((rev) => irisAt(repo, rev));
    const wine = (ext: string): Case => ({
      name: `wine ${ext}`,
      a: path.join(fixtures, `wine-v1.${ext}`),
      b: path.join(fixtures, `wine-v2.${ext}`),
      key: 'sample_id',
    });
    cases.push(
      { name: 'iris v1 → v2', a: v1, b: v2, key: null },
      { name: 'iris v2 → v3', a: v2, b: v3, key: null },
      { name: 'iris v1 → v3', a: v1, b: v3, key: null },
      wine('parquet'),
      wine('jsonl'),
      wine('json'),
      {
        name: 'cancer csv',
        a: path.join(fixtures, 'cancer-v1.csv'),
        b: path.join(fixtures, 'cancer-v2.csv'),
        sepB: ';',
        key: 'patient',
      },
    );
  });

  after(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
    process.stdout.write(`# compared: ${JSON.stringify(compared)}\n`);
  });

  test('profiles, drift and row counts equal pandas / SciPy on every case', async () => {
    const expected = oracle(cases);
    for (const [index, c] of cases.entries()) {
      const diff = await ours(c);
      const alignment = diff.summary.rows.alignment;
      assert.equal(alignment.kind === 'key' ? alignment.column : null, c.key, `${c.name}: alignment`);
      assertSame(diff, expected[index], c);
    }
  });

  test('the wine versions show every scripted schema change', async () => {
    const diff = await ours(cases.find((c) => c.name === 'wine parquet')!);
    assert.deepEqual(diff.summary.schema, [
      { kind: 'renamed', from: 'magnesium', to: 'mg' },
      { kind: 'retyped', column: 'class', from: 'number', to: 'string' },
      { kind: 'added', column: 'quality', type: 'number' },
      { kind: 'removed', column: 'ash', type: 'number' },
    ]);
    const proline = diff.summary.profiles.find((column) => column.name === 'proline')!;
    assert.ok(proline.drifted, 'proline was scaled by 1.3 on half the rows');
    const alcohol = diff.summary.profiles.find((column) => column.name === 'alcohol')!;
    assert.ok(!alcohol.drift.find((m) => m.method === 'ks')!.drifted, 'alcohol barely moved');
  });
});
