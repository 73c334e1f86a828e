// The demo workspace (scripts/demo-workspace.sh, built with the real MLflow, DVC and Git; the test
// builds it when the cache has none) in a real VS Code: the MLOps view shows at start, the sweep's
// runs are listed with their key metric, three sweep runs compared draw three distinct curves, the
// stage left stale shows as changed, and the live training run's values grow while the test watches.
// Works on a temp copy. Run through scripts/e2e.sh, which packages and installs the extension first.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { SKIP_REASON, configFromEnv } from './harness/config';
import {
  DEMO,
  chartSeries,
  copyDemoWorkspace,
  demoWorkspace,
  setRunChecked,
  startLiveRun,
  tickUntilCompared,
} from './harness/demo';
import { makeTempDir } from './harness/fixtures';
import { CONTAINER, PIPELINES_VIEW, RUNS_VIEW, showPipelinesView } from './harness/mlops';
import { useCodeServer } from './harness/suite';
import { childRows, findRow, formatRows, type TreeRow } from './harness/trees';
import { waitUntil } from './harness/wait';

const config = configFromEnv();
const EXPERIMENT = [DEMO.sweepStore, DEMO.experiment];
const PARENT = [...EXPERIMENT, DEMO.sweepParent];
const LIVE = [...EXPERIMENT, DEMO.liveRun];
/** The first chart of Compare Runs (charts are sorted by name): drawn without scrolling. */
const METRIC = 'train_loss';

