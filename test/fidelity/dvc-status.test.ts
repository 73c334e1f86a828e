// Fidelity: our stage and `.dvc` data file statuses must equal `dvc status --json` (the real DVC from
// scripts/dvc-env.sh, $MLOPS_LENS_DVC_VENV when scripts/test.sh set it) on the generated fixtures and
// on every DVC project in the corpus (test/unit/helpers/corpus.ts: $MLOPS_LENS_CORPUS) where DVC can run. Each project is copied to a temp folder (a `git init`
// where it has no .git) and DVC runs once on it; where DVC fails on the whole project (a repo import
// needs the network), it runs once more with the dvc.yaml stages as targets and only those are
// compared. Both the core (dvcStatusJson) and the CLI (`mlops-lens stages --json`) are checked.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import { dvcStatusJson, type DvcStatusJson } from '../../src/core/pipeline/dvcStatus';
import { HashCache } from '../../src/core/pipeline/hashCache';
import { findDvcRoot } from '../../src/core/sources/dvc/dvcRepo';
import { extractFixture, type DvcFixture } from '../fixtures/dvc/extract';
import { CORPUS, corpusSkip } from '../unit/helpers/corpus';

const repoRoot = path.resolve(__dirname, '..', '..');
const FIXTURES: DvcFixture[] = ['pipeline', 'pipeline-stale', 'features', 'dvc2', 'data-files'];

interface CliStage {
  kind: string;
  dvcfile?: string;
  /** A data file's path (kind "dvc-file"). */
  file?: string;
  name: string;
  dvcStatus?: unknown[];
}

let venv = '';
let work = '';
interface Project {
  label: string;
  dir: string;
  fromCorpus: boolean;
  /** DVC's answer, and which addresses it covers (all, or the dvc.yaml stages when DVC needed targets). */
  expected?: DvcStatusJson;
  targets?: string[];
}
const projects: Project[] = [];
let cliItems: CliStage[] = [];

/** `dvc status --json [targets]` in `dir`, or undefined when DVC fails there. */
function runDvcStatus(dir: string, targets: string[] = []): Promise<DvcStatusJson | undefined> {
  return new Promise((resolve) => {
    execFile(
      path.join(venv, 'bin', 'dvc'),
      ['status', '--json', ...targets],
      {
        cwd: dir,
        encoding: 'utf8',
        timeout: 180_000,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, DVC_NO_ANALYTICS: '1', DVC_NO_UPDATE_CHECK: '1' },
      },
      (error, stdout) => resolve(error ? undefined : (JSON.parse(stdout) as DvcStatusJson)),
    );
  });
}

