// The Runs view in a real VS Code (code-server + Chromium): sources, experiments, nested runs,
// filtering and live updates. One workbench session is shared by all tests (startup is slow).
// Run through scripts/e2e.sh, which packages and installs the extension first.
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT, SKIP_REASON, configFromEnv } from './harness/config';
import { findFileStoreRun } from './harness/fixtures';
import {
  FILESTORE,
  RUNS_VIEW as VIEW,
  SQLITE,
  openRunsView,
  useMlflowSuite,
  waitForRunDetails,
} from './harness/mlops';
import { childRows, findRow, formatRows, labels, type TreeRow } from './harness/trees';
import { waitUntil } from './harness/wait';

const config = configFromEnv();
/** Stores of test/fixtures/runs-view (written by MLflow), copied beside the MLflow fixtures. */
const TWINS = 'runs-view/twins/mlruns';
const EMPTY = 'runs-view/empty/mlruns';

function copyRunsViewFixtures(workspace: string): void {
  for (const name of ['twins', 'empty'])
    cpSync(join(REPO_ROOT, 'test', 'fixtures', 'runs-view', name), join(workspace, 'runs-view', name), {
      recursive: true,
    });
}

describe('MLOps Lens Runs view (code-server)', { skip: config ? false : SKIP_REASON }, () => {
  const { vs, ready, markReady, step, workspace } = useMlflowSuite(config, {
    shotPrefix: '',
    saveUserLogs: true,
    edit: copyRunsViewFixtures,
  });

  /** Expands each node along `path` (all but the last must be collapsible) and returns the rows. */
  const reveal = (path: readonly string[]): Promise<TreeRow[]> => ready().revealPath(VIEW, path);

  test('the MLOps container lists both stores as sources', { timeout: 60_000 }, async (t) => {
    await step(t, '01-sources', async () => {
      const initial = await openRunsView(vs(), 480);
      t.diagnostic(`rows as first shown:\n${formatRows(initial)}`);
      const rows = await vs().waitForRows(
        VIEW,
        (r) => findRow(r, [FILESTORE]) !== undefined && findRow(r, [SQLITE]) !== undefined,
        `sources ${FILESTORE} and ${SQLITE}`,
      );
      t.diagnostic(`rows after Collapse All:\n${formatRows(rows)}`);
      for (const source of [FILESTORE, SQLITE]) {
        const row = findRow(rows, [source])!;
        assert.equal(row.level, 1, `${source} is a top-level node`);
        assert.notEqual(row.expanded, undefined, `${source} is collapsible`);
        assert.match(row.description, /\d+ runs?\b/, `${source} description names its run count`);
      }
      markReady();
    });
  });

  test('sources expand to their experiments', { timeout: 60_000 }, async (t) => {
    await step(t, '02-experiments', async () => {
      // One store open at a time: with both open, the second one's experiments can lie below the
      // rows the tree renders (it only renders what fits the view).
      for (const source of [SQLITE, FILESTORE]) {
        await ready().collapseRow(VIEW, [source === SQLITE ? FILESTORE : SQLITE]);
        await vs().expandRow(VIEW, [source]);
        // Under load the expanded store's children can render a moment after the twistie opens.
        const rows = await vs().waitForRows(
          VIEW,
          (r) =>
            ['fixture-basics', 'fixture-nested'].every((name) => findRow(r, [source, name]) !== undefined),
          `the experiments of ${source}`,
          15_000,
        );
        const experiments = childRows(rows, [source]);
        t.diagnostic(`${source}: ${JSON.stringify(experiments.map((r) => `${r.label} (${r.description})`))}`);
        for (const name of ['fixture-basics', 'fixture-nested']) {
          const row = experiments.find((r) => r.label === name);
          assert.ok(row, `${source} has experiment ${name}; rows:\n${formatRows(rows)}`);
          assert.match(row.description, /^\d+ runs?$/, `${name} description is "N runs"`);
        }
      }
    });
    // Only the file store stays open for the next tests.
  });

  test('child runs are nested under their parent run', { timeout: 60_000 }, async (t) => {
    await step(t, '03-nested', async () => {
      const parentPath = [FILESTORE, 'fixture-nested', 'parent'];
      let rows = await reveal(parentPath);
      const parent = findRow(rows, parentPath)!;
      const children = childRows(rows, parentPath);
      assert.deepEqual(
        labels(children).sort(),
        ['child-a', 'child-b'],
        `children of parent:\n${formatRows(rows)}`,
      );
      for (const child of children) assert.equal(child.level, parent.level + 1);
      // parent itself sits right under its experiment, not under another run
      assert.equal(parent.level, 3);
      assert.equal(
        findRow(rows, [FILESTORE, 'fixture-nested', 'child-a']),
        undefined,
        'child-a is not top-level',
      );
      rows = await vs().expandRow(VIEW, [...parentPath, 'child-b']);
      assert.deepEqual(labels(childRows(rows, [...parentPath, 'child-b'])), ['grandchild']);
      t.diagnostic(`rows:\n${formatRows(rows)}`);
    });
    await vs().collapseRow(VIEW, [FILESTORE, 'fixture-nested']);
  });

  test(
    '"MLOps: Filter Runs…" narrows the tree and "Clear Run Filter" restores it',
    { timeout: 90_000 },
    async (t) => {
      const basics = [FILESTORE, 'fixture-basics'];
      await step(t, '04-before-filter', async () => {
        const rows = await reveal(basics);
        const runs = labels(childRows(rows, basics));
        assert.ok(
          runs.includes('baseline') && runs.includes('tuned'),
          `fixture-basics runs: ${runs.join(', ')}`,
        );
      });

      await step(t, '05-filter-input', async () => {
        await vs().runCommand('MLOps: Filter Runs…');
        const prompt = await vs().inputBoxPrompt();
        t.diagnostic(`filter input box: ${JSON.stringify(prompt)}`);
        await vs().page.keyboard.type('tuned');
      });

      await step(t, '06-filtered', async () => {
        await vs().page.keyboard.press('Enter');
        await vs().quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
        // The tree refreshes; nodes may come back collapsed, so re-reveal when needed.
        const settled = (r: TreeRow[]): boolean => {
          const node = findRow(r, basics);
          if (!node) return findRow(r, [FILESTORE])?.expanded === false;
          if (node.expanded === false) return true;
          const runs = labels(childRows(r, basics));
          return runs.includes('tuned') && !runs.includes('baseline');
        };
        await vs().waitForRows(VIEW, settled, 'the filter to apply', 15_000);
        const rows = await reveal(basics);
        const runs = labels(childRows(rows, basics));
        t.diagnostic(`fixture-basics after filter: ${runs.join(', ')}`);
        t.diagnostic(`view message: "${await vs().viewMessage(VIEW)}"`);
        assert.ok(runs.includes('tuned'), `tuned is shown:\n${formatRows(rows)}`);
        assert.ok(!runs.includes('baseline'), `baseline is filtered out:\n${formatRows(rows)}`);
      });

      await step(t, '07-cleared', async () => {
        await vs().runCommand('MLOps: Clear Run Filter');
        const restored = (r: TreeRow[]): boolean => {
          const node = findRow(r, basics);
          if (!node) return findRow(r, [FILESTORE])?.expanded === false;
          return node.expanded === false || labels(childRows(r, basics)).includes('baseline');
        };
        await vs().waitForRows(VIEW, restored, 'the filter to clear', 15_000);
        const rows = await reveal(basics);
        const runs = labels(childRows(rows, basics));
        assert.ok(
          runs.includes('baseline') && runs.includes('tuned'),
          `fixture-basics after clear: ${runs.join(', ')}`,
        );
      });
      // The filter may re-expand nodes: start the next test from a short tree again.
      await vs().collapseAll(VIEW);
    },
  );

  test('a metric appended to a RUNNING run shows up within 5 s', { timeout: 60_000 }, async (t) => {
    const runPath = [FILESTORE, 'fixture-live', 'live-training'];
    let before = '';
    await step(t, '08-live-before', async () => {
      let rows = await reveal(runPath.slice(0, 2));
      assert.ok(findRow(rows, runPath), `live-training is listed:\n${formatRows(rows)}`);
      t.diagnostic(`live-training with the default key metric: "${findRow(rows, runPath)!.description}"`);
      // The key metric is chosen across all runs (rmse here), and live-training logs only loss:
      // pick loss for this workspace, as a user following a training run would.
      mkdirSync(join(workspace(), '.vscode'), { recursive: true });
      writeFileSync(
        join(workspace(), '.vscode', 'settings.json'),
        JSON.stringify({ 'mlopsLens.runs.keyMetric': 'loss' }),
      );
      rows = await vs().waitForRows(
        VIEW,
        (r) => /\bloss\b/.test(findRow(r, runPath)?.description ?? ''),
        'live-training to show its loss once mlopsLens.runs.keyMetric = loss',
        15_000,
      );
      before = findRow(rows, runPath)!.description;
      t.diagnostic(`live-training with key metric loss: "${before}"`);
      assert.match(before, /loss\s*0\.2\b/, 'the last logged loss (step 4) is 0.2');
    });

    await step(t, '09-live-after', async () => {
      const runDir = findFileStoreRun(join(workspace(), 'filestore', 'mlruns'), 'live-training');
      const appended = Date.now();
      appendFileSync(join(runDir, 'metrics', 'loss'), `${appended} 0.123 5\n`);
      const rows = await vs().waitForRows(
        VIEW,
        (r) => /0\.123/.test(findRow(r, runPath)?.description ?? ''),
        'live-training to show loss 0.123',
        5_000,
      );
      const elapsed = Date.now() - appended;
      const row = findRow(rows, runPath)!;
      t.diagnostic(`live-training after ${elapsed} ms: "${before}" -> "${row.description}"`);
      assert.match(row.description, /loss\s*0\.123/);
    });

    await step(t, '10-live-hover', async () => {
      // The row has just re-rendered (stale → running): a hover may not open on the first try.
      const hover = await waitUntil(() => vs().hoverRow(VIEW, runPath, 5_000), {
        timeoutMs: 20_000,
        what: 'the hover of live-training',
      });
      t.diagnostic(`hover of live-training:\n${hover}`);
      assert.match(hover, /loss:\s*0\.123\s*\(step\s5\)/, 'the hover lists the new loss and its step');
    });
  });
  test('a store without runs is shown collapsed, and counts say "1 run"', { timeout: 60_000 }, async (t) => {
    await step(t, '11-empty-store', async () => {
      await vs().collapseAll(VIEW);
      const rows = await vs().waitForRows(VIEW, (r) => findRow(r, [EMPTY]) !== undefined, `store ${EMPTY}`);
      const empty = findRow(rows, [EMPTY])!;
      t.diagnostic(`rows:\n${formatRows(rows)}`);
      assert.match(empty.description, /· 0 runs$/);
      assert.notEqual(empty.expanded, true, 'the empty store is not expanded');
      const stale = await reveal([TWINS, 'fixture-stale']);
      const experiment = findRow(stale, [TWINS, 'fixture-stale'])!;
      assert.equal(experiment.description, '1 run');
      for (const row of stale) assert.doesNotMatch(row.description, /\b1 runs\b/, `${row.label}: "1 runs"`);
    });
  });

  test('runs with the same name show their start time, or their id', { timeout: 60_000 }, async (t) => {
    const twins = [TWINS, 'fixture-twins'];
    await step(t, '12-same-names', async () => {
      const rows = await reveal(twins);
      const children = childRows(rows, twins);
      t.diagnostic(`fixture-twins:\n${formatRows(children)}`);
      const repeated = children.filter((r) => r.label === 'larger_layer_take2');
      assert.equal(repeated.length, 3);
      const times = repeated.map((r) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/.exec(r.description)?.[0]);
      assert.ok(times.every(Boolean), `each starts with its start time: ${JSON.stringify(times)}`);
      assert.equal(new Set(times).size, 3, 'three different start times');
      const sameStart = children.filter((r) => r.label === 'same-start');
      const ids = sameStart.map((r) => /^[0-9a-f]{8}\b/.exec(r.description)?.[0]);
      assert.ok(ids.every(Boolean) && new Set(ids).size === 2, `short ids: ${JSON.stringify(ids)}`);
    });
  });

  test(
    'a run left RUNNING for long is shown as stale, in the tree and in Run details',
    { timeout: 90_000 },
    async (t) => {
      const runPath = [TWINS, 'fixture-stale', 'abandoned-training'];
      await step(t, '13-stale-run', async () => {
        const rows = await reveal(runPath.slice(0, 2));
        const row = findRow(rows, runPath)!;
        t.diagnostic(`abandoned-training: "${row.description}"`);
        assert.match(row.description, /\bstale\b/);
        const hover = await vs().hoverRow(VIEW, runPath);
        t.diagnostic(`hover:\n${hover}`);
        // The hover's text keeps spaces as non-breaking ones: \s matches both.
        assert.match(
          hover,
          /no\supdate\ssince\s2024-06-0\d\s\d{2}:\d{2}:\d{2}\s\(\d+d\s\d{2}h\s\d{2}m\sago\)/,
        );
        assert.doesNotMatch(hover, /\d{3,}h/, 'no duration in thousands of hours');
        assert.ok(hover.indexOf('Metrics') < hover.indexOf('Params'), 'metrics come before params');
      });
      await step(t, '13b-stale-run-details', async () => {
        const row = await vs().revealRow(VIEW, runPath);
        await vs().dismissHovers();
        await row.locator('.label-name').first().click();
        await vs().waitForActiveTab('abandoned-training');
        const details = await waitForRunDetails(vs(), 'abandoned-training');
        const note = details.locator('#run-stale');
        const text = (await note.textContent({ timeout: 10_000 })) ?? '';
        t.diagnostic(`Run details: "${text}"`);
        // The hover's words and formats, in the webview.
        assert.match(
          text,
          /^Stale: no update since 2024-06-0\d \d{2}:\d{2}:\d{2} \(\d+d \d{2}h \d{2}m ago\)/,
        );
        assert.match((await details.locator('.status-stale').textContent()) ?? '', /Running · stale/);
        assert.equal(await details.locator('#run-duration').count(), 0, 'no duration growing with the clock');
        assert.doesNotMatch(
          (await details.locator('header.run-header').textContent()) ?? '',
          /\d{3,}h/,
          'no duration in thousands of hours',
        );
      });
      // After the step, whose screenshot shows the details.
      await vs().closeAllEditors();
      await vs().collapseAll(VIEW);
    },
  );

  test(
    '"Sort Runs…" by a metric shows its values and says so above the tree',
    { timeout: 90_000 },
    async (t) => {
      const twins = [TWINS, 'fixture-twins'];
      await step(t, '14-sorted', async () => {
        await vs().runCommand('MLOps: Sort Runs…');
        await vs().pickQuickItem('val_prc', 'val_prc');
        await vs().pickQuickItem('Descending');
        const expected = ['0.74', '0.68', '0.61', '0.57', '0.55'];
        const valuesOf = (r: TreeRow[]): (string | undefined)[] =>
          childRows(r, twins).map((row) => /val_prc (\S+)/.exec(row.description)?.[1]);
        await reveal(twins);
        const rows = await vs().waitForRows(
          VIEW,
          (r) => JSON.stringify(valuesOf(r)) === JSON.stringify(expected),
          `val_prc down the list: ${expected.join(', ')}`,
        );
        t.diagnostic(`fixture-twins sorted:\n${formatRows(childRows(rows, twins))}`);
        const message = await vs().viewMessage(VIEW);
        t.diagnostic(`view message: "${message}"`);
        assert.match(message, /Sorted by val_prc, descending/);
      });
    },
  );

  test(
    'the palette offers only the applicable one of Show and Hide Deleted Runs',
    { timeout: 60_000 },
    async (t) => {
      const paletteLabels = async (): Promise<string[]> => {
        await vs().dismissQuickInput();
        await vs().focusWorkbench();
        await vs().page.keyboard.press('F1');
        await vs().quickInputBox.fill('>Deleted Runs');
        await vs().waitForQuickLabel('Deleted Runs', 10_000, 'the Deleted Runs commands');
        return (await vs().quickLabels()).filter((l) => l.includes('Deleted Runs'));
      };
      await step(t, '15-palette-show-deleted', async () => {
        const labels = await paletteLabels();
        t.diagnostic(`palette: ${JSON.stringify(labels)}`);
        assert.deepEqual(labels, ['MLOps: Show Deleted Runs']);
      });
      await vs().dismissQuickInput();
      await vs().runCommand('MLOps: Show Deleted Runs');
      await step(t, '16-palette-hide-deleted', async () => {
        const labels = await waitUntilLabels(paletteLabels, ['MLOps: Hide Deleted Runs']);
        t.diagnostic(`palette: ${JSON.stringify(labels)}`);
      });
      await vs().dismissQuickInput();
      await vs().runCommand('MLOps: Hide Deleted Runs');
    },
  );

  test('the filter and the sort survive a window reload', { timeout: 150_000 }, async (t) => {
    await vs().runCommand('MLOps: Filter Runs…');
    await vs().typeInInputBox('take2');
    await vs().waitForRows(VIEW, () => true, 'rows');
    await waitUntil(async () => /Filter: take2/.test(await vs().viewMessage(VIEW)), {
      timeoutMs: 10_000,
      what: 'the filter message',
    });
    /** Each text the Runs view showed after the reload: when it was first and last seen (ms). */
    const seen = new Map<string, { first: number; last: number }>();
    await step(t, '17-after-reload', async () => {
      await vs().runCommand('Developer: Reload Window');
      const reloaded = Date.now();
      await vs().page.waitForLoadState('load', { timeout: 60_000 });
      await vs().page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      const message = await waitUntil(
        async () => {
          const text = await vs()
            .viewPane(VIEW)
            .first()
            .locator('.pane-body')
            .innerText({ timeout: 1_000 })
            .catch(() => '');
          const at = Date.now() - reloaded;
          for (const line of text.split('\n').map((l) => l.trim()))
            if (line && line.length < 120) {
              const times = seen.get(line) ?? { first: at, last: at };
              times.last = at;
              seen.set(line, times);
            }
          const current = await vs().viewMessage(VIEW);
          return /Filter: take2 — \d+ runs? match/.test(current) ? current : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 100, what: 'the restored filter message' },
      );
      t.diagnostic(`view message after reload: "${message}"`);
      const timeline = [...seen]
        .slice(0, 12)
        .map(([text, { first, last }]) => `${first}–${last} ms: ${text}`);
      t.diagnostic(`the Runs view while starting:\n${timeline.join('\n')}`);
      assert.match(message, /Filter: take2 — 3 runs match/);
      assert.match(message, /Sorted by val_prc, descending/);
      const looking = seen.get('Looking for MLflow runs, DVC experiments and DVCLive logs…');
      assert.ok(looking, 'the view says that it looks for runs while the extension starts');
      // VS Code's own "no data provider" may flash while the workbench loads its extension list,
      // before any welcome text can show; it must not stay until the extension is activated.
      const noProvider = [...seen].find(([text]) => /no data provider/i.test(text))?.[1];
      if (noProvider) assert.ok(noProvider.last < looking.first, '"no data provider" comes back');
    });
    await vs().runCommand('MLOps: Clear Run Filter');
  });
});

/** Calls `read` until it returns `expected` (the palette's context keys update a moment later). */
async function waitUntilLabels(read: () => Promise<string[]>, expected: string[]): Promise<string[]> {
  let last: string[] = [];
  try {
    return await waitUntil(
      async () => {
        last = await read();
        return JSON.stringify(last) === JSON.stringify(expected) ? last : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 500, what: `palette entries ${JSON.stringify(expected)}` },
    );
  } catch (error) {
    throw new Error(`${String(error)}; last seen: ${JSON.stringify(last)}`);
  }
}
