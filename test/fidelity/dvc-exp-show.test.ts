// Fidelity: our DVC experiments must be what `dvc exp show` reports for the same repository: the
// rows (workspace, baselines, experiments, in order), their names and baselines, every params and
// metrics file's data, and the column names (`file:key` where DVC needs them).
//
// The oracle (test/fidelity/dvc_exp_show_oracle.py) runs the real DVC from scripts/dvc-env.sh
// ($MLOPS_LENS_DVC_VENV when scripts/test.sh set it): the functions behind `dvc exp show --json` and
// its table's column names, for every repository in one process.
// Repos: the fixture repos with Git history and refs/exps (test/fixtures/dvc-exp/repo.tar.gz, and
// test/fixtures/dvc/*.tar.gz), extracted to temporary folders; and every DVC project of
// the corpus (test/unit/helpers/corpus.ts: $MLOPS_LENS_CORPUS, skipped without it), copied and committed into a fresh Git repository because the corpus keeps no
// .git (its experiment refs are listed in _GIT_REFS.txt, but their commits are not there, so
// experiments themselves cannot be compared for corpus items — only the workspace and HEAD).
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { readDvcExperiments, type ExpRow } from '../../src/core/sources/dvcExperiments/experiments';
import { displayNames } from '../../src/core/sources/dvcExperiments/runs';
import { CORPUS, corpusSkip } from '../unit/helpers/corpus';

const repoRoot = path.resolve(__dirname, '..', '..');
const DEPTH = 20;

const venv =
  process.env.MLOPS_LENS_DVC_VENV ||
  execFileSync('bash', [path.join(repoRoot, 'scripts', 'dvc-env.sh')], { encoding: 'utf8' }).trim();
const python = path.join(venv, 'bin', 'python');
const oracleScript = path.join(repoRoot, 'test', 'fidelity', 'dvc_exp_show_oracle.py');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-dvc-fidelity-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'fidelity',
  GIT_AUTHOR_EMAIL: 'fidelity@example.com',
  GIT_COMMITTER_NAME: 'fidelity',
  GIT_COMMITTER_EMAIL: 'fidelity@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  DVC_NO_ANALYTICS: '1',
  DVC_NO_UPDATE_CHECK: '1',
};

interface DvcState {
  rev: string;
  error?: unknown;
  name?: string | null;
  data?: {
    params: Record<string, DvcFile>;
    metrics: Record<string, DvcFile>;
    deps?: Record<string, unknown>;
  } | null;
  experiments?: { revs: DvcState[]; name?: string }[] | null;
}
interface DvcFile {
  data?: unknown;
  error?: unknown;
}

function extract(tarball: string): string {
  const into = fs.mkdtempSync(path.join(scratch, 'repo-'));
  execFileSync('tar', ['-xzf', tarball, '-C', into]);
  const [top] = fs.readdirSync(into);
  return path.join(into, top);
}

/** A corpus project as a fresh Git repository with one commit (HEAD = the workspace's files). */
function committedCopy(project: string): string {
  const copy = path.join(fs.mkdtempSync(path.join(scratch, 'corpus-')), path.basename(project));
  fs.cpSync(project, copy, { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: copy, env: gitEnv });
  execFileSync('git', ['add', '-A'], { cwd: copy, env: gitEnv });
  execFileSync('git', ['commit', '-qm', 'corpus snapshot'], { cwd: copy, env: gitEnv });
  return copy;
}

/** DVC's rows in our order: workspace, then each baseline followed by its experiments' tips. */
function dvcRows(
  states: DvcState[],
): { kind: string; rev: string; name: string; baseline: string; state: DvcState }[] {
  const rows: { kind: string; rev: string; name: string; baseline: string; state: DvcState }[] = [];
  for (const state of states) {
    if (state.rev === 'workspace') {
      rows.push({ kind: 'workspace', rev: 'workspace', name: 'workspace', baseline: '', state });
      continue;
    }
    rows.push({
      kind: 'baseline',
      rev: state.rev,
      name: state.name ?? state.rev.slice(0, 7),
      baseline: state.rev,
      state,
    });
    for (const exp of state.experiments ?? []) {
      const tip = exp.revs[0];
      rows.push({
        kind: 'experiment',
        rev: tip.rev,
        name: exp.name ?? tip.rev.slice(0, 7),
        baseline: state.rev,
        state: tip,
      });
    }
  }
  return rows;
}

/** JSON round trip: what DVC's JSON holds (NaN and infinities as DVC writes them aside). */
function normalise(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)),
  );
}

