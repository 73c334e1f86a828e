// Artifacts of stores copied from another machine, and of a DVC workspace (issue 11). The stores
// are test/fixtures/mlflow-moved (logged by the real MLflow, then given the Windows locations a
// copy from a Windows machine carries: see its generate.sh) and test/fixtures/dvc-yolo.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { artifactCandidates, listArtifacts } from '../../src/core/artifacts';
import type { Run } from '../../src/core/model';
import { readDvcExperiments } from '../../src/core/sources/dvcExperiments/experiments';
import { dvcSnapshot } from '../../src/core/sources/dvcExperiments/runs';
import { readFileStore } from '../../src/core/sources/mlflow/fileStore';
import { readSqliteStore } from '../../src/core/sources/mlflow/sqliteStore';
import { extractYoloRepo, removeYoloRepo } from '../fixtures/dvc-yolo/extract';
import { corpusPath, corpusSkip } from './helpers/corpus';
import { makeRun } from './helpers/runs';

const MOVED = path.resolve(__dirname, '../fixtures/mlflow-moved');

function listedPaths(listing: Awaited<ReturnType<typeof listArtifacts>>): string[] {
  return listing.kind === 'local' ? listing.entries.filter((e) => !e.isDir).map((e) => e.path) : [];
}

describe('artifacts of a store copied from a Windows machine', () => {
  it('SQLite store, file:///C:/… URIs: found in mlruns/<exp>/<run>/artifacts beside the database', async () => {
    // Before: a SQLite run has no run folder to fall back to, so "no artifacts on disk".
    const store = path.join(MOVED, 'sqlite', 'mlflow.db');
    const { runs } = await readSqliteStore(store);
    assert.equal(runs.length, 3);
    for (const run of runs) {
      assert.match(run.artifactUri ?? '', /^file:\/\/\/C:\/work\/proj\/mlruns\//);
      const listing = await listArtifacts(run);
      const expected = path.join(MOVED, 'sqlite', 'mlruns', run.experimentId, run.id, 'artifacts');
      assert.equal(listing.kind === 'local' && listing.root, expected, run.name ?? run.id);
      assert.ok(listedPaths(listing).length > 0);
    }
    const xgb = runs.find((r) => r.experimentName === 'xgboost-like');
    assert.deepEqual(listedPaths(await listArtifacts(xgb as Run)), [
      'feature_importance.json',
      'model/booster.txt',
    ]);
  });

  it('file store, D:/… paths and file:///D:/… URIs: found in the run folders', async () => {
    const { snapshot } = await readFileStore(path.join(MOVED, 'filestore', 'mlruns'));
    assert.equal(snapshot.runs.length, 3);
    const spellings = new Set(snapshot.runs.map((r) => (r.artifactUri ?? '').slice(0, 8)));
    assert.deepEqual([...spellings].sort(), ['D:/Users', 'file:///'], 'both spellings are exercised');
    for (const run of snapshot.runs) {
      const listing = await listArtifacts(run);
      assert.equal(listing.kind === 'local' && listing.root, path.join(run.runDir as string, 'artifacts'));
      // The relocated path comes before the run folder: it is the same place, found by the URI.
      assert.equal(
        artifactCandidates(run)[0],
        path.join(snapshot.store, run.experimentId, run.id, 'artifacts'),
      );
    }
  });
});

let scratch = '';
before(() => {
  scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-moved-')));
});
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('artifact candidates of moved stores (crafted layouts)', () => {
  it('finds a SQLite store’s artifacts under another machine’s POSIX path, and a renamed mlruns folder', async () => {
    const project = path.join(scratch, 'copy');
    const artifacts = path.join(project, 'mlruns', '4', 'run-a', 'artifacts');
    fs.mkdirSync(artifacts, { recursive: true });
    fs.writeFileSync(path.join(artifacts, 'model.pkl'), 'x');
    const run = makeRun({
      source: 'mlflow-sqlite',
      store: path.join(project, 'mlflow.db'),
      id: 'run-a',
      experimentId: '4',
      runDir: null,
      artifactUri: '/home/alice/work/proj/mlruns/4/run-a/artifacts',
    });
    assert.deepEqual(listedPaths(await listArtifacts(run)), ['model.pkl']);
    // A file store whose folder was renamed (mlruns → tracking): looked for inside the store too.
    const renamed = path.join(scratch, 'renamed', 'tracking');
    fs.mkdirSync(path.join(renamed, '4', 'run-b', 'artifacts', 'plots'), { recursive: true });
    fs.writeFileSync(path.join(renamed, '4', 'run-b', 'artifacts', 'plots', 'roc.png'), 'png');
    const fileRun = makeRun({
      source: 'mlflow-file',
      store: renamed,
      id: 'run-b',
      experimentId: '4',
      runDir: null,
      artifactUri: 'D:\\\\Users\\\\alice\\\\mlruns\\\\4\\\\run-b\\\\artifacts',
    });
    assert.deepEqual(listedPaths(await listArtifacts(fileRun)), ['plots/roc.png']);
  });

  it('says which paths it looked in when none exists', async () => {
    const store = path.join(scratch, 'empty', 'mlflow.db');
    const run = makeRun({
      source: 'mlflow-sqlite',
      store,
      id: 'r9',
      experimentId: '2',
      runDir: null,
      artifactUri: 'file:///D:/Users/alice/proj/mlruns/2/r9/artifacts',
    });
    const listing = await listArtifacts(run);
    assert.equal(listing.kind, 'none');
    const checked = listing.kind === 'none' ? (listing.checked ?? []) : [];
    assert.ok(
      checked.includes(path.join(scratch, 'empty', 'mlruns', '2', 'r9', 'artifacts')),
      checked.join('\n'),
    );
    assert.ok(
      checked.every((p) => path.isAbsolute(p) && p.startsWith(path.join(scratch, 'empty'))),
      'only local paths',
    );
  });

  it('never leaves the store’s folder through .. in a recorded path', () => {
    const run = makeRun({
      source: 'mlflow-sqlite',
      store: path.join(scratch, 'x', 'mlflow.db'),
      id: 'r1',
      runDir: null,
      artifactUri: 'D:/a/../../../etc/r1/artifacts',
    });
    assert.deepEqual(artifactCandidates(run), []);
  });

  it('finds a tracking server’s proxied artifacts (mlflow-artifacts:) in mlartifacts/ beside the store', async () => {
    const project = path.join(scratch, 'server');
    fs.mkdirSync(path.join(project, 'mlartifacts', '1', 'r2', 'artifacts'), { recursive: true });
    fs.writeFileSync(path.join(project, 'mlartifacts', '1', 'r2', 'artifacts', 'm.txt'), 'm');
    const run = makeRun({
      source: 'mlflow-sqlite',
      store: path.join(project, 'mlflow.db'),
      id: 'r2',
      runDir: null,
      artifactUri: 'mlflow-artifacts:/1/r2/artifacts',
    });
    assert.deepEqual(listedPaths(await listArtifacts(run)), ['m.txt']);
    const elsewhere = { ...run, store: path.join(scratch, 'nowhere', 'mlflow.db') };
    assert.deepEqual(await listArtifacts(elsewhere), {
      kind: 'remote',
      uri: 'mlflow-artifacts:/1/r2/artifacts',
    });
  });
});

describe('artifacts in corpus stores copied from other machines', { skip: corpusSkip }, () => {
  it('a macOS file store (file:///Users/…): the run folders’ artifacts', async () => {
    const { snapshot } = await readFileStore(corpusPath('03MuskaanJain__Iris_MLFlow', 'mlruns'));
    const run = snapshot.runs.find((r) => r.id === '4ef5854252b74eaead2df1501e3dd622') as Run;
    const listing = await listArtifacts(run);
    assert.equal(listing.kind === 'local' && listing.root, path.join(run.runDir as string, 'artifacts'));
  });

  it('a Windows SQLite store whose artifacts were not committed: says where it looked', async () => {
    const dir = corpusPath('2025-2-productos__PRE-07-mlflow-tracking-basico-LissyGraceRestrepo');
    const { runs } = await readSqliteStore(path.join(dir, 'mlflow.db'));
    const run = runs[0];
    const listing = await listArtifacts(run);
    assert.equal(listing.kind, 'none');
    const checked = listing.kind === 'none' ? (listing.checked ?? []) : [];
    assert.ok(
      checked.includes(path.join(dir, 'mlruns', run.experimentId, run.id, 'artifacts')),
      checked.join('\n'),
    );
  });
});

describe('artifacts of a DVC workspace', () => {
  it('lists its plots: DVCLive images and histories, and the stage plot outputs', async (t) => {
    // Before: "no artifacts" (a DVC run records no artifact URI).
    const repo = extractYoloRepo();
    t.after(() => removeYoloRepo(repo));
    const { rows, workspaceRunning } = await readDvcExperiments(repo);
    const runs = dvcSnapshot(repo, rows, workspaceRunning).runs;
    const listing = await listArtifacts(runs[0]);
    assert.equal(listing.kind === 'local' && listing.root, repo);
    const files = listedPaths(listing);
    for (const expected of [
      'dvclive/plots/images/val_batch0_pred.png',
      'dvclive/plots/metrics/metrics/mAP_0.5.tsv',
      'runs/train/confusion_matrix.png',
    ])
      assert.ok(files.includes(expected), `${expected} in ${files.join(', ')}`);
    assert.ok(!files.includes('runs/train/hyp.yaml'), 'metrics files are not artifacts');
    assert.equal(new Set(files).size, files.length, 'each file once');
    // A commit's and an experiment's plots are in Git and DVC's cache, not on disk.
    for (const run of runs.slice(1))
      assert.deepEqual(await listArtifacts(run), { kind: 'none', checked: [] });
  });

  it('says where it looked when the plots were not produced yet', async (t) => {
    const repo = extractYoloRepo();
    t.after(() => removeYoloRepo(repo));
    fs.rmSync(path.join(repo, 'dvclive', 'plots'), { recursive: true });
    fs.rmSync(path.join(repo, 'runs', 'train', 'confusion_matrix.png'));
    const { rows, workspaceRunning } = await readDvcExperiments(repo);
    const listing = await listArtifacts(dvcSnapshot(repo, rows, workspaceRunning).runs[0]);
    assert.equal(listing.kind, 'none');
    assert.ok(
      listing.kind === 'none' &&
        listing.checked?.includes(path.join(repo, 'runs', 'train', 'confusion_matrix.png')),
    );
  });
});
