// The Pipelines view, the dvc.yaml CodeLens and launching a stage, in a real VS Code (code-server +
// Chromium) on a DVC repo written by the real DVC (test/fixtures/dvc-exp/repo.tar.gz, extracted to a
// temp folder). python.defaultInterpreterPath names the DVC virtualenv of scripts/dvc-env.sh, so the
// launch runs the real `dvc repro` from there. A second, untrusted session checks that nothing can be run there.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { formatMetricValue } from '../../src/core/query/keyMetric';
import { REPO_ROOT, SKIP_REASON, configFromEnv } from './harness/config';
import { makeTempDir } from './harness/fixtures';
import { PIPELINES_VIEW as VIEW, RUNS_VIEW, openPipelineFile, showPipelinesView } from './harness/mlops';
import type { StartOptions } from './harness/session';
import { useCodeServer } from './harness/suite';
import { childRows, findRow, formatRows, rowPaths, type TreeRow } from './harness/trees';
import { waitUntil } from './harness/wait';

const config = configFromEnv();
const venv = process.env.MLOPS_LENS_DVC_VENV;
const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'dvc-exp', 'repo.tar.gz');
const MLPROJECT = `name: e2e
entry_points:
  main:
    parameters:
      alpha: {type: float, default: 0.5}
      epochs: int
    command: "python -c 'print({alpha}, {epochs})'"
`;
const skip = !config ? SKIP_REASON : !venv ? 'MLOPS_LENS_DVC_VENV not set (scripts/e2e.sh sets it)' : false;

