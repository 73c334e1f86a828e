// The Compare Runs panel in a real VS Code (code-server + Chromium): ticking runs in the Runs view
// opens it, charts and the HTML legend render, run names and param values that are HTML stay text,
// "only differences" hides equal params, and a value appended to a RUNNING run's metric file shows
// up in its chart without the chart being recreated. One workbench session for the whole file.
// Run through scripts/e2e.sh, which packages and installs the extension first.
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { FrameLocator, Locator } from 'playwright-core';
import { chromium, type Page } from 'playwright-core';
import { installStubApi, loadSnapshot, postSnapshot, startPageServer } from '../../bench/compare/page';
import { HistoryCache } from '../../src/core/compare/historyCache';
import { RunIndex } from '../../src/core/index/runIndex';
import type { Run } from '../../src/core/model';
import type { HostOptions, WebviewMessage } from '../../src/views/compare/protocol';
import { buildSnapshot } from '../../src/views/compare/snapshot';
import { REPO_ROOT, SKIP_REASON, configFromEnv } from './harness/config';
import { findFileStoreRun, renameFileStoreRun } from './harness/fixtures';
import { FILESTORE, RUNS_VIEW as VIEW, openRunsView, useMlflowSuite } from './harness/mlops';
import { waitUntil } from './harness/wait';

const config = configFromEnv();
const BASICS = [FILESTORE, 'fixture-basics'];
const LIVE = [FILESTORE, 'fixture-live'];
/** The file store's `tuned` run is renamed to this, and one of its params set to XSS_VALUE (temp copy only). */
const XSS_NAME = '<img src=x onerror=alert(1)>';
const XSS_VALUE = '</script><script>alert(2)</script>';

