// Hostile and broken inputs for the DVC experiments reader: a dvc.yaml DVC cannot parse or resolve,
// metrics files that hold no mapping (a YOLOv5 results.csv, a one-value file, a tab-separated table),
// params files that are no mapping. Each must show as `dvc exp show` shows it (no values for what DVC
// cannot read) and be reported with its path and the reason: on stderr by the CLI, and as a problem
// of the store for the views.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { encodeTypedRun, readDvcRepo } from '../../src/core/index/dvcStores';
import { RunIndex } from '../../src/core/index/runIndex';
import { buildRunTree } from '../../src/views/runs/runTreeModel';

const ROOT = path.join(__dirname, '..', '..');
const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-hostile-dvcexp-')));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'hostile',
  GIT_AUTHOR_EMAIL: 'hostile@example.com',
  GIT_COMMITTER_NAME: 'hostile',
  GIT_COMMITTER_EMAIL: 'hostile@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** A DVC repo (a `.dvc/config` and the files given) with everything committed. */
function repoWith(name: string, files: Record<string, string>): string {
  const root = path.join(scratch, name);
  for (const [file, text] of Object.entries({ '.dvc/config': '', ...files })) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  for (const args of [
    ['init', '-q', '-b', 'main'],
    ['add', '-A'],
    ['commit', '-qm', 'c'],
  ])
    execFileSync('git', args, { cwd: root, env: gitEnv });
  return root;
}

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'main.ts'), ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, MLOPS_LENS_INDEX_CACHE: fs.mkdtempSync(path.join(scratch, 'cache-')) },
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonRun {
  id: string;
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
}

const PARAMS = 'train:\n  lr: 0.1\n  sizes: [256, 512]\n';
const YOLO_CSV =
  '               epoch,      train/box_loss,   metrics/precision, metrics/mAP_0.5:0.95\n' +
  '                   0,             0.11034,             0.00244,              0.00051\n';

describe('a dvc.yaml DVC cannot use', () => {
  const invalid = repoWith('invalid-yaml', {
    'params.yaml': PARAMS,
    'dvc.yaml': 'stages:\n  train:\n    cmd: python train.py\n    params: [train.lr\n',
  });
  const unresolved = repoWith('unresolved', {
    'params.yaml': PARAMS,
    'sub/dvc.yaml': 'stages:\n  s:\n    cmd: echo ${no.such.key}\n',
  });

  it('runs: the rows stay, without params, and stderr names the file and the reason', () => {
    const { status, stdout, stderr } = cli(['runs', '--json', invalid]);
    assert.equal(status, 0, stderr);
    const runs = JSON.parse(stdout) as JsonRun[];
    assert.equal(runs.length, 2);
    assert.ok(runs.some((r) => r.id === 'workspace'));
    assert.deepEqual(
      runs.map((r) => r.params),
      [{}, {}],
    );
    assert.match(stderr, new RegExp(`mlops-lens: ${path.join(invalid, 'dvc.yaml')}: invalid YAML`));
  });

  it('the store reports the nested dvc.yaml that does not resolve, with its path (views)', async () => {
    const entry = await readDvcRepo(unresolved, undefined, 20);
    assert.deepEqual(
      entry.snapshot.runs.map((r) => r.params),
      [{}, {}],
    );
    const problem = entry.snapshot.problems.find((p) => p.path === path.join(unresolved, 'sub', 'dvc.yaml'));
    assert.ok(problem, JSON.stringify(entry.snapshot.problems));
    assert.match(problem.reason, /no\.such\.key/);
    const index = new RunIndex({ roots: [unresolved] });
    await index.refresh();
    assert.ok(index.problems().some((p) => p.path === problem.path));
    // The runs view: the store's node carries it (shown as "1 file could not be read").
    const [source] = buildRunTree([entry.snapshot], {
      sort: { kind: 'name' },
      descending: false,
      showDeleted: false,
    });
    assert.deepEqual(source.problems, entry.snapshot.problems);
    assert.equal(source.shownRuns, 2);
  });
});