describe('MLOps Lens on the demo workspace (code-server)', { skip: config ? false : SKIP_REASON }, () => {
  let built = '';
  let live: ChildProcess | undefined;
  before(
    () => {
      const started = Date.now();
      built = demoWorkspace();
      process.stderr.write(`# demo workspace ready in ${Date.now() - started} ms: ${built}\n`);
    },
    { timeout: 900_000 },
  );
  after(() => {
    live?.kill('SIGTERM');
  });

  const { vs, ready, markReady, step } = useCodeServer(config, {
    shotPrefix: 'demo-',
    logName: 'code-server-demo.log',
    notReady: 'the MLOps view did not list the sweep (see the first test)',
    prepare: () => {
      const temp = makeTempDir('mlops-lens-e2e-demo-');
      const workspace = copyDemoWorkspace(built, temp);
      // Long enough for the whole file; the test stops it at the end.
      live = startLiveRun(workspace, 600);
      return { workspace, tempDir: temp };
    },
  });

  test(
    'the MLOps view is shown at start and lists the sweep with its key metric',
    { timeout: 120_000 },
    async (t) => {
      await step(t, '01-sweep', async () => {
        // mlopsLens.showViewOnStartup (the demo's folder settings) shows the container without a click.
        await waitUntil(
          () =>
            vs()
              .activityBarItem(CONTAINER)
              .first()
              .evaluate((el) => el.closest('.action-item')?.classList.contains('checked') === true),
          { timeoutMs: 45_000, what: 'the MLOps container to be shown at start' },
        );
        await vs().resizeSideBar(520);
        // The Runs view gets the whole side bar: its tree renders only the rows that fit.
        await vs().foldView(PIPELINES_VIEW);
        await vs().foldView('Data');
        await vs().ensureViewExpanded(RUNS_VIEW);
        await vs().waitForRows(
          RUNS_VIEW,
          (r) => findRow(r, [DEMO.sweepStore]) !== undefined,
          DEMO.sweepStore,
          60_000,
        );
        await vs().collapseAll(RUNS_VIEW);
        markReady();
        let rows = await ready().revealPath(RUNS_VIEW, PARENT);
        rows = await vs().waitForRows(
          RUNS_VIEW,
          (r) => childRows(r, PARENT).filter((c) => /val_accuracy\s+\d/.test(c.description)).length >= 5,
          'the sweep runs with their val_accuracy',
        );
        const children = childRows(rows, PARENT);
        t.diagnostic(`sweep rows:\n${formatRows(rows)}`);
        assert.match(
          findRow(rows, EXPERIMENT)!.description,
          /\b3[0-9] runs\b/,
          'the experiment counts the sweep',
        );
        for (const child of children.filter((c) => c.label.startsWith('mlp-')))
          assert.match(
            child.description,
            /val_accuracy\s+(0\.\d+|1)\b/,
            `${child.label}: "${child.description}"`,
          );
      });
    },
  );

  let frame: FrameLocator | undefined;
  test('three sweep runs compared draw three distinct curves', { timeout: 120_000 }, async (t) => {
    await step(t, '02-compare', async () => {
      await vs().collapseAll(RUNS_VIEW);
      const paths = DEMO.compared.map((name) => [...PARENT, name]);
      frame = await tickUntilCompared(ready(), paths, DEMO.compared);
      const series = await waitUntil(
        async () => {
          const found = await chartSeries(frame!, METRIC);
          return found.length === 3 && found.every((s) => s.points > 1) ? found : undefined;
        },
        { timeoutMs: 30_000, what: `three ${METRIC} series of more than one point` },
      );
      t.diagnostic(`${METRIC} series: ${JSON.stringify(series)}`);
      assert.deepEqual(series.map((s) => s.run).sort(), [...DEMO.compared].sort());
      assert.equal(
        new Set(series.map((s) => s.text.slice(s.text.indexOf(':')))).size,
        3,
        'three different curves',
      );
      const card = frame.locator(`section.chart-card[data-metric="${METRIC}"]`);
      await waitUntil(async () => (await card.getAttribute('data-runs-drawn')) === '3', {
        timeoutMs: 15_000,
        what: `the ${METRIC} chart to draw the three runs on scale`,
      });
    });
  });

  test('the live run’s values grow while the test watches', { timeout: 120_000 }, async (t) => {
    await step(t, '03-live', async () => {
      await setRunChecked(vs(), [...PARENT, DEMO.compared[0]], false);
      await vs().collapseRow(RUNS_VIEW, PARENT);
      // The live row re-renders every second: a tick landing just then can be lost (ticked again).
      frame = await tickUntilCompared(vs(), [LIVE], [...DEMO.compared.slice(1), DEMO.liveRun]);
      const pointsOf = async (): Promise<number> =>
        (await chartSeries(frame!, METRIC)).find((s) => s.run === DEMO.liveRun)?.points ?? 0;
      const first = await waitUntil(async () => (await pointsOf()) || undefined, {
        timeoutMs: 30_000,
        what: `the live run in the ${METRIC} chart`,
      });
      const later = await waitUntil(async () => ((await pointsOf()) >= first + 3 ? pointsOf() : undefined), {
        timeoutMs: 30_000,
        intervalMs: 250,
        what: `the live run to log 3 more epochs than ${first}`,
      });
      t.diagnostic(`live run: ${first} → ${later} points`);
      const rows: TreeRow[] = await vs().treeRows(RUNS_VIEW);
      t.diagnostic(`live run row: "${findRow(rows, LIVE)?.description}"`);
    });
  });

  test('the stage left stale shows as changed in the Pipelines view', { timeout: 90_000 }, async (t) => {
    await step(t, '04-stale-stage', async () => {
      await showPipelinesView(vs());
      const stage = [DEMO.dvcYaml, DEMO.staleStage];
      const rows = await vs().waitForRows(
        PIPELINES_VIEW,
        (r) => /changed params/.test(findRow(r, stage)?.description ?? ''),
        `${stage.join(' › ')} "changed params"`,
        60_000,
      );
      t.diagnostic(formatRows(rows));
      for (const upToDate of ['prepare', 'featurize', 'train'])
        assert.match(findRow(rows, [DEMO.dvcYaml, upToDate])?.description ?? '', /up to date/, upToDate);
    });
  });
});
