// Fidelity: our DVC experiments must be what `dvc exp show --json` reports for the same repository:
// the rows (workspace, baselines, experiments, in order), their names and baselines, and for each
// row the whole JSON: every params and metrics file's data or error, every column of the row with
// its typed value (what `runs --json` prints, lists kept as lists), the column names (`file:key`
// where DVC needs them), and a problem (path and reason) for every file or dvc.yaml DVC cannot use.
//
// The oracle (test/fidelity/dvc_exp_show_oracle.py) runs the real DVC from scripts/dvc-env.sh
// ($MLOPS_LENS_DVC_VENV when scripts/test.sh set it): the functions behind `dvc exp show --json` and
// its table, for every repository in one process.
// Repos: the fixture repos with Git history and refs/exps (test/fixtures/dvc-exp/*.tar.gz,
// test/fixtures/dvc/*.tar.gz and the YOLOv5-shaped test/fixtures/dvc-yolo/repo.tar.gz), extracted
// to temporary folders; broken copies of the values fixture crafted here (an invalid dvc.yaml in the
// workspace, at HEAD, in a subfolder); and every DVC project of the corpus
// (test/unit/helpers/corpus.ts: $MLOPS_LENS_CORPUS, skipped without it), copied and committed into a
// fresh Git repository because the corpus keeps no .git (its experiment refs are listed in
// _GIT_REFS.txt, but their commits are not there, so only the workspace and HEAD rows exist for
// corpus items).
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it, type TestContext } from 'node:test';
import { encodeTypedRun } from '../../src/core/index/dvcStores';
import { readDvcExperiments, type ExpRow } from '../../src/core/sources/dvcExperiments/experiments';
import { isMapping } from '../../src/core/sources/dvc/values/paramsFile';
import { displayNames, dvcSnapshot } from '../../src/core/sources/dvcExperiments/runs';
import type { Problem } from '../../src/core/model';
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

interface Typed {
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
}
interface DvcError {
  msg: string;
  type: string;
}
interface DvcState {
  rev: string;
  error?: DvcError | null;
  name?: string | null;
  data?: { params: Record<string, DvcFile>; metrics: Record<string, DvcFile> } | null;
  experiments?: { revs: DvcState[]; name?: string }[] | null;
  typed?: Typed;
}
interface DvcFile {
  data?: unknown;
  error?: DvcError;
}
interface OracleResult {
  states: DvcState[];
  columns: string[];
}
interface DvcRow {
  kind: string;
  rev: string;
  name: string;
  baseline: string;
  state: DvcState;
}
/** What one repository's comparison covered. */
interface Tally {
  rows: number;
  keys: number;
  files: number;
  /** Rows DVC has no data for (a file its index cannot load). */
  errors: number;
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, { cwd, env: gitEnv });
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
  git(copy, 'init', '-q', '-b', 'main');
  git(copy, 'add', '-A');
  git(copy, 'commit', '-qm', 'corpus snapshot');
  return copy;
}

/** DVC's rows in our order: workspace, then each baseline followed by its experiments' tips. */
function dvcRows(states: DvcState[]): DvcRow[] {
  const rows: DvcRow[] = [];
  for (const state of states) {
    if (state.rev === 'workspace') {
      rows.push({ kind: 'workspace', rev: 'workspace', name: 'workspace', baseline: '', state });
      continue;
    }
    const name = state.name ?? state.rev.slice(0, 7);
    rows.push({ kind: 'baseline', rev: state.rev, name, baseline: state.rev, state });
    for (const exp of state.experiments ?? []) {
      const tip = exp.revs[0];
      const expName = exp.name ?? tip.rev.slice(0, 7);
      rows.push({ kind: 'experiment', rev: tip.rev, name: expName, baseline: state.rev, state: tip });
    }
  }
  return rows;
}

/** JSON round trip, NaN and infinities as the strings both sides write. */
function normalise(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_k, v: unknown) =>
      typeof v === 'number' && !Number.isFinite(v)
        ? Number.isNaN(v)
          ? 'NaN'
          : v > 0
            ? 'Infinity'
            : '-Infinity'
        : v,
    ),
  );
}

const MISSING = new Set(['FileNotFoundError', 'DataIndexDirError']);

function hasProblem(problems: readonly Problem[], file: string): boolean {
  return problems.some((p) => p.path === file && p.reason.length > 0);
}

