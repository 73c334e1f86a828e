// Fidelity: our stage statuses must equal `dvc status --json` (the real DVC from scripts/dvc-env.sh,
// $MLOPS_LENS_DVC_VENV when scripts/test.sh set it) on the generated fixtures and on every DVC
// project in the corpus (test/unit/helpers/corpus.ts: $MLOPS_LENS_CORPUS) where DVC can run. Each project is copied to a temp folder (a `git init`
// where it has no .git) and DVC runs once on it; where DVC fails on the whole project (a repo import
// needs the network), it runs once more with the dvc.yaml stages as targets and only those are
// compared. Both the core (dvcStatusJson) and the CLI (`mlops-lens stages --json`) are checked.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { dvcStatusJson, type DvcStatusJson } from '../../src/core/pipeline/dvcStatus';
import { HashCache } from '../../src/core/pipeline/hashCache';
import { findDvcRoot } from '../../src/core/sources/dvc/dvcRepo';
import { extractFixture, type DvcFixture } from '../fixtures/dvc/extract';
import { CORPUS, corpusSkip } from '../unit/helpers/corpus';

const repoRoot = path.resolve(__dirname, '..', '..');
const FIXTURES: DvcFixture[] = ['pipeline', 'pipeline-stale', 'features', 'dvc2'];

interface CliStage {
  kind: string;
  dvcfile?: string;
  name: string;
  dvcStatus?: unknown[];
}

let venv = '';
let work = '';
interface Project {
  label: string;
  dir: string;
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

/** The CLI's dvc.yaml stages of one project, by DVC address. */
function cliStagesFor(root: string): Map<string, CliStage> {
  const stages = new Map<string, CliStage>();
  for (const item of cliItems) {
    if (item.kind !== 'dvc' || !item.dvcfile || path.basename(item.dvcfile) !== 'dvc.yaml') continue;
    if (findDvcRoot(path.dirname(item.dvcfile)) !== root) continue;
    const relative = path.relative(root, item.dvcfile).split(path.sep).join('/');
    stages.set(relative === 'dvc.yaml' ? item.name : `${relative}:${item.name}`, item);
  }
  return stages;
}

/** The CLI's per-stage `dvcStatus` as a `dvc status --json` object for one project. */
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
    projects.push({ label: `fixture ${fixture}`, dir });
  }
  for (const source of CORPUS ? corpusProjects(CORPUS).sort() : []) {
    const label = path.relative(CORPUS!, source);
    const dir = path.join(work, 'corpus', label.replace(/[\\/@]/g, '_'));
    fs.cpSync(source, dir, { recursive: true });
    execFileSync('chmod', ['-R', 'u+w', dir]);
    if (!fs.existsSync(path.join(dir, '.git'))) execFileSync('git', ['init', '-q'], { cwd: dir });
    projects.push({ label: `corpus ${label}`, dir });
  }
  cliItems = runCli(work);
  await inPool(projects, 4, async (project) => {
    project.expected = await runDvcStatus(project.dir);
    if (project.expected) return;
    // DVC fails on the whole project (e.g. a `dvc import` it cannot check offline): ask for the
    // dvc.yaml stages only, by address.
    const targets = [...cliStagesFor(project.dir).keys()];
    if (targets.length === 0) return;
    project.expected = await runDvcStatus(project.dir, targets);
    project.targets = targets;
  });
});

after(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('the corpus has DVC projects', { skip: corpusSkip }, () => {
  const found = projects.filter((p) => p.label.startsWith('corpus ')).map((p) => p.label);
  assert.ok(found.length >= 10, `found ${found.length} corpus projects:\n${found.join('\n')}`);
});

test('dvc status --json equals ours on every fixture and corpus project DVC can read', async (t) => {
  assert.ok(projects.length >= FIXTURES.length, `found ${projects.length} projects`);
  let compared = 0;
  for (const { label, dir, expected, targets } of projects) {
    if (!expected) {
      t.diagnostic(`${label}: DVC 3 cannot read this project; skipped`);
      continue;
    }
    const ours = await dvcStatusJson(dir, new HashCache());
    const keep = (address: string) => !targets || targets.includes(address);
    assert.deepEqual(pick(ours.status, keep), expected, `${label}: dvcStatusJson`);
    assert.deepEqual(
      pick(cliStatusFor(dir), keep),
      pick(expected, (address) => !address.endsWith('.dvc')),
      `${label}: mlops-lens stages --json`,
    );
    compared++;
  }
  t.diagnostic(`compared ${compared} of ${projects.length} projects`);
  // DVC reads every fixture, and at least 14 corpus projects when the corpus is there.
  assert.ok(compared >= FIXTURES.length + (CORPUS ? 14 : 0), `compared ${compared}`);
});
