// Issue 11's core rules in a real VS Code (code-server + Chromium), on stores the real tools wrote:
// a copy of an MLflow store logged on a Windows machine (test/fixtures/mlflow-moved) and a
// YOLOv5-shaped DVC repo (test/fixtures/dvc-yolo). Checked: the key metric beside each run
// (validation-rmse, not best_iteration; mAP, not anchor_t), the moved store's artifacts in run
// details, and the DVC workspace row (its status, no 1970 timestamps, its plots as artifacts) and
// baseline rows (short commit and subject). Run through scripts/e2e.sh.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT, SKIP_REASON, configFromEnv } from './harness/config';
import { copyFixtures, makeTempDir } from './harness/fixtures';
import { CONTAINER, RUNS_VIEW as VIEW, waitForRunDetails } from './harness/mlops';
import { useCodeServer } from './harness/suite';
import { childRows, formatRows, rowPaths, type TreeRow } from './harness/trees';

const config = configFromEnv();

/** The row whose label is `label` among the children of `parent`. */
function child(rows: readonly TreeRow[], parent: readonly string[], label: RegExp): string[] {
  const found = childRows(rows, parent).find((r) => label.test(r.label));
  assert.ok(found, `no row ${label} under ${parent.join(' › ')}:\n${formatRows(rows)}`);
  return [...parent, found.label];
}

describe('MLOps Lens issue 11 core rules (code-server)', { skip: config ? false : SKIP_REASON }, () => {
  const { vs, ready, markReady, step } = useCodeServer(config, {
    shotPrefix: 'core-',
    logName: 'code-server-runs-core.log',
    notReady: 'the Runs view never listed the stores (see the first test)',
    prepare: () => {
      const temp = makeTempDir('mlops-lens-e2e-core-');
      const workspace = join(temp, 'ws');
      copyFixtures(join(REPO_ROOT, 'test', 'fixtures', 'mlflow-moved'), workspace, 'moved');
      execFileSync('tar', [
        '-xzf',
        join(REPO_ROOT, 'test', 'fixtures', 'dvc-yolo', 'repo.tar.gz'),
        '-C',
        workspace,
      ]);
      return { workspace, tempDir: temp };
    },
  });

  let sources: TreeRow[] = [];
  const sourcePath = (label: RegExp): string[] => {
    const row = sources.find((r) => r.level === 1 && label.test(r.label));
    assert.ok(row, `no source ${label}:\n${formatRows(sources)}`);
    return [row.label];
  };

  test('the key metric beside each run is a quality metric', { timeout: 120_000 }, async (t) => {
    await step(t, '01-sources', async () => {
      await vs().openViewContainer(CONTAINER);
      await vs().resizeSideBar(560);
      await vs().ensureViewExpanded(VIEW);
      sources = await vs().waitForRows(
        VIEW,
        (rows) =>
          ['mlflow.db', 'mlruns', 'yolo'].every((s) =>
            rows.some((r) => r.level === 1 && r.label.includes(s)),
          ),
        'the SQLite store, the file store and the DVC repo',
        60_000,
      );
      await vs().collapseAll(VIEW);
      sources = await vs().treeRows(VIEW);
      t.diagnostic(`sources:\n${formatRows(sources)}`);
      markReady();
    });
    await step(t, '02-xgboost-key-metric', async () => {
      const experiment = child(
        await ready().revealPath(VIEW, sourcePath(/mlflow\.db/)),
        sourcePath(/mlflow\.db/),
        /xgboost-like/,
      );
      const rows = await vs().revealPath(VIEW, experiment);
      const run = childRows(rows, experiment)[0];
      t.diagnostic(`xgboost run row: ${run?.label} — ${run?.description}`);
      assert.match(run?.description ?? '', /^validation-rmse /, 'validation-rmse, not best_iteration');
    });
    await step(t, '03-yolo-key-metric', async () => {
      const repo = sourcePath(/yolo/);
      const master = child(await vs().revealPath(VIEW, repo), repo, /^master$/);
      const rows = await vs().revealPath(VIEW, master);
      const runs = childRows(rows, master);
      t.diagnostic(`master group:\n${formatRows(runs)}`);
      for (const run of runs)
        assert.match(run.description, /metrics\.mAP_0\.5 /, `${run.label}: mAP, not anchor_t`);
      // The branch tip is its commit: short sha and subject, not "master" again.
      assert.ok(
        runs.some((r) => /^[0-9a-f]{7} Train 3 epochs at lr0 0\.01$/.test(r.label)),
        'baseline label',
      );
      assert.ok(!runs.some((r) => r.label === 'master'), 'no run named like its group');
    });
  });

  test('run details: the moved store’s artifacts, and the DVC workspace', { timeout: 90_000 }, async (t) => {
    await step(t, '04-moved-sqlite-artifacts', async () => {
      const db = sourcePath(/mlflow\.db/);
      const rows = await ready().treeRows(VIEW);
      const experiment = rowPaths(rows).find(
        (p) => p.length === 2 && p[0] === db[0] && p[1] === 'xgboost-like',
      );
      assert.ok(experiment);
      const row = await vs().revealRow(VIEW, [...experiment, 'xgb-early-stopping']);
      await row.locator('.label-name').first().click();
      const frame = await waitForRunDetails(vs(), 'xgb-early-stopping');
      const files = await frame.locator('section.section-artifacts .artifact-name').allTextContents();
      t.diagnostic(`artifacts: ${JSON.stringify(files)}`);
      assert.ok(files.includes('feature_importance.json'), 'the artifacts are found beside the copied store');
      const root = await frame.locator('section.section-artifacts .artifact-root code').textContent();
      assert.match(root ?? '', /moved\/sqlite\/mlruns\/1\/[0-9a-f]{32}\/artifacts$/);
    });
    await step(t, '05-dvc-workspace', async () => {
      await vs().closeAllEditors();
      const repo = sourcePath(/yolo/);
      const row = await vs().revealRow(VIEW, [...repo, 'master', 'workspace']);
      await row.locator('.label-name').first().click();
      const frame = await waitForRunDetails(vs(), 'workspace');
      const header = (await frame.locator('header.run-header').textContent()) ?? '';
      t.diagnostic(`header: ${header}`);
      assert.ok(header.includes('Workspace, modified'), 'the workspace says it is modified');
      assert.ok(!header.includes('Finished'), 'not "Finished"');
      const times = await frame.locator('section.section-metrics table.kv-metrics td.time').allTextContents();
      t.diagnostic(`metric times: ${JSON.stringify(times.slice(0, 3))}`);
      assert.ok(times.length > 0 && times.every((time) => time === '—'), 'no 1970-01-01');
      const files = await frame.locator('section.section-artifacts .artifact-name').allTextContents();
      t.diagnostic(`artifacts: ${JSON.stringify(files)}`);
      for (const file of ['val_batch0_pred.png', 'confusion_matrix.png'])
        assert.ok(files.includes(file), file);
    });
  });
});