function compareFiles(
  section: 'params' | 'metrics',
  root: string,
  ours: ExpRow,
  problems: readonly Problem[],
  theirs: Record<string, DvcFile>,
  label: string,
): number {
  const mine = ours.data[section];
  assert.deepEqual(Object.keys(mine).sort(), Object.keys(theirs).sort(), `${label}: ${section} files`);
  for (const [file, result] of Object.entries(theirs)) {
    const where = `${label}: ${section} ${file}`;
    const absolute = path.join(root, ...file.split(path.sep));
    if (result.error) {
      assert.ok(
        mine[file].error,
        `${where}: DVC could not read it (${result.error.msg}), we read ${JSON.stringify(mine[file])}`,
      );
      // Missing files (also inside an output folder DVC's cache lacks) are no problem: not run or pulled yet.
      if (!MISSING.has(result.error.type))
        assert.ok(hasProblem(problems, absolute), `${where}: no problem reported for ${result.error.msg}`);
      continue;
    }
    assert.equal(mine[file].error, undefined, `${where}: DVC read it`);
    assert.deepEqual(normalise(mine[file].data), normalise(result.data), where);
    if (!isMapping(result.data))
      assert.ok(hasProblem(problems, absolute), `${where}: DVC shows no column for it, we report no problem`);
  }
  return Object.keys(theirs).length;
}

/** The dvc.yaml a DVC revision error names ("unable to read: 'sub/dvc.yaml', …"). */
function erroredDvcfile(error: DvcError | null | undefined): string | undefined {
  return /'([^']*dvc\.yaml)'/.exec(error?.msg ?? '')?.[1];
}

/** What `dvc exp show` reports for each repo, from one oracle process. */
function oracle(roots: readonly string[]): Record<string, OracleResult> {
  const output = execFileSync(python, [oracleScript, String(DEPTH), ...roots], {
    env: gitEnv,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(output) as Record<string, OracleResult>;
}

async function compareRepo(root: string, expectedResult: OracleResult, label: string): Promise<Tally> {
  const expected = dvcRows(expectedResult.states);
  const { rows } = await readDvcExperiments(root, { depth: DEPTH });
  assert.deepEqual(
    rows.map((r) => [r.kind, r.rev, r.name, r.kind === 'workspace' ? '' : r.baseline]),
    expected.map((r) => [r.kind, r.rev, r.name, r.baseline]),
    `${label}: rows`,
  );
  const snapshot = dvcSnapshot(root, rows, false);
  const tally: Tally = { rows: rows.length, keys: 0, files: 0, errors: 0 };
  rows.forEach((row, i) => {
    const { state } = expected[i];
    const where = `${label} ${row.name}`;
    const run = JSON.parse(encodeTypedRun(snapshot.runs[i])) as Typed;
    if (!state.data) {
      // DVC could not read the revision at all (a dvc.yaml it cannot parse, resolve or validate).
      tally.errors++;
      assert.ok(row.data.error, `${where}: DVC shows an error (${JSON.stringify(state.error)})`);
      assert.deepEqual([run.params, run.metrics], [{}, {}], where);
      const dvcfile = erroredDvcfile(state.error);
      if (dvcfile)
        assert.ok(
          hasProblem(snapshot.problems, path.join(root, dvcfile)),
          `${where}: no problem for ${dvcfile}`,
        );
      return;
    }
    assert.equal(row.data.error, undefined, where);
    tally.files += compareFiles('params', root, row, snapshot.problems, state.data.params, where);
    tally.files += compareFiles('metrics', root, row, snapshot.problems, state.data.metrics, where);
    const typed = state.typed ?? { params: {}, metrics: {} };
    assert.deepEqual(normalise(run.params), typed.params, `${where}: params as runs --json prints them`);
    assert.deepEqual(normalise(run.metrics), typed.metrics, `${where}: metrics as runs --json prints them`);
    tally.keys += Object.keys(typed.params).length + Object.keys(typed.metrics).length;
  });
  const names = displayNames(rows);
  const ours = [...names.metrics.values(), ...names.params.values()].flatMap((m) => [...m.values()]);
  assert.deepEqual(ours, expectedResult.columns, `${label}: column names`);
  return tally;
}

function report(t: TestContext, tally: Tally): void {
  t.diagnostic(
    `rows ${tally.rows} (${tally.errors} without data), typed values ${tally.keys}, file results ${tally.files}, differences 0`,
  );
}

const fixtureDir = path.join(repoRoot, 'test', 'fixtures');
const tarballsIn = (dir: string): string[] =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.tar.gz'))
        .sort()
        .map((f) => path.join(dir, f))
    : [];
const tarballs = [
  ...tarballsIn(path.join(fixtureDir, 'dvc-exp')),
  ...tarballsIn(path.join(fixtureDir, 'dvc')),
  ...tarballsIn(path.join(fixtureDir, 'dvc-yolo')),
];

/** Corpus DVC projects: a .dvc folder (with or without a dvc.yaml; DVC 3 refuses 0.x stage files). */
function corpusProjects(): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (fs.existsSync(path.join(dir, '.dvc'))) found.push(dir);
    if (depth === 0) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }))
      if (entry.isDirectory() && !entry.name.startsWith('.')) walk(path.join(dir, entry.name), depth - 1);
  };
  if (CORPUS) walk(CORPUS, 2);
  return found.sort();
}

