// The Runs Table in a real VS Code (code-server + Chromium), on a temp copy of the MLflow fixtures:
// opened from an experiment's row, sorted by a metric (numbers in order, missing values last), a
// column added with the chooser, filtered with the Runs view's language, two rows ticked (Compare
// Runs opens with them beside the table, which stays visible and focused, and the Runs view shows
// the same ticks), a run name opening Run Details, a
// column width kept for the next table, and the table of every store from the command palette.
// Run through scripts/e2e.sh, which packages and installs the extension first.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FrameLocator, Locator } from 'playwright-core';
import { SKIP_REASON, configFromEnv } from './harness/config';
import {
  FILESTORE,
  RUNS_VIEW as VIEW,
  openRunsView,
  useMlflowSuite,
  waitForRunDetails,
} from './harness/mlops';
import { exactly, waitUntil } from './harness/wait';

const config = configFromEnv();
const BASICS = [FILESTORE, 'fixture-basics'];
const TABLE_TITLE = `Runs Table: fixture-basics · ${FILESTORE}`;

describe('MLOps Lens Runs Table (code-server)', { skip: config ? false : SKIP_REASON }, () => {
  const { vs, ready, markReady, dialogs, step } = useMlflowSuite(config, {
    shotPrefix: 'table-',
    logName: 'code-server-runs-table.log',
  });

  const table = (): FrameLocator => vs().shownWebview();

  /** The run names of the rendered rows, top to bottom. */
  async function rowNames(frame: FrameLocator): Promise<string[]> {
    return frame.locator('.grid-row .run-link').allTextContents();
  }

  async function headerIds(frame: FrameLocator): Promise<string[]> {
    return frame
      .locator('.grid-header [role="columnheader"]')
      .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-column') ?? ''));
  }

  /** The text of column `id` in every rendered row, top to bottom. */
  async function columnCells(frame: FrameLocator, id: string): Promise<string[]> {
    const index = (await headerIds(frame)).indexOf(id);
    assert.ok(index >= 0, `column ${id} is shown`);
    return frame
      .locator('.grid-row')
      .evaluateAll((rows, i) => rows.map((r) => r.children.item(i)?.textContent ?? ''), index);
  }

  function row(frame: FrameLocator, name: string): Locator {
    return frame.locator('.grid-row', { has: frame.locator('.run-link', { hasText: exactly(name) }) });
  }

  async function waitForRows(what: string, check: (names: string[]) => boolean): Promise<string[]> {
    let seen: string[] = [];
    await waitUntil(
      async () => {
        seen = await rowNames(table()).catch(() => []);
        return check(seen);
      },
      { timeoutMs: 20_000, intervalMs: 200, what },
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}; rows: ${JSON.stringify(seen)}`);
    });
    return seen;
  }

  /** Waits for Compare Runs, among the shown webviews, to show `names`. */
  function comparePanel(names: string[]): Promise<FrameLocator> {
    return vs().shownWebviewWhere(
      async (frame) => {
        const legend = await frame.locator('ul.run-legend .run-name').allTextContents();
        return JSON.stringify([...legend].sort()) === JSON.stringify([...names].sort());
      },
      { timeoutMs: 30_000, intervalMs: 300, what: `Compare Runs to show ${names.join(' and ')}` },
    );
  }

  /** The table's webview, wherever it is shown. */
  function tableFrame(): Promise<FrameLocator> {
    return vs().shownWebviewWhere(async (frame) => (await frame.locator('.grid-row').count()) > 0, {
      timeoutMs: 20_000,
      intervalMs: 200,
      what: 'the Runs Table to be shown',
    });
  }

  /** Two editor groups: the table, still visible and focused, and Compare Runs beside it. */
  async function tableBesideCompare(t: { diagnostic(message: string): void }): Promise<void> {
    const groups = await vs().editorGroupCount();
    t.diagnostic(`editor groups: ${groups}; tabs: ${JSON.stringify(await vs().editorTabTitles())}`);
    assert.equal(groups, 2, 'Compare Runs opened in a group of its own');
    assert.equal(await vs().activeTabTitle(), TABLE_TITLE, 'the table keeps the focus');
    assert.equal((await vs().shownWebviews()).length, 2, 'both panels are visible');
    const frame = await tableFrame();
    assert.equal(await row(frame, 'tuned').locator('input.tick').isChecked(), true);
  }

  test('opens from an experiment, sorts by a metric and adds a column', { timeout: 120_000 }, async (t) => {
    await step(t, '01-opened', async () => {
      await openRunsView(vs(), 420);
      markReady();
      const experiment = await vs().revealRow(VIEW, BASICS);
      await vs().clickRowAction(experiment, 'Open Runs Table');
      await vs().waitForActiveTab(TABLE_TITLE);
      const names = await waitForRows('the table to list fixture-basics', (n) => n.includes('baseline'));
      t.diagnostic(`rows: ${JSON.stringify(names)}`);
      assert.ok(names.includes('tuned') && names.includes('long-run'));
      assert.ok(!names.includes('deleted-run'), 'deleted runs are left out');
      assert.ok(!names.includes('live-training'), 'runs of other experiments are left out');
      const ids = await headerIds(table());
      t.diagnostic(`columns: ${JSON.stringify(ids)}`);
      assert.deepEqual(ids.slice(0, 4), ['attr:name', 'attr:status', 'attr:start', 'attr:duration']);
      assert.ok(ids.includes('metric:rmse') && ids.includes('param:alpha'), 'varying columns are shown');
    });

    await step(t, '02-sorted', async () => {
      const frame = table();
      const header = frame.locator('.grid-header [data-column="metric:rmse"] .sort-button');
      await header.click();
      await waitUntil(
        async () =>
          (await frame.locator('[data-column="metric:rmse"]').getAttribute('aria-sort')) === 'ascending',
        { timeoutMs: 10_000, what: 'rmse to be sorted ascending' },
      );
      const up = await columnCells(frame, 'metric:rmse');
      t.diagnostic(`rmse ascending: ${JSON.stringify(up)}`);
      const values = up.filter((v) => v !== '').map(Number);
      assert.ok(values.length >= 3, 'several runs have an rmse');
      assert.deepEqual(
        values,
        [...values].sort((a, b) => a - b),
        'numeric order',
      );
      assert.deepEqual(
        up.slice(values.length),
        up.slice(values.length).map(() => ''),
        'missing last',
      );
      await header.click();
      await waitUntil(
        async () =>
          (await frame.locator('[data-column="metric:rmse"]').getAttribute('aria-sort')) === 'descending',
        { timeoutMs: 10_000, what: 'rmse to be sorted descending' },
      );
      const down = (await columnCells(frame, 'metric:rmse')).filter((v) => v !== '').map(Number);
      assert.deepEqual(down, [...values].reverse(), 'descending, missing still last');
    });

    await step(t, '03-column-picked', async () => {
      await table().locator('.columns-button').click();
      await vs().waitForQuickTitle('Choose the Columns of the Runs Table');
      await vs().pickQuickItem('Experiment', 'Experiment');
      await vs().quickInputBox.press('Enter');
      await vs().quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
      await waitUntil(async () => (await headerIds(table())).includes('attr:experiment'), {
        timeoutMs: 10_000,
        what: 'the Experiment column to be added',
      });
      const ids = await headerIds(table());
      assert.equal(ids.at(-1), 'attr:experiment', 'a picked column goes last');
      assert.ok(ids.includes('metric:rmse'), 'the other columns stay');
      const experiments = await columnCells(table(), 'attr:experiment');
      assert.ok(experiments.every((e) => e === 'fixture-basics'));
      assert.equal(await table().locator('button', { hasText: 'Default columns' }).isVisible(), true);
    });
  });

  test(
    'ticking two rows shows them in Compare Runs and in the Runs view',
    { timeout: 120_000 },
    async (t) => {
      await step(t, '04-filtered', async () => {
        const filter = table().locator('input.filter');
        await filter.fill('baseline or tuned');
        await filter.press('Enter');
        const names = await waitForRows('the filter to keep two runs', (n) => n.length === 2);
        assert.deepEqual([...names].sort(), ['baseline', 'tuned']);
        assert.match((await table().locator('.count').textContent()) ?? '', /2 of \d+ runs/);
      });

      await step(t, '05-ticked-compare', async () => {
        const frame = ready().shownWebview();
        await row(frame, 'baseline').locator('input.tick').click();
        await row(frame, 'tuned').locator('input.tick').click();
        // The second tick opens Compare Runs (as ticking in the tree does), beside the table.
        await comparePanel(['baseline', 'tuned']);
        for (const name of ['baseline', 'tuned']) {
          const box = (await vs().revealRow(VIEW, [...BASICS, name])).locator(
            '.custom-view-tree-node-item-checkbox',
          );
          assert.equal(await box.getAttribute('aria-checked'), 'true', `${name} is ticked in the Runs view`);
        }
        await tableBesideCompare(t);
      });

      await step(t, '05b-compare-kept-beside', async () => {
        // With Compare Runs open, the table's button shows it where it is, and the table keeps the focus.
        await vs().editorTab('Runs Table').click();
        await vs().waitForActiveTab(TABLE_TITLE);
        const frame = await tableFrame();
        await frame.locator('button[aria-label="Compare ticked runs"]').click();
        await comparePanel(['baseline', 'tuned']);
        await tableBesideCompare(t);
      });

      await step(t, '06-back-to-table', async () => {
        // The rest of this suite works on the table alone.
        await vs().editorTab('Compare:').click();
        await vs().runCommand('View: Close Editor');
        await waitUntil(async () => (await vs().editorGroupCount()) === 1, {
          timeoutMs: 10_000,
          what: 'the Compare Runs group to close',
        });
        await vs().editorTab('Runs Table').click();
        await vs().waitForActiveTab(TABLE_TITLE);
        await waitForRows('the table to show again', (n) => n.length === 2);
        const frame = table();
        for (const name of ['baseline', 'tuned'])
          assert.equal(await row(frame, name).locator('input.tick').isChecked(), true, `${name} ticked`);
        assert.match((await frame.locator('.count').textContent()) ?? '', /2 ticked/);
        assert.equal(
          await frame.locator('input.filter').inputValue(),
          'baseline or tuned',
          'filter restored',
        );
      });

      await step(t, '07-run-details', async () => {
        await row(table(), 'tuned').locator('.run-link').click();
        await waitForRunDetails(vs(), 'tuned');
        assert.deepEqual(dialogs, []);
      });
    },
  );

  test('keeps a column width and lists every store from the palette', { timeout: 120_000 }, async (t) => {
    let dragged = 0;
    await step(t, '08-resized', async () => {
      await ready().editorTab('Runs Table').click();
      await vs().waitForActiveTab(TABLE_TITLE);
      await waitForRows('the table', (n) => n.length === 2);
      const handle = table().locator('.grid-header [data-column="attr:name"] .resize-handle');
      const box = await handle.boundingBox();
      assert.ok(box, 'the resize handle is on screen');
      const before =
        (await table().locator('.grid-header [data-column="attr:name"]').boundingBox())?.width ?? 0;
      const page = vs().page;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + 60, box.y + box.height / 2, { steps: 5 });
      await page.mouse.move(box.x + 120, box.y + box.height / 2, { steps: 5 });
      await page.mouse.up();
      dragged = (await table().locator('.grid-header [data-column="attr:name"]').boundingBox())?.width ?? 0;
      t.diagnostic(`name column: ${before} → ${dragged} px`);
      assert.ok(dragged > before + 80, 'the name column is wider');
      // Closing the table drops its webview; the width must come back from the workspace state.
      await vs().closeAllEditors();
    });

    await step(t, '09-all-stores', async () => {
      await vs().runCommand('MLOps: Open Runs Table');
      await vs().waitForActiveTab('Runs Table');
      const names = await waitForRows('the table of every store', (n) => n.includes('live-training'));
      t.diagnostic(`${names.length} rows rendered`);
      const width =
        (await table().locator('.grid-header [data-column="attr:name"]').boundingBox())?.width ?? 0;
      assert.ok(Math.abs(width - dragged) <= 2, `the name column kept its width (${width} vs ${dragged})`);
      const count = (await table().locator('.count').textContent()) ?? '';
      t.diagnostic(`count: ${count}`);
      assert.match(count, /2 ticked/);
      assert.equal(await table().locator('.scope-label').textContent(), 'All stores');
      // The sort chosen in the first table holds here too, and says so (its column is off to the right).
      assert.equal(await table().locator('.sort-note').textContent(), 'Sorted by rmse ↓');
    });

    await step(t, '10-default-columns', async () => {
      await table().locator('button', { hasText: 'Default columns' }).click();
      await waitUntil(async () => (await headerIds(table())).includes('attr:store'), {
        timeoutMs: 10_000,
        what: 'the default columns, with the store, to come back',
      });
      const ids = await headerIds(table());
      t.diagnostic(`default columns of every store: ${JSON.stringify(ids.slice(0, 8))}…`);
      assert.deepEqual(ids.slice(0, 6), [
        'attr:name',
        'attr:status',
        'attr:start',
        'attr:duration',
        'attr:experiment',
        'attr:store',
      ]);
      const stores = new Set(await columnCells(table(), 'attr:store'));
      assert.ok(stores.has('filestore/mlruns') && stores.has('sqlite/mlflow.db'), [...stores].join(', '));
      // Back to the newest first, as the table opens by default.
      for (const order of ['ascending', 'descending']) {
        await table().locator('.grid-header [data-column="attr:start"] .sort-button').click();
        await waitUntil(
          async () =>
            (await table().locator('[data-column="attr:start"]').getAttribute('aria-sort')) === order,
          { timeoutMs: 10_000, what: `start to be sorted ${order}` },
        );
      }
    });
  });

  test('comes back after a window reload with its scope and filter', { timeout: 120_000 }, async (t) => {
    await step(t, '11-before-reload', async () => {
      const filter = ready().shownWebview().locator('input.filter');
      await filter.fill('fixture-nested');
      await filter.press('Enter');
      await waitForRows('the filter to keep the nested runs', (n) => n.length === 8);
    });

    await step(t, '12-after-reload', async () => {
      // Through the workbench, which saves its state (webview states included) before reloading.
      await vs().runCommand('Developer: Reload Window');
      await vs().page.waitForLoadState('load', { timeout: 60_000 });
      await vs().page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      // The restored table waits for the index, which reads every store again after the reload.
      const names = await waitUntil(
        async () => {
          const rows = await rowNames(table()).catch(() => []);
          return rows.length === 8 ? rows : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 300, what: 'the restored table to list the 8 nested runs' },
      );
      t.diagnostic(`rows after reload: ${JSON.stringify(names)}`);
      assert.deepEqual([...new Set(names)].sort(), ['child-a', 'child-b', 'grandchild', 'parent']);
      assert.equal(await table().locator('input.filter').inputValue(), 'fixture-nested');
      assert.equal(await table().locator('.scope-label').textContent(), 'All stores');
      assert.deepEqual(dialogs, []);
    });
  });
});
