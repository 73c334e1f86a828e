import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { dvcChangeScope, encodeTypedRun, readDvcRepo } from '../../src/core/index/dvcStores';
import { RunIndex } from '../../src/core/index/runIndex';
import type { FileTree } from '../../src/core/sources/dvclive/fileTree';
import { readDvcExperiments, type ExpRow } from '../../src/core/sources/dvcExperiments/experiments';
import { GitObjects, parseCommit, parseTree } from '../../src/core/sources/dvcExperiments/gitObjects';
import { experimentRef, readRepoRefs } from '../../src/core/sources/dvcExperiments/gitRefs';
import { dvcRowHistory } from '../../src/core/sources/dvcExperiments/history';
import { collectRevision, selectKeys } from '../../src/core/sources/dvcExperiments/revision';
import { displayNames, dvcSnapshot } from '../../src/core/sources/dvcExperiments/runs';
import { schemaViolation } from '../../src/core/sources/dvcExperiments/schema';
import { trackedVarsOf } from '../../src/core/sources/dvcExperiments/trackedVars';

const FIXTURE = path.resolve(__dirname, '../fixtures/dvc-exp/repo.tar.gz');
const DVCLIVE = path.resolve(__dirname, '../fixtures/dvclive/generated');
let scratch = '';
let repo = '';

before(() => {
  scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-dvc-exp-')));
  execFileSync('tar', ['-xzf', FIXTURE, '-C', scratch]);
  repo = path.join(scratch, 'repo');
});
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

function memoryTree(files: Record<string, string>): FileTree {
  return {
    read: async (p) => files[p] ?? null,
    list: async (dir) => Object.keys(files).filter((f) => dir === '' || f.startsWith(`${dir}/`)),
  };
}

/** Git in the fixture repo, with an identity of its own: an annotated tag needs a committer. */
function git(...args: string[]): string {
  const identity = ['-c', 'user.name=MLOps Lens tests', '-c', 'user.email=tests@mlops-lens.invalid'];
  return execFileSync('git', [...identity, ...args], { cwd: repo, encoding: 'utf8' }).trim();
}

describe('Git plumbing', () => {
  it('parses commit headers and binary trees', () => {
    const commit = parseCommit(
      'abc',
      'tree 1111\nparent 2222\nparent 3333\nauthor A <a> 1 +0000\ncommitter C <c> 1700000000 +0200\n\nmsg\n',
    );
    assert.deepEqual(commit, {
      sha: 'abc',
      tree: '1111',
      parents: ['2222', '3333'],
      time: 1700000000000,
      subject: 'msg',
    });
    const oid = Buffer.alloc(20, 0xab);
    const tree = Buffer.concat([Buffer.from('100644 a.txt\0'), oid, Buffer.from('40000 dir\0'), oid]);
    assert.deepEqual(parseTree(tree, 20), [
      { name: 'a.txt', oid: 'ab'.repeat(20), kind: 'blob' },
      { name: 'dir', oid: 'ab'.repeat(20), kind: 'tree' },
    ]);
  });

  it('reads commits, trees and blobs through one cat-file process; missing objects are null', async () => {
    const objects = new GitObjects(repo);
    try {
      const head = await objects.commit('HEAD');
      assert.equal(head?.sha, git('rev-parse', 'HEAD'));
      const entries = await objects.tree(head?.tree ?? '');
      assert.ok(entries.some((e) => e.name === 'dvc.yaml' && e.kind === 'blob'));
      assert.equal(await objects.object('HEAD:no/such/file'), null);
      const [a, b] = await Promise.all([objects.object('HEAD:params.yaml'), objects.object('HEAD:dvc.yaml')]);
      assert.match(a?.content.toString() ?? '', /lr: 0.1/);
      assert.match(b?.content.toString() ?? '', /stages:/);
    } finally {
      objects.close();
    }
  });

  it('names experiments from refs and skips queue, executor and temp refs', async () => {
    const sha = 'f'.repeat(40);
    assert.deepEqual(experimentRef(`refs/exps/ab/${'c'.repeat(38)}/my-exp`, sha, 5), {
      ref: `refs/exps/ab/${'c'.repeat(38)}/my-exp`,
      name: 'my-exp',
      baseline: `ab${'c'.repeat(38)}`,
      sha,
      time: 5,
    });
    for (const ref of [
      'refs/exps/stash',
      'refs/exps/celery/stash',
      'refs/exps/exec/EXEC_HEAD',
      'refs/exps/temp/x',
    ])
      assert.equal(experimentRef(ref, sha, 0), null);
    const objects = new GitObjects(repo);
    try {
      const refs = await readRepoRefs(repo, objects);
      assert.equal(refs?.headBranch, 'main');
      assert.equal(refs?.head, git('rev-parse', 'HEAD'));
      assert.equal(refs?.names.get(refs.head ?? ''), 'main');
      assert.equal(refs?.experiments.length, 4);
      const tip = refs?.experiments.find((e) => e.name === 'named-exp');
      assert.equal(tip?.time, Number(git('log', '-1', '--format=%ct', tip?.sha ?? '')) * 1000);
      // Packed refs and an annotated tag read from files the same way.
      git('tag', '-a', '-m', 'release', 'v1', 'HEAD~1');
      git('pack-refs', '--all');
      const packed = await readRepoRefs(repo, objects);
      assert.equal(packed?.names.get(git('rev-parse', 'HEAD~1')), 'v1');
      assert.deepEqual(
        packed?.experiments.map((e) => e.sha).sort(),
        refs?.experiments.map((e) => e.sha).sort(),
      );
      git('tag', '-d', 'v1');
    } finally {
      objects.close();
    }
    assert.equal(await readRepoRefs(os.tmpdir(), new GitObjects(os.tmpdir())), null);
  });
});

