// Inline params in a real VS Code (code-server + Chromium) on the params-diff fixture
// (test/fixtures/params-diff/repos.tar.gz, written by the real Git and DVC: tag v1, HEAD, the
// experiment exp-lr, an edited workspace): editing a value in params.yaml shows its HEAD value as
// an inlay hint, hovering a key shows its experiments table, the CodeLens counts the changes, and
// changing the baseline from the status bar moves the hints to it (a missing revision falls back to HEAD).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT, SKIP_REASON, configFromEnv } from './harness/config';
import { makeTempDir } from './harness/fixtures';
import { useCodeServer } from './harness/suite';
import { waitUntil } from './harness/wait';

const config = configFromEnv();
const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'params-diff', 'repos.tar.gz');

describe('MLOps Lens inline params (code-server)', { skip: config ? false : SKIP_REASON }, () => {
  const { vs, step, ready, markReady } = useCodeServer(config, {
    shotPrefix: 'inline-params-',
    logName: 'code-server-inline-params.log',
    notReady: 'params.yaml did not open with its hints',
    prepare: () => {
      const temp = makeTempDir('mlops-lens-e2e-inline-');
      execFileSync('tar', ['-xzf', FIXTURE, '-C', temp]);
      return { workspace: join(temp, 'repo'), tempDir: temp };
    },
  });

  /** The active editor's rendered lines, inlay hints included (spaces normalised). */
  const editorText = async (): Promise<string> =>
    (await vs().page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText())
      // Monaco writes some spaces as no-break or other Unicode spaces.
      .replace(/[^\S\n]+/g, ' ')
      // The hint's left padding is a margin, not a space.
      .replace(/ ?(←|[+-][0-9.e]+ [▲▼=])/g, ' $1');
  const waitForText = (pattern: RegExp, what: string, timeoutMs = 30_000): Promise<string> =>
    waitUntil(
      async () => {
        const text = await editorText();
        // Thrown, so that a timeout quotes what the editor showed last.
        if (!pattern.test(text)) throw new Error(`the editor showed: ${JSON.stringify(text)}`);
        return text;
      },
      { timeoutMs, what },
    );
  const statusBaseline = () =>
    vs()
      .page.locator('.statusbar-item', { hasText: /Baseline:/ })
      .first();

  test('params.yaml opens with hints of its changes since HEAD and the CodeLens', async (t) => {
    await step(t, '01-open', async () => {
      const page = vs().page;
      await vs().focusWorkbench();
      await page.keyboard.press('Control+P');
      await vs().quickInputBox.fill('params.yaml');
      await vs()
        .quickInput.locator('.monaco-list-row.focused .label-name', { hasText: 'params.yaml' })
        .first()
        .waitFor({ timeout: 15_000 });
      await vs().quickInputBox.press('Enter');
      await vs().editorTab('params.yaml').waitFor({ timeout: 15_000 });
      // The fixture's workspace has lr 0.02 and seed 7 where HEAD has 0.01 and 42.
      const text = await waitForText(/lr: 0\.02 ← 0\.01 @HEAD/, 'the hint after train.lr', 60_000);
      assert.match(text, /seed: 7 ← 42 @HEAD/);
      const lenses = await vs().codeLensTitles();
      t.diagnostic(`CodeLens: ${JSON.stringify(lenses)}`);
      assert.ok(
        lenses.some((l) => /3 changed since HEAD/.test(l)),
        lenses.join(' | '),
      );
      assert.ok(
        lenses.some((l) => /Run experiment/.test(l) && /Compare with HEAD/.test(l)),
        lenses.join(' | '),
      );
      assert.match(await statusBaseline().innerText(), /Baseline: HEAD/);
    });
    markReady();
  });

  test('editing a value shows its HEAD value after it', async (t) => {
    await step(t, '02-edit', async () => {
      const page = ready().page;
      await vs().focusActiveEditor();
      await page.keyboard.press('Control+G');
      await vs().quickInputBox.fill(':4');
      await vs().quickInputBox.press('Enter');
      await page.keyboard.press('End');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      await page.keyboard.type('128');
      const text = await waitForText(/batch: 128 ← 64 @HEAD/, 'the hint after the edited batch');
      assert.match(text, /lr: 0\.02 ← 0\.01 @HEAD/);
    });
  });

  test('hovering a key shows its value in the commits and the experiment, with the key metric', async (t) => {
    await step(t, '03-hover', async () => {
      const page = ready().page;
      await vs().dismissHovers();
      const key = page
        .locator('.editor-group-container.active .view-line span span', { hasText: /^lr$/ })
        .first();
      const hover = page
        .locator('.monaco-hover')
        .filter({ hasText: /Commit or experiment/ })
        .first();
      const text = await waitUntil(
        async () => {
          await page.mouse.move(0, 0);
          await key.hover();
          return hover.innerText({ timeout: 8_000 }).catch(() => undefined);
        },
        { timeoutMs: 40_000, what: 'the hover of train.lr' },
      );
      t.diagnostic(text);
      assert.match(text, /train\.lr/);
      assert.match(text, /At HEAD: 0\.01/);
      assert.match(text, /exp-lr\s+0\.05/);
      assert.match(text, /0\.001/);
      assert.match(text, /★ best/);
      assert.ok((await hover.locator('img[src^="data:image/svg+xml"]').count()) === 1, 'the sparkline');
    });
  });

  test('choosing v1 in the status bar moves the hints to v1', async (t) => {
    await step(t, '04-baseline-v1', async () => {
      const page = ready().page;
      await vs().dismissHovers();
      await statusBaseline().click();
      await vs().waitForQuickTitle(/Compare params and metrics with/);
      await vs().quickInputBox.fill('v1');
      await vs()
        .quickInput.locator('.monaco-list-row.focused .label-name', { hasText: 'v1' })
        .first()
        .waitFor({ timeout: 10_000 });
      await vs().quickInputBox.press('Enter');
      const text = await waitForText(/lr: 0\.02 ← 0\.001 @v1/, 'the hint against v1');
      assert.match(text, /batch: 128 ← 32 @v1/);
      assert.match(await statusBaseline().innerText(), /Baseline: v1/);
      // The CodeLens is asked for again a moment after the hints.
      await waitUntil(async () => (await vs().codeLensTitles()).some((l) => /Compare with v1/.test(l)), {
        timeoutMs: 15_000,
        what: 'the CodeLens naming v1',
      });
      void page;
    });
  });

  test('a revision that does not exist: the status bar says so and the hints compare with HEAD', async (t) => {
    await step(t, '05-missing-rev', async () => {
      await statusBaseline().click();
      await vs().waitForQuickTitle(/Compare params and metrics with/);
      await vs().quickInputBox.fill('Another revision');
      await vs()
        .quickInput.locator('.monaco-list-row.focused .label-name', { hasText: 'Another revision' })
        .first()
        .waitFor({ timeout: 10_000 });
      await vs().quickInputBox.press('Enter');
      await vs().typeInInputBox('no-such-tag');
      await waitUntil(
        async () => ((await statusBaseline().innerText()).includes('using HEAD') ? true : undefined),
        {
          timeoutMs: 15_000,
          what: 'the status bar saying the baseline is missing',
        },
      );
      await waitForText(/batch: 128 ← 64 @HEAD/, 'the hints back on HEAD');
    });
  });
});
