// Fidelity: DVC's model registry as `mlops-lens models --json` reports it equals what the real GTO
// (scripts/gto-env.sh, $MLOPS_LENS_GTO_VENV) shows with `gto show --json --deprecated`, on a
// repository where GTO itself wrote every tag (`gto register`, `gto assign`, and `gto deprecate`
// to unassign a stage, deregister a version and deprecate an artifact), one second apart (tag times have one-second resolution).
// Needs `npm run build` first (dist/cli.js).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DvcArtifact } from '../../src/core/models/types';

const repoRoot = path.resolve(__dirname, '..', '..');
const cli = path.join(repoRoot, 'dist', 'cli.js');

let gto = '';
let repo = '';
const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'fixture',
  GIT_AUTHOR_EMAIL: 'fixture@example.com',
  GIT_COMMITTER_NAME: 'fixture',
  GIT_COMMITTER_EMAIL: 'fixture@example.com',
  GIT_CONFIG_GLOBAL: os.devNull,
  GIT_CONFIG_NOSYSTEM: '1',
};

const run = (file: string, args: string[]) =>
  execFileSync(file, args, { cwd: repo, env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function gtoSteps(steps: string[][]): Promise<void> {
  for (const step of steps) {
    run(gto, step);
    await sleep(1100);
  }
}

function commit(message: string, dvcYaml: string): void {
  fs.writeFileSync(path.join(repo, 'dvc.yaml'), dvcYaml);
  run('git', ['add', 'dvc.yaml']);
  run('git', ['commit', '-qm', message]);
}

const DVC_YAML = `artifacts:
  churn:
    type: model
    path: models/churn.pkl
    desc: Churn classifier
    labels: [tabular, classification]
  legacy:
    type: model
    path: models/legacy.pkl
`;

describe('DVC model registry equals gto show', () => {
  before(async () => {
    assert.ok(fs.existsSync(cli), 'run `npm run build` first');
    const venv =
      process.env.MLOPS_LENS_GTO_VENV ||
      execFileSync('bash', [path.join(repoRoot, 'scripts', 'gto-env.sh')], { encoding: 'utf8' }).trim();
    gto = path.join(venv, 'bin', 'gto');
    repo = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-gto-fidelity-')));
    run('git', ['init', '-q', '-b', 'main']);
    commit('first', DVC_YAML);
    await gtoSteps([
      ['register', 'churn', '--version', 'v1.0.0'],
      ['register', 'legacy', '--version', 'v0.1.0'],
      ['assign', 'churn', '--version', 'v1.0.0', '--stage', 'prod'],
    ]);
    commit('second', `${DVC_YAML}    meta: {note: retrained}\n`);
    await gtoSteps([
      ['register', 'churn', '--bump-minor'],
      ['assign', 'churn', '--version', 'v1.1.0', '--stage', 'staging'],
      ['assign', 'churn', '--version', 'v1.1.0', '--stage', 'dev'],
      ['deprecate', 'churn', 'v1.1.0', 'dev'],
      ['deprecate', 'legacy'],
    ]);
    commit('third', DVC_YAML);
    await gtoSteps([
      ['register', 'churn', '--version', 'v2.0.0-rc.1'],
      ['assign', 'churn', '--version', 'v2.0.0-rc.1', '--stage', 'staging'],
      ['deprecate', 'churn', 'v2.0.0-rc.1'],
    ]);
  });
  after(() => {
    if (repo) fs.rmSync(repo, { recursive: true, force: true });
  });

  test('latest version, stages, registered and active of every artifact', () => {
    const expected = JSON.parse(run(gto, ['show', '--json', '--deprecated'])) as Record<
      string,
      { version: string | null; stage: Record<string, string | null>; registered: boolean; active: boolean }
    >;
    const out = execFileSync(process.execPath, [cli, 'models', repo, '--json', '--no-runs', '--no-cache'], {
      encoding: 'utf8',
    });
    const artifacts = (JSON.parse(out) as { dvcArtifacts: DvcArtifact[] }).dvcArtifacts;
    const allStages = Object.keys(Object.values(expected)[0]?.stage ?? {});
    const actual = Object.fromEntries(
      artifacts.map((a) => [
        a.name,
        {
          version: a.versions.find((v) => !v.deprecated && v.version.startsWith('v'))?.version ?? null,
          stage: Object.fromEntries(allStages.map((s) => [s, a.stages[s] ?? null])),
          registered: a.versions.length > 0,
          active: !a.deprecated,
        },
      ]),
    );
    assert.deepEqual(actual, expected);
    process.stdout.write(`# compared with gto show: ${JSON.stringify(expected)}\n`);
  });
});
