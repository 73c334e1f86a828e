// The New Project wizard in a real VS Code (code-server + Chromium): run from the command palette,
// driven through its quick inputs (validation, Back, the folder dialog, options, the preview), the
// project written to disk, added to the workspace and shown in the explorer; then Add DVC Stage
// edits the generated dvc.yaml. One workbench session; the workspace starts empty (nothing copied).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { SKIP_REASON, configFromEnv } from './harness/config';
import { makeTempDir } from './harness/fixtures';
import { CONTAINER, RUNS_VIEW } from './harness/mlops';
import { useCodeServer } from './harness/suite';
import { escapeRegExp, sleep, waitUntil } from './harness/wait';

const config = configFromEnv();
const PROJECT = 'churn-model';
const PACKAGE = 'churn_model';
/** A quick pick row's label (its first line; the detail line has a .label-name too). */
const LABEL = '.quick-input-list-rows > .quick-input-list-row:first-child .label-name';

describe('MLOps Lens New Project wizard (code-server)', { skip: config ? false : SKIP_REASON }, () => {
  let workspace = '';
  /** The folder chosen in the folder dialog (inside the workspace): the project is created in it. */
  let apps = '';
  let projectCreated = false;
  const { vs, step } = useCodeServer(config, {
    shotPrefix: 'scaffold-',
    logName: 'scaffold-code-server.log',
    prepare: () => {
      const temp = makeTempDir();
      workspace = join(temp, 'workspace');
      apps = join(workspace, 'apps');
      mkdirSync(workspace);
      mkdirSync(apps);
      return { workspace, tempDir: temp };
    },
  });

  // --- quick input -------------------------------------------------------------------------------

  const widget = (): Locator => vs().quickInput;
  const input = (): Locator => vs().quickInputBox;

  /** The quick input's title line, e.g. "New MLOps Project (3/11)". */
  async function waitForTitle(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    return waitUntil(
      async () => {
        const title = (await widget().locator('.quick-input-title').textContent({ timeout: 1_000 })) ?? '';
        return pattern.test(title) ? title : undefined;
      },
      { timeoutMs, what: `a quick input titled ${pattern}` },
    );
  }

  /** Labels of the rows the quick pick shows (icons excluded). */
  async function rowLabels(): Promise<string[]> {
    const labels = await widget().locator(`.quick-input-list .monaco-list-row ${LABEL}`).allInnerTexts();
    return labels.map((l) => l.trim());
  }

  /** Filters the quick pick by `filter`, waits for the row labelled `label` and accepts it. */
  async function accept(label: string | RegExp, filter = ''): Promise<void> {
    await input().fill(filter);
    // Labels with an icon ($(check) …) carry an extra character before the text: no ^ anchor.
    const pattern = typeof label === 'string' ? new RegExp(`(^|\\s)${escapeRegExp(label)}\\s*$`) : label;
    const row = widget()
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: vs().page.locator(LABEL, { hasText: pattern }) })
      .first();
    try {
      await row.waitFor({ state: 'visible', timeout: 10_000 });
    } catch {
      throw new Error(`no quick pick row ${pattern}; rows: ${JSON.stringify(await rowLabels())}`);
    }
    await row.click();
  }

  async function validationMessage(): Promise<string> {
    const message = widget().locator('.quick-input-message');
    return ((await message.textContent({ timeout: 2_000 }).catch(() => '')) ?? '').trim();
  }

  /** Waits until the input's validation message (errors and hints both show there) matches `pattern`. */
  async function waitForValidation(pattern: RegExp, what: string): Promise<void> {
    await waitUntil(async () => pattern.test(await validationMessage()), { timeoutMs: 5_000, what });
  }

  test('the Runs view of an empty workspace offers New Project…', { timeout: 60_000 }, async (t) => {
    await step(t, '01-welcome', async () => {
      await vs().openViewContainer(CONTAINER);
      await vs().ensureViewExpanded(RUNS_VIEW);
      const button = vs()
        .viewPane(RUNS_VIEW)
        .first()
        .locator('.welcome-view-content a', { hasText: 'New Project…' });
      await button.first().waitFor({ state: 'visible', timeout: 30_000 });
    });
  });

  /** Opens the wizard: its first step says nothing about the empty name before anything is typed. */
  async function openWizard(): Promise<void> {
    await vs().runCommand('MLOps: New Project…');
    assert.match(await waitForTitle(/^New MLOps Project \(1\/\d+\)$/), /1\/(\d+)/);
    // Give a premature validation time to show up before checking that there is none.
    await sleep(500);
    // The message line shows the prompt, not "the project name is empty".
    const message = await validationMessage();
    assert.match(message, /^Project name/, 'the prompt is shown');
    assert.doesNotMatch(message, /empty/i, 'no error before anything is typed');
  }

  /** Enters the project name, after two names that the wizard must refuse. */
  async function enterName(): Promise<void> {
    await input().fill('class');
    await waitForValidation(/Python keyword/, 'the keyword error');
    await input().fill('../escape');
    await waitForValidation(/not a valid project name/, 'the project name error');
    await input().press('Enter');
    await waitForTitle(/\(1\//); // still on the first step: invalid names are not accepted
    await input().fill(PROJECT);
    await waitForValidation(
      new RegExp(escapeRegExp(`Python package: ${PACKAGE}`)),
      'the derived package hint',
    );
  }

  /** Chooses the apps folder through code-server's folder dialog. */
  async function chooseAppsFolder(): Promise<void> {
    await input().press('Enter');
    await waitForTitle(/\(2\//);
    await accept(/Choose a Folder…/);
    // code-server's folder dialog is itself a quick input: once it shows its starting folder,
    // type ours and confirm (again if the dialog was still listing a folder and ignored it).
    await waitUntil(
      async () =>
        ((await widget().locator('.quick-input-title').textContent()) ?? '').includes(
          'Folder in which to create',
        ) && (await input().inputValue()).startsWith('/'),
      { timeoutMs: 10_000, what: 'the folder dialog' },
    );
    const ok = widget()
      .locator('.quick-input-action a, .quick-input-action .monaco-button', { hasText: /Create/ })
      .first();
    await waitUntil(
      async () => {
        if ((await input().inputValue()) !== `${apps}/`) await input().fill(`${apps}/`);
        await sleep(300);
        await ok.click({ timeout: 2_000 });
        await waitForTitle(/\(3\//, 3_000);
        return true;
      },
      { timeoutMs: 20_000, intervalMs: 200, what: 'the folder dialog to accept the folder' },
    );
  }

  /** Checks the layouts, goes Back (the chosen folder is offered again) and picks DVC pipeline. */
  async function pickLayoutAfterBack(): Promise<void> {
    await waitForTitle(/\(3\//);
    assert.deepEqual(
      (await rowLabels()).slice(0, 4).map((l) => l.replace(/\s+/g, ' ')),
      [
        'Data science (cookiecutter-data-science layout)',
        'Production service',
        'DVC pipeline',
        'MLflow project',
      ],
    );
    await widget()
      .locator('.quick-input-titlebar a[aria-label="Back"], .quick-input-titlebar .codicon-quick-input-back')
      .first()
      .click();
    await waitForTitle(/\(2\//);
    const labels = await rowLabels();
    assert.ok(
      labels.some((l) => l === 'apps'),
      `the chosen folder is offered again: ${JSON.stringify(labels)}`,
    );
    await accept('apps');
    await waitForTitle(/\(3\//);
    await accept('DVC pipeline');
  }

  /** Picks DVCLive and uv, checks the options, and keeps the defaults up to the preview. */
  async function pickTrackerEnvAndOptions(): Promise<void> {
    await waitForTitle(/\(4\//);
    assert.deepEqual(await rowLabels(), ['MLflow', 'DVCLive', 'Weights & Biases (offline)', 'None']);
    await accept('DVCLive');
    await waitForTitle(/\(5\//);
    await accept('uv');
    await waitForTitle(/\(6\//);
    const options = await rowLabels();
    for (const label of ['Tests', 'Ruff', 'CI workflow', 'Dockerfile', 'Airflow DAG'])
      assert.ok(options.includes(label), `option ${label} in ${JSON.stringify(options)}`);
    // The options, then the follow-ups (serving, validation, Python version) keep their defaults.
    const total = Number(/\/(\d+)\)$/.exec(await waitForTitle(/\(6\/\d+\)$/))![1]);
    for (let current = 6; current < total; current++) {
      await input().press('Enter');
      await waitForTitle(new RegExp(`\\(${current + 1}/${total}\\)$`));
    }
  }

  /** The preview lists the files and opens one, writing nothing. */
  async function checkPreview(): Promise<void> {
    const labels = await rowLabels();
    assert.ok(
      labels.some((l) => /^Create \d+ files in .*churn-model$/.test(l)),
      JSON.stringify(labels),
    );
    for (const file of [
      'dvc.yaml',
      'params.yaml',
      'pyproject.toml',
      '.github/workflows/ci.yml',
      `src/${PACKAGE}/__init__.py`,
    ])
      assert.ok(labels.includes(file), `${file} listed: ${JSON.stringify(labels)}`);
    await accept('dvc.yaml', 'dvc.yaml');
    // The preview opens as a read-only editor while the wizard stays open.
    await vs().editorTab('dvc.yaml').waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await widget().isVisible(), true);
    assert.equal(existsSync(join(apps, PROJECT)), false, 'nothing written before confirming');
  }

  test(
    'the wizard validates the name, goes back, and previews every file',
    { timeout: 120_000 },
    async (t) => {
      await step(t, '02-name-untouched', openWizard);
      await step(t, '02-name', enterName);
      await step(t, '03-location', chooseAppsFolder);
      await step(t, '04-layout-and-back', pickLayoutAfterBack);
      await step(t, '05-tracker-env-options', pickTrackerEnvAndOptions);
      await step(t, '06-preview', checkPreview);
    },
  );

  test('confirming writes the project, which is revealed in the explorer', { timeout: 90_000 }, async (t) => {
    await step(t, '07-open-choice', async () => {
      await accept(/Create \d+ files in /, 'Create');
      await waitForTitle(/^Created \d+ files in /);
      // Inside the open workspace the choices are a new window, revealing it, or this window.
      // (Add to Workspace, offered for folders outside it, reloads code-server into an untitled
      // multi-root workspace, which code-server 4.100 sometimes loses: not driven here.)
      const choices = await rowLabels();
      assert.deepEqual(choices, ['Open in New Window', 'Reveal in Explorer', 'Open in This Window']);
      await accept('Reveal in Explorer');
    });
    const root = join(apps, PROJECT);
    await step(t, '08-explorer', async () => {
      for (const file of [
        'dvc.yaml',
        'params.yaml',
        'README.md',
        `src/${PACKAGE}/__init__.py`,
        '.github/workflows/ci.yml',
      ])
        assert.ok(existsSync(join(root, file)), `${file} written`);
      assert.match(readFileSync(join(root, 'pyproject.toml'), 'utf8'), /dvclive/);
      // "Reveal in Explorer" shows the Explorer itself (clicking its icon now could toggle it away).
      // The README is opened and revealed: the explorer expands apps/churn-model.
      await vs().editorTab('README.md').waitFor({ state: 'visible', timeout: 15_000 });
      // Compact folders show the single-child chain as one row: "apps / churn-model".
      const projectRow = vs().page.locator('.explorer-folders-view .monaco-list-row', {
        hasText: new RegExp(`apps\\s*/\\s*${PROJECT}`),
      });
      await projectRow.first().waitFor({ state: 'visible', timeout: 20_000 });
      const names = vs().page.locator('.explorer-folders-view .monaco-list-row .label-name');
      await waitUntil(async () => (await names.allInnerTexts()).includes('dvc.yaml'), {
        timeoutMs: 20_000,
        what: 'dvc.yaml in the explorer',
      });
      projectCreated = true;
    });
  });

  test(
    'Add DVC Stage adds a stage to the generated dvc.yaml, keeping the rest',
    { timeout: 90_000 },
    async (t) => {
      if (!projectCreated) throw new Error('the project was not created (see the previous test)');
      const dvcYaml = join(apps, PROJECT, 'dvc.yaml');
      const before = readFileSync(dvcYaml, 'utf8');
      await step(t, '09-add-stage', async () => {
        // Focus the editor first: F1 right after the explorer's reveal sometimes went nowhere.
        await vs().focusActiveEditor();
        await vs().runCommand('MLOps: Add DVC Stage…');
        await waitUntil(async () => (await rowLabels()).some((l) => l.includes('dvc.yaml')), {
          timeoutMs: 10_000,
          what: 'the dvc.yaml choice',
        });
        await accept(/churn-model.*dvc\.yaml|^dvc\.yaml$/);
        await waitForTitle(/^Add DVC Stage to .*\(1\/5\)$/);
        await input().fill('train');
        await waitForValidation(/already has a stage "train"/, 'the duplicate stage error');
        // Name, command, a dep and an out: each answer leads to the next of the 5 steps.
        const answers = ['report', 'python -c "print(42)"', 'eval/metrics.json', 'reports/report.md'];
        for (const [i, answer] of answers.entries()) {
          await input().fill(answer);
          await input().press('Enter');
          await waitForTitle(new RegExp(`\\(${i + 2}/5\\)`));
        }
        await input().press('Enter');
        const after = await waitUntil(
          () => {
            const text = readFileSync(dvcYaml, 'utf8');
            return text !== before ? text : undefined;
          },
          { timeoutMs: 15_000, what: 'dvc.yaml to change' },
        );
        assert.match(after, /\n {2}report:\n {4}cmd: python -c "print\(42\)"\n {4}deps:\n/);
        const stage = /^ {2}report:\n(?: {4}.*\n)+/m;
        assert.equal(after.replace(stage, ''), before, 'everything else is kept byte for byte');
      });
    },
  );

  test(
    'Add Experiment Tracking and Add CI Workflow preview and write into the workspace folder',
    { timeout: 90_000 },
    async (t) => {
      await step(t, '10-add-tracking', async () => {
        await vs().focusActiveEditor();
        await vs().runCommand('MLOps: Add Experiment Tracking…');
        await accept('MLflow');
        await waitForTitle(/^Add MLflow Tracking/);
        const labels = await rowLabels();
        for (const expected of ['Apply the changes in workspace', 'tracking.py', 'requirements.txt'])
          assert.ok(labels.includes(expected), `${expected} in ${JSON.stringify(labels)}`);
        assert.equal(existsSync(join(workspace, 'tracking.py')), false, 'nothing written before confirming');
        await accept('Apply the changes in workspace', 'Apply');
        const read = (file: string): string =>
          existsSync(join(workspace, file)) ? readFileSync(join(workspace, file), 'utf8') : '';
        await waitUntil(
          () => /^import mlflow$/m.test(read('tracking.py')) && read('requirements.txt') !== '',
          {
            timeoutMs: 10_000,
            what: 'tracking.py and requirements.txt',
          },
        );
        assert.equal(read('requirements.txt'), 'mlflow>=2.10\n');
      });
      await step(t, '11-add-ci', async () => {
        await vs().focusActiveEditor();
        await vs().runCommand('MLOps: Add CI Workflow');
        await waitForTitle(/^Add CI Workflow \(pip\)/);
        const labels = await rowLabels();
        assert.ok(labels.includes('.github/workflows/ci.yml'), JSON.stringify(labels));
        assert.ok(
          labels.some((l) => /The workflow runs make .*: this folder has no Makefile/.test(l)),
          `a warning about the missing Makefile: ${JSON.stringify(labels)}`,
        );
        await accept(/Write 1 file\(s\) to workspace/, 'Write');
        const workflow = join(workspace, '.github', 'workflows', 'ci.yml');
        await waitUntil(() => existsSync(workflow), { timeoutMs: 10_000, what: 'ci.yml' });
        assert.match(readFileSync(workflow, 'utf8'), /\$\{\{ github\.ref \}\}/);
      });
    },
  );

  test('cancelling the wizard closes the previews it opened', { timeout: 90_000 }, async (t) => {
    const previewTabs = async (): Promise<number> =>
      vs().page.locator('.tabs-container .tab', { hasText: 'params.yaml' }).count();
    const before = await previewTabs();
    await step(t, '12-wizard-preview-open', async () => {
      await openWizard();
      await input().fill('cancelled-project');
      await input().press('Enter');
      await waitForTitle(/\(2\//);
      await accept('apps');
      await waitForTitle(/\(3\//);
      // No text of a layout row is cut off with an ellipsis (the descriptions used to be).
      const clipped = await widget()
        .locator('.quick-input-list .monaco-list-row')
        .evaluateAll((rows) =>
          rows.flatMap((row) =>
            Array.from(row.querySelectorAll('*'))
              .filter(
                (el) =>
                  getComputedStyle(el).textOverflow === 'ellipsis' &&
                  el.clientWidth > 0 &&
                  el.scrollWidth > el.clientWidth + 1,
              )
              .map((el) => el.textContent ?? ''),
          ),
        );
      const layouts = await widget().locator('.quick-input-list .monaco-list-row').allInnerTexts();
      t.diagnostic(`layout rows: ${JSON.stringify(layouts)}`);
      assert.deepEqual(clipped, [], 'layout texts cut off');
      await accept('DVC pipeline');
      const total = Number(/\/(\d+)\)$/.exec(await waitForTitle(/\(4\/\d+\)$/))![1]);
      for (let current = 4; current < total; current++) {
        await input().press('Enter');
        await waitForTitle(new RegExp(`\\(${current + 1}/${total}\\)$`));
      }
      await accept('params.yaml', 'params.yaml');
      await waitUntil(async () => (await previewTabs()) > before, {
        timeoutMs: 10_000,
        what: 'the preview tab',
      });
    });
    await step(t, '13-wizard-cancelled', async () => {
      await input().press('Escape');
      await widget().waitFor({ state: 'hidden', timeout: 5_000 });
      await waitUntil(async () => (await previewTabs()) === before, {
        timeoutMs: 10_000,
        what: 'the preview tab to close',
      });
      assert.equal(existsSync(join(apps, 'cancelled-project')), false, 'nothing written');
    });
  });
});
