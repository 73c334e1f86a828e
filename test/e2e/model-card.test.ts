// The Model card in a real VS Code (code-server + Chromium), on a temp copy of the models fixture
// (test/fixtures/models, written by the real MLflow): opened from a version in the Models view by its
// inline action, it shows the version's URIs, flavors with library versions, the signature table,
// the input example as a table, the environment files, the files and the version history; then
// "MLOps: Open Model…" opens another model's card from a quick pick.
// Run through scripts/e2e.sh, which packages and installs the extension first.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { SKIP_REASON, configFromEnv } from './harness/config';
import { makeTempDir } from './harness/fixtures';
import { CONTAINER, MODELS_VIEW, RUNS_VIEW } from './harness/mlops';
import { useCodeServer } from './harness/suite';
import { findRow } from './harness/trees';

const config = configFromEnv();
const ARCHIVE = path.resolve(__dirname, '..', 'fixtures', 'models', 'stores.tar.gz');

describe('MLOps Lens Model card (code-server)', { skip: config ? false : SKIP_REASON }, () => {
  const { vs, ready, markReady, step } = useCodeServer(config, {
    shotPrefix: 'model-card-',
    logName: 'code-server-model-card.log',
    notReady: 'the Models view never listed iris-classifier (see the first test)',
    prepare: () => {
      const temp = makeTempDir();
      execFileSync('tar', ['-xzf', ARCHIVE, '-C', temp]);
      return { workspace: path.join(temp, 'stores'), tempDir: temp };
    },
  });

  const card = (title: string): Promise<FrameLocator> =>
    vs().shownWebviewWhere(
      async (frame) => (await frame.locator('.card-header h1').textContent()) === title,
      {
        timeoutMs: 30_000,
        intervalMs: 300,
        what: `the model card of ${title}`,
      },
    );

  const cellsOf = (frame: FrameLocator, section: string): Promise<string[]> =>
    frame.locator(`[data-section="${section}"] td`).allTextContents();

  test('the Models view lists the registered models', async (t) => {
    await step(t, 'models-view', async () => {
      await vs().openViewContainer(CONTAINER);
      await vs().resizeSideBar(420);
      await vs().foldView(RUNS_VIEW);
      await vs().ensureViewExpanded(MODELS_VIEW, 60_000);
      await vs().waitForRows(
        MODELS_VIEW,
        (r) => findRow(r, ['iris-classifier']) !== undefined,
        'iris-classifier',
        60_000,
      );
    });
    markReady();
  });

  test('Open Model Card on a version shows its card', async (t) => {
    await step(t, 'card', async () => {
      const row = await ready().revealRow(MODELS_VIEW, ['iris-classifier', 'v2']);
      await ready().clickRowAction(row, 'Open Model Card');
      const frame = await card('iris-classifier v2');
      const uris = await frame.locator('.card-header .uri code').allTextContents();
      assert.deepEqual(uris, ['models:/iris-classifier/2', 'models:/iris-classifier@champion']);
      const flavors = await cellsOf(frame, 'flavors');
      assert.ok(flavors.includes('sklearn') && flavors.includes('1.9.1'), JSON.stringify(flavors));
      const signature = await cellsOf(frame, 'signature');
      assert.ok(
        signature.includes('sepal_length') && signature.includes('double'),
        JSON.stringify(signature),
      );
      const example = await frame.locator('[data-section="example"] th').allTextContents();
      assert.deepEqual(example, ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
      const environment = await frame.locator('[data-section="environment"] h3').allTextContents();
      assert.deepEqual(environment, ['python_env.yaml', 'requirements.txt', 'conda.yaml']);
      assert.ok((await cellsOf(frame, 'files')).includes('MLmodel'));
      const history = await cellsOf(frame, 'versions');
      assert.ok(history.includes('@champion') && history.includes('Archived'), JSON.stringify(history));
      assert.ok((await cellsOf(frame, 'run')).length > 0, 'the source run’s metrics and params are shown');
      await frame.locator('[data-section="example"]').scrollIntoViewIfNeeded();
    });
  });

  test('MLOps: Open Model… opens a card from a quick pick', async (t) => {
    await step(t, 'open-model', async () => {
      await ready().pickFromCommand('MLOps: Open Model…', 'pyfunc-scorer v1', 'pyfunc-scorer v1');
      const frame = await card('pyfunc-scorer v1');
      const flavors = await cellsOf(frame, 'flavors');
      assert.ok(flavors.includes('python_function'), JSON.stringify(flavors));
    });
  });
});