describe('readDvcExperiments on a repo made by dvc exp run', () => {
  let rows: ExpRow[] = [];
  before(async () => {
    rows = (await readDvcExperiments(repo)).rows;
  });

  it('lists the workspace, each baseline and its experiments newest first', () => {
    const head = git('rev-parse', 'HEAD');
    const first = git('rev-parse', 'HEAD~1');
    assert.deepEqual(
      rows.map((r) => [r.kind, r.baseline === head ? 'HEAD' : r.baseline === first ? 'HEAD~1' : r.baseline]),
      [
        ['workspace', 'HEAD'],
        ['baseline', 'HEAD'],
        ['experiment', 'HEAD'],
        ['experiment', 'HEAD'],
        ['experiment', 'HEAD'],
        ['baseline', 'HEAD~1'],
        ['experiment', 'HEAD~1'],
        ['baseline', git('rev-parse', 'HEAD~2')],
      ],
    );
    assert.equal(rows[1].name, 'main');
    assert.equal(rows[5].name, first.slice(0, 7));
    assert.equal(rows[2].name, 'named-exp');
  });

  it('reads params (whole files and selected keys) and metrics at each revision', () => {
    assert.deepEqual(rows[0].data.params['params.yaml'].data, {
      train: { lr: 0.3, epochs: 4 },
      model: { name: 'cnn', layers: [16, 8] },
      seed: 1,
    });
    assert.deepEqual(rows[0].data.params['conf/extra.json'].data, { seed: 3 });
    const named = rows[2].data;
    assert.deepEqual(named.metrics['eval/metrics.yaml'].data, {
      eval: { model: 'mlp', score: 867 },
      lr_used: 0.1,
    });
    assert.deepEqual(named.metrics['dvclive/metrics.json'].data, {
      train: { loss: 0.867, acc: 0.5665 },
      step: 1,
    });
    // Kept in DVC's cache, not in Git: read through dvc.lock's md5 at that commit.
    assert.equal(git('ls-tree', '-r', '--name-only', rows[2].rev).includes('eval/summary.json'), false);
    assert.deepEqual(named.metrics['eval/summary.json'].data, { summary: { passed: false } });
  });

  it('shows a key in several files as file:key, as the exp show table does', () => {
    const names = displayNames(rows);
    assert.equal(names.params.get('params.yaml')?.get('seed'), 'params.yaml:seed');
    assert.equal(names.params.get('conf/extra.json')?.get('seed'), 'conf/extra.json:seed');
    assert.equal(names.params.get('params.yaml')?.get('train.lr'), 'train.lr');
  });

  it('maps rows to runs: experiments under their baseline, typed values beside strings', () => {
    const snapshot = dvcSnapshot(repo, rows, false);
    assert.equal(snapshot.source, 'dvc');
    const [workspace, main, named] = snapshot.runs;
    assert.deepEqual([workspace.id, workspace.name, workspace.startTime], ['workspace', 'workspace', null]);
    assert.equal(named.parentId, main.id);
    assert.equal(named.experimentId, main.id);
    assert.equal(named.params['model.layers'], '[16, 8]');
    assert.equal(named.paramValues?.['train.epochs'], 2);
    assert.equal(named.metrics['train.loss'].value, 0.867);
    assert.equal(named.metrics['train.loss'].step, 1);
    assert.equal(named.metricValues?.['eval.model'], 'mlp');
    assert.equal(named.metrics['eval.model'], undefined);
    assert.deepEqual(
      snapshot.experiments.map((e) => e.name),
      ['main', rows[5].name, rows[7].name],
    );
    const json = JSON.parse(encodeTypedRun(named)) as {
      params: Record<string, unknown>;
      metrics: Record<string, unknown>;
    };
    assert.equal(json.params['train.lr'], 0.1);
    assert.equal(json.metrics['eval.model'], 'mlp');
  });

  it('limits baselines to the depth and reuses data already read for a commit', async () => {
    const shallow = await readDvcExperiments(repo, { depth: 1 });
    assert.equal(shallow.rows.length, 5);
    const marker = { params: {}, metrics: { 'marker.json': { data: { reused: 1 } } }, dvcfiles: [] };
    const reused = await readDvcExperiments(repo, { depth: 1, revisions: new Map([[rows[2].rev, marker]]) });
    assert.equal(reused.rows[2].data, marker);
  });

  it('reads metric histories from the DVCLive TSVs of the row’s own revision', async () => {
    const named = await dvcRowHistory(repo, rows, rows[2], 'train.loss');
    const tsv = git('show', `${rows[2].rev}:dvclive/plots/metrics/train/loss.tsv`);
    const expected = tsv
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t').map(Number));
    assert.deepEqual(
      named.points.map((p) => [p.step, p.value]),
      expected,
    );
    assert.equal(named.points.length, 2);
    assert.ok(named.points.every((p) => p.timestamp === rows[2].time));
    const workspace = await dvcRowHistory(repo, rows, rows[0], 'train.acc');
    assert.equal(workspace.points.length, 4);
    assert.ok(
      workspace.points.every((p) => (p.timestamp ?? 0) > 1.6e12),
      'workspace points carry the file time',
    );
    assert.deepEqual(await dvcRowHistory(repo, rows, rows[0], 'no.such.metric'), {
      points: [],
      problems: [],
    });
  });
});

