// The Pipelines view, the dvc.yaml CodeLens and launching a stage, in a real VS Code (code-server +
// Chromium) on a DVC repo written by the real DVC (test/fixtures/dvc-exp/repo.tar.gz, extracted to a
// temp folder). python.defaultInterpreterPath names the DVC virtualenv of scripts/dvc-env.sh, so the
// launch runs the real `dvc repro` from there. A second, untrusted session checks that nothing can be run there.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { Locator } from 'playwright-core';
import { formatMetricValue } from '../../src/core/query/keyMetric';
import {
  CodeServerSession,
  REPO_ROOT,
  SKIP_REASON,
  childRows,
  configFromEnv,
  findRow,
  formatRows,
  rowPaths,
  waitUntil,
  type TreeRow,
} from './harness';

const config = configFromEnv();
const venv = process.env.MLOPS_LENS_DVC_VENV;
const VIEW = 'Pipelines';
const CONTAINER = 'MLOps';
const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'dvc-exp', 'repo.tar.gz');
const skip = !config ? SKIP_REASON : !venv ? 'MLOPS_LENS_DVC_VENV not set (scripts/e2e.sh sets it)' : false;

describe('MLOps Lens Pipelines view and launching (code-server)', { skip }, () => {
  let session: CodeServerSession | undefined;
  let temp = '';
  let workspace = '';
  // code-server replaces PATH with the login shell's, so DVC is found the way a user without the
  // Python extension points at it: python.defaultInterpreterPath names the virtualenv's python.
  const env = (): Record<string, string> => ({ DVC_NO_ANALYTICS: '1', DVC_NO_UPDATE_CHECK: '1' });
  const settings = (): Record<string, unknown> => ({
    'python.defaultInterpreterPath': join(venv!, 'bin', 'python'),
  });

  const vs = (): CodeServerSession => {
    if (!session) throw new Error('code-server session did not start');
    return session;
  };

  async function step(t: TestContext, name: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      const shot = await session?.screenshot(`pipelines-${name}-failed`).catch(() => undefined);
      if (shot) t.diagnostic(`screenshot: ${shot}`);
      const notes = await session?.notifications().catch(() => []);
      if (notes && notes.length > 0) t.diagnostic(`notifications: ${JSON.stringify(notes)}`);
      throw error;
    }
    t.diagnostic(`screenshot: ${await vs().screenshot(`pipelines-${name}`)}`);
  }

  const stageRow = (rows: TreeRow[], name: string): TreeRow | undefined => findRow(rows, ['dvc.yaml', name]);
  const describes = (rows: TreeRow[], name: string, pattern: RegExp): boolean =>
    pattern.test(stageRow(rows, name)?.description ?? '');

  async function showPipelines(s: CodeServerSession): Promise<void> {
    await s.openViewContainer(CONTAINER);
    await s.resizeSideBar(520);
    // The Runs view has nothing to show here (no MLflow store): fold it away to give the rows room.
    const runsHeader = s.viewPane('Runs').first().locator('.pane-header').first();
    if ((await runsHeader.getAttribute('aria-expanded')) === 'true') await runsHeader.click();
    await s.ensureViewExpanded(VIEW);
  }

  /** The CodeLens titles shown in the active editor. */
  async function codeLensTitles(s: CodeServerSession): Promise<string[]> {
    const lenses: Locator = s.page.locator('.monaco-editor .codelens-decoration');
    await lenses.first().waitFor({ state: 'visible', timeout: 20_000 });
    return (await lenses.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  async function openDvcYaml(s: CodeServerSession): Promise<void> {
    const row = s
      .viewPane(VIEW)
      .first()
      .locator('.monaco-list-row[aria-level="1"]')
      .filter({ hasText: 'dvc.yaml' });
    await row.first().click();
    await s.page
      .locator('.tabs-container .tab', { hasText: 'dvc.yaml' })
      .first()
      .waitFor({ timeout: 15_000 });
  }

  before(
    async () => {
      assert.ok(config);
      temp = mkdtempSync(join(tmpdir(), 'mlops-lens-e2e-pipelines-'));
      execFileSync('tar', ['-xzf', FIXTURE, '-C', temp]);
      workspace = join(temp, 'repo');
      const started = Date.now();
      session = await CodeServerSession.start(config, {
        workspace,
        tempDir: join(temp, 'trusted'),
        env: env(),
        settings: settings(),
      });
      process.stderr.write(`# code-server workbench up in ${Date.now() - started} ms\n`);
    },
    { timeout: 120_000 },
  );

  after(async () => {
    if (!session) return;
    session.saveLog('code-server-pipelines.log');
    await session.close();
  });

  test(
    'stages show their status: train has changed params, evaluate is up to date',
    { timeout: 90_000 },
    async (t) => {
      await step(t, '01-status', async () => {
        await showPipelines(vs());
        const started = Date.now();
        const rows = await vs().waitForRows(
          VIEW,
          (r) =>
            describes(r, 'train', /changed params/) &&
            describes(r, 'evaluate', /up to date/) &&
            /2 stages · 1 changed/.test(findRow(r, ['dvc.yaml'])?.description ?? ''),
          'train "changed params", evaluate "up to date", dvc.yaml "2 stages · 1 changed"',
          60_000,
        );
        t.diagnostic(`statuses shown ${Date.now() - started} ms after the view opened:\n${formatRows(rows)}`);
        const hover = await vs().hoverRow(VIEW, ['dvc.yaml', 'train']);
        assert.match(hover, /changed params: params\.yaml: train \(modified\)/, hover);
        assert.match(hover, /python src\/train\.py/, hover);
      });
    },
  );

  test('changing a dep marks its stage changed, down to the file', { timeout: 60_000 }, async (t) => {
    await step(t, '02-changed-dep', async () => {
      const started = Date.now();
      appendFileSync(join(workspace, 'src', 'evaluate.py'), '# a change the stage must notice\n');
      await vs().waitForRows(
        VIEW,
        (r) => describes(r, 'evaluate', /changed deps/),
        'evaluate "changed deps"',
        20_000,
      );
      t.diagnostic(`evaluate marked changed ${Date.now() - started} ms after the write`);
      await vs().expandRow(VIEW, ['dvc.yaml', 'evaluate']);
      const rows = await vs().expandRow(VIEW, ['dvc.yaml', 'evaluate', 'deps']);
      const deps = childRows(rows, ['dvc.yaml', 'evaluate', 'deps']);
      t.diagnostic(formatRows(rows));
      assert.deepEqual(
        deps.map((r) => [r.label, r.description]),
        [
          ['src/evaluate.py', 'changed'],
          ['model.txt', ''],
        ],
      );
      await vs().collapseRow(VIEW, ['dvc.yaml', 'evaluate']);
    });
  });

  test(
    'dvc.yaml has CodeLens above each stage: run, run up to here, status',
    { timeout: 60_000 },
    async (t) => {
      await step(t, '03-codelens', async () => {
        await openDvcYaml(vs());
        const titles = await waitUntil(
          async () => {
            const seen = await codeLensTitles(vs());
            return seen.some((l) => /changed deps/.test(l)) ? seen : undefined;
          },
          { timeoutMs: 20_000, what: 'CodeLens with the statuses' },
        );
        t.diagnostic(`CodeLens: ${JSON.stringify(titles)}`);
        const text = titles.join(' | ');
        assert.equal(text.match(/Run stage/g)?.length, 2, text);
        assert.equal(text.match(/Run up to here/g)?.length, 2, text);
        assert.match(text, /changed params/);
        assert.match(text, /changed deps/);
      });
    },
  );

  test(
    'Run Pipeline Stage… runs dvc repro -s train; train turns up to date',
    { timeout: 150_000 },
    async (t) => {
      await step(t, '04-run-stage', async () => {
        const before = JSON.parse(readFileSync(join(workspace, 'dvclive', 'metrics.json'), 'utf8')) as {
          train: { loss: number };
        };
        await vs().runCommand('MLOps: Run Pipeline Stage…');
        const input = vs().quickInput.locator('.quick-input-box input');
        await vs()
          .quickInput.locator('.quick-input-title', { hasText: 'Run Pipeline Stage' })
          .waitFor({ timeout: 10_000 });
        const entries = await vs().quickInput.locator('.quick-input-list .monaco-list-row').allInnerTexts();
        t.diagnostic(`quick pick: ${JSON.stringify(entries)}`);
        await input.fill('train');
        await vs()
          .quickInput.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'train' })
          .waitFor();
        const started = Date.now();
        await input.press('Enter');
        const rows = await vs().waitForRows(
          VIEW,
          (r) => describes(r, 'train', /up to date/) && describes(r, 'evaluate', /changed deps/),
          'train "up to date" after the run (and evaluate still changed: model.txt is new)',
          120_000,
        );
        t.diagnostic(`train up to date ${Date.now() - started} ms after launching:\n${formatRows(rows)}`);
        const finished = await waitUntil(
          async () => (await vs().notifications()).find((n) => n.includes('dvc repro -s train')),
          { timeoutMs: 20_000, what: 'the notification that the run finished' },
        );
        assert.match(finished, /"dvc repro -s train" finished/);
        // The run wrote new metrics (train/loss with the workspace's lr 0.3).
        const after = JSON.parse(readFileSync(join(workspace, 'dvclive', 'metrics.json'), 'utf8')) as {
          train: { loss: number };
        };
        assert.notEqual(after.train.loss, before.train.loss);
        const lock = readFileSync(join(workspace, 'dvc.lock'), 'utf8');
        assert.match(lock, /lr: 0\.3/, 'dvc.lock records the params of the run');
      });
    },
  );

  test('the run shows its metrics file under the stage outs', { timeout: 60_000 }, async (t) => {
    await step(t, '05-metrics', async () => {
      await vs().expandRow(VIEW, ['dvc.yaml', 'train']);
      const rows = await vs().expandRow(VIEW, ['dvc.yaml', 'train', 'outs']);
      const outs = childRows(rows, ['dvc.yaml', 'train', 'outs']);
      t.diagnostic(formatRows(rows));
      assert.deepEqual(
        outs.map((r) => [r.label, r.description]),
        [
          ['model.txt', ''],
          ['dvclive/metrics.json', 'metric, cache: false'],
          ['dvclive/plots', 'plot, cache: false'],
        ],
      );
    });
  });

  test("the new metrics appear on the Runs view's DVC workspace row", { timeout: 60_000 }, async (t) => {
    await step(t, '06-runs-metrics', async () => {
      const metrics = JSON.parse(readFileSync(join(workspace, 'dvclive', 'metrics.json'), 'utf8')) as {
        train: { loss: number };
      };
      const expected = formatMetricValue(metrics.train.loss);
      await vs().viewPane(VIEW).first().locator('.pane-header').first().click();
      await vs().ensureViewExpanded('Runs');
      const rows = await vs().waitForRows(
        'Runs',
        (r) => r.some((row) => row.label === 'workspace'),
        'the DVC workspace row in the Runs view',
        30_000,
      );
      t.diagnostic(formatRows(rows));
      const workspaceRow = rowPaths(rows)[rows.findIndex((row) => row.label === 'workspace')]!;
      const hover = await waitUntil(
        async () => {
          // Markdown hovers keep spaces as non-breaking ones.
          const text = (await vs().hoverRow('Runs', workspaceRow)).replace(/\s+/g, ' ');
          return text.includes(`train.loss: ${expected}`) ? text : undefined;
        },
        { timeoutMs: 20_000, what: `train loss ${expected} in the hover of the workspace row` },
      );
      t.diagnostic(`workspace hover: ${hover}`);
    });
  });

  test(
    'in an untrusted workspace nothing can be run, statuses still show',
    { timeout: 150_000 },
    async (t) => {
      await vs().close();
      session = undefined;
      const started = Date.now();
      session = await CodeServerSession.start(config!, {
        workspace,
        tempDir: mkdtempSync(join(temp, 'untrusted-')),
        env: env(),
        settings: settings(),
        workspaceTrust: true,
      });
      t.diagnostic(`untrusted workbench up in ${Date.now() - started} ms`);
      await step(t, '07-untrusted', async () => {
        await showPipelines(vs());
        await vs().waitForRows(
          VIEW,
          (r) => describes(r, 'evaluate', /changed deps/),
          'evaluate status in Restricted Mode',
          60_000,
        );
        await vs().page.keyboard.press('F1');
        const input = vs().quickInput.locator('.quick-input-box input');
        await input.fill('>MLOps: ');
        await vs()
          .quickInput.locator('.quick-input-list .monaco-list-row')
          .first()
          .waitFor({ timeout: 10_000 });
        await input.fill('>MLOps: Re');
        const shown = await waitUntil(
          async () => {
            const labels = await vs().quickInput.locator('.quick-input-list .label-name').allInnerTexts();
            return labels.some((l) => l.includes('Refresh Pipelines')) ? labels : undefined;
          },
          { timeoutMs: 10_000, what: '"MLOps: Refresh Pipelines" in the palette' },
        );
        await input.fill('>MLOps: Run');
        await vs().page.waitForTimeout(500);
        const runCommands = await vs().quickInput.locator('.quick-input-list .label-name').allInnerTexts();
        t.diagnostic(
          `palette: ${JSON.stringify(shown)}; "MLOps: Run" entries: ${JSON.stringify(runCommands)}`,
        );
        assert.deepEqual(
          runCommands.filter((l) => /^MLOps: Run/.test(l.trim())),
          [],
          'no run command in the palette of an untrusted workspace',
        );
        await vs().dismissQuickInput();
        await openDvcYaml(vs());
        const titles = await codeLensTitles(vs());
        t.diagnostic(`CodeLens: ${JSON.stringify(titles)}`);
        const text = titles.join(' | ');
        assert.doesNotMatch(text, /Run stage|Run up to here/, 'no run CodeLens in Restricted Mode');
        assert.match(text, /changed deps/, 'the status CodeLens stays');
      });
    },
  );
});
