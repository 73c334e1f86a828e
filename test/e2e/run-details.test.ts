// Run details, sorting, deleted runs and stars in a real VS Code (code-server + Chromium): "Open Run…",
// the details webview (params, metrics, child links), XSS-inertness of run names, "Sort Runs…",
// "Show/Hide Deleted Runs" and the inline star action. One workbench session is shared by all tests.
// Run through scripts/e2e.sh, which packages and installs the extension first.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { FrameLocator, Locator } from 'playwright-core';
import {
  CodeServerSession,
  REPO_ROOT,
  SKIP_REASON,
  childRows,
  configFromEnv,
  copyFixtures,
  escapeRegExp,
  findFileStoreRun,
  findRow,
  formatRows,
  waitUntil,
  type TreeRow,
} from './harness';

const config = configFromEnv();
const VIEW = 'Runs';
const CONTAINER = 'MLOps';
const FILESTORE = 'filestore/mlruns';
const SQLITE = 'sqlite/mlflow.db';
const BASICS = [FILESTORE, 'fixture-basics'];
/** The file store's `baseline` run is renamed to this in the temp copy (never in test/fixtures). */
const XSS_NAME = '<img src=x onerror=alert(1)>';

describe(
  'MLOps Lens run details and run commands (code-server)',
  { skip: config ? false : SKIP_REASON },
  () => {
    let session: CodeServerSession | undefined;
    let workspace = '';
    /** The file store's baseline run (renamed to XSS_NAME): its id, for checking the details panel. */
    let xssRunId = '';
    /** Messages of every JavaScript dialog (alert, confirm, prompt) any frame opened. */
    const dialogs: string[] = [];

    /** Set once the first test saw the sources: later tests fail fast instead of timing out. */
    let viewReady = false;

    const vs = (): CodeServerSession => {
      if (!session) throw new Error('code-server session did not start');
      return session;
    };
    const ready = (): CodeServerSession => {
      if (!viewReady) throw new Error('the Runs view never listed its sources (see the first test)');
      return vs();
    };

    /** Runs a step, then screenshots it as rd-<name>.png (or rd-<name>-failed.png when it throws). */
    async function step(t: TestContext, name: string, body: () => Promise<void>): Promise<void> {
      try {
        await body();
      } catch (error) {
        const shot = await session?.screenshot(`rd-${name}-failed`).catch(() => undefined);
        if (shot) t.diagnostic(`screenshot: ${shot}`);
        const notes = await session?.notifications().catch(() => []);
        if (notes && notes.length > 0) t.diagnostic(`notifications: ${JSON.stringify(notes)}`);
        throw error;
      }
      const shot = await vs().screenshot(`rd-${name}`);
      t.diagnostic(`screenshot: ${shot}`);
    }

    /** Expands each node along `path` (all must be collapsible) and returns the rows. */
    async function reveal(path: readonly string[]): Promise<TreeRow[]> {
      let rows = await ready().treeRows(VIEW);
      for (let i = 1; i <= path.length; i++) rows = await vs().expandRow(VIEW, path.slice(0, i));
      return rows;
    }

    const labels = (rows: readonly TreeRow[]): string[] => rows.map((r) => r.label);
    const exactly = (text: string): RegExp => new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`);

    /** The DOM row of the tree item at `path`, after expanding its ancestors. */
    async function treeRow(path: readonly string[]): Promise<Locator> {
      await reveal(path.slice(0, -1));
      const rows = await vs().waitForRows(
        VIEW,
        (r) => findRow(r, path) !== undefined,
        `row ${path.join(' › ')}`,
      );
      const row = findRow(rows, path)!;
      return vs().viewPane(VIEW).first().locator(`.pane-body .monaco-list-row[data-index="${row.index}"]`);
    }

    // --- editors and webviews -----------------------------------------------------------------------

    /** The active tab of the active editor group. */
    const activeTab = (): Locator => vs().page.locator('.editor-group-container.active .tab.active').first();

    async function waitForActiveTab(title: string, timeoutMs = 15_000): Promise<void> {
      await waitUntil(
        async () => (await activeTab().getAttribute('aria-label', { timeout: 1_000 })) === title,
        {
          timeoutMs,
          what: `the active editor tab to be "${title}"`,
        },
      );
    }

    /** The content document of the webview shown in the editor area (outer iframe → #active-frame). */
    function shownWebview(): FrameLocator {
      return vs()
        .page.locator('iframe.webview.ready')
        .filter({ visible: true })
        .first()
        .contentFrame()
        .locator('iframe#active-frame')
        .contentFrame();
    }

    /** Waits until the shown webview renders the details of `runName`, and returns its document. */
    async function waitForDetails(runName: string, timeoutMs = 20_000): Promise<FrameLocator> {
      await waitUntil(
        async () => {
          const name = shownWebview().locator('header.run-header .run-name');
          return (await name.textContent({ timeout: 1_000 })) === runName;
        },
        { timeoutMs, intervalMs: 200, what: `the details webview of "${runName}"` },
      );
      return shownWebview();
    }

    /** Closes every editor, so that the next panel is the only webview. */
    async function closeAllEditors(): Promise<void> {
      await vs().runCommand('View: Close All Editors');
      await vs()
        .page.locator('.editor-group-container .tab')
        .first()
        .waitFor({ state: 'detached', timeout: 10_000 });
    }

    /** Key → value of a key/value table in the details webview (params, tags, …). */
    async function tableCells(frame: FrameLocator, table: string): Promise<Map<string, string>> {
      const rows = await frame
        .locator(`table.kv-${table} tbody tr`)
        .evaluateAll((trs) =>
          trs.map((tr) => [
            tr.querySelector('td.key')?.textContent ?? '',
            tr.querySelector('td.value')?.textContent ?? '',
          ]),
        );
      return new Map(rows.map(([k, v]) => [k ?? '', v ?? '']));
    }

    // --- quick input ----------------------------------------------------------------------------------

    const quickRows = (): Locator => vs().quickInput.locator('.quick-input-list .monaco-list-row');

    /** The quick pick row whose label (not description or detail) is exactly `label`. */
    function quickRow(label: string): Locator {
      return quickRows().filter({
        has: vs().page.locator('.label-name', { hasText: exactly(label) }),
      });
    }

    /** Label and aria-label of the focused quick pick row. */
    async function focusedPick(): Promise<{ label: string; ariaLabel: string }> {
      const row = vs().quickInput.locator('.quick-input-list .monaco-list-row.focused').first();
      return {
        label: ((await row.locator('.label-name').first().textContent({ timeout: 1_000 })) ?? '').trim(),
        ariaLabel: (await row.getAttribute('aria-label', { timeout: 1_000 })) ?? '',
      };
    }

    /** Runs "MLOps: Open Run…", types `query`, checks the focused entry is `runName` and accepts it. */
    async function openRunViaPick(t: TestContext, query: string, runName: string): Promise<string> {
      await vs().runCommand('MLOps: Open Run…');
      await quickRows().first().waitFor({ state: 'visible', timeout: 10_000 });
      const input = vs().quickInput.locator('.quick-input-box input');
      await input.fill(query);
      const picked = await waitUntil(
        async () => {
          const focused = await focusedPick();
          return focused.label === runName ? focused : undefined;
        },
        {
          timeoutMs: 10_000,
          what: `"${runName}" to be the focused entry of Open Run… after typing "${query}"`,
        },
      );
      t.diagnostic(`Open Run… entry: ${picked.ariaLabel}`);
      const focusedRow = vs().quickInput.locator('.quick-input-list .monaco-list-row.focused');
      assert.equal(await focusedRow.locator('img').count(), 0, 'the entry renders its name as text');
      const id = /\b([0-9a-f]{32})\b/.exec(picked.ariaLabel)?.[1];
      assert.ok(id, `the entry names the run id: ${picked.ariaLabel}`);
      await input.press('Enter');
      await vs().quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
      return id;
    }

    /** Picks `label` in the open quick pick (waits for it first: the pick may just be replacing another). */
    async function pickQuickItem(label: string, filter?: string): Promise<void> {
      // The list is virtualized: filter first, so that the entry is rendered.
      if (filter !== undefined) await vs().quickInput.locator('.quick-input-box input').fill(filter);
      const row = quickRow(label).first();
      await row.waitFor({ state: 'visible', timeout: 10_000 }).catch(async (error: unknown) => {
        const seen = await quickRows().evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')));
        throw new Error(
          `no quick pick entry "${label}" (${String(error)}); entries: ${JSON.stringify(seen)}`,
        );
      });
      await row.click();
    }

    async function sortRuns(t: TestContext, metric: string, direction: 'Ascending' | 'Descending') {
      await vs().runCommand('MLOps: Sort Runs…');
      await vs()
        .quickInput.locator('.quick-input-title', { hasText: 'Sort Runs By' })
        .waitFor({ state: 'visible', timeout: 10_000 });
      const offered = await quickRows().evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')));
      t.diagnostic(`Sort Runs… offers (first rendered entries): ${JSON.stringify(offered)}`);
      await pickQuickItem(metric, metric);
      await vs()
        .quickInput.locator('.quick-input-title', { hasText: `Sort by ${metric}` })
        .waitFor({ state: 'visible', timeout: 10_000 });
      await pickQuickItem(direction);
      await vs().quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
    }

    before(
      async () => {
        assert.ok(config);
        const temp = mkdtempSync(join(tmpdir(), 'mlops-lens-e2e-'));
        workspace = copyFixtures(join(REPO_ROOT, 'test', 'fixtures', 'mlflow'), temp, 'mlflow');
        // XSS probe, in the temp copy only: the file store's baseline run gets a name that is HTML.
        const runDir = findFileStoreRun(join(workspace, 'filestore', 'mlruns'), 'baseline');
        const metaPath = join(runDir, 'meta.yaml');
        const meta = readFileSync(metaPath, 'utf8');
        assert.match(meta, /^run_name: baseline$/m, `${metaPath} names the run baseline`);
        writeFileSync(metaPath, meta.replace(/^run_name: baseline$/m, `run_name: '${XSS_NAME}'`));
        writeFileSync(join(runDir, 'tags', 'mlflow.runName'), XSS_NAME);
        xssRunId = /^run_id: (\w+)$/m.exec(meta)?.[1] ?? '';
        assert.match(xssRunId, /^[0-9a-f]{32}$/);

        const started = Date.now();
        session = await CodeServerSession.start(config, { workspace, tempDir: temp });
        session.page.on('dialog', (dialog) => {
          dialogs.push(`${dialog.type()}: ${dialog.message()}`);
          void dialog.dismiss().catch(() => undefined);
        });
        process.stderr.write(`# code-server workbench up in ${Date.now() - started} ms\n`);
      },
      { timeout: 120_000 },
    );

    after(async () => {
      if (!session) return;
      session.saveLog('code-server-run-details.log');
      await session.close();
    });

    test(
      '"MLOps: Open Run…" opens the details of tuned in a webview panel',
      { timeout: 60_000 },
      async (t) => {
        await step(t, '01-runs-view', async () => {
          await vs().openViewContainer(CONTAINER);
          await vs().resizeSideBar(480);
          await vs().ensureViewExpanded(VIEW);
          await vs().waitForRows(
            VIEW,
            (r) => findRow(r, [FILESTORE]) !== undefined,
            `source ${FILESTORE}`,
            45_000,
          );
          // Start from a short tree: only the rendered rows are in the DOM.
          await vs().collapseAll(VIEW);
          viewReady = true;
        });

        let runId = '';
        await step(t, '02-open-run-pick', async () => {
          await ready().runCommand('MLOps: Open Run…');
          await quickRows().first().waitFor({ state: 'visible', timeout: 10_000 });
          const entries = await quickRows().evaluateAll((rows) =>
            rows.map((r) => r.getAttribute('aria-label') ?? ''),
          );
          // The list is virtualized: aria-setsize is the number of entries, not just the rendered ones.
          const total = Number(await quickRows().first().getAttribute('aria-setsize'));
          t.diagnostic(`Open Run… lists ${total} runs, first: ${JSON.stringify(entries.slice(0, 3))}`);
          assert.ok(
            total >= 10,
            `Open Run… lists the workspace's runs (${total}): ${JSON.stringify(entries)}`,
          );
          await vs().page.keyboard.type('tuned');
          const picked = await waitUntil(
            async () => {
              const focused = await focusedPick();
              return focused.label === 'tuned' ? focused : undefined;
            },
            { timeoutMs: 10_000, what: 'tuned to be the focused entry after typing "tuned"' },
          );
          t.diagnostic(`focused entry: ${picked.ariaLabel}`);
          runId = /\b([0-9a-f]{32})\b/.exec(picked.ariaLabel)?.[1] ?? '';
          assert.ok(runId, `the entry shows the run id: ${picked.ariaLabel}`);
        });

        await step(t, '03-tuned-details', async () => {
          await vs().page.keyboard.press('Enter');
          await vs().quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
          await waitForActiveTab('tuned');
          const frame = await waitForDetails('tuned');
          const params = await tableCells(frame, 'params');
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
        await closeAllEditors();
        const parentPath = [FILESTORE, 'fixture-nested', 'parent'];
        await step(t, '04-parent-details', async () => {
          const row = await treeRow(parentPath);
          await row.locator('.label-name').first().click();
          await waitForActiveTab('parent');
          const frame = await waitForDetails('parent');
          const children = await frame.locator('header.run-header ul.children button.link').allTextContents();
          t.diagnostic(`children listed: ${JSON.stringify(children)}`);
          assert.deepEqual(children.map((c) => c.trim()).sort(), ['child-a', 'child-b']);
        });

        await step(t, '05-child-a-details', async () => {
          await shownWebview()
            .locator('header.run-header ul.children button.link', { hasText: exactly('child-a') })
            .click();
          await waitForActiveTab('child-a');
          const frame = await waitForDetails('child-a');
          const parent = await frame.locator('header.run-header dl.meta dd button.link').allTextContents();
          assert.deepEqual(
            parent.map((p) => p.trim()),
            ['parent'],
            'child-a links back to its parent',
          );
          const tabs = await vs()
            .page.locator('.editor-group-container .tab')
            .evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''));
          t.diagnostic(`editor tabs: ${JSON.stringify(tabs)}`);
          assert.deepEqual(tabs, ['parent', 'child-a'], 'the child opened in a panel of its own');
        });
        await vs().collapseRow(VIEW, [FILESTORE]);
      },
    );

    test('a run name that is HTML shows as text and runs no script', { timeout: 30_000 }, async (t) => {
      await closeAllEditors();
      await step(t, '06-xss-details', async () => {
        const id = await openRunViaPick(t, 'onerror', XSS_NAME);
        assert.equal(id, xssRunId, 'the pick is the renamed file-store baseline run');
        await waitForActiveTab(XSS_NAME);
        const tabLabel = await activeTab().locator('.label-name').first().textContent();
        assert.equal(tabLabel, XSS_NAME, 'the tab title is the literal name');
        assert.equal(await activeTab().locator('img').count(), 0, 'no img in the editor tab');

        const frame = await waitForDetails(XSS_NAME);
        const header = frame.locator('header.run-header h1 .run-name');
        assert.equal(await header.textContent(), XSS_NAME, 'the header shows the literal name');
        assert.equal(await frame.locator('img').count(), 0, 'the details document has no img element');
        assert.equal(await frame.locator('header.run-header dl.meta code').first().textContent(), xssRunId);
        const systemTags = await tableCells(frame, 'systemTags');
        assert.equal(systemTags.get('mlflow.runName'), XSS_NAME, 'the mlflow.runName tag shows as text');
        const title = await frame.locator('title').textContent();
        t.diagnostic(`webview document title: ${JSON.stringify(title)}`);
        // An onerror handler would have fired by now (the image source cannot load): give it a moment.
        await vs().page.waitForTimeout(1_000);
        assert.deepEqual(dialogs, [], 'no dialog was opened');
        // Had an img been injected, Chromium would log a blocked handler (CSP) or a blocked alert (sandbox).
        const browserLog = vs()
          .log.split('\n')
          .filter((line) => line.startsWith('[browser]') || line.startsWith('[page error]'));
        t.diagnostic(`browser console errors so far: ${browserLog.length}`);
        for (const line of browserLog) t.diagnostic(line);
        const blocked = browserLog.filter((line) => /inline event handler|alert\(\)|onerror/i.test(line));
        assert.deepEqual(blocked, [], 'no script from the run name was attempted');
      });
      await closeAllEditors();
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
        const xssRow = vs()
          .viewPane(VIEW)
          .first()
          .locator(`.pane-body .monaco-list-row[data-index="${baseline.index}"]`);
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
        /** An inline action of a tree row, by its title (the aria-label may add a keybinding). */
        const action = (row: Locator, title: string): Locator =>
          row.locator(
            `.actions a.action-label[aria-label="${title}"], .actions a.action-label[aria-label^="${title} ("]`,
          );

        await step(t, '13-starred', async () => {
          const row = await treeRow(tunedPath);
          const before = findRow(await vs().treeRows(VIEW), tunedPath)!.description;
          t.diagnostic(`tuned before: "${before}"`);
          assert.doesNotMatch(before, /★/, 'tuned starts without a star');
          await vs().page.mouse.move(0, 0);
          await row.hover();
          const star = action(row, 'Star Run');
          await star.waitFor({ state: 'visible', timeout: 5_000 });
          await star.click();
          const rows = await vs().waitForRows(
            VIEW,
            (r) => /★/.test(findRow(r, tunedPath)?.description ?? ''),
            'tuned to gain ★',
          );
          t.diagnostic(`tuned after starring: "${findRow(rows, tunedPath)!.description}"`);
        });

        await step(t, '14-unstarred', async () => {
          const row = await treeRow(tunedPath);
          await row.hover();
          const unstar = action(row, 'Unstar Run');
          await unstar.waitFor({ state: 'visible', timeout: 5_000 });
          await unstar.click();
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
  },
);
