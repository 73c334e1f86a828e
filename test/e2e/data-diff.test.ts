// The Data Diff panel in a real VS Code (code-server + Chromium) on the data-versions fixture
// (test/fixtures/data-versions/repo.tar.gz, written by the real DVC and Git): two versions of
// data/iris.csv compared through "MLOps: Compare Data Versions…" open the panel, whose summary
// equals the fixture's scripted changes and the engine's own count on the same cache objects; the
// changed-rows-only toggle and scrolling work on a comparison with the workspace.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { diffTables } from '../../src/core/data/table';
import { REPO_ROOT, SKIP_REASON, configFromEnv } from './harness/config';
import { makeTempDir } from './harness/fixtures';
import { CONTAINER, PIPELINES_VIEW, RUNS_VIEW } from './harness/mlops';
import { useCodeServer } from './harness/suite';
import { waitUntil } from './harness/wait';

const config = configFromEnv();
const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'data-versions', 'repo.tar.gz');
const KEY = 'data/iris.csv';

/** The DVC cache object of `data/iris.csv` at a Git revision of the fixture. */
function cacheObject(workspace: string, rev: string): string {
  const dvc = execFileSync('git', ['show', `${rev}:${KEY}.dvc`], { cwd: workspace, encoding: 'utf8' });
  const md5 = /md5: ([0-9a-f]{32})/.exec(dvc)?.[1];
  assert.ok(md5, dvc);
  return join(workspace, '.dvc', 'cache', 'files', 'md5', md5.slice(0, 2), md5.slice(2));
}

async function counts(frame: FrameLocator): Promise<Record<string, number>> {
  const tiles = frame.locator('[data-count]');
  const out: Record<string, number> = {};
  for (let i = 0; i < (await tiles.count()); i++) {
    const tile = tiles.nth(i);
    out[(await tile.getAttribute('data-count')) ?? '?'] = Number(await tile.getAttribute('data-value'));
  }
  return out;
}

async function side(frame: FrameLocator, which: 'a' | 'b'): Promise<{ rows: number; columns: number }> {
  const size = frame.locator(`.version-${which} .version-size`);
  return {
    rows: Number(await size.getAttribute('data-rows')),
    columns: Number(await size.getAttribute('data-columns')),
  };
}

