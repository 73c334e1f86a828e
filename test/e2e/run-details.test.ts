// Run details, sorting, deleted runs and stars in a real VS Code (code-server + Chromium): "Open Run…",
// the details webview (params, metrics, child links, a metric's history chart, "Plot all metrics",
// a live chart), XSS-inertness of run names, "Sort Runs…", "Show/Hide Deleted Runs" and the inline
// star action. One workbench session is shared by all tests.
// Run through scripts/e2e.sh, which packages and installs the extension first.
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import type { FrameLocator, Locator } from 'playwright-core';
import { SKIP_REASON, configFromEnv } from './harness/config';
import { findFileStoreRun, renameFileStoreRun } from './harness/fixtures';
import {
  FILESTORE,
  RUNS_VIEW as VIEW,
  SQLITE,
  openRunsView,
  runDetailsTable,
  useMlflowSuite,
  waitForRunDetails,
} from './harness/mlops';
import { childRows, findRow, formatRows, labels, type TreeRow } from './harness/trees';
import { exactly, waitUntil } from './harness/wait';

const config = configFromEnv();
const BASICS = [FILESTORE, 'fixture-basics'];
/** The file store's `baseline` run is renamed to this in the temp copy (never in test/fixtures). */
const XSS_NAME = '<img src=x onerror=alert(1)>';