function compareFiles(section: 'params' | 'metrics', ours: ExpRow, theirs: DvcState, label: string): void {
  const expected = theirs.data?.[section] ?? {};
  for (const [file, result] of Object.entries(expected)) {
    const mine = ours.data[section][file];
    if (result.error !== undefined) {
      assert.ok(
        !mine?.data,
        `${label}: DVC could not read ${section} ${file}, we read ${JSON.stringify(mine)}`,
      );
      continue;
    }
    assert.ok(mine?.data, `${label}: ${section} ${file} missing (ours: ${JSON.stringify(mine)})`);
    assert.deepEqual(normalise(mine.data), normalise(result.data), `${label}: ${section} ${file}`);
  }
  const extra = Object.keys(ours.data[section]).filter((f) => ours.data[section][f].data && !(f in expected));
  assert.deepEqual(extra, [], `${label}: ${section} files DVC does not show`);
}

interface OracleResult {
  states: DvcState[];
  columns: string[];
}

/** What DVC shows for each repo, from one oracle process. */
function oracle(roots: readonly string[]): Record<string, OracleResult> {
  const output = execFileSync(python, [oracleScript, String(DEPTH), ...roots], {
    env: gitEnv,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(output) as Record<string, OracleResult>;
}

async function compareRepo(root: string, expectedResult: OracleResult, label: string): Promise<void> {
  const expected = dvcRows(expectedResult.states);
  const { rows } = await readDvcExperiments(root, { depth: DEPTH });
  assert.deepEqual(
    rows.map((r) => [r.kind, r.rev, r.name, r.kind === 'workspace' ? '' : r.baseline]),
    expected.map((r) => [r.kind, r.rev, r.name, r.baseline]),
    `${label}: rows`,
  );
  rows.forEach((row, i) => {
    const state = expected[i].state;
    if (!state.data) {
      // DVC could not read the revision at all (e.g. its dvc.yaml fails DVC 3's schema).
      assert.ok(row.data.error, `${label} ${row.name}: DVC shows an error (${JSON.stringify(state.error)})`);
      assert.deepEqual([row.data.params, row.data.metrics], [{}, {}], `${label} ${row.name}`);
      return;
    }
    assert.equal(row.data.error, undefined, `${label} ${row.name}`);
    compareFiles('params', row, state, `${label} ${row.name}`);
    compareFiles('metrics', row, state, `${label} ${row.name}`);
  });
  const names = displayNames(rows);
  const ours = [...names.metrics.values(), ...names.params.values()].flatMap((m) => [...m.values()]);
  assert.deepEqual(ours, expectedResult.columns, `${label}: column names`);
}

const fixtureDir = path.join(repoRoot, 'test', 'fixtures');
const tarballs = [
  path.join(fixtureDir, 'dvc-exp', 'repo.tar.gz'),
  ...(fs.existsSync(path.join(fixtureDir, 'dvc'))
    ? fs
        .readdirSync(path.join(fixtureDir, 'dvc'))
        .filter((f) => f.endsWith('.tar.gz'))
        .sort()
        .map((f) => path.join(fixtureDir, 'dvc', f))
    : []),
];

/** Corpus projects DVC 3 can read: a .dvc folder and a dvc.yaml (DVC 3 does not read 0.x stage files). */
function corpusProjects(): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (fs.existsSync(path.join(dir, '.dvc')) && fs.existsSync(path.join(dir, 'dvc.yaml'))) found.push(dir);
    if (depth === 0) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }))
      if (entry.isDirectory() && !entry.name.startsWith('.')) walk(path.join(dir, entry.name), depth - 1);
  };
  if (CORPUS) walk(CORPUS, 2);
  return found.sort();
}

const fixtureRepos = tarballs.map((tarball) => ({
  label: path.relative(repoRoot, tarball),
  root: extract(tarball),
}));
const corpusRepos = corpusProjects().map((project) => ({
  label: path.relative(CORPUS ?? '', project),
  root: committedCopy(project),
}));
const expectations = oracle([...fixtureRepos, ...corpusRepos].map((r) => r.root));

describe('dvc exp show on the fixture repos (Git history and refs/exps)', () => {
  for (const { label, root } of fixtureRepos) {
    it(label, async () => compareRepo(root, expectations[root], label));
  }

  it('the dvc-exp fixture has experiments on two baselines, one named, and a changed workspace', async () => {
    const { rows } = await readDvcExperiments(fixtureRepos[0].root, { depth: DEPTH });
    const experiments = rows.filter((r) => r.kind === 'experiment');
    assert.equal(experiments.length, 4);
    assert.ok(experiments.some((r) => r.name === 'named-exp'));
    assert.equal(new Set(experiments.map((r) => r.baseline)).size, 2);
    assert.notDeepEqual(rows[0].data.params, rows[1].data.params);
  });
});

describe('dvc exp show on the corpus DVC projects (workspace and HEAD)', { skip: corpusSkip }, () => {
  it('finds the corpus DVC projects', () =>
    assert.ok(corpusRepos.length >= 10, corpusRepos.map((r) => r.label).join('\n')));
  for (const { label, root } of corpusRepos) {
    it(label, async () => compareRepo(root, expectations[root], label));
  }
});
