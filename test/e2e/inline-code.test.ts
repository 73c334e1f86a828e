// Inline while coding, in a real VS Code (code-server + Chromium): a workspace holding the MLflow
// fixtures (test/fixtures/mlflow, a file store and a SQLite store written by MLflow), a training
// script logging `rmse`, and the data-versions DVC repo (test/fixtures/data-versions, written by
// DVC) whose dvc.lock is put back to v2's with `git checkout v2 -- dvc.lock`, so that what the
// workspace records differs from HEAD. Checked: the inlay hint with the latest rmse and its run,
// the hover with the values, sparkline and links; in dvc.yaml the stage's CodeLens and the hover of
// an out with what changed since HEAD, and the same hover on a Python string naming that out.
// Expected values come from the core readers.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DataRepo, workspaceTree } from '../../src/core/data/versions';
import { cacheDirOf } from '../../src/core/data/cache';
import { dataChange, describeChange } from '../../src/core/inline/code/dataChange';
import { recordedOuts } from '../../src/core/inline/code/recorded';
import { KeyTable, runLabel } from '../../src/core/inline/code/trainingValues';
import { RunIndex } from '../../src/core/index/runIndex';
import { formatMetricValue } from '../../src/core/query/keyMetric';
import { REPO_ROOT, SKIP_REASON, configFromEnv } from './harness/config';
import { copyMlflowFixtures, makeTempDir } from './harness/fixtures';
import { useCodeServer } from './harness/suite';
import { waitUntil } from './harness/wait';

const config = configFromEnv();
const TRAIN = `import mlflow

with mlflow.start_run():
    mlflow.log_param("alpha", 0.5)
    mlflow.log_metric("rmse", 0.5)
`;

