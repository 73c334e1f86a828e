// Folder comparisons in the Data view, in a real VS Code (code-server + Chromium), on the
// data-images fixture (test/fixtures/data-images/repo.tar.gz, written by the real DVC and Git): a
// tracked folder compared between two tags shows a Comparison tree with its counts and size delta;
// an image of it opens in the Data Image panel (its old version read from the local remote, the
// cache lacking it), and the panel's swipe mode works; a file whose old object is nowhere here says
// "not in cache" and offers Fetch.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT, SKIP_REASON, configFromEnv } from './harness/config';
import { makeTempDir } from './harness/fixtures';
import { CONTAINER, PIPELINES_VIEW, RUNS_VIEW } from './harness/mlops';
import { useCodeServer } from './harness/suite';
import { childRows, findRow, formatRows } from './harness/trees';
import { waitUntil } from './harness/wait';

const config = configFromEnv();
const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'data-images', 'repo.tar.gz');
const VIEW = 'Data';
const COMPARISON = 'Comparison: images (v1 ↔ v2)';

describe(
  'MLOps Lens Data view: folder comparisons (code-server)',
  { skip: config ? false : SKIP_REASON },
  () => {
    const { vs, step } = useCodeServer(config, {
      shotPrefix: 'data-folder-',
      logName: 'code-server-data-folder.log',
      prepare: () => {
        const temp = makeTempDir('mlops-lens-e2e-data-folder-');
        execFileSync('tar', ['-xzf', FIXTURE, '-C', temp]);
        return { workspace: join(temp, 'repo'), tempDir: temp, settings: {} };
      },
    });

    test(
      'a folder compared between two tags shows the diff tree with counts',
      { timeout: 120_000 },
      async (t) => {
        await step(t, '01-comparison', async () => {
          await vs().openViewContainer(CONTAINER);
          await vs().resizeSideBar(620);
          await vs().foldView(RUNS_VIEW);
          await vs().foldView(PIPELINES_VIEW);
          await vs().ensureViewExpanded(VIEW);
          await vs().waitForRows(
            VIEW,
            (r) => findRow(r, ['repo', 'images']) !== undefined,
            'the images folder',
            60_000,
          );
          await vs().runCommand('MLOps: Compare Data Versions…');
          await vs().waitForQuickLabel('images', 30_000, 'the tracked paths to pick from');
          await vs().quickInputBox.fill('images');
          await vs().quickRow('images').first().click();
          await vs().quickRow('v1').first().waitFor({ timeout: 15_000 });
          await vs().quickRow('v1').first().click();
          await vs().quickRow('v2').first().waitFor({ timeout: 15_000 });
          await vs().quickRow('v2').first().click();
          const rows = await vs().waitForRows(
            VIEW,
            (r) => findRow(r, [COMPARISON]) !== undefined && childRows(r, [COMPARISON]).length > 0,
            'the Comparison node with its children',
            30_000,
          );
          t.diagnostic(formatRows(rows));
          assert.equal(rows[0].label, COMPARISON, 'the Comparison is the first row');
          assert.match(findRow(rows, [COMPARISON])?.description ?? '', /^\+1 −1 ~3 →1 · \+568 B \?$/);
          const children = childRows(rows, [COMPARISON]).map((r) => [r.label, r.description]);
          assert.deepEqual(
            children.map(([label]) => label),
            ['shapes', 'textures', 'flower.jpg', 'model.pkl', 'notes.txt'],
          );
          assert.deepEqual(children[0], ['shapes', '+1 −1 · −184 B']);
          assert.match(children[2][1], /^modified · 6\.8 KB → 7\.6 KB$/);
        });
      },
    );

    test(
      'an image of the comparison opens in the image panel, side by side and as a swipe',
      { timeout: 90_000 },
      async (t) => {
        await step(t, '02-image-panel', async () => {
          const rows = await vs().treeRows(VIEW);
          const flower = childRows(rows, [COMPARISON]).find((r) => r.label === 'flower.jpg');
          assert.ok(flower, formatRows(rows));
          await vs().rowAt(VIEW, flower).click();
          const frame = await vs().shownWebviewWhere(
            async (f) => {
              const sizes = await f
                .locator('img.image')
                .evaluateAll((images) => images.map((i) => (i as HTMLImageElement).naturalWidth));
              return sizes.length === 2 && sizes.every((w) => w > 0);
            },
            { timeoutMs: 30_000, what: 'both versions of flower.jpg decoded in the image panel' },
          );
          const captions = await frame.locator('figcaption').allInnerTexts();
          t.diagnostic(`captions: ${JSON.stringify(captions)}`);
          assert.match(captions[0], /^v1 · 6\.8 KB$/);
          assert.match(captions[1], /^v2 · 7\.6 KB$/);
          assert.ok((await vs().editorTabTitles()).some((x) => x.includes('flower.jpg (v1 ↔ v2)')));
          await vs().screenshot('data-folder-02-side-by-side');
          await frame.locator('button[data-mode="swipe"]').click();
          await frame.locator('input.image-slider').waitFor({ timeout: 10_000 });
          await frame.locator('input.image-slider').fill('30');
          const clip = await frame
            .locator('img.image-top')
            .evaluate((i) => (i as HTMLElement).style.clipPath);
          assert.equal(clip, 'inset(0px 70% 0px 0px)');
        });
      },
    );

    test(
      'a file whose old object is nowhere here says "not in cache" and offers Fetch',
      { timeout: 60_000 },
      async (t) => {
        await step(t, '03-not-in-cache', async () => {
          const rows = await vs().treeRows(VIEW);
          const model = childRows(rows, [COMPARISON]).find((r) => r.label === 'model.pkl');
          assert.ok(model, formatRows(rows));
          t.diagnostic(`model.pkl: ${model.description}`);
          assert.match(model.description, /^modified · \? → 73 B · not in cache \(v1\)$/);
          const row = vs().rowAt(VIEW, model);
          await vs().page.mouse.move(0, 0);
          await row.hover();
          await row
            .locator('.actions a.action-label[aria-label="Fetch"]')
            .waitFor({ state: 'visible', timeout: 5_000 });
          await row.click();
          const message = await vs().waitForNotification('is not in cache', { timeoutMs: 15_000 });
          t.diagnostic(message);
          assert.match(message, /images\/model\.pkl \(v1\) is not in cache: .*\.dvc\/cache\/files\/md5\//);
          const fetchButton = vs().page.locator('.notification-toast .monaco-button', { hasText: 'Fetch' });
          await fetchButton.first().waitFor({ state: 'visible', timeout: 5_000 });
          await waitUntil(async () => ((await vs().notifications()).length > 0 ? true : undefined), {
            timeoutMs: 1_000,
            what: 'the notification still shown',
          });
        });
      },
    );

    test(
      'Show Images on the comparison shows the added and removed images as a grid',
      { timeout: 60_000 },
      async (t) => {
        await step(t, '04-image-grid', async () => {
          const comparison = await vs().rowLocator(VIEW, [COMPARISON]);
          await vs().clickRowAction(comparison, 'Show Images');
          const frame = await vs().shownWebviewWhere(
            async (f) => (await f.locator('.image-grid-section.removed figcaption').count()) === 1,
            { timeoutMs: 30_000, what: 'the image grid of the comparison' },
          );
          const added = await frame.locator('.image-grid-section.added figcaption').allInnerTexts();
          const removed = await frame.locator('.image-grid-section.removed figcaption').allInnerTexts();
          t.diagnostic(`added ${JSON.stringify(added)}, removed ${JSON.stringify(removed)}`);
          assert.deepEqual(added, ['green.png · v2']);
          assert.deepEqual(removed, ['blue.png · v1']);
          const decoded = await frame
            .locator('img.image')
            .evaluateAll((images) => images.every((i) => (i as HTMLImageElement).naturalWidth > 0));
          assert.ok(decoded, 'every thumbnail decoded');
        });
      },
    );
  },
);
