// The README's screenshots, taken from the demo workspace (scripts/demo-workspace.sh) in a real
// VS Code, so that they show what the extension shows. Run by scripts/screenshots.sh (through
// scripts/e2e.sh, which packages and installs the extension); writes PNGs into
// $MLOPS_LENS_SCREENSHOTS_DIR (docs/ by default). Not a test: nothing is asserted beyond getting there.
import { execFileSync, type ChildProcess } from 'node:child_process';
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
  tickUntilCompared,
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

/** Saves the window (or the part `selector` covers, or its top `height` pixels) as <OUT>/<name>.png. */
async function shoot(
  vs: CodeServerSession,
  name: string,
  part: { selector?: string; height?: number } = {},
): Promise<void> {
  await vs.page.mouse.move(0, 0);
  await vs.page.waitForTimeout(800); // let charts and hovers settle
  const path = join(OUT, `${name}.png`);
  const box = part.selector ? await vs.page.locator(part.selector).first().boundingBox() : undefined;
  const area = box ?? { x: 0, y: 0, ...VIEWPORT };
  await vs.page.screenshot({
    path,
    clip: { ...area, height: Math.min(area.height, part.height ?? area.height) },
  });
  process.stderr.write(`# screenshot ${path}\n`);
}

/** The MLOps container with only the Runs view open, on the sweep's runs. */
async function showSweep(vs: CodeServerSession): Promise<void> {
  await vs.openViewContainer(CONTAINER);
  await vs.resizeSideBar(470);
  await vs.foldView(PIPELINES_VIEW);
  await vs.foldView('Data');
  await vs.ensureViewExpanded(RUNS_VIEW);
  await vs.waitForRows(RUNS_VIEW, (r) => findRow(r, [DEMO.sweepStore]) !== undefined, 'sweep store', 60_000);
  await vs.collapseAll(RUNS_VIEW);
  await vs.revealPath(RUNS_VIEW, PARENT);
}

describe('README screenshots from the demo workspace', { skip: config ? false : SKIP_REASON }, () => {
  let built = '';
  let live: ChildProcess | undefined;
  let dvcProject = '';
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
      dvcProject = join(workspace, DEMO.dvcProject);
      live = startLiveRun(workspace, 900);
      return { workspace, tempDir: temp, viewport: VIEWPORT };
    },
  });

  test('Runs view and run details', { timeout: 180_000 }, async () => {
    await showSweep(vs());
    await vs().waitForRows(
      RUNS_VIEW,
      (r) => findRow(r, [...EXPERIMENT, DEMO.liveRun]) !== undefined,
      'live run',
      // The live run starts with the session; Python takes a while to get going on a busy machine.
      90_000,
    );
    await shoot(vs(), 'runs-view', { selector: '.part.sidebar' });
    // A click landing while the live run re-renders the tree can be lost: click again.
    await waitUntil(
      async () => {
        const row = await vs().rowLocator(RUNS_VIEW, [...PARENT, BEST]);
        await row.locator('.label-name').first().click();
        return waitForRunDetails(vs(), BEST, 5_000).catch(() => undefined);
      },
      { timeoutMs: 60_000, what: `the details of ${BEST}` },
    );
    await shoot(vs(), 'run-details');
    await vs().closeAllEditors();
  });

  test('Compare Runs of three sweep runs', { timeout: 180_000 }, async () => {
    await showSweep(vs());
    const frame = await tickUntilCompared(
      vs(),
      DEMO.compared.map((name) => [...PARENT, name]),
      DEMO.compared,
    );
    await frame.locator('section.chart-card canvas').first().waitFor({ timeout: 20_000 });
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
    // The live run re-renders the grid every second: a click that waits for a still element may
    // never get one, so the click event is dispatched (twice: descending).
    const sort = table.locator('.grid-header [data-column="metric:val_accuracy"] .sort-button');
    for (let i = 0; i < 2; i++) {
      await sort.dispatchEvent('click', undefined, { timeout: 20_000 });
      await vs().page.waitForTimeout(500);
    }
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
    await waitUntil(async () => (await vs().codeLensTitles()).some((l) => /Run stage/.test(l)), {
      timeoutMs: 60_000,
      what: 'the CodeLens of dvc.yaml',
    });
    await shoot(vs(), 'pipelines-codelens');
    await vs().closeAllEditors();
  });

  test('Data view', { timeout: 120_000 }, async () => {
    await vs().foldView(PIPELINES_VIEW);
    await vs().foldView(RUNS_VIEW);
    await vs().ensureViewExpanded('Data');
    // The project's row is labelled with its path from the workspace's parent folder.
    const rows = await vs().waitForRows(
      'Data',
      (r) => r.some((row) => row.level === 2 && row.label === 'data/raw/tumours.csv'),
      'tumours.csv in the Data view',
      60_000,
    );
    const project = rows.find((row) => row.level === 1 && row.label.endsWith(DEMO.dvcProject))!.label;
    const raw = [project, 'data/raw/tumours.csv'];
    await vs().expandRow('Data', raw);
    await vs().expandRow('Data', [...raw, 'Versions']);
    await shoot(vs(), 'data-view', { selector: '.part.sidebar', height: 340 });
  });

  test('Data Diff of the tracked table between two commits', { timeout: 180_000 }, async () => {
    const key = 'data/raw/tumours.csv';
    // The commit that first tracked the 400-row export, against HEAD (169 rows and a column more).
    const first = execFileSync('git', ['rev-parse', '--short=7', 'HEAD~2'], {
      cwd: dvcProject,
      encoding: 'utf8',
    }).trim();
    await vs().runCommand('MLOps: Compare Data Versions…');
    await vs().waitForQuickLabel(key, 30_000, 'the tracked files to pick from');
    await vs().quickInputBox.fill('tumours');
    await vs().quickRow(key).first().click();
    for (const version of [first, 'HEAD']) {
      await vs().quickRow(version).first().waitFor({ timeout: 15_000 });
      await vs().quickRow(version).first().click();
    }
    const frame = await vs().shownWebviewWhere(async (f) => (await f.locator('.diff-summary').count()) > 0, {
      timeoutMs: 60_000,
      what: 'the Data Diff summary',
    });
    await frame.locator('.diff-summary').first().waitFor({ timeout: 30_000 });
    await shoot(vs(), 'data-diff');
    await vs().closeAllEditors();
  });

  test('New Project wizard', { timeout: 120_000 }, async () => {
    await vs().runCommand('MLOps: New Project…');
    await vs().waitForQuickTitle(/^New MLOps Project \(1\/\d+\)$/);
    await vs().quickInputBox.fill('churn-model');
    await vs().quickInputBox.press('Enter');
    await vs().waitForQuickTitle(/\(2\//);
    await vs().quickInputBox.press('Enter');
    await vs().waitForQuickTitle(/\(3\//);
    await shoot(vs(), 'new-project-wizard', { height: 300 });
    await vs().dismissQuickInput();
  });
});