describe(
  'MLOps Lens run details and run commands (code-server)',
  { skip: config ? false : SKIP_REASON },
  () => {
    /** The file store's baseline run (renamed to XSS_NAME): its id, for checking the details panel. */
    let xssRunId = '';
    const { vs, ready, markReady, dialogs, step, workspace } = useMlflowSuite(config, {
      shotPrefix: 'rd-',
      logName: 'code-server-run-details.log',
      // XSS probe, in the temp copy only: the file store's baseline run gets a name that is HTML.
      edit: (copy) => {
        xssRunId = renameFileStoreRun(copy, 'baseline', XSS_NAME).runId;
      },
    });

    /** Expands each node along `path` (all must be collapsible) and returns the rows. */
    const reveal = (path: readonly string[]): Promise<TreeRow[]> => ready().revealPath(VIEW, path);
    const waitForDetails = (runName: string) => waitForRunDetails(vs(), runName);

    /** Runs "MLOps: Open Run…", types `query`, checks the focused entry is `runName` and accepts it. */
    async function openRunViaPick(t: TestContext, query: string, runName: string): Promise<string> {
      await vs().runCommand('MLOps: Open Run…');
      await vs().quickRows.first().waitFor({ state: 'visible', timeout: 10_000 });
      await vs().quickInputBox.fill(query);
      const picked = await vs().waitForFocusedPick(
        runName,
        `"${runName}" to be the focused entry of Open Run… after typing "${query}"`,
      );
      t.diagnostic(`Open Run… entry: ${picked.ariaLabel}`);
      const focusedRow = vs().quickInput.locator('.quick-input-list .monaco-list-row.focused');
      assert.equal(await focusedRow.locator('img').count(), 0, 'the entry renders its name as text');
      const id = /\b([0-9a-f]{32})\b/.exec(picked.ariaLabel)?.[1];
      assert.ok(id, `the entry names the run id: ${picked.ariaLabel}`);
      await vs().quickInputBox.press('Enter');
      await vs().quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
      return id;
    }

    /** Opens the details of the run at `path` in the Runs view, and returns its document. */
    async function openDetails(path: readonly string[]): Promise<FrameLocator> {
      await vs().closeAllEditors();
      const row = await ready().revealRow(VIEW, path);
      await row.locator('.label-name').first().click();
      await vs().waitForActiveTab(path.at(-1)!);
      return waitForDetails(path.at(-1)!);
    }

    /** The chart card of `metric` under its row (`.row-chart`) or in "Plot all" (`.plot-all`). */
    const chartCard = (frame: FrameLocator, where: string, metric: string): Locator =>
      frame.locator(`${where} section.chart-card[data-metric="${metric}"]`);

    /** Waits until the card shows its run drawn (lines on scale, or the value as text). */
    async function waitForDrawn(card: Locator, what: string): Promise<void> {
      await waitUntil(async () => (await card.getAttribute('data-runs-drawn', { timeout: 1_000 })) === '1', {
        timeoutMs: 15_000,
        intervalMs: 200,
        what,
      });
    }

    async function setColorTheme(theme: string): Promise<void> {
      await vs().runCommand('Preferences: Color Theme');
      await vs().pickQuickItem(theme, theme);
      await vs().quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
    }

    /** How many values the card's text summary says its history holds. */
    async function summaryPoints(card: Locator): Promise<number> {
      return Number(await card.locator('ul.series-summary li').first().getAttribute('data-points'));
    }

    async function sortRuns(t: TestContext, metric: string, direction: 'Ascending' | 'Descending') {
      await vs().runCommand('MLOps: Sort Runs…');
      await vs().waitForQuickTitle('Sort Runs By');
      const offered = await vs().quickRowAriaLabels();
      t.diagnostic(`Sort Runs… offers (first rendered entries): ${JSON.stringify(offered)}`);
      await vs().pickQuickItem(metric, metric);
      await vs().waitForQuickTitle(`Sort by ${metric}`);
      await vs().pickQuickItem(direction);
      await vs().quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
    }

    test(
      '"MLOps: Open Run…" opens the details of tuned in a webview panel',
      { timeout: 60_000 },
      async (t) => {
        await step(t, '01-runs-view', async () => {
          await openRunsView(vs(), 480);
          markReady();
        });

        let runId = '';
        await step(t, '02-open-run-pick', async () => {
          await ready().runCommand('MLOps: Open Run…');
          await vs().quickRows.first().waitFor({ state: 'visible', timeout: 10_000 });
          const entries = await vs().quickRows.evaluateAll((rows) =>
            rows.map((r) => r.getAttribute('aria-label') ?? ''),
          );
          // The list is virtualized: aria-setsize is the number of entries, not just the rendered ones.
          const total = Number(await vs().quickRows.first().getAttribute('aria-setsize'));
          t.diagnostic(`Open Run… lists ${total} runs, first: ${JSON.stringify(entries.slice(0, 3))}`);
          assert.ok(
            total >= 10,
            `Open Run… lists the workspace's runs (${total}): ${JSON.stringify(entries)}`,
          );
          await vs().page.keyboard.type('tuned');
          const picked = await vs().waitForFocusedPick(
            'tuned',
            'tuned to be the focused entry after typing "tuned"',
          );
          t.diagnostic(`focused entry: ${picked.ariaLabel}`);
          runId = /\b([0-9a-f]{32})\b/.exec(picked.ariaLabel)?.[1] ?? '';
          assert.ok(runId, `the entry shows the run id: ${picked.ariaLabel}`);
        });

        await step(t, '03-tuned-details', async () => {
          await vs().page.keyboard.press('Enter');
          await vs().quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
          await vs().waitForActiveTab('tuned');
          const frame = await waitForDetails('tuned');
          const params = await runDetailsTable(frame, 'params');
          t.diagnostic(`params: ${JSON.stringify([...params])}`);
          assert.equal(params.get('alpha'), '0.1', 'the params table shows alpha = 0.1');
          const metrics = await frame
            .locator('section.section-metrics table.kv-metrics td.key')
            .allTextContents();
          t.diagnostic(`metrics: ${JSON.stringify(metrics)}`);
          assert.ok(metrics.includes('rmse'), `the metrics section lists rmse: ${JSON.stringify(metrics)}`);
          const shownId = await frame.locator('header.run-header dl.meta code').first().textContent();
          assert.equal(shownId, runId, 'the header shows the run id of the picked entry');
        });
      },
    );

    test(
      'clicking the parent run opens its details, and a child link opens the child',
      { timeout: 30_000 },
      async (t) => {
        await vs().closeAllEditors();
        const parentPath = [FILESTORE, 'fixture-nested', 'parent'];
        await step(t, '04-parent-details', async () => {
          const row = await ready().revealRow(VIEW, parentPath);
          await row.locator('.label-name').first().click();
          await vs().waitForActiveTab('parent');
          const frame = await waitForDetails('parent');
          const children = await frame.locator('header.run-header ul.children button.link').allTextContents();
          t.diagnostic(`children listed: ${JSON.stringify(children)}`);
          assert.deepEqual(children.map((c) => c.trim()).sort(), ['child-a', 'child-b']);
        });

        await step(t, '05-child-a-details', async () => {
          await vs()
            .shownWebview()
            .locator('header.run-header ul.children button.link', { hasText: exactly('child-a') })
            .click();
          await vs().waitForActiveTab('child-a');
          const frame = await waitForDetails('child-a');
          const parent = await frame.locator('header.run-header dl.meta dd button.link').allTextContents();
          assert.deepEqual(
            parent.map((p) => p.trim()),
            ['parent'],
            'child-a links back to its parent',
          );
          const tabs = await vs().editorTabTitles();
          t.diagnostic(`editor tabs: ${JSON.stringify(tabs)}`);
          assert.deepEqual(tabs, ['parent', 'child-a'], 'the child opened in a panel of its own');
        });
        await vs().collapseRow(VIEW, [FILESTORE]);
      },
    );

    test('a run name that is HTML shows as text and runs no script', { timeout: 30_000 }, async (t) => {
      await vs().closeAllEditors();
      await step(t, '06-xss-details', async () => {
        const id = await openRunViaPick(t, 'onerror', XSS_NAME);
        assert.equal(id, xssRunId, 'the pick is the renamed file-store baseline run');
        await vs().waitForActiveTab(XSS_NAME);
        const tabLabel = await vs().activeTab().locator('.label-name').first().textContent();
        assert.equal(tabLabel, XSS_NAME, 'the tab title is the literal name');
        assert.equal(await vs().activeTab().locator('img').count(), 0, 'no img in the editor tab');

        const frame = await waitForDetails(XSS_NAME);
        const header = frame.locator('header.run-header h1 .run-name');
        assert.equal(await header.textContent(), XSS_NAME, 'the header shows the literal name');
        assert.equal(await frame.locator('img').count(), 0, 'the details document has no img element');
        assert.equal(await frame.locator('header.run-header dl.meta code').first().textContent(), xssRunId);
        const systemTags = await runDetailsTable(frame, 'systemTags');
        assert.equal(systemTags.get('mlflow.runName'), XSS_NAME, 'the mlflow.runName tag shows as text');
        const title = await frame.locator('title').textContent();
        t.diagnostic(`webview document title: ${JSON.stringify(title)}`);
        // An onerror handler would have fired by now (the image source cannot load): give it a moment.
        await vs().page.waitForTimeout(1_000);
        assert.deepEqual(dialogs, [], 'no dialog was opened');
        // Had an img been injected, Chromium would log a blocked handler (CSP) or a blocked alert (sandbox).
        const browserLog = vs().browserErrors();
        t.diagnostic(`browser console errors so far: ${browserLog.length}`);
        for (const line of browserLog) t.diagnostic(line);
        const blocked = browserLog.filter((line) => /inline event handler|alert\(\)|onerror/i.test(line));
        assert.deepEqual(blocked, [], 'no script from the run name was attempted');
      });
      await vs().closeAllEditors();
    });

    test('"MLOps: Sort Runs…" by rmse orders the runs by it, both ways', { timeout: 30_000 }, async (t) => {
      const withRmse = ['tuned', XSS_NAME, 'killed-run', 'failed-run']; // rmse 0.43, 0.68, 8.25, 9.5
      const order = (rows: TreeRow[], path: readonly string[], names: readonly string[]): string[] => {
        const runs = labels(childRows(rows, path));
        return runs.filter((r) => names.includes(r));
      };

      await step(t, '07-sorted-descending', async () => {
        await sortRuns(t, 'rmse', 'Descending');
        await reveal(BASICS);
        const rows = await vs().waitForRows(
          VIEW,
          (r) => order(r, BASICS, withRmse).join('|') === [...withRmse].reverse().join('|'),
          'fixture-basics in descending rmse order',
        );
        t.diagnostic(`${BASICS.join(' › ')} by rmse descending:\n${formatRows(childRows(rows, BASICS))}`);
      });

      await step(t, '08-sorted-ascending', async () => {
        await sortRuns(t, 'rmse', 'Ascending');
        const rows = await vs().waitForRows(
          VIEW,
          (r) => order(r, BASICS, withRmse).join('|') === withRmse.join('|'),
          'fixture-basics in ascending rmse order',
        );
        const runs = childRows(rows, BASICS);
        t.diagnostic(`${BASICS.join(' › ')} by rmse ascending:\n${formatRows(runs)}`);
        const tuned = runs.find((r) => r.label === 'tuned');
        const baseline = runs.find((r) => r.label === XSS_NAME);
        assert.ok(
          tuned && baseline && tuned.index < baseline.index,
          'tuned (rmse 0.43) comes before baseline',
        );
        assert.match(tuned.description, /rmse 0\.43/);
        const xssRow = vs().rowAt(VIEW, baseline);
        assert.equal(
          await xssRow.locator('.label-name').textContent(),
          XSS_NAME,
          'the tree shows the literal name',
        );
        assert.equal(await xssRow.locator('img').count(), 0, 'no img in the tree row');
      });

      await step(t, '09-sorted-sqlite', async () => {
        // The SQLite store's baseline keeps its name: the same order holds there.
        await vs().collapseRow(VIEW, [FILESTORE]);
        const sqliteBasics = [SQLITE, 'fixture-basics'];
        await reveal(sqliteBasics);
        const names = ['tuned', 'baseline', 'killed-run', 'failed-run'];
        const rows = await vs().waitForRows(
          VIEW,
          (r) => order(r, sqliteBasics, names).join('|') === names.join('|'),
          `${sqliteBasics.join(' › ')} in ascending rmse order`,
        );
        t.diagnostic(
          `${sqliteBasics.join(' › ')} by rmse ascending:\n${formatRows(childRows(rows, sqliteBasics))}`,
        );
      });
      await vs().collapseAll(VIEW);
    });

    test(
      '"Show Deleted Runs" shows the deleted run and experiment, "Hide Deleted Runs" hides them',
      { timeout: 30_000 },
      async (t) => {
        const deletedRun = [...BASICS, 'deleted-run'];
        const deletedExperiment = [FILESTORE, 'fixture-deleted'];
        await step(t, '10-deleted-hidden', async () => {
          const rows = await reveal(BASICS);
          assert.equal(findRow(rows, deletedRun), undefined, `deleted-run is hidden:\n${formatRows(rows)}`);
          assert.equal(
            findRow(rows, deletedExperiment),
            undefined,
            `fixture-deleted is hidden:\n${formatRows(rows)}`,
          );
        });

        await step(t, '11-deleted-shown', async () => {
          await vs().runCommand('MLOps: Show Deleted Runs');
          const rows = await vs().waitForRows(
            VIEW,
            (r) => findRow(r, deletedRun) !== undefined && findRow(r, deletedExperiment) !== undefined,
            'deleted-run and fixture-deleted to appear',
          );
          t.diagnostic(`rows with deleted runs shown:\n${formatRows(rows)}`);
          assert.match(findRow(rows, deletedRun)!.description, /deleted/, 'deleted-run is marked deleted');
          assert.match(
            findRow(rows, deletedExperiment)!.description,
            /deleted/,
            'fixture-deleted is marked deleted',
          );
        });

        await step(t, '12-deleted-hidden-again', async () => {
          await vs().runCommand('MLOps: Hide Deleted Runs');
          const rows = await vs().waitForRows(
            VIEW,
            (r) =>
              findRow(r, BASICS) !== undefined &&
              findRow(r, deletedRun) === undefined &&
              findRow(r, deletedExperiment) === undefined,
            'deleted-run and fixture-deleted to disappear',
          );
          t.diagnostic(`rows after Hide Deleted Runs:\n${formatRows(rows)}`);
        });
      },
    );

    test(
      'the inline star action stars tuned, and unstar removes the star',
      { timeout: 30_000 },
      async (t) => {
        const tunedPath = [...BASICS, 'tuned'];

        await step(t, '13-starred', async () => {
          const row = await ready().revealRow(VIEW, tunedPath);
          const before = findRow(await vs().treeRows(VIEW), tunedPath)!.description;
          t.diagnostic(`tuned before: "${before}"`);
          assert.doesNotMatch(before, /★/, 'tuned starts without a star');
          await vs().clickRowAction(row, 'Star Run');
          const rows = await vs().waitForRows(
            VIEW,
            (r) => /★/.test(findRow(r, tunedPath)?.description ?? ''),
            'tuned to gain ★',
          );
          t.diagnostic(`tuned after starring: "${findRow(rows, tunedPath)!.description}"`);
        });

        await step(t, '14-unstarred', async () => {
          const row = await ready().revealRow(VIEW, tunedPath);
          await vs().clickRowAction(row, 'Unstar Run');
          const rows = await vs().waitForRows(
            VIEW,
            (r) => {
              const description = findRow(r, tunedPath)?.description;
              return description !== undefined && !/★/.test(description);
            },
            'tuned to lose ★',
          );
          t.diagnostic(`tuned after unstarring: "${findRow(rows, tunedPath)!.description}"`);
        });
      },
    );

    test(
      'a metric row opens its history chart, and "Plot all metrics" draws every metric',
      { timeout: 90_000 },
      async (t) => {
        let frame: FrameLocator | undefined;
        await step(t, '15-metric-chart', async () => {
          frame = await openDetails([SQLITE, 'fixture-basics', 'baseline']);
          await frame.locator('button.chart-toggle', { hasText: exactly('rmse') }).click();
          const card = chartCard(frame, '.row-chart', 'rmse');
          await waitForDrawn(card, 'the rmse chart under its row');
          assert.equal(await card.getAttribute('data-kind'), 'lines');
          assert.equal(await summaryPoints(card), 5, 'rmse was logged at 5 steps');
          assert.equal(await card.locator('canvas').count(), 1);
          const expanded = frame.locator('button.chart-toggle', { hasText: exactly('rmse') });
          assert.equal(await expanded.getAttribute('aria-expanded'), 'true');
          await card.scrollIntoViewIfNeeded();
        });

        await step(t, '16-single-value', async () => {
          await frame!.locator('button.chart-toggle', { hasText: exactly('n_iter') }).click();
          const card = chartCard(frame!, '.row-chart', 'n_iter');
          await waitForDrawn(card, 'n_iter, logged once, under its row');
          assert.equal(
            await card.getAttribute('data-kind'),
            'single',
            'one value is shown as text, not a dot',
          );
          assert.equal(await card.locator('.single-value .value').textContent(), '7');
          assert.equal(await card.locator('canvas').count(), 0);
          const note = await card.locator('.card-note').textContent();
          t.diagnostic(`n_iter note: ${note}`);
          assert.match(note ?? '', /once/);
          await card.scrollIntoViewIfNeeded();
        });

        await step(t, '17-plot-all', async () => {
          await frame!.locator('details.plot-all > summary').click();
          // Charts are drawn as they scroll into view.
          for (const metric of ['mae', 'r2', 'rmse']) {
            const card = chartCard(frame!, '.plot-all', metric);
            await card.scrollIntoViewIfNeeded();
            await waitForDrawn(card, `${metric} in "Plot all metrics"`);
          }
          const cards = await frame!
            .locator('.plot-all section.chart-card')
            .evaluateAll((els) =>
              els.map((e) => [e.getAttribute('data-metric'), e.getAttribute('data-kind')]),
            );
          t.diagnostic(`plot all: ${JSON.stringify(cards)}`);
          assert.deepEqual(
            cards.map(([metric]) => metric),
            ['mae', 'n_iter', 'r2', 'rmse'],
            'one chart per metric, sorted',
          );
          await frame!.locator('details.plot-all').scrollIntoViewIfNeeded();
        });

        await step(t, '18-plot-all-groups', async () => {
          frame = await openDetails([FILESTORE, 'fixture-basics', 'slash-keys']);
          await frame.locator('details.plot-all > summary').click();
          for (const metric of ['train/loss', 'val/loss']) {
            const card = chartCard(frame, '.plot-all', metric);
            await card.scrollIntoViewIfNeeded();
            await waitForDrawn(card, `${metric} in "Plot all metrics"`);
          }
          const groups = await frame
            .locator('.plot-all details.chart-group')
            .evaluateAll((els) => els.map((e) => e.getAttribute('data-group')));
          assert.deepEqual(groups, ['train', 'val'], 'a collapsible section per metric prefix');
          const counts = await frame.locator('.plot-all details.chart-group .group-count').allTextContents();
          assert.deepEqual(counts, ['1 chart', '1 chart']);
          await frame.locator('.plot-all details.chart-group[data-group="val"] > summary').click();
          assert.equal(
            await frame.locator('.plot-all details.chart-group[data-group="val"]').getAttribute('open'),
            null,
            'the val section collapses',
          );
          await frame.locator('details.plot-all').scrollIntoViewIfNeeded();
        });

        await step(t, '19-light-theme', async () => {
          await setColorTheme('Light Modern');
          await waitUntil(
            async () => /vscode-light/.test((await frame!.locator('body').getAttribute('class')) ?? ''),
            {
              timeoutMs: 10_000,
              what: 'the details webview to take the light theme',
            },
          );
          // The charts read their colours from the theme again (axes, grid, the line).
          await vs().page.waitForTimeout(500);
          await frame!.locator('details.plot-all').scrollIntoViewIfNeeded();
        });
        await setColorTheme('Dark Modern');
      },
    );

    test(
      'the chart of a RUNNING run shows a value appended to its metric file',
      { timeout: 60_000 },
      async (t) => {
        let frame: FrameLocator | undefined;
        await step(t, '20-live-before', async () => {
          frame = await openDetails([FILESTORE, 'fixture-live', 'live-training']);
          await frame.locator('button.chart-toggle', { hasText: exactly('loss') }).click();
          const card = chartCard(frame, '.row-chart', 'loss');
          await waitForDrawn(card, 'the loss chart of live-training');
          assert.equal(await summaryPoints(card), 5);
          await card.locator('canvas').evaluate((canvas) => canvas.setAttribute('data-probe', 'kept'));
        });

        await step(t, '21-live-after', async () => {
          const runDir = findFileStoreRun(join(workspace(), 'filestore', 'mlruns'), 'live-training');
          const appended = Date.now();
          appendFileSync(join(runDir, 'metrics', 'loss'), `${appended} 0.123 5\n`);
          const card = chartCard(frame!, '.row-chart', 'loss');
          await waitUntil(async () => (await summaryPoints(card)) === 6, {
            timeoutMs: 10_000,
            intervalMs: 100,
            what: 'the appended value in the loss chart',
          });
          t.diagnostic(`the chart had the new value ${Date.now() - appended} ms after the append`);
          assert.match((await card.locator('ul.series-summary').textContent()) ?? '', /0\.123 \(Step 5\)/);
          assert.equal(
            await card.locator('canvas').getAttribute('data-probe'),
            'kept',
            'updated, not recreated',
          );
          await card.scrollIntoViewIfNeeded();
        });
        await vs().closeAllEditors();
      },
    );
  },
);