describe('what DVC reads at a revision', () => {
  it('selects keys as dpath does and leaves sub-repos out', async () => {
    assert.deepEqual(selectKeys({ a: { b: 1, c: 2 }, d: [1, 2] }, ['a.b', 'd', 'missing']), {
      a: { b: 1 },
      d: [1, 2],
    });
    const tree = memoryTree({
      'dvc.yaml': 'stages:\n  s:\n    cmd: x\n    params:\n      - p.json:\n          - k\n',
      'p.json': '{"k": 1, "other": 2}',
      'sub/.dvc/config': '',
      'sub/dvc.yaml': 'params:\n  - sub.yaml\n',
      'sub/sub.yaml': 'z: 1\n',
    });
    const data = await collectRevision(tree, '/repo');
    assert.deepEqual(data.dvcfiles, ['dvc.yaml']);
    assert.deepEqual(data.params, { 'p.json': { data: { k: 1 } } });
  });

  it('rejects what DVC 3’s schema rejects', () => {
    assert.equal(schemaViolation('stages:\n  a:\n    cmd: x\n    metrics:\n      - m.json\n'), null);
    assert.match(
      schemaViolation('stages:\n  a:\n    cmd: x\n    metrics_no_cache:\n      - m.json\n') ?? '',
      /metrics_no_cache/,
    );
    assert.match(schemaViolation('stages: {}\nextra: 1\n') ?? '', /extra/);
    assert.equal(
      schemaViolation('stages:\n  a:\n    foreach: [1]\n    do:\n      cmd: echo ${item}\n'),
      null,
    );
  });

  it('tracks values stages take from vars files, foreach items included', async () => {
    const tree = memoryTree({
      'dvc.yaml': [
        'vars:',
        '  - cfg.yaml:sizes,lr',
        '  - {local: 1}',
        'stages:',
        '  a:',
        '    cmd: train --lr ${lr} --local ${local}',
        '  b:',
        '    foreach: ${sizes}',
        '    do:',
        '      cmd: echo ${key} ${item}',
        '',
      ].join('\n'),
      'cfg.yaml': 'sizes: {small: 1, large: 3}\nlr: 0.1\nunused: 2\n',
    });
    assert.deepEqual(await trackedVarsOf(tree, 'dvc.yaml', (await tree.read('dvc.yaml')) ?? ''), {
      'cfg.yaml': { lr: 0.1, 'sizes.small': 1, 'sizes.large': 3 },
    });
  });
});

