// The README's screenshots, taken from the demo workspace (scripts/demo-workspace.sh) in a real
// VS Code, so that they show what the extension shows. Run by scripts/screenshots.sh (through
// scripts/e2e.sh, which packages and installs the extension); writes PNGs into
// $MLOPS_LENS_SCREENSHOTS_DIR (docs/ by default). Not a test: nothing is asserted beyond getting there.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT, SKIP_REASON, configFromEnv } from '../harness/config';
import {
  DEMO,
  copyDemoWorkspace,
  demoWorkspace,
  setRunChecked,
  startLiveRun,
  waitForCompareLegend,
} from '../harness/demo';
import { makeTempDir } from '../harness/fixtures';
import {
  CONTAINER,
  PIPELINES_VIEW,
  RUNS_VIEW,
  openPipelineFile,
  showPipelinesView,
  waitForRunDetails,
} from '../harness/mlops';
import type { CodeServerSession } from '../harness/session';
import { useCodeServer } from '../harness/suite';
import { findRow } from '../harness/trees';
import { waitUntil } from '../harness/wait';

const config = configFromEnv();
const OUT = process.env.MLOPS_LENS_SCREENSHOTS_DIR || join(REPO_ROOT, 'docs');
const VIEWPORT = { width: 1280, height: 760 };
const EXPERIMENT = [DEMO.sweepStore, DEMO.experiment];
const PARENT = [...EXPERIMENT, DEMO.sweepParent];
const BEST = 'mlp-64x16-lr0.01-a0.0001';

/** Saves the whole window, or the part `selector` covers, as <OUT>/<name>.png. */
async function shoot(vs: CodeServerSession, name: string, selector?: string): Promise<void> {
  await vs.page.mouse.move(0, 0);
  await vs.page.waitForTimeout(800); // let charts and hovers settle
  const path = join(OUT, `${name}.png`);
  if (selector) await vs.page.locator(selector).first().screenshot({ path });
  else await vs.page.screenshot({ path });
  process.stderr.write(`# screenshot ${path}\n`);
}

describe('README screenshots from the demo workspace', { skip: config ? false : SKIP_REASON }, () => {
  let built = '';
  let live: ChildProcess | undefined;
  before(
    () => {
      built = demoWorkspace();
      mkdirSync(OUT, { recursive: true });
    },
    { timeout: 900_000 },
  );
  after(() => {
    live?.kill('SIGTERM');
  });
  const { vs } = useCodeServer(config, {
    shotPrefix: 'readme-',
    logName: 'code-server-readme.log',
    prepare: () => {
      const temp = makeTempDir('mlops-lens-readme-');
      const workspace = copyDemoWorkspace(built, temp);
      live = startLiveRun(workspace, 900);
      return { workspace, tempDir: temp, viewport: VIEWPORT };
    },
  });

  test('Runs view and run details', { timeout: 180_000 }, async () => {
    await vs().openViewContainer(CONTAINER);
    await vs().resizeSideBar(470);
    await vs().foldView(PIPELINES_VIEW);
    await vs().foldView('Data');
    await vs().ensureViewExpanded(RUNS_VIEW);
    await vs().waitForRows(
      RUNS_VIEW,
      (r) => findRow(r, [DEMO.sweepStore]) !== undefined,
      'sweep store',
      60_000,
    );
    await vs().collapseAll(RUNS_VIEW);
    await vs().revealPath(RUNS_VIEW, PARENT);
    await vs().waitForRows(
      RUNS_VIEW,
      (r) => findRow(r, [...EXPERIMENT, DEMO.liveRun]) !== undefined,
      'live run',
    );
    await shoot(vs(), 'runs-view', '.part.sidebar');
    const row = await vs().rowLocator(RUNS_VIEW, [...PARENT, BEST]);
    await row.locator('.label-name').first().click();
    await waitForRunDetails(vs(), BEST, 30_000);
    await shoot(vs(), 'run-details');
    await vs().closeAllEditors();
  });

  test('Compare Runs of three sweep runs', { timeout: 180_000 }, async () => {
    for (const name of DEMO.compared) await setRunChecked(vs(), [...PARENT, name], true);
    const frame = await waitForCompareLegend(vs(), DEMO.compared);
    await frame.locator('section.chart-card[data-metric="val_loss"] canvas').waitFor({ timeout: 20_000 });
    await shoot(vs(), 'compare-runs');
    await vs().closeAllEditors();
    for (const name of DEMO.compared) await setRunChecked(vs(), [...PARENT, name], false);
  });

  test('Runs Table of the sweep', { timeout: 120_000 }, async () => {
    await vs().collapseAll(RUNS_VIEW);
    const experiment = await vs().revealRow(RUNS_VIEW, EXPERIMENT);
    await vs().clickRowAction(experiment, 'Open Runs Table');
    const table = await waitUntil(async () => (await vs().shownWebviews())[0], {
      timeoutMs: 20_000,
      what: 'the Runs Table',
    });
    await table.locator('.grid-header [data-column="metric:val_accuracy"] .sort-button').click();
    await table.locator('.grid-header [data-column="metric:val_accuracy"] .sort-button').click();
    await shoot(vs(), 'runs-table');
    await vs().closeAllEditors();
  });

  test('Pipelines view with the CodeLens of dvc.yaml', { timeout: 120_000 }, async () => {
    await showPipelinesView(vs());
    await vs().waitForRows(
      PIPELINES_VIEW,
      (r) => /changed params/.test(findRow(r, [DEMO.dvcYaml, DEMO.staleStage])?.description ?? ''),
      'the stale stage',
      60_000,
    );
    await openPipelineFile(vs(), 'dvc.yaml');
    await waitUntil(async () => (await vs().codeLensTitles()).some((l) => /changed params/.test(l)), {
      timeoutMs: 30_000,
      what: 'the CodeLens statuses',
    });
    await shoot(vs(), 'pipelines-codelens');
    await vs().closeAllEditors();
  });

  test('Data view', { timeout: 120_000 }, async () => {
    await vs().foldView(PIPELINES_VIEW);
    await vs().foldView(RUNS_VIEW);
    await vs().ensureViewExpanded('Data');
    const raw = [DEMO.dvcProject, 'data/raw/tumours.csv'];
    await vs().waitForRows(
      'Data',
      (r) => findRow(r, raw) !== undefined,
      'tumours.csv in the Data view',
      60_000,
    );
    await vs().expandRow('Data', raw);
    await vs().expandRow('Data', [...raw, 'Versions']);
    await shoot(vs(), 'data-view', '.part.sidebar');
  });

  test('New Project wizard', { timeout: 120_000 }, async () => {
    await vs().runCommand('MLOps: New Project…');
    await vs().waitForQuickTitle(/^New MLOps Project \(1\/\d+\)$/);
    await vs().quickInputBox.fill('churn-model');
    await vs().quickInputBox.press('Enter');
    await vs().waitForQuickTitle(/\(2\//);
    await vs().quickInputBox.press('Enter');
    await vs().waitForQuickTitle(/\(3\//);
    await shoot(vs(), 'new-project-wizard');
    await vs().dismissQuickInput();
  });
});