describe('MLOps Lens Compare Runs panel (code-server)', { skip: config ? false : SKIP_REASON }, () => {
  const { vs, ready, markReady, dialogs, step, workspace } = useMlflowSuite(config, {
    shotPrefix: 'compare-',
    logName: 'code-server-compare.log',
    edit: (copy) => {
      // XSS probes, in the temp copy only: tuned gets an HTML name and a script-like param value.
      const { runDir } = renameFileStoreRun(copy, 'tuned', XSS_NAME);
      writeFileSync(join(runDir, 'params', 'l1_ratio'), XSS_VALUE);
    },
  });

  /** The checkbox of the run row at `path` (its ancestors are expanded first). */
  async function checkbox(path: readonly string[]): Promise<Locator> {
    return (await ready().revealRow(VIEW, path)).locator('.custom-view-tree-node-item-checkbox');
  }

  async function setChecked(path: readonly string[], checked: boolean): Promise<void> {
    const box = await checkbox(path);
    const state = async (): Promise<boolean> => (await box.getAttribute('aria-checked')) === 'true';
    if ((await state()) !== checked) await box.click();
    await waitUntil(async () => (await state()) === checked, {
      timeoutMs: 5_000,
      what: `${path.at(-1)} to be ${checked ? 'ticked' : 'unticked'}`,
    });
  }

  /** The document of the Compare Runs webview. */
  const compareFrame = (): FrameLocator => vs().shownWebview();

  /** Waits until the panel's legend lists exactly `names` (in any order), and returns the frame. */
  async function waitForLegend(names: readonly string[], timeoutMs = 20_000): Promise<FrameLocator> {
    const want = [...names].sort();
    let seen: string[] = [];
    await waitUntil(
      async () => {
        seen = (await compareFrame().locator('ul.run-legend .run-name').allTextContents()).sort();
        return JSON.stringify(seen) === JSON.stringify(want);
      },
      { timeoutMs, intervalMs: 200, what: `the compare legend to list ${JSON.stringify(want)}` },
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}; legend: ${JSON.stringify(seen)}`);
    });
    return compareFrame();
  }

  /** data-key of the table rows shown in one section. */
  async function tableKeys(frame: FrameLocator, section: string): Promise<string[]> {
    return frame
      .locator(`table.compare-table tbody[data-section="${section}"] tr[data-key]`)
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key') ?? ''));
  }

  /** The number of points the loss chart holds for the run named `name` (from its text summary). */
  async function lossPoints(frame: FrameLocator, name: string): Promise<number> {
    const items = frame.locator('section.chart-card[data-metric="loss"] ul.series-summary li');
    const all = await items.evaluateAll((lis) =>
      lis.map((li) => [li.textContent ?? '', li.getAttribute('data-points') ?? '']),
    );
    const found = all.find(([text]) => text.startsWith(`${name}:`));
    return found ? Number(found[1]) : -1;
  }

  test(
    'ticking three runs opens the panel with a chart per metric and the runs in the legend',
    { timeout: 90_000 },
    async (t) => {
      await step(t, '01-ticked', async () => {
        await openRunsView(vs(), 420);
        markReady();
        for (const name of ['baseline', XSS_NAME, 'long-run']) await setChecked([...BASICS, name], true);
      });

      await step(t, '02-panel', async () => {
        // Ticking the second run opened the panel; the view's action shows the same runs. Wait for
        // the panel first: while it opens it takes the focus, which closes a command palette opened then.
        await waitForLegend(['baseline', XSS_NAME, 'long-run']);
        await vs().runCommand('MLOps: Compare Checked Runs');
        const frame = await waitForLegend(['baseline', XSS_NAME, 'long-run']);
        const cards = await frame
          .locator('section.chart-card')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-metric')));
        t.diagnostic(`chart cards: ${JSON.stringify(cards)}`);
        assert.deepEqual(cards, ['loss', 'mae', 'n_iter', 'r2', 'rmse'], 'one chart per metric, sorted');
        await waitUntil(async () => (await frame.locator('section.chart-card canvas').count()) >= 2, {
          timeoutMs: 10_000,
          what: 'the visible charts to be drawn on canvases',
        });
        const canvases = await frame.locator('section.chart-card canvas').count();
        t.diagnostic(`canvases: ${canvases}`);
        assert.equal(await lossPoints(frame, 'long-run'), 1000, 'long-run logged 1000 loss values');
        const tab = await vs()
          .page.locator('.editor-group-container .tab.active')
          .first()
          .getAttribute('aria-label');
        assert.equal(tab, 'Compare: 3 runs');
      });

      await step(t, '03-xss-inert', async () => {
        const frame = compareFrame();
        assert.equal(await frame.locator('img').count(), 0, 'no img element in the panel');
        assert.equal(
          await frame.locator('ul.run-legend button', { hasText: XSS_NAME }).count(),
          1,
          'the name is text',
        );
        await vs().page.waitForTimeout(500);
        assert.deepEqual(dialogs, [], 'no dialog was opened');
      });
    },
  );

  test(
    'the table shows params as text, and "only differences" hides equal params',
    { timeout: 90_000 },
    async (t) => {
      await step(t, '04-table', async () => {
        const frame = compareFrame();
        await frame.locator('vscode-tab-header[data-tab="table"]').click();
        await frame.locator('table.compare-table').waitFor({ state: 'visible', timeout: 10_000 });
        const l1 = frame.locator('table.compare-table tr[data-key="l1_ratio"] td');
        const cells = await l1.allTextContents();
        t.diagnostic(`l1_ratio: ${JSON.stringify(cells)}`);
        assert.ok(cells.includes(XSS_VALUE), 'the script-like param value is shown as text');
        const injected = await frame
          .locator('script')
          .evaluateAll((scripts) => scripts.filter((el) => (el.textContent ?? '').includes('alert')).length);
        assert.equal(injected, 0, 'no script element came from the param value');
        assert.deepEqual(dialogs, []);
        const best = await frame.locator('tr[data-key="rmse"] td.best').allTextContents();
        t.diagnostic(`best rmse: ${JSON.stringify(best)}`);
        assert.equal(best.length, 1, 'one best rmse');
      });

      await step(t, '05-two-equal-runs', async () => {
        // baseline and model-run share alpha and l1_ratio: compare just those two.
        await setChecked([...BASICS, XSS_NAME], false);
        await setChecked([...BASICS, 'long-run'], false);
        await setChecked([...BASICS, 'model-run'], true);
        const frame = await waitForLegend(['baseline', 'model-run']);
        await waitUntil(async () => (await tableKeys(frame, 'param')).join() === 'alpha,l1_ratio', {
          timeoutMs: 10_000,
          what: 'the params alpha and l1_ratio to be listed',
        });
      });

      await step(t, '06-only-differences', async () => {
        const frame = compareFrame();
        const before = { params: await tableKeys(frame, 'param'), metrics: await tableKeys(frame, 'metric') };
        await frame.locator('vscode-checkbox#only-differences').click();
        await waitUntil(async () => (await tableKeys(frame, 'param')).length === 0, {
          timeoutMs: 5_000,
          what: 'equal params to be hidden',
        });
        const metrics = await tableKeys(frame, 'metric');
        t.diagnostic(
          `before: ${JSON.stringify(before)}; with only differences: metrics ${JSON.stringify(metrics)}`,
        );
        assert.deepEqual(metrics, before.metrics, 'metrics that differ stay');
        await frame.locator('vscode-checkbox#only-differences').click();
        await waitUntil(async () => (await tableKeys(frame, 'param')).join() === 'alpha,l1_ratio', {
          timeoutMs: 5_000,
          what: 'the params to come back',
        });
      });
    },
  );

  test(
    'a value appended to a RUNNING run’s metric file updates its chart in place',
    { timeout: 90_000 },
    async (t) => {
      let frame: FrameLocator | undefined;
      await step(t, '07-live-before', async () => {
        await vs().collapseRow(VIEW, BASICS);
        await setChecked([...LIVE, 'live-training'], true);
        frame = await waitForLegend(['baseline', 'model-run', 'live-training']);
        await frame.locator('vscode-tab-header[data-tab="charts"]').click();
        await waitUntil(async () => (await lossPoints(frame!, 'live-training')) === 5, {
          timeoutMs: 10_000,
          what: 'live-training’s 5 loss values in the loss chart',
        });
        await frame.locator('section.chart-card[data-metric="loss"] canvas').waitFor({ timeout: 10_000 });
        // Mark the canvas: an update in place keeps it, a recreated chart would not.
        await frame
          .locator('section.chart-card[data-metric="loss"] canvas')
          .evaluate((canvas) => canvas.setAttribute('data-probe', 'kept'));
      });

      await step(t, '08-live-after', async () => {
        const runDir = findFileStoreRun(join(workspace(), 'filestore', 'mlruns'), 'live-training');
        const appended = Date.now();
        appendFileSync(join(runDir, 'metrics', 'loss'), `${appended} 0.123 5\n`);
        await waitUntil(async () => (await lossPoints(frame!, 'live-training')) === 6, {
          timeoutMs: 5_000,
          intervalMs: 50,
          what: 'the appended value in the loss chart',
        });
        t.diagnostic(`the chart had the new value ${Date.now() - appended} ms after the append`);
        const summary = await frame!
          .locator('section.chart-card[data-metric="loss"] ul.series-summary')
          .textContent();
        assert.match(summary ?? '', /live-training: 0\.123 \(Step 5\)/);
        const probe = await frame!
          .locator('section.chart-card[data-metric="loss"] canvas')
          .getAttribute('data-probe');
        assert.equal(probe, 'kept', 'the chart was updated, not recreated');
      });
    },
  );

  test('"MLOps: Compare Runs…" starts with the compared runs ticked', { timeout: 30_000 }, async (t) => {
    await step(t, '09-compare-runs-pick', async () => {
      await vs().runCommand('MLOps: Compare Runs…');
      // The pick starts with the compared runs ticked; VS Code counts the ticked entries ("3 Selected").
      const count = vs().quickInput.locator('.quick-input-count .monaco-count-badge');
      await waitUntil(async () => /^3\b/.test(((await count.textContent()) ?? '').trim()), {
        timeoutMs: 10_000,
        what: 'the pick to start with the 3 compared runs ticked',
      });
      // Both stores hold a live-training run: the file store's is the one compared.
      await vs().quickInputBox.fill('live-training');
      const entries = async () =>
        vs().quickRows.evaluateAll((els) =>
          els.map((el) => ({
            label: el.querySelector('.label-name')?.textContent?.trim() ?? '',
            description: el.querySelector('.label-description')?.textContent ?? '',
            checked: el.getAttribute('aria-checked'),
          })),
        );
      const compared = await waitUntil(
        async () =>
          (await entries()).find((e) => e.label === 'live-training' && e.description.includes(FILESTORE)),
        { timeoutMs: 5_000, what: 'the file store’s live-training in the pick' },
      );
      t.diagnostic(`live-training entries: ${JSON.stringify(await entries())}`);
      assert.equal(compared.checked, 'true', 'the compared live-training is ticked');
      await vs().dismissQuickInput();
      assert.deepEqual(dialogs, []);
    });
  });

  test(
    'the panel comes back after a reload with its runs and hidden runs',
    { timeout: 90_000 },
    async (t) => {
      await step(t, '10-hidden-run', async () => {
        const frame = compareFrame();
        const toggle = frame.locator('ul.run-legend button', { hasText: 'model-run' });
        await toggle.click();
        await waitUntil(async () => (await toggle.getAttribute('aria-pressed')) === 'false', {
          timeoutMs: 5_000,
          what: 'model-run to be hidden',
        });
      });

      await step(t, '11-after-reload', async () => {
        // Through the workbench, which saves its state (webview states included) before reloading.
        await vs().runCommand('Developer: Reload Window');
        await vs().page.waitForLoadState('load', { timeout: 60_000 });
        await vs().page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
        const frame = await waitForLegend(['baseline', 'model-run', 'live-training'], 60_000);
        const pressed = await frame
          .locator('ul.run-legend button')
          .evaluateAll((buttons) =>
            buttons.map(
              (b) => `${b.querySelector('.run-name')?.textContent}:${b.getAttribute('aria-pressed')}`,
            ),
          );
        t.diagnostic(`legend after reload: ${JSON.stringify(pressed)}`);
        assert.ok(pressed.includes('model-run:false'), 'model-run is still hidden');
        assert.ok(pressed.includes('baseline:true'));
        // The restored panel waits for the index, which reads every store again after the reload.
        await waitUntil(async () => (await lossPoints(frame, 'live-training')) === 6, {
          timeoutMs: 45_000,
          what: 'the restored loss chart with live-training’s 6 values',
        });
      });
    },
  );
});

// The issue-11 sequence on the real webview bundle in Chromium, with the panel's snapshot code as
// the host: the user moves smoothing 0.8 → 0 → 0.5 → 0, switches to relative time, then 0.61.
// After each step every chart must draw every visible run inside its axes (the card publishes
// data-runs-drawn / data-runs-visible), and the runs must have distinct colours.
describe(
  'Compare Runs charts keep every run at every smoothing and axis (Chromium)',
  {
    skip: config ? false : SKIP_REASON,
  },
  () => {
    const STEPS: (number | XAxisStep)[] = [
      0.8,
      0,
      0.5,
      0,
      { xAxis: 'relativeTime' },
      0.61,
      { xAxis: 'wallTime' },
    ];

    test(
      'smoothing and x axis changes never drop a run or leave it off-scale',
      { timeout: 120_000 },
      async (t) => {
        const store = join(REPO_ROOT, 'test', 'fixtures', 'mlflow', 'filestore');
        const index = new RunIndex({ roots: [store] });
        await index.refresh();
        const runs = index
          .allRuns()
          // weird-values logs only infinities for some metrics: a bar for them cannot be drawn.
          .filter((r) => r.experimentName === 'fixture-basics' && r.name !== 'weird-values')
          .filter((r) => Object.keys(r.metrics).length > 0);
        assert.ok(runs.length >= 5, `at least five fixture runs (got ${runs.length})`);
        const host = await startHost(runs, (run, key) => index.history(run, key));
        try {
          const { page } = host;
          await host.answer();
          await checkCharts(t, page, 'start', runs.length);
          for (const action of STEPS) {
            if (typeof action === 'number') await page.locator('#smoothing').fill(String(action));
            else await chooseXAxis(page, action.xAxis);
            await host.answer();
            const name = typeof action === 'number' ? `smoothing-${action}` : action.xAxis;
            await checkCharts(t, page, name, runs.length);
          }
          const colors = await page
            .locator('ul.run-legend .swatch')
            .evaluateAll((els) => els.map((el) => (el as HTMLElement).style.backgroundColor));
          t.diagnostic(`legend colours: ${JSON.stringify(colors)}`);
          assert.equal(colors.length, runs.length);
          assert.equal(new Set(colors).size, Math.min(runs.length, 8), 'each run its own colour');
        } finally {
          await host.close();
        }
      },
    );
  },
);

interface XAxisStep {
  xAxis: HostOptions['xAxis'];
}

async function chooseXAxis(page: Page, mode: HostOptions['xAxis']): Promise<void> {
  await page.evaluate((value) => {
    const select = document.querySelector('vscode-single-select') as (HTMLElement & { value: string }) | null;
    if (!select) throw new Error('no x axis select');
    select.value = value;
    select.dispatchEvent(new Event('change'));
  }, mode);
}

/** Every chart card: as many runs drawn on scale as runs with data; a screenshot of the grid. */
async function checkCharts(
  t: { diagnostic(text: string): void },
  page: Page,
  name: string,
  runCount: number,
) {
  const cards = await page.locator('section.chart-card[data-runs-visible]').evaluateAll((els) =>
    els.map((el) => ({
      metric: el.getAttribute('data-metric') ?? '',
      kind: el.getAttribute('data-kind') ?? '',
      drawn: Number(el.getAttribute('data-runs-drawn')),
      visible: Number(el.getAttribute('data-runs-visible')),
    })),
  );
  t.diagnostic(`${name}: ${cards.map((c) => `${c.metric} ${c.kind} ${c.drawn}/${c.visible}`).join(', ')}`);
  assert.ok(cards.length >= 3, `${name}: charts were drawn`);
  for (const card of cards) {
    assert.equal(card.drawn, card.visible, `${name}: ${card.metric} draws every visible run on scale`);
    assert.ok(card.visible <= runCount);
  }
  const rmse = cards.find((c) => c.metric === 'rmse');
  assert.ok(rmse && rmse.visible >= 3, `${name}: the rmse chart holds its runs (${JSON.stringify(rmse)})`);
  const output = join(
    config?.outputDir ?? join(REPO_ROOT, 'test-output', 'e2e'),
    `compare-charts-${name}.png`,
  );
  await page.screenshot({ path: output, fullPage: true });
}

/** The bench page with a host that answers `ready` and `setOptions` as ComparePanel does. */
async function startHost(
  runs: Run[],
  load: ConstructorParameters<typeof HistoryCache>[0],
): Promise<{ page: Page; answer(): Promise<void>; close(): Promise<void> }> {
  const cache = new HistoryCache(load);
  await cache.sync(runs, { rereadLive: false });
  const sent = new Map<string, string>();
  const server = await startPageServer();
  const browser = await chromium.launch({ executablePath: config?.chromium ?? '/usr/bin/chromium' });
  const page = await browser.newPage({ viewport: { width: 1280, height: 4000 } });
  await installStubApi(page);
  await page.goto(server.url);
  let handled = 0;
  const answer = async (): Promise<void> => {
    await page.waitForTimeout(300);
    const posted = (await page.evaluate('window.__posted')) as WebviewMessage[];
    for (; handled < posted.length; handled++) {
      const message = posted[handled]!;
      if (message.type !== 'ready' && message.type !== 'setOptions') continue;
      if (message.type === 'ready') sent.clear();
      const history = (run: Run, key: string) => cache.get(run, key);
      const input = { runs, requested: runs, missingRuns: 0, indexing: false, history, sent };
      await loadSnapshot(page, buildSnapshot({ ...input, options: message.options }));
      await postSnapshot(page);
    }
    await page.waitForTimeout(500);
  };
  const close = async (): Promise<void> => {
    await browser.close();
    await server.close();
  };
  return { page, answer, close };
}
