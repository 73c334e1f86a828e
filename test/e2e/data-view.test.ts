// The Data view in a real VS Code (code-server + Chromium) on the data-versions fixture
// (test/fixtures/data-versions/repo.tar.gz, written by the real DVC and Git, extracted to a temp
// folder): each tracked path with its `dvc data status` state, a file's versions along the branch,
// and a version of a table compared with the workspace (it opens the Data Diff panel, whose own
// suite is data-diff.test.ts).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT, SKIP_REASON, configFromEnv } from './harness/config';
import { makeTempDir } from './harness/fixtures';
import { CONTAINER, PIPELINES_VIEW, RUNS_VIEW } from './harness/mlops';
import { useCodeServer } from './harness/suite';
import { childRows, findRow, formatRows, type TreeRow } from './harness/trees';
import { waitUntil } from './harness/wait';

const config = configFromEnv();
const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'data-versions', 'repo.tar.gz');
const VIEW = 'Data';
const PROJECT = 'repo';

describe('MLOps Lens Data view (code-server)', { skip: config ? false : SKIP_REASON }, () => {
  let workspace = '';
  const { vs, step } = useCodeServer(config, {
    shotPrefix: 'data-',
    logName: 'code-server-data.log',
    prepare: () => {
      const temp = makeTempDir('mlops-lens-e2e-data-');
      execFileSync('tar', ['-xzf', FIXTURE, '-C', temp]);
      // Side by side even beside a wide side bar, so the cached version has its own pane.
      const settings = { 'diffEditor.useInlineViewWhenSpaceIsLimited': false };
      workspace = join(temp, 'repo');
      return { workspace, tempDir: temp, settings };
    },
  });

  const describes = (rows: TreeRow[], key: string, pattern: RegExp): boolean =>
    pattern.test(findRow(rows, [PROJECT, key])?.description ?? '');

  test('every tracked path is listed with its dvc data status state', { timeout: 90_000 }, async (t) => {
    await step(t, '01-statuses', async () => {
      await vs().openViewContainer(CONTAINER);
      await vs().resizeSideBar(560);
      await vs().foldView(RUNS_VIEW);
      await vs().foldView(PIPELINES_VIEW);
      await vs().ensureViewExpanded(VIEW);
      const rows = await vs().waitForRows(
        VIEW,
        (r) =>
          describes(r, 'data/tables', /modified/) &&
          describes(r, 'stats.csv', /deleted/) &&
          describes(r, 'data/notes.txt', /added/) &&
          describes(r, 'data/iris.csv', /unchanged/),
        'tables modified, stats.csv deleted, notes.txt added, iris.csv unchanged',
        60_000,
      );
      t.diagnostic(formatRows(rows));
      assert.deepEqual(
        childRows(rows, [PROJECT]).map((r) => r.label),
        ['data/iris.csv', 'data/notes.txt', 'data/samples', 'data/tables', 'features', 'stats.csv'],
      );
      assert.match(findRow(rows, [PROJECT, 'data/tables'])?.description ?? '', /22\.4 KB · 5 files/);
      assert.match(findRow(rows, [PROJECT, 'features'])?.description ?? '', /modified/);
    });
  });

  test(
    "a folder opens to its files; a file's versions are the commits that changed it",
    { timeout: 60_000 },
    async (t) => {
      await step(t, '02-versions', async () => {
        const tables = await vs().expandRow(VIEW, [PROJECT, 'data/tables']);
        const files = childRows(tables, [PROJECT, 'data/tables']).map((r) => [r.label, r.description]);
        t.diagnostic(JSON.stringify(files));
        assert.deepEqual(files[0], ['Versions', '']);
        assert.ok(
          files.some(([label, description]) => label === 'exercise.csv' && /not in cache/.test(description)),
        );
        await vs().collapseRow(VIEW, [PROJECT, 'data/tables']);
        await vs().expandRow(VIEW, [PROJECT, 'data/iris.csv']);
        const rows = await vs().expandRow(VIEW, [PROJECT, 'data/iris.csv', 'Versions']);
        const versions = childRows(rows, [PROJECT, 'data/iris.csv', 'Versions']);
        t.diagnostic(formatRows(versions));
        assert.deepEqual(
          versions.map((r) => r.label.slice(0, 3)),
          ['v3:', 'v2:', 'v1:'],
        );
        assert.ok(
          versions.every((r) => /^\d{4}-\d{2}-\d{2} · [\d.]+ KB$/.test(r.description)),
          formatRows(versions),
        );
      });
    },
  );

  test(
    'Compare with Workspace opens the Data Diff panel on the cached version of a table',
    { timeout: 90_000 },
    async (t) => {
      await step(t, '03-compare', async () => {
        const rows = await vs().treeRows(VIEW);
        const v2 = childRows(rows, [PROJECT, 'data/iris.csv', 'Versions']).find((r) =>
          r.label.startsWith('v2:'),
        );
        assert.ok(v2, formatRows(rows));
        await vs().clickRowAction(vs().rowAt(VIEW, v2), 'Compare with Workspace');
        const title = await waitUntil(
          async () => {
            const titles = await vs().editorTabTitles();
            return titles.find((x) => x.includes('iris.csv') && x.includes('↔'));
          },
          { timeoutMs: 20_000, what: 'a Data Diff tab for iris.csv' },
        );
        t.diagnostic(`tab: ${title}`);
        // Tables open in the Data Diff panel (test/e2e/data-diff.test.ts); v2 (cached) has 147 rows.
        const frame = await vs().shownWebviewWhere(
          async (f) => (await f.locator('.diff-summary').count()) > 0,
          { timeoutMs: 60_000, what: 'the Data Diff summary' },
        );
        assert.equal(await frame.locator('.version-a .version-size').getAttribute('data-rows'), '147');
      });
    },
  );

  test(
    'MLOps: Compare Data Versions… on a ragged table of a tracked folder says which version and why',
    { timeout: 60_000 },
    async (t) => {
      await step(t, '04-compare-command', async () => {
        await vs().runCommand('MLOps: Compare Data Versions…');
        await vs().waitForQuickLabel('data/iris.csv', 30_000, 'the tracked files to pick from');
        await vs().quickInputBox.fill('wine_data');
        await vs().quickRow('data/tables/wine_data.csv').first().click();
        await vs().quickRow('v1').first().waitFor({ timeout: 15_000 });
        const versions = await vs().quickLabels();
        t.diagnostic(`versions offered: ${JSON.stringify(versions)}`);
        assert.ok(
          versions.includes('Workspace') && versions.includes('HEAD') && versions.includes('bigger-scale'),
        );
        await vs().quickRow('v1').first().click();
        await vs().quickRow('Workspace').first().waitFor({ timeout: 15_000 });
        await vs().quickRow('Workspace').first().click();
        const title = await waitUntil(
          async () =>
            (await vs().editorTabTitles()).find((x) => x.includes('wine_data.csv (v1 ↔ Workspace)')),
          { timeoutMs: 20_000, what: 'a Data Diff tab for wine_data.csv' },
        );
        t.diagnostic(`tab: ${title}`);
        // scikit-learn's wine_data.csv has a header line of 5 fields over rows of 14: pandas rejects it
        // too, so the panel says which version and why instead of a diff.
        const frame = await vs().shownWebviewWhere(
          async (f) => (await f.locator('.failure-reason').count()) > 0,
          { timeoutMs: 30_000, what: 'the Data Diff failure of wine_data.csv' },
        );
        assert.match(await frame.locator('.failure-path').innerText(), /wine_data\.csv \(v1\)/);
        assert.match(await frame.locator('.failure-reason').innerText(), /ragged rows/);
      });
    },
  );

  test('editing tracked data turns its output modified without a refresh', { timeout: 60_000 }, async (t) => {
    await step(t, '05-watch', async () => {
      const started = Date.now();
      appendFileSync(join(workspace, 'data', 'iris.csv'), '5.0,3.0,1.5,0.2,setosa,7.500\n');
      const rows = await vs().waitForRows(
        VIEW,
        (r) => describes(r, 'data/iris.csv', /modified \(not recorded by DVC\)/),
        'data/iris.csv "modified (not recorded by DVC)"',
        30_000,
      );
      t.diagnostic(
        `shown ${Date.now() - started} ms after the write:\n${formatRows(childRows(rows, [PROJECT]))}`,
      );
    });
  });
});
