// The key metric rule (src/core/query/keyMetric.ts) on stores the real tools wrote: the fixtures
// of issue 11 (test/fixtures/mlflow-moved, test/fixtures/dvc-yolo) and corpus projects.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { guessDirection, bestIndexes } from '../../src/core/compare/best';
import type { Run } from '../../src/core/model';
import { isParamEcho, pickKeyMetric } from '../../src/core/query/keyMetric';
import { readDvcExperiments } from '../../src/core/sources/dvcExperiments/experiments';
import { dvcSnapshot } from '../../src/core/sources/dvcExperiments/runs';
import { readFileStore } from '../../src/core/sources/mlflow/fileStore';
import { readSqliteStore } from '../../src/core/sources/mlflow/sqliteStore';
import { extractYoloRepo, removeYoloRepo } from '../fixtures/dvc-yolo/extract';
import { corpusPath, corpusSkip } from './helpers/corpus';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const MOVED = path.join(FIXTURES, 'mlflow-moved');

async function movedStores(): Promise<Run[][]> {
  const file = (await readFileStore(path.join(MOVED, 'filestore', 'mlruns'))).snapshot.runs;
  const sqlite = (await readSqliteStore(path.join(MOVED, 'sqlite', 'mlflow.db'))).runs;
  return [file, sqlite];
}

const byExperiment = (runs: Run[], name: string): Run[] => runs.filter((r) => r.experimentName === name);

describe('key metric on real stores (issue 11)', () => {
  it('xgboost autolog metrics: validation-rmse, not best_iteration (MLflow file and SQLite stores)', async () => {
    for (const runs of await movedStores()) {
      const xgb = byExperiment(runs, 'xgboost-like');
      assert.equal(xgb.length, 1);
      assert.deepEqual(Object.keys(xgb[0].metrics).sort(), [
        'best_iteration',
        'stopped_iteration',
        'validation-rmse',
      ]);
      assert.equal(pickKeyMetric(xgb), 'validation-rmse');
    }
  });

  it('Keras metrics logged once: val_accuracy; best of each cross-entropy and fn/fp metric is the smallest', async () => {
    for (const runs of await movedStores()) {
      const keras = byExperiment(runs, 'keras-like');
      assert.equal(keras.length, 2);
      assert.equal(pickKeyMetric(keras), 'val_accuracy');
      for (const key of ['binary_crossentropy', 'val_binary_crossentropy', 'fn', 'fp', 'val_fn', 'val_fp']) {
        const values = keras.map((r) => r.metrics[key].value);
        assert.equal(guessDirection(key), 'min', key);
        assert.deepEqual(
          bestIndexes(values, guessDirection(key)),
          [values.indexOf(Math.min(...values))],
          key,
        );
      }
      for (const key of ['accuracy', 'val_accuracy']) assert.equal(guessDirection(key), 'max', key);
    }
  });

  it('a YOLOv5-shaped DVC project: metrics.mAP_0.5, never anchor_t from the hyp.yaml copy', async (t) => {
    const root = extractYoloRepo();
    t.after(() => removeYoloRepo(root));
    const { rows, workspaceRunning } = await readDvcExperiments(root);
    const runs = dvcSnapshot(root, rows, workspaceRunning).runs.filter(
      (r) => Object.keys(r.metrics).length > 0,
    );
    assert.ok(runs.length >= 3, 'workspace, HEAD and the experiment have metrics');
    for (const run of runs) {
      assert.ok('anchor_t' in run.metrics, 'DVC shows the hyp.yaml copy as metrics');
      assert.equal(run.metricSources?.anchor_t, 'runs/train/hyp.yaml');
      assert.equal(isParamEcho(run, 'anchor_t'), true);
      assert.equal(pickKeyMetric([run]), 'metrics.mAP_0.5');
    }
    assert.equal(pickKeyMetric(runs), 'metrics.mAP_0.5');
  });

  it(
    'corpus: the mlops-zoomcamp xgboost run (best_iteration, stopped_iteration, validation-rmse)',
    { skip: corpusSkip },
    async () => {
      const store = await readSqliteStore(
        corpusPath('DataTalksClub__mlops-zoomcamp', '02-experiment-tracking', 'mlflow.db'),
      );
      const xgb = store.runs.filter((r) => 'best_iteration' in r.metrics);
      assert.equal(xgb.length, 1);
      assert.equal(pickKeyMetric(xgb), 'validation-rmse');
      assert.equal(pickKeyMetric(store.runs), 'rmse', 'the metric most runs have');
    },
  );

  it(
    'corpus: scikit-learn autolog training_* metrics and a train/test regression project',
    { skip: corpusSkip },
    async () => {
      const autolog = (await readFileStore(corpusPath('manuelgilm__mlflow_for_ml_dev', 'mlruns'))).snapshot
        .runs;
      const scored = autolog.filter((r) => 'training_accuracy_score' in r.metrics);
      assert.ok(scored.length > 0);
      assert.equal(pickKeyMetric(scored), 'training_accuracy_score');
      const regression = await readSqliteStore(
        corpusPath('2025-2-productos__PRE-07-mlflow-tracking-basico-LissyGraceRestrepo', 'mlflow.db'),
      );
      assert.equal(pickKeyMetric(regression.runs), 'test_mae');
    },
  );
});
