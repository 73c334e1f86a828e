// Fidelity: `mlops-lens params-diff --json` and `mlops-lens metrics-diff --json` print the bytes of
// `dvc params diff --json` and `dvc metrics diff --json` for the same arguments. DVC's files and keys
// come in Python's per-process string-hash order, so its output is put in code-point order (as ours
// is) by DVC's own Python before the byte comparison; values, floats and `diff` are compared as
// printed. Fixture: test/fixtures/params-diff (every params file type, a Python params file, nested
// keys, lists, changed/added/deleted params and metrics, a tag, an experiment, an uncommitted
// workspace, a repository without commits). Corpus: every DVC project of the real-project corpus,
// committed to a scratch Git repository, compared with --all (each of its params and metrics).
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CORPUS, corpusSkip } from '../unit/helpers/corpus';

const repoRoot = path.resolve(__dirname, '..', '..');
const TSX = pathToFileURL(path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const MAIN = path.join(repoRoot, 'src', 'cli', 'main.ts');
const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'fidelity',
  GIT_AUTHOR_EMAIL: 'fidelity@example.com',
  GIT_COMMITTER_NAME: 'fidelity',
  GIT_COMMITTER_EMAIL: 'fidelity@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

let venv = '';
let work = '';

interface Output {
  status: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], cwd: string, input?: string): Promise<Output> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      {
        cwd,
        encoding: 'utf8',
        timeout: 300_000,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, ...GIT_IDENTITY, DVC_NO_ANALYTICS: '1', DVC_NO_UPDATE_CHECK: '1' },
      },
      (error, stdout, stderr) =>
        resolve({ status: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** DVC's JSON with files and keys in code-point order, written again by the same Python json. */
const CANONICAL = [
  'import json, sys',
  'd = json.load(sys.stdin)',
  'print(json.dumps({f: {k: d[f][k] for k in sorted(d[f])} for f in sorted(d)}))',
].join('\n');

async function assertSame(kind: 'params' | 'metrics', cwd: string, args: string[]): Promise<void> {
  const label = `${kind} diff ${args.join(' ')} in ${cwd}`;
  const [theirs, ours] = await Promise.all([
    run(path.join(venv, 'bin', 'dvc'), [kind, 'diff', '--json', ...args], cwd),
    run(process.execPath, ['--import', TSX, MAIN, `${kind}-diff`, '--json', ...args], cwd),
  ]);
  assert.equal(theirs.status, 0, `${label}: dvc failed\n${theirs.stderr}`);
  const canonical = await run(path.join(venv, 'bin', 'python'), ['-c', CANONICAL], cwd, theirs.stdout);
  assert.equal(canonical.status, 0, canonical.stderr);
  assert.equal(ours.status, 0, `${label}: ours failed\n${ours.stderr}`);
  assert.equal(ours.stdout, canonical.stdout, label);
}

function extract(name: string): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  execFileSync('tar', ['-xzf', path.join(repoRoot, 'test/fixtures/params-diff/repos.tar.gz'), '-C', dir]);
  return dir;
}

before(() => {
  venv =
    process.env.MLOPS_LENS_DVC_VENV ||
    execFileSync('bash', [path.join(repoRoot, 'scripts', 'dvc-env.sh')], { encoding: 'utf8' }).trim();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-params-diff-'));
});

after(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** Arguments given to both tools after `params diff --json` / `metrics diff --json`. */
const CASES: string[][] = [
  [],
  ['--all'],
  ['HEAD~1', 'HEAD'],
  ['HEAD~1', 'HEAD', '--all'],
  ['v1', 'exp-lr'],
  ['exp-lr', 'v1'],
  ['exp-lr'],
  ['HEAD', 'HEAD'],
  ['v1', 'workspace'],
  ['main~1', 'main', '--all'],
];

describe('the params-diff fixture', () => {
  for (const kind of ['params', 'metrics'] as const) {
    for (const args of CASES) {
      test(`${kind} diff ${args.join(' ') || '(workspace against HEAD)'}`, async () => {
        await assertSame(kind, path.join(extract(`${kind}-${CASES.indexOf(args)}`), 'repo'), args);
      });
    }
    test(`${kind} diff in a repository without commits`, async () => {
      const dir = path.join(extract(`${kind}-empty`), 'empty');
      await assertSame(kind, dir, []);
      await assertSame(kind, dir, ['--all']);
    });
    test(`${kind} diff from a sub-folder (paths relative to it)`, async () => {
      await assertSame(kind, path.join(extract(`${kind}-sub`), 'repo', 'eval'), ['v1']);
    });
    test(`${kind} diff with a workspace file that does not parse (compared as empty)`, async () => {
      const dir = path.join(extract(`${kind}-broken`), 'repo');
      fs.writeFileSync(path.join(dir, kind === 'params' ? 'params.json' : 'metrics.json'), '{"a": ');
      fs.writeFileSync(path.join(dir, 'params.toml'), '[model]\nname = "x"\nwidth = 1.5e3\n');
      await assertSame(kind, dir, []);
    });
  }
});

/** DVC projects of the corpus (folders with a .dvc folder and a dvc.yaml or params.yaml). */
function corpusProjects(dir: string, found: string[] = []): string[] {
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  const names = new Set(entries.map((e) => e.name));
  if (names.has('.dvc') && (names.has('dvc.yaml') || names.has('params.yaml'))) found.push(dir);
  for (const entry of entries)
    if (entry.isDirectory() && !entry.name.startsWith('.')) corpusProjects(path.join(dir, entry.name), found);
  return found;
}

/** A copy of a corpus project committed to a new Git repository (the corpus itself has no history). */
function committedCopy(project: string, index: number): string {
  const dir = path.join(work, `corpus-${index}`);
  fs.cpSync(project, dir, { recursive: true, filter: (src) => !src.split(path.sep).includes('.git') });
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, env: { ...process.env, ...GIT_IDENTITY }, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-qm', 'corpus project', '--no-verify');
  return dir;
}

test(
  'corpus DVC projects: every param and metric (--all, HEAD against the workspace)',
  { skip: corpusSkip },
  async (t) => {
    const projects = corpusProjects(CORPUS as string);
    let compared = 0;
    for (const [index, project] of projects.entries()) {
      const dir = committedCopy(project, index);
      for (const kind of ['params', 'metrics'] as const) await assertSame(kind, dir, ['--all']);
      compared++;
    }
    t.diagnostic(`${compared} corpus projects compared`);
    assert.ok(compared > 0);
  },
);