describe('metrics and params files that hold no mapping', () => {
  const root = repoWith('no-mapping', {
    'params.yaml': PARAMS,
    'conf/list.yaml': '- 1\n- 2\n',
    'dvc.yaml':
      'stages:\n  train:\n    cmd: python train.py\n    params:\n      - conf/list.yaml:\n' +
      '    metrics:\n      - runs/results.csv\n      - runs/best.txt\n      - runs/scores.tsv\n      - runs/ok.json\n',
    'runs/results.csv': YOLO_CSV,
    'runs/best.txt': '0.73\n',
    'runs/scores.tsv': 'step\tloss\n0\t0.5\n',
    'runs/ok.json': '{"acc": 0.9, "per_class": [0.8, 1.0]}',
  });

  it('show no values from them and a problem each; lists stay lists', async () => {
    const entry = await readDvcRepo(root, undefined, 20);
    const [workspace] = entry.snapshot.runs;
    const json = JSON.parse(encodeTypedRun(workspace)) as JsonRun;
    assert.deepEqual(json.metrics, { acc: 0.9 });
    assert.deepEqual(json.params, { 'train.lr': 0.1, 'train.sizes': [256, 512] });
    assert.equal(workspace.params['train.sizes'], '[256, 512]');
    const reasons = new Map(entry.snapshot.problems.map((p) => [path.relative(root, p.path), p.reason]));
    assert.match(reasons.get('runs/results.csv') ?? '', /read as YAML .*one string, not a mapping/);
    assert.match(reasons.get('runs/best.txt') ?? '', /one value, not a mapping/);
    assert.match(reasons.get('runs/scores.tsv') ?? '', /cannot start any token/);
    assert.match(reasons.get('conf/list.yaml') ?? '', /a list, not a mapping/);
    assert.equal(reasons.has('runs/ok.json'), false);
  });

  it('the CLI prints each on stderr and no CSV column', () => {
    const { stdout, stderr } = cli(['runs', '--json', root]);
    const [workspace] = JSON.parse(stdout) as JsonRun[];
    assert.deepEqual(Object.keys(workspace.metrics), ['acc']);
    for (const file of ['runs/results.csv', 'runs/best.txt', 'runs/scores.tsv', 'conf/list.yaml'])
      assert.ok(stderr.includes(`${path.join(root, file)}: `), `${file} in ${stderr}`);
  });
});

describe('other files DVC loads with each dvc.yaml', () => {
  const STAGE = 'stages:\n  train:\n    cmd: python train.py\n';
  const cases: [string, Record<string, string>, string, RegExp][] = [
    [
      'dvc.lock with conflict markers',
      { 'dvc.lock': '<<<<<<< HEAD\nschema: "2.0"\n' },
      'dvc.lock',
      /not valid YAML/,
    ],
    ['dvc.lock of DVC 1', { 'dvc.lock': 'train:\n  cmd: python train.py\n' }, 'dvc.lock', /'schema'/],
    [
      'a .dvc file with an unknown key',
      { 'data.dvc': 'outs:\n- path: data\n  bogus: 1\n' },
      'data.dvc',
      /bogus/,
    ],
    ['params.yaml that is a list', { 'params.yaml': '- 1\n' }, 'params.yaml', /expected a dictionary/],
  ];
  for (const [label, files, bad, reason] of cases) {
    it(`${label}: no params for the revision, a problem naming ${bad}`, async () => {
      const root = repoWith(label.replace(/\W+/g, '-'), {
        'params.yaml': PARAMS,
        'dvc.yaml': STAGE,
        ...files,
      });
      const entry = await readDvcRepo(root, undefined, 20);
      assert.deepEqual(
        entry.snapshot.runs.map((r) => r.params),
        [{}, {}],
      );
      const problem = entry.snapshot.problems.find((p) => p.path === path.join(root, bad));
      assert.ok(problem, JSON.stringify(entry.snapshot.problems));
      assert.match(problem.reason, reason);
    });
  }
});