describe('MLOps Lens Data Diff panel (code-server)', { skip: config ? false : SKIP_REASON }, () => {
  let workspace = '';
  const { vs, step } = useCodeServer(config, {
    shotPrefix: 'data-diff-',
    logName: 'code-server-data-diff.log',
    prepare: () => {
      const temp = makeTempDir('mlops-lens-e2e-data-diff-');
      execFileSync('tar', ['-xzf', FIXTURE, '-C', temp]);
      workspace = join(temp, 'repo');
      return { workspace, tempDir: temp, settings: {} };
    },
  });

  async function compare(first: string, second: string): Promise<void> {
    await vs()
      .runCommand('MLOps: Compare Data Versions…')
      // The palette may open before the workbench has every contribution: once more.
      .catch(() => vs().runCommand('MLOps: Compare Data Versions…', 30_000));
    await vs().waitForQuickLabel(KEY, 30_000, 'the tracked files to pick from');
    await vs().quickInputBox.fill('iris');
    await vs().quickRow(KEY).first().click();
    await vs().quickRow(first).first().waitFor({ timeout: 15_000 });
    await vs().quickRow(first).first().click();
    await vs().quickRow(second).first().waitFor({ timeout: 15_000 });
    await vs().quickRow(second).first().click();
  }

  async function panelFor(title: string): Promise<FrameLocator> {
    await waitUntil(async () => (await vs().editorTabTitles()).find((x) => x.includes(title)), {
      timeoutMs: 30_000,
      what: `a Data Diff tab "${title}"`,
    });
    return vs().shownWebviewWhere(async (frame) => (await frame.locator('.diff-summary').count()) > 0, {
      timeoutMs: 60_000,
      what: 'the Data Diff summary',
    });
  }

  test('v1 ↔ v2 of iris.csv: the summary has the scripted changes', { timeout: 150_000 }, async (t) => {
    await step(t, '01-summary', async () => {
      // As data-view.test.ts does: the Data view listed (the extension is up, the project read).
      await vs().openViewContainer(CONTAINER);
      await vs().resizeSideBar(560);
      await vs().foldView(RUNS_VIEW);
      await vs().foldView(PIPELINES_VIEW);
      await vs().ensureViewExpanded('Data');
      await vs().waitForRows('Data', (r) => r.some((row) => row.label === KEY), KEY, 60_000);
      await compare('v1', 'v2');
      const frame = await panelFor('iris.csv (v1 ↔ v2)');
      const shown = { a: await side(frame, 'a'), b: await side(frame, 'b'), counts: await counts(frame) };
      t.diagnostic(JSON.stringify(shown));
      // generate.sh: v2 = v1 with 5 rows removed, 2 added, a cell edited, a column added.
      assert.equal(shown.a.rows, 150);
      assert.equal(shown.b.rows, 150 - 5 + 2);
      assert.equal(shown.b.columns, shown.a.columns + 1);
      assert.ok((await frame.locator('.schema-changes [data-kind="added"]').count()) >= 1);
      // The same numbers as the engine's on the same two cache objects.
      const diff = await diffTables(
        { label: 'v1', file: cacheObject(workspace, 'v1'), name: KEY },
        { label: 'v2', file: cacheObject(workspace, 'v2'), name: KEY },
      );
      const { added, removed, changed, unchanged } = diff.summary.rows;
      assert.deepEqual(shown.counts, { added, removed, changed, unchanged });
      assert.equal(added - removed, shown.b.rows - shown.a.rows);
      assert.ok((await frame.locator('.diff-row[data-status]').count()) > 5, 'rows painted');
      assert.ok((await frame.locator('.changed-cell').count()) > 0, 'changed cells shown old → new');
    });
    await step(t, '02-profiles', async () => {
      const frame = vs().shownWebview();
      await frame.locator('vscode-tab-header[data-tab="profiles"]').click();
      await frame.locator('.profile-card canvas').first().waitFor({ state: 'visible', timeout: 15_000 });
      assert.ok((await frame.locator('.profile-card').count()) >= 5);
    });
    await step(t, '03-drift', async () => {
      const frame = vs().shownWebview();
      await frame.locator('vscode-tab-header[data-tab="drift"]').click();
      await frame.locator('.drift-table').waitFor({ state: 'visible', timeout: 15_000 });
      assert.ok((await frame.locator('.drift-table tr.measure').count()) > 0);
    });
  });

  test(
    'HEAD ↔ Workspace with rows appended: changed rows only, and scrolling',
    { timeout: 150_000 },
    async (t) => {
      await step(t, '04-changed-only', async () => {
        const extra = Array.from({ length: 3 }, (_, i) => `5.${i},3.0,1.5,0.2,setosa,7.500\n`).join('');
        appendFileSync(join(workspace, 'data', 'iris.csv'), extra);
        await vs().closeAllEditors();
        await compare('HEAD', 'Workspace');
        const frame = await panelFor('iris.csv (HEAD ↔ Workspace)');
        await frame.locator('vscode-tab-header[data-tab="rows"]').click();
        const shown = await counts(frame);
        t.diagnostic(JSON.stringify(shown));
        assert.equal(shown.added, 3);
        assert.equal(shown.unchanged, 147);
        await frame.locator('#changed-only').click();
        await waitUntil(
          async () => {
            const statuses = await frame
              .locator('.diff-row[data-status]')
              .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
            return statuses.length === 3 && statuses.every((s) => s === 'added') ? true : undefined;
          },
          { timeoutMs: 15_000, what: 'only the 3 added rows' },
        );
      });
      await step(t, '05-scroll', async () => {
        const frame = vs().shownWebview();
        await frame.locator('#changed-only').click();
        await waitUntil(
          async () =>
            (await frame.locator('.diff-row[data-status="unchanged"]').count()) > 0 ? true : undefined,
          {
            timeoutMs: 15_000,
            what: 'all rows again',
          },
        );
        await frame.locator('.diff-grid').evaluate((grid) => {
          grid.scrollTop = grid.scrollHeight;
        });
        await waitUntil(
          async () =>
            (await frame.locator('.diff-row[data-status="added"]').count()) === 3 ? true : undefined,
          {
            timeoutMs: 15_000,
            what: 'the added rows at the end after scrolling',
          },
        );
      });
    },
  );
});