/**
 * Broken copies of the values fixture, each with a file DVC's index cannot load, in the workspace
 * or at HEAD (the workspace then fixed again): a dvc.yaml that is not YAML, uses an undefined
 * `${…}`, breaks the schema or names a missing vars file; a dvc.lock with conflict markers or of
 * DVC 1; a `.dvc` file with an unknown key; a params.yaml DVC's YAML reader refuses.
 */
function brokenRepos(): { label: string; root: string }[] {
  const values = path.join(fixtureDir, 'dvc-exp', 'values.tar.gz');
  const broken = (name: string, breakIt: (root: string) => void): { label: string; root: string } => {
    const root = extract(values);
    breakIt(root);
    return { label: `crafted: ${name}`, root };
  };
  const dvcYaml = (root: string): string => path.join(root, 'dvc.yaml');
  return [
    broken('workspace dvc.yaml is not YAML', (root) =>
      fs.appendFileSync(dvcYaml(root), 'metrics: [runs/extra.yaml\n'),
    ),
    broken('HEAD dvc.yaml has an undefined ${...}', (root) => {
      const text = fs.readFileSync(dvcYaml(root), 'utf8');
      fs.writeFileSync(dvcYaml(root), text.replace('${report.top_k}', '${report.missing_key}'));
      git(root, 'commit', '-qam', 'an undefined variable');
      fs.writeFileSync(dvcYaml(root), text);
    }),
    broken('dvc.lock with merge-conflict markers', (root) => {
      const lock = path.join(root, 'dvc.lock');
      fs.writeFileSync(lock, `<<<<<<< HEAD\n${fs.readFileSync(lock, 'utf8')}=======\n>>>>>>> exp\n`);
    }),
    broken('dvc.lock of DVC 1 (no schema) at HEAD', (root) => {
      const lock = path.join(root, 'dvc.lock');
      const text = fs.readFileSync(lock, 'utf8');
      fs.writeFileSync(lock, 'train:\n  cmd: python src/train.py\n');
      git(root, 'commit', '-qam', 'an old lock file');
      fs.writeFileSync(lock, text);
    }),
    broken('a .dvc file with an unknown key, params.yaml with a tab, frozen: yes', (root) => {
      fs.writeFileSync(
        path.join(root, 'data.dvc'),
        'outs:\n- md5: 0123456789abcdef\n  path: data\n  bogus: 1\n',
      );
      git(root, 'add', 'data.dvc');
      git(root, 'commit', '-qm', 'a broken .dvc file');
      fs.rmSync(path.join(root, 'data.dvc'));
      fs.appendFileSync(path.join(root, 'params.yaml'), 'extra: 1\t\n');
    }),
    broken('frozen: yes in dvc.yaml (DVC 3 wants a bool)', (root) => {
      const text = fs.readFileSync(dvcYaml(root), 'utf8');
      fs.writeFileSync(dvcYaml(root), text.replace('  report:\n', '  report:\n    frozen: yes\n'));
    }),
    broken('nested dvc.yaml names a missing vars file', (root) => {
      fs.mkdirSync(path.join(root, 'sub'));
      fs.writeFileSync(
        path.join(root, 'sub', 'dvc.yaml'),
        'vars:\n  - nowhere.yaml\nstages:\n  s:\n    cmd: echo ${x}\n',
      );
    }),
  ];
}

const fixtureRepos = tarballs.map((tarball) => ({
  label: path.relative(repoRoot, tarball),
  root: extract(tarball),
}));
const crafted = fs.existsSync(path.join(fixtureDir, 'dvc-exp', 'values.tar.gz')) ? brokenRepos() : [];
const corpusRepos = corpusProjects().map((project) => ({
  label: path.relative(CORPUS ?? '', project),
  root: committedCopy(project),
}));
const expectations = oracle([...fixtureRepos, ...crafted, ...corpusRepos].map((r) => r.root));

describe('dvc exp show on the fixture repos (Git history and refs/exps)', () => {
  for (const { label, root } of fixtureRepos) {
    it(label, async (t) => report(t, await compareRepo(root, expectations[root], label)));
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

describe('dvc exp show on dvc.yaml files DVC cannot use (crafted)', () => {
  for (const { label, root } of crafted) {
    it(label, async (t) => {
      const tally = await compareRepo(root, expectations[root], label);
      assert.ok(tally.errors > 0 && tally.errors < tally.rows, `${label}: some rows, not all, have no data`);
      report(t, tally);
    });
  }
});

describe('dvc exp show on the corpus DVC projects (workspace and HEAD)', { skip: corpusSkip }, () => {
  it('finds the corpus DVC projects', () =>
    assert.ok(corpusRepos.length >= 10, corpusRepos.map((r) => r.label).join('\n')));
  for (const { label, root } of corpusRepos) {
    it(label, async (t) => report(t, await compareRepo(root, expectations[root], label)));
  }
});