/** Runs `task` over `items` with at most `limit` at a time (DVC start-up dominates: run a few at once). */
async function inPool<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function runCli(dir: string): CliStage[] {
  const built = path.join(repoRoot, 'dist', 'cli.js');
  const args = fs.existsSync(built)
    ? [built]
    : ['--import', 'tsx', path.join(repoRoot, 'src', 'cli', 'main.ts')];
  const output = execFileSync(process.execPath, [...args, 'stages', '--json', '--no-cache', dir], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(output) as CliStage[];
}

/** DVC projects in the corpus: folders holding a `.dvc` directory. */
function corpusProjects(dir: string, out: string[] = []): string[] {
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  if (entries.some((e) => e.isDirectory() && e.name === '.dvc')) out.push(dir);
  for (const entry of entries) {
    if (entry.isDirectory() && entry.name !== '.dvc' && entry.name !== '.git') {
      corpusProjects(path.join(dir, entry.name), out);
    }
  }
  return out;
}

/** DVC's address of a CLI item: "train", "sub/dvc.yaml:train", "data/raw.csv.dvc" (data or 0.x stage file). */
function addressOf(item: CliStage, root: string): string | undefined {
  const file = item.kind === 'dvc-file' ? item.file : item.kind === 'dvc' ? item.dvcfile : undefined;
  if (!file || findDvcRoot(path.dirname(file)) !== root) return undefined;
  const relative = path.relative(root, file).split(path.sep).join('/');
  if (path.basename(file) !== 'dvc.yaml') return relative;
  return relative === 'dvc.yaml' ? item.name : `${relative}:${item.name}`;
}

/** The CLI's stages and data files of one project, by DVC address (`dvcYamlOnly`: dvc.yaml stages). */
function cliStagesFor(root: string, dvcYamlOnly = false): Map<string, CliStage> {
  const stages = new Map<string, CliStage>();
  for (const item of cliItems) {
    const address = addressOf(item, root);
    if (address === undefined || (dvcYamlOnly && address.endsWith('.dvc'))) continue;
    stages.set(address, item);
  }
  return stages;
}

/** The CLI's per-item `dvcStatus` as a `dvc status --json` object for one project. */
function cliStatusFor(root: string): DvcStatusJson {
  const status: DvcStatusJson = {};
  for (const [address, item] of cliStagesFor(root)) {
    if (item.dvcStatus && item.dvcStatus.length > 0)
      status[address] = item.dvcStatus as DvcStatusJson[string];
  }
  return status;
}

function pick(status: DvcStatusJson, keep: (address: string) => boolean): DvcStatusJson {
  return Object.fromEntries(Object.entries(status).filter(([address]) => keep(address)));
}

before(async () => {
  venv =
    process.env.MLOPS_LENS_DVC_VENV ||
    execFileSync('bash', [path.join(repoRoot, 'scripts', 'dvc-env.sh')], { encoding: 'utf8' }).trim();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-dvc-status-'));
  for (const fixture of FIXTURES) {
    const repo = extractFixture(fixture);
    const dir = path.join(work, 'fixtures', fixture);
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.renameSync(repo, dir);
    fs.rmSync(path.dirname(repo), { recursive: true, force: true });
    projects.push({ label: `fixture ${fixture}`, dir, fromCorpus: false });
  }
  for (const source of CORPUS ? corpusProjects(CORPUS).sort() : []) {
    const label = path.relative(CORPUS!, source);
    const dir = path.join(work, 'corpus', label.replace(/[\\/@]/g, '_'));
    fs.cpSync(source, dir, { recursive: true });
    execFileSync('chmod', ['-R', 'u+w', dir]);
    if (!fs.existsSync(path.join(dir, '.git'))) execFileSync('git', ['init', '-q'], { cwd: dir });
    projects.push({ label: `corpus ${label}`, dir, fromCorpus: true });
  }
  cliItems = runCli(work);
  await inPool(projects, 4, async (project) => {
    project.expected = await runDvcStatus(project.dir);
    if (project.expected) return;
    // DVC fails on the whole project (e.g. a `dvc import` it cannot check offline): ask for the
    // dvc.yaml stages only, by address.
    const targets = [...cliStagesFor(project.dir, true).keys()];
    if (targets.length === 0) return;
    project.expected = await runDvcStatus(project.dir, targets);
    project.targets = targets;
  });
});

after(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** Compares ours (core and CLI) with DVC's answer on each project; returns how many were compared. */
async function compareProjects(t: TestContext, selected: Project[]): Promise<number> {
  let compared = 0;
  for (const { label, dir, expected, targets } of selected) {
    if (!expected) {
      t.diagnostic(`${label}: DVC 3 cannot read this project; skipped`);
      continue;
    }
    const ours = await dvcStatusJson(dir, new HashCache());
    const keep = (address: string) => !targets || targets.includes(address);
    assert.deepEqual(pick(ours.status, keep), expected, `${label}: dvcStatusJson`);
    assert.deepEqual(pick(cliStatusFor(dir), keep), expected, `${label}: mlops-lens stages --json`);
    compared++;
  }
  return compared;
}

test('dvc status --json equals ours on every fixture', async (t) => {
  const compared = await compareProjects(
    t,
    projects.filter((p) => !p.fromCorpus),
  );
  assert.equal(compared, FIXTURES.length);
});

test('.dvc data files in every state: unchanged, modified, deleted, not in cache, no hash, import-url', () => {
  const project = projects.find((p) => p.label === 'fixture data-files')!;
  const expected = project.expected!;
  const outs = (address: string) =>
    (expected[address]?.[0] as { 'changed outs'?: Record<string, string> } | undefined)?.['changed outs'];
  assert.deepEqual(outs('data/modified.csv.dvc'), { 'data/modified.csv': 'modified' });
  assert.deepEqual(outs('data/modified-folder.dvc'), { 'data/modified-folder': 'modified' });
  assert.deepEqual(outs('data/deleted-folder.dvc'), { 'data/deleted-folder': 'deleted' });
  assert.deepEqual(outs('data/uncached.csv.dvc'), { 'data/uncached.csv': 'not in cache' });
  assert.deepEqual(outs('data/uncached-folder.dvc'), { 'data/uncached-folder': 'not in cache' });
  assert.deepEqual(outs('data/hand.csv.dvc'), { 'data/hand.csv': 'modified' }, 'no hash, file there');
  assert.deepEqual(outs('data/not-yet.csv.dvc'), { 'data/not-yet.csv': 'deleted' }, 'no hash, no file');
  assert.deepEqual(outs('data/imported.csv.dvc'), { 'data/imported.csv': 'deleted' });
  for (const unchanged of ['data/unchanged.csv.dvc', 'data/unchanged-folder.dvc', 'sub/table.csv.dvc']) {
    assert.equal(expected[unchanged], undefined, `${unchanged} is up to date`);
    const item = cliStagesFor(project.dir).get(unchanged);
    assert.equal(item?.kind, 'dvc-file', `${unchanged} is listed`);
    assert.equal((item as CliStage & { status?: string }).status, 'up-to-date');
  }
});

test(
  'dvc status --json equals ours on every corpus project DVC can read',
  { skip: corpusSkip },
  async (t) => {
    const selected = projects.filter((p) => p.fromCorpus);
    assert.ok(selected.length >= 10, `found ${selected.length} projects`);
    const withDataFiles = selected.filter(
      (p) => p.expected && Object.keys(p.expected).some((a) => a.endsWith('.dvc')),
    );
    const compared = await compareProjects(t, selected);
    t.diagnostic(
      `compared ${compared} of ${selected.length} projects, ${withDataFiles.length} with changed .dvc files`,
    );
    assert.ok(compared >= 14, `compared ${compared}`);
  },
);