describe('DVC stores in the run index', () => {
  it('finds a DVC repo and a DVCLive folder outside it, with histories for both', async () => {
    const workspace = path.join(scratch, 'workspace');
    fs.mkdirSync(workspace);
    fs.cpSync(repo, path.join(workspace, 'repo'), { recursive: true });
    fs.cpSync(path.join(DVCLIVE, 'folds'), path.join(workspace, 'cv'), { recursive: true });
    const index = new RunIndex({ roots: [workspace] });
    await index.refresh();
    assert.deepEqual(
      index.snapshots.map((s) => [s.source, path.relative(workspace, s.store), s.runs.length]),
      [
        ['dvclive', 'cv', 3],
        ['dvc', 'repo', 8],
      ].sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    );
    const fold = index.findRun(path.join(workspace, 'cv'), 'fold_2');
    assert.ok(fold);
    assert.equal((await index.history(fold, 'loss')).points.length, 3);
    const named = index.allRuns().find((r) => r.name === 'named-exp');
    assert.ok(named);
    assert.equal((await index.history(named, 'train.loss')).points.length, 2);
    // `runs --json` prints DVC's typed values.
    const encoded = index
      .encodedRuns()
      .map((r) => JSON.parse(Buffer.from(r.json).toString()) as Record<string, unknown>);
    const json = encoded.find((r) => r.name === 'named-exp') as {
      source: string;
      params: Record<string, unknown>;
    };
    assert.equal(json.source, 'dvc');
    assert.equal(json.params['train.epochs'], 2);
    assert.equal((encoded.find((r) => r.id === 'fold_0') as { source: string }).source, 'dvclive');
  });

  it('rereads the workspace when a params file changes and the revisions when refs move', async () => {
    const copy = path.join(scratch, 'events');
    fs.cpSync(repo, copy, { recursive: true });
    const cacheFile = path.join(scratch, 'events.v8');
    const index = new RunIndex({ roots: [copy], cacheFile });
    await index.refresh();
    const params = path.join(copy, 'params.yaml');
    fs.writeFileSync(params, fs.readFileSync(params, 'utf8').replace('lr: 0.3', 'lr: 0.7'));
    assert.equal(await index.applyChanges([params]), true);
    assert.equal(index.findRun(copy, 'workspace')?.paramValues?.['train.lr'], 0.7);
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: copy, encoding: 'utf8' }).trim();
    const ref = `refs/exps/${head.slice(0, 2)}/${head.slice(2)}/copied-exp`;
    execFileSync('git', ['update-ref', ref, 'HEAD~1'], { cwd: copy });
    assert.equal(await index.applyChanges([path.join(copy, '.git', ...ref.split('/'))]), true);
    assert.ok(index.allRuns().some((r) => r.name === 'copied-exp'));
    assert.equal(await index.applyChanges([path.join(copy, 'data.bin')]), false);
    index.persist();
    const warm = new RunIndex({ roots: [copy], cacheFile });
    await warm.refresh();
    assert.equal(warm.allRuns().length, index.allRuns().length);
  });

  it('marks the workspace running while DVCLive signals a run, and says which changes matter', async () => {
    const copy = path.join(scratch, 'running');
    fs.cpSync(repo, copy, { recursive: true });
    fs.mkdirSync(path.join(copy, '.dvc', 'tmp', 'exps', 'run'), { recursive: true });
    fs.writeFileSync(
      path.join(copy, '.dvc', 'tmp', 'exps', 'run', 'DVCLIVE_ONLY'),
      '{"exp_name": "x", "pid": 1}',
    );
    const entry = await readDvcRepo(copy, undefined, 1);
    assert.equal(entry.snapshot.runs[0].status, 'RUNNING');
    const reread = await readDvcRepo(copy, entry, 1);
    assert.equal(reread.rows[1].data, entry.rows[1].data);
    assert.equal(dvcChangeScope(path.join(copy, 'params.yaml'), copy), 'workspace');
    assert.equal(dvcChangeScope(path.join(copy, '.git', 'refs', 'exps', 'x'), copy), 'revisions');
    assert.equal(dvcChangeScope(path.join(copy, '.git', 'objects', 'ab'), copy), 'none');
    assert.equal(dvcChangeScope(path.join(copy, 'data', 'img.png'), copy), 'none');
    assert.equal(dvcChangeScope(path.join(copy, 'data.dvc'), copy), 'workspace');
    assert.equal(dvcChangeScope(path.join(scratch, 'elsewhere.yaml'), copy), 'none');
  });
});