describe('MLOps Lens Pipelines view and launching (code-server)', { skip }, () => {
  let temp = '';
  let workspace = '';
  /**
   * code-server replaces PATH with the login shell's, so DVC is found the way a user without the
   * Python extension points at it: python.defaultInterpreterPath names the virtualenv's python.
   */
  const startOptions = (tempDir: string): StartOptions => ({
    workspace,
    tempDir,
    env: { DVC_NO_ANALYTICS: '1', DVC_NO_UPDATE_CHECK: '1' },
    settings: { 'python.defaultInterpreterPath': join(venv!, 'bin', 'python') },
  });
  const { vs, step, restart } = useCodeServer(config, {
    shotPrefix: 'pipelines-',
    logName: 'code-server-pipelines.log',
    prepare: () => {
      temp = makeTempDir('mlops-lens-e2e-pipelines-');
      execFileSync('tar', ['-xzf', FIXTURE, '-C', temp]);
      workspace = join(temp, 'repo');
      // `dvc exp run` commits the experiment: the repo gets its own identity, never the machine's.
      for (const [key, value] of [
        ['user.name', 'MLOps Lens e2e'],
        ['user.email', 'e2e@mlops-lens.invalid'],
      ])
        execFileSync('git', ['config', key, value], { cwd: workspace });
      // A Makefile and an MLproject beside the DVC pipeline: they are pipelines too.
      writeFileSync(join(workspace, 'Makefile'), '.PHONY: hello\nhello:\n\techo made > made.txt\n');
      writeFileSync(join(workspace, 'MLproject'), MLPROJECT);
      // A data file tracked by the real `dvc add`, then changed: the view lists it as modified.
      writeFileSync(join(workspace, 'extra.csv'), 'id\n1\n');
      execFileSync(join(venv!, 'bin', 'dvc'), ['add', '-q', 'extra.csv'], {
        cwd: workspace,
        env: { ...process.env, DVC_NO_ANALYTICS: '1', DVC_NO_UPDATE_CHECK: '1' },
      });
      appendFileSync(join(workspace, 'extra.csv'), '2\n');
      return startOptions(join(temp, 'trusted'));
    },
  });

  const stageRow = (rows: TreeRow[], name: string): TreeRow | undefined => findRow(rows, ['dvc.yaml', name]);
  const describes = (rows: TreeRow[], name: string, pattern: RegExp): boolean =>
    pattern.test(stageRow(rows, name)?.description ?? '');

  /** train.loss in dvclive/metrics.json, which each run of the train stage rewrites. */
  const trainLoss = (): number =>
    (
      JSON.parse(readFileSync(join(workspace, 'dvclive', 'metrics.json'), 'utf8')) as {
        train: { loss: number };
      }
    ).train.loss;

  /** Expands dvc.yaml › `stage` › `group` and returns the group's rows as [label, description]. */
  async function stageFiles(t: TestContext, stage: string, group: 'deps' | 'outs'): Promise<string[][]> {
    const path = ['dvc.yaml', stage, group];
    const rows = await vs().revealPath(VIEW, path);
    t.diagnostic(formatRows(rows));
    return childRows(rows, path).map((r) => [r.label, r.description]);
  }

  test(
    'stages show their status: train has changed params, evaluate is up to date',
    { timeout: 90_000 },
    async (t) => {
      await step(t, '01-status', async () => {
        await showPipelinesView(vs(), 520);
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
        // A hover sometimes does not open on the first try while the tree is still re-rendering.
        const hover = await waitUntil(() => vs().hoverRow(VIEW, ['dvc.yaml', 'train'], 5_000), {
          timeoutMs: 20_000,
          what: 'the hover of train',
        });
        assert.match(hover, /changed params: params\.yaml: train \(modified\)/, hover);
        assert.match(hover, /python src\/train\.py/, hover);
      });
    },
  );

  test(
    'a .dvc data file is listed under its project with its status and reasons',
    { timeout: 60_000 },
    async (t) => {
      await step(t, '01b-data-file', async () => {
        const dataRow = ['Data files (.dvc)', 'extra.csv.dvc'];
        const rows = await vs().waitForRows(
          VIEW,
          (r) => /modified/.test(findRow(r, dataRow)?.description ?? ''),
          'extra.csv.dvc "modified" under "Data files (.dvc)"',
          30_000,
        );
        t.diagnostic(formatRows(rows));
        assert.match(findRow(rows, dataRow.slice(0, 1))?.description ?? '', /1 file · 1 changed/);
        const hover = await waitUntil(() => vs().hoverRow(VIEW, dataRow, 5_000), {
          timeoutMs: 20_000,
          what: 'the hover of extra.csv.dvc',
        });
        assert.match(hover, /changed outs: extra\.csv \(modified\)/, hover);
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
      assert.deepEqual(await stageFiles(t, 'evaluate', 'deps'), [
        ['src/evaluate.py', 'changed'],
        ['model.txt', ''],
      ]);
      await vs().collapseRow(VIEW, ['dvc.yaml', 'evaluate']);
    });
  });

  test(
    'dvc.yaml has CodeLens above each stage: run, run up to here, status',
    { timeout: 60_000 },
    async (t) => {
      await step(t, '03-codelens', async () => {
        await openPipelineFile(vs(), 'dvc.yaml');
        const titles = await waitUntil(
          async () => {
            const seen = await vs().codeLensTitles();
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
        const lossBefore = trainLoss();
        await vs().runCommand('MLOps: Run Pipeline Stage…');
        const input = vs().quickInputBox;
        await vs().waitForQuickTitle('Run Pipeline Stage');
        const entries = await vs().quickRows.allInnerTexts();
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
        const finished = await vs().waitForNotification('dvc repro -s train', {
          timeoutMs: 20_000,
          what: 'the notification that the run finished',
        });
        assert.match(finished, /"dvc repro -s train" finished/);
        // The run wrote new metrics (train/loss with the workspace's lr 0.3).
        assert.notEqual(trainLoss(), lossBefore);
        const lock = readFileSync(join(workspace, 'dvc.lock'), 'utf8');
        assert.match(lock, /lr: 0\.3/, 'dvc.lock records the params of the run');
      });
    },
  );

  test('the run shows its metrics file under the stage outs', { timeout: 60_000 }, async (t) => {
    await step(t, '05-metrics', async () => {
      assert.deepEqual(await stageFiles(t, 'train', 'outs'), [
        ['model.txt', ''],
        ['dvclive/metrics.json', 'metric, cache: false'],
        ['dvclive/plots', 'plot, cache: false'],
      ]);
    });
  });

  test("the new metrics appear on the Runs view's DVC workspace row", { timeout: 60_000 }, async (t) => {
    await step(t, '06-runs-metrics', async () => {
      const expected = formatMetricValue(trainLoss());
      await vs().foldView(VIEW);
      await vs().ensureViewExpanded(RUNS_VIEW);
      const rows = await vs().waitForRows(
        RUNS_VIEW,
        (r) => r.some((row) => row.label === 'workspace'),
        'the DVC workspace row in the Runs view',
        30_000,
      );
      t.diagnostic(formatRows(rows));
      const workspaceRow = rowPaths(rows)[rows.findIndex((row) => row.label === 'workspace')]!;
      const hover = await waitUntil(
        async () => {
          // Markdown hovers keep spaces as non-breaking ones.
          const text = (await vs().hoverRow(RUNS_VIEW, workspaceRow)).replace(/\s+/g, ' ');
          return text.includes(`train.loss: ${expected}`) ? text : undefined;
        },
        { timeoutMs: 20_000, what: `train loss ${expected} in the hover of the workspace row` },
      );
      t.diagnostic(`workspace hover: ${hover}`);
    });
  });

  test('a Makefile target runs from Run Pipeline Stage…', { timeout: 60_000 }, async (t) => {
    await step(t, '07-make', async () => {
      // Show the Pipelines view again (the Runs test folded it away).
      await showPipelinesView(vs());
      const rows = await vs().waitForRows(
        VIEW,
        (r) =>
          findRow(r, ['Makefile', 'hello']) !== undefined && findRow(r, ['MLproject', 'main']) !== undefined,
        'the Makefile target and the MLproject entry point',
      );
      t.diagnostic(formatRows(rows));
      assert.match(findRow(rows, ['Makefile'])!.description, /1 target/);
      assert.match(findRow(rows, ['MLproject'])!.description, /1 entry point/);
      await vs().pickFromCommand('MLOps: Run Pipeline Stage…', 'hello', 'hello');
      await waitUntil(() => existsSync(join(workspace, 'made.txt')), {
        timeoutMs: 20_000,
        what: 'make hello',
      });
      await vs().waitForNotification('"make hello" finished', {
        timeoutMs: 10_000,
        what: 'the notification that make hello finished',
      });
    });
  });

  test(
    'an MLproject entry point asks each parameter, checked by its type',
    { timeout: 60_000 },
    async (t) => {
      await step(t, '08-mlproject-params', async () => {
        await vs().pickFromCommand('MLOps: Run Entry Point…', 'main', 'main');
        const input = vs().quickInputBox;
        const message = vs().quickInput.locator('.quick-input-message');
        await vs().waitForQuickTitle('parameter 1 of 2');
        assert.equal(await input.inputValue(), '0.5', 'the default is filled in');
        t.diagnostic(`prompt: ${await message.innerText()}`);
        assert.match(await message.innerText(), /alpha \(float, default 0\.5\)/);
        await input.fill('abc');
        await message.filter({ hasText: 'Not a number' }).waitFor({ timeout: 5_000 });
        await input.fill('0.2');
        await input.press('Enter');
        await vs().waitForQuickTitle('parameter 2 of 2');
        await input.fill('1.5');
        await message.filter({ hasText: 'Not a whole number' }).waitFor({ timeout: 5_000 });
        await input.fill('');
        await message.filter({ hasText: 'has no default' }).waitFor({ timeout: 5_000 });
        await vs().page.keyboard.press('Escape');
        await vs().quickInput.waitFor({ state: 'hidden', timeout: 5_000 });
      });
    },
  );

  test(
    'Run Experiment with Params… runs dvc exp run -S with the new value',
    { timeout: 150_000 },
    async (t) => {
      await step(t, '09-experiment', async () => {
        const refs = (): number =>
          execFileSync('git', ['for-each-ref', 'refs/exps'], { cwd: workspace, encoding: 'utf8' })
            .split('\n')
            .filter((l) => l.trim() !== '').length;
        const refsBefore = refs();
        await vs().pickFromCommand('MLOps: Run Experiment with Params…', 'train', 'train');
        await vs().waitForQuickTitle('choose the params to change');
        const input = vs().quickInputBox;
        const params = await vs().quickRows.allInnerTexts();
        t.diagnostic(`params offered: ${JSON.stringify(params.map((p) => p.replace(/\s+/g, ' ')))}`);
        await input.fill('train.lr');
        // In a multi-select pick, clicking an entry ticks it.
        await vs().quickRows.filter({ hasText: 'train.lr' }).first().click();
        await vs()
          .quickInput.locator('.quick-input-count', { hasText: '1 Selected' })
          .waitFor({ timeout: 5_000 });
        await input.press('Enter');
        await vs()
          .quickInput.locator('.quick-input-title', { hasText: 'Run Experiment: train.lr' })
          .waitFor();
        assert.equal(await input.inputValue(), '0.3', 'the current value is filled in');
        await input.fill('0.05');
        const started = Date.now();
        await input.press('Enter');
        const finished = await vs().waitForNotification('dvc exp run train -S train.lr=0.05', {
          timeoutMs: 120_000,
          intervalMs: 500,
          what: 'the experiment run to finish',
        });
        t.diagnostic(`experiment finished ${Date.now() - started} ms after launching: ${finished}`);
        assert.match(finished, /finished/);
        assert.match(readFileSync(join(workspace, 'params.yaml'), 'utf8'), /lr: 0\.05/);
        assert.equal(refs(), refsBefore + 1, 'one more experiment ref');
      });
    },
  );

  test(
    'Run Task offers the stages, targets and entry points as mlops-lens tasks',
    { timeout: 60_000 },
    async (t) => {
      await step(t, '10-run-task', async () => {
        await vs().runCommand('Tasks: Run Task');
        const input = vs().quickInputBox;
        await vs().quickRows.first().waitFor({ timeout: 15_000 });
        await input.fill('mlops-lens');
        // Recently run tasks come first; the provider's own list is behind its type entry.
        await vs().quickRow('mlops-lens').first().click();
        const labels = await vs().waitForQuickLabel(
          'evaluate (dvc.yaml)',
          20_000,
          'the mlops-lens tasks (evaluate has never run as a task)',
        );
        t.diagnostic(`tasks: ${JSON.stringify(labels)}`);
        for (const task of ['train (dvc.yaml)', 'evaluate (dvc.yaml)', 'hello (Makefile)']) {
          assert.ok(
            labels.some((l) => l.includes(task)),
            `${task} in ${JSON.stringify(labels)}`,
          );
        }
        // main has a parameter without default: it is run from the view or the palette, not as a task.
        assert.ok(!labels.some((l) => l.includes('main (MLproject)')));
        await vs().dismissQuickInput();
      });
    },
  );

  test(
    'in an untrusted workspace nothing can be run, statuses still show',
    { timeout: 150_000 },
    async (t) => {
      const started = Date.now();
      await restart({ ...startOptions(mkdtempSync(join(temp, 'untrusted-'))), workspaceTrust: true });
      t.diagnostic(`untrusted workbench up in ${Date.now() - started} ms`);
      await step(t, '11-untrusted', async () => {
        await showPipelinesView(vs(), 520);
        await vs().waitForRows(
          VIEW,
          (r) => describes(r, 'evaluate', /changed deps/),
          'evaluate status in Restricted Mode',
          60_000,
        );
        await vs().page.keyboard.press('F1');
        const input = vs().quickInputBox;
        await input.fill('>MLOps: ');
        await vs().quickRows.first().waitFor({ timeout: 10_000 });
        await input.fill('>MLOps: Re');
        const shown = await vs().waitForQuickLabel(
          'Refresh Pipelines',
          10_000,
          '"MLOps: Refresh Pipelines" in the palette',
        );
        await input.fill('>MLOps: Run');
        await vs().page.waitForTimeout(500);
        const runCommands = await vs().quickLabels();
        t.diagnostic(
          `palette: ${JSON.stringify(shown)}; "MLOps: Run" entries: ${JSON.stringify(runCommands)}`,
        );
        assert.deepEqual(
          runCommands.filter((l) => /^MLOps: Run/.test(l.trim())),
          [],
          'no run command in the palette of an untrusted workspace',
        );
        await vs().dismissQuickInput();
        await openPipelineFile(vs(), 'dvc.yaml');
        const titles = await vs().codeLensTitles();
        t.diagnostic(`CodeLens: ${JSON.stringify(titles)}`);
        const text = titles.join(' | ');
        assert.doesNotMatch(text, /Run stage|Run up to here/, 'no run CodeLens in Restricted Mode');
        assert.match(text, /changed deps/, 'the status CodeLens stays');
      });
    },
  );
});
