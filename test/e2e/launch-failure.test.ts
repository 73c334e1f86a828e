// A launch that fails (issue 9), in a real VS Code (code-server + Chromium): `dvc exp run` in the
// DVC fixture repo (test/fixtures/dvc-exp/repo.tar.gz) with no Git identity anywhere (code-server
// runs with an empty HOME and no global or system Git config), so the real DVC exits with 255 and
// "Git user name and email must be configured". The notification shows DVC's own line with a
// button to the terminal, and the Pipelines tree and the CodeLens no longer say "running…".
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT, SKIP_REASON, configFromEnv } from './harness/config';
import { makeTempDir } from './harness/fixtures';
import { PIPELINES_VIEW as VIEW, openPipelineFile, showPipelinesView } from './harness/mlops';
import { useCodeServer } from './harness/suite';
import { findRow, formatRows, type TreeRow } from './harness/trees';
import { waitUntil } from './harness/wait';

const config = configFromEnv();
const venv = process.env.MLOPS_LENS_DVC_VENV;
const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'dvc-exp', 'repo.tar.gz');
const DVC_MESSAGE = 'ERROR: unexpected error - Git user name and email must be configured';
const skip = !config ? SKIP_REASON : !venv ? 'MLOPS_LENS_DVC_VENV not set (scripts/e2e.sh sets it)' : false;

describe('MLOps Lens: a launch that fails (code-server)', { skip }, () => {
  let workspace = '';
  const { vs, step } = useCodeServer(config, {
    shotPrefix: 'launch-failure-',
    logName: 'code-server-launch-failure.log',
    prepare: () => {
      const temp = makeTempDir('mlops-lens-e2e-launch-failure-');
      execFileSync('tar', ['-xzf', FIXTURE, '-C', temp]);
      workspace = join(temp, 'repo');
      const home = join(temp, 'home');
      mkdirSync(home);
      return {
        workspace,
        tempDir: temp,
        env: {
          DVC_NO_ANALYTICS: '1',
          DVC_NO_UPDATE_CHECK: '1',
          HOME: home,
          GIT_CONFIG_GLOBAL: '/dev/null',
          GIT_CONFIG_NOSYSTEM: '1',
        },
        settings: {
          'python.defaultInterpreterPath': join(venv!, 'bin', 'python'),
          // The shell tasks would run in: launches must not depend on it.
          'terminal.integrated.automationProfile.linux': { path: 'fish' },
        },
      };
    },
  });

  /** Runs "Run Experiment with Params…" on train up to the value of train.lr (Enter not pressed). */
  async function typeExperimentValue(value: string): Promise<void> {
    await vs().pickFromCommand('MLOps: Run Experiment with Params…', 'train', 'train');
    await vs().waitForQuickTitle('choose the params to change');
    await vs().quickInputBox.fill('train.lr');
    await vs().quickRows.filter({ hasText: 'train.lr' }).first().click();
    await vs()
      .quickInput.locator('.quick-input-count', { hasText: '1 Selected' })
      .waitFor({ timeout: 5_000 });
    await vs().quickInputBox.press('Enter');
    await vs().quickInput.locator('.quick-input-title', { hasText: 'Run Experiment: train.lr' }).waitFor();
    await vs().quickInputBox.fill(value);
  }

  const trainDescription = (rows: TreeRow[]): string =>
    findRow(rows, ['dvc.yaml', 'train'])?.description ?? '';

  test(
    'dvc exp run fails: DVC\'s message and "Show Terminal"; tree and CodeLens stop saying running',
    { timeout: 180_000 },
    async (t) => {
      await step(t, '01-failed-experiment', async () => {
        await showPipelinesView(vs(), 520);
        await vs().waitForRows(
          VIEW,
          (r) => /changed params/.test(trainDescription(r)),
          'train "changed params"',
          60_000,
        );
        await openPipelineFile(vs(), 'dvc.yaml');
        await typeExperimentValue('0.07');
        const started = Date.now();
        await vs().quickInputBox.press('Enter');
        const message = await vs().waitForNotification('Git user name and email', {
          timeoutMs: 120_000,
          intervalMs: 500,
          what: 'the notification that the experiment failed',
        });
        t.diagnostic(`failure shown ${Date.now() - started} ms after launching: ${message}`);
        assert.match(message, /"dvc exp run train -S train\.lr=0\.07" failed \(exit code 255\)/);
        assert.ok(message.includes(DVC_MESSAGE), message);

        const rows = await vs().waitForRows(
          VIEW,
          (r) => !/running/.test(trainDescription(r)) && trainDescription(r) !== '',
          'train no longer "running…" in the Pipelines tree',
          10_000,
        );
        t.diagnostic(formatRows(rows));
        const shown = Date.now();
        const lenses = await waitUntil(
          async () => {
            const titles = await vs().codeLensTitles();
            return titles.some((l) => /running/.test(l)) ? undefined : titles;
          },
          { timeoutMs: 10_000, what: 'CodeLens without "running…"' },
        );
        t.diagnostic(`CodeLens ${Date.now() - shown} ms after the notification: ${JSON.stringify(lenses)}`);
        assert.match(lenses.join(' | '), /changed params/);

        const toast = vs().page.locator('.notification-toast', { hasText: 'Git user name and email' });
        const button = toast.locator('.monaco-button', { hasText: 'Show Terminal' });
        await button.click({ timeout: 5_000 });
        const terminal = vs().page.locator('.terminal-wrapper.active .xterm, .terminal .xterm').first();
        await terminal.waitFor({ state: 'visible', timeout: 10_000 });
        const tab = vs().page.locator('.terminal-tabs-entry, .single-terminal-tab', {
          hasText: 'experiment train',
        });
        t.diagnostic(`terminal tabs: ${JSON.stringify(await tab.allInnerTexts())}`);
      });
    },
  );

  test(
    'a hostile -S value reaches DVC as typed, with fish as the task shell: nothing else runs',
    { timeout: 120_000 },
    async (t) => {
      await step(t, '02-hostile-value', async () => {
        // In fish, \' inside '…' is an escaped quote: POSIX quoting of this value ran the touch.
        const value = "0.07\\'; touch PWNED; #";
        await vs().runCommand('Notifications: Clear All Notifications');
        await typeExperimentValue(value);
        await vs().quickInputBox.press('Enter');
        const message = await vs().waitForNotification('LexerNoViableAltException', {
          timeoutMs: 90_000,
          intervalMs: 500,
          what: "DVC's (Hydra's) refusal of the value",
        });
        t.diagnostic(message);
        assert.ok(message.includes(`train.lr=${value}`), `DVC got the value unchanged: ${message}`);
        assert.equal(existsSync(join(workspace, 'PWNED')), false, 'no shell ran the touch');
        const shown = Date.now();
        await waitUntil(
          async () => ((await vs().codeLensTitles()).some((l) => /running/.test(l)) ? undefined : true),
          { timeoutMs: 10_000, what: 'CodeLens without "running…"' },
        );
        t.diagnostic(`CodeLens without "running…" ${Date.now() - shown} ms after the notification`);
      });
    },
  );
});