describe('MLOps Lens inline values in code (code-server)', { skip: config ? false : SKIP_REASON }, () => {
  let workspace = '';
  const { vs, step } = useCodeServer(config, {
    shotPrefix: 'inline-code-',
    logName: 'code-server-inline-code.log',
    prepare: () => {
      const temp = makeTempDir('mlops-lens-e2e-inline-');
      workspace = join(temp, 'ws');
      copyMlflowFixtures(workspace);
      execFileSync('tar', [
        '-xzf',
        join(REPO_ROOT, 'test/fixtures/data-versions/repo.tar.gz'),
        '-C',
        workspace,
      ]);
      execFileSync('git', ['checkout', '-q', 'v2', '--', 'dvc.lock'], {
        cwd: join(workspace, 'repo'),
        env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
      });
      writeFileSync(join(workspace, 'train.py'), TRAIN);
      return { workspace, tempDir: temp };
    },
  });

  /** Quick Open (Ctrl+P) on `name`, then waits for its tab. */
  const openFile = async (name: string, tab: string): Promise<void> => {
    await vs().dismissQuickInput();
    await vs().focusWorkbench();
    await vs().page.keyboard.press('Control+P');
    await vs().quickInputBox.waitFor({ state: 'visible', timeout: 10_000 });
    await vs().quickInputBox.fill(name);
    // The list shows recently opened files first: Enter only once the match is the focused row.
    await vs()
      .quickInput.locator('.quick-input-list .monaco-list-row.focused .label-name', { hasText: tab })
      .first()
      .waitFor({ state: 'visible', timeout: 10_000 });
    await vs().quickInputBox.press('Enter');
    await vs().editorTab(tab).waitFor({ timeout: 15_000 });
  };
  /** The active editor's lines as shown, inlay hints included (their spaces are no-break spaces). */
  const editorText = async (): Promise<string> =>
    (
      await vs().page.locator('.editor-group-container.active .monaco-editor .view-lines').innerText()
    ).replace(/\u00a0/g, ' ');
  /** Hovers the first token of the active editor whose text is `token`; returns the hover's text. */
  const hoverToken = async (token: string, what: string): Promise<string> => {
    const hover = vs().page.locator('.monaco-editor .monaco-hover').filter({ hasText: /\S/ });
    return waitUntil(
      async () => {
        await vs().page.mouse.move(0, 0);
        const span = vs()
          .page.locator('.editor-group-container.active .view-line span span', { hasText: token })
          .first();
        await span.hover({ timeout: 2_000 });
        await hover
          .first()
          .waitFor({ state: 'visible', timeout: 4_000 })
          .catch(() => undefined);
        const text = (await hover.count()) > 0 ? (await hover.first().innerText()).trim() : '';
        return text.length > 0 ? text : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 1_000, what },
    );
  };

  test('a training script shows the latest rmse after the call, and its runs in a hover', async (t) => {
    const index = new RunIndex({ roots: [workspace] });
    await index.refresh();
    const rmse = new KeyTable(index.allRuns(), workspace).summary('metric', 'rmse', 5);
    const latest = rmse.values[0];
    assert.ok(latest, 'some fixture run logged rmse');
    const hint = `${formatMetricValue(latest.value as number)} · ${runLabel(latest.run)}`;
    t.diagnostic(`expected hint: ${hint}`);

    await step(t, '01-hint', async () => {
      await openFile('train.py', 'train.py');
      const text = await waitUntil(
        async () => ((await editorText()).includes(hint) ? editorText() : undefined),
        {
          timeoutMs: 90_000,
          intervalMs: 1_000,
          what: `the inlay hint "${hint}"`,
        },
      );
      t.diagnostic(text);
    });
    await step(t, '02-hover', async () => {
      const text = await hoverToken('"rmse"', 'the hover of rmse');
      t.diagnostic(text);
      assert.match(text, /rmse — metric, lower is better/);
      assert.ok(
        text.includes(`Latest: ${formatMetricValue(latest.value as number)} in ${runLabel(latest.run)}`),
        text,
      );
      assert.match(text, /Open run/);
      assert.match(text, /Show history/);
      if (rmse.values.length > 1) assert.match(text, /Compare these runs/);
      const images = vs().page.locator('.monaco-hover img[src^="data:image/svg+xml;base64,"]');
      t.diagnostic(`sparklines: ${await images.count()}`);
    });
  });

  test('dvc.yaml: the stage lens sums its data changes, and an out’s hover says what changed since HEAD', async (t) => {
    const root = join(workspace, 'repo');
    const repo = new DataRepo(root);
    const head = await recordedOuts(await repo.treeAt(await repo.resolve('HEAD')), root);
    repo.close();
    const now = await recordedOuts(workspaceTree(root), root);
    const expected = describeChange(dataChange(cacheDirOf(root), now.get('features'), head.get('features')));
    t.diagnostic(`expected: ${expected}`);
    assert.notEqual(expected, 'unchanged', 'the v2 dvc.lock records other outputs than HEAD');

    await step(t, '03-stage-lens', async () => {
      await openFile('repo/dvc.yaml', 'dvc.yaml');
      const lenses = await waitUntil(
        async () => {
          const titles = await vs()
            .codeLensTitles()
            .catch(() => []);
          return titles.some((l) => l.startsWith('outs:')) ? titles : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 1_000, what: 'the data lens of the prepare stage' },
      );
      t.diagnostic(lenses.join(' | '));
      const lens = lenses.find((l) => l.startsWith('outs:')) ?? '';
      assert.match(lens, /deps changed/, 'data/iris.csv differs between v2’s and HEAD’s dvc.lock');
    });
    await step(t, '04-out-hover', async () => {
      const text = await hoverToken('features', 'the hover of features');
      t.diagnostic(text);
      assert.ok(text.includes(expected), `${text}\n---\nexpected ${expected}`);
      assert.match(text, /HEAD: /);
      assert.match(text, /Compare data versions…/);
    });
    await step(t, '05-python-path-hover', async () => {
      // prepare.py (the fixture's stage script) opens "features": a DVC-tracked output.
      await openFile('repo/prepare.py', 'prepare.py');
      const text = await hoverToken('"features"', 'the hover of "features" in prepare.py');
      t.diagnostic(text);
      assert.ok(text.includes(expected), `${text}\n---\nexpected ${expected}`);
    });
  });
});
