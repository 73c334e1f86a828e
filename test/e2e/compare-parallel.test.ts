// Issue 11, Compare Runs' parallel coordinates on the real webview bundle in Chromium, with the
// panel's snapshot code as the host, over the DVC experiments fixture (written by the real DVC and
// DVCLive: integer params epochs and seed, a text param model.name, a float lr, and a commit whose
// run has no metrics). Checks: whole, distinct ticks on integer axes, titles that do not overlap,
// the run not drawn counted; brushing (drag on an axis, several axes, a categorical axis, a click
// that clears one axis, Escape that clears all) with the selected count and the dimmed lines; a
// hovered line's tooltip; and the brushes restored from the saved webview state (and bad saved
// brushes ignored). Screenshots: test-output/e2e/compare-parallel-*.png.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import {
  installStubApi,
  loadSnapshot,
  postSnapshot,
  startPageServer,
  type PageServer,
} from '../../bench/compare/page';
import { RunIndex } from '../../src/core/index/runIndex';
import type { Run } from '../../src/core/model';
import type { Snapshot, UiStrings, WebviewMessage } from '../../src/views/compare/protocol';
import { buildSnapshot } from '../../src/views/compare/snapshot';
import { REPO_ROOT, SKIP_REASON, configFromEnv } from './harness/config';
import { makeTempDir } from './harness/fixtures';
import { waitUntil } from './harness/wait';

const config = configFromEnv();
const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'dvc-exp', 'repo.tar.gz');

/** The English texts of src/views/compare/strings.ts that this page shows (the bench page shows keys otherwise). */
const ENGLISH: Partial<UiStrings> = {
  charts: 'Charts',
  table: 'Table',
  scatter: 'Scatter',
  parallel: 'Parallel coordinates',
  params: 'Parameters',
  metrics: 'Metrics',
  axes: 'Axes',
  exportPng: 'Save as PNG…',
  parallelIncomplete: '{0} runs without a value on every chosen axis are not drawn.',
  parallelIncompleteOne: '1 run without a value on every chosen axis is not drawn.',
  clearSelections: 'Clear selections',
  runsSelected: '{0} of {1} runs selected',
  brushHint:
    'Drag along an axis to select a range; click the axis to clear it. Arrow keys go through the runs, Escape clears every selection.',
  clearBrush: 'Clear the selection on {0}',
};

interface Layout {
  xs: number[];
  top: number;
  bottom: number;
  ticks: string[][];
  overlaps: number;
  drawn: number;
  selected: string[];
  dimmed: string[];
  hovered: string;
}

describe(
  'Compare Runs parallel coordinates: brushes and hover (Chromium)',
  { skip: config ? false : SKIP_REASON },
  () => {
    let temp = '';
    let runs: Run[] = [];
    let snapshot: Snapshot;
    let server: PageServer;
    let browser: Browser;
    let page: Page;

    before(async () => {
      temp = makeTempDir('mlops-lens-parallel-');
      execFileSync('tar', ['-xzf', FIXTURE, '-C', temp]);
      const index = new RunIndex({ roots: [join(temp, 'repo')] });
      await index.refresh();
      runs = index.allRuns();
      const input = {
        runs,
        requested: runs,
        missingRuns: 0,
        indexing: false,
        sent: new Map<string, string>(),
      };
      snapshot = buildSnapshot({
        ...input,
        // The parallel coordinates read params and latest values only: no history is needed.
        history: () => undefined,
        options: { xAxis: 'step', smoothing: 0, directions: {} },
      });
      server = await startPageServer(ENGLISH);
      browser = await chromium.launch({ executablePath: config?.chromium ?? '/usr/bin/chromium' });
    });

    after(async () => {
      await browser?.close();
      await server?.close();
      if (temp && !config?.keepTemp) rmSync(temp, { recursive: true, force: true });
    });

    const shot = (name: string) =>
      page.screenshot({
        path: join(
          config?.outputDir ?? join(REPO_ROOT, 'test-output', 'e2e'),
          `compare-parallel-${name}.png`,
        ),
      });

    /** Opens the page with `state` as the saved webview state, answers its `ready`, shows the parallel tab. */
    async function open(state: unknown): Promise<void> {
      page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await installStubApi(page, state);
      await page.goto(server.url);
      await waitUntil(
        async () =>
          ((await page.evaluate('window.__posted')) as WebviewMessage[]).some((m) => m.type === 'ready'),
        {
          timeoutMs: 10_000,
          what: 'the page to say ready',
        },
      );
      await loadSnapshot(page, snapshot);
      await postSnapshot(page);
      await page.locator('vscode-tab-header[data-tab="parallel"]').click();
      await page.locator('.parallel-chart canvas[data-axis-ticks]').waitFor({ timeout: 10_000 });
    }

    const canvas = (): Locator => page.locator('.parallel-chart canvas');

    async function layout(): Promise<Layout> {
      const attr = async (name: string): Promise<string> => (await canvas().getAttribute(name)) ?? '';
      const [top, bottom] = JSON.parse(await attr('data-plot-y')) as [number, number];
      return {
        xs: JSON.parse(await attr('data-axis-x')) as number[],
        top,
        bottom,
        ticks: JSON.parse(await attr('data-axis-ticks')) as string[][],
        overlaps: Number(await attr('data-title-overlaps')),
        drawn: Number(await attr('data-runs-drawn')),
        selected: JSON.parse(await attr('data-selected-runs')) as string[],
        dimmed: JSON.parse(await attr('data-dimmed-runs')) as string[],
        hovered: await attr('data-hovered-run'),
      };
    }

    const axisIndex = (id: string): number => snapshot.defaultParallelAxes.indexOf(id);

    /** Drags on axis `id` from `from` to `to`, fractions of the plot's height from its top. */
    async function drag(id: string, from: number, to: number): Promise<void> {
      const { xs, top, bottom } = await layout();
      const box = (await canvas().boundingBox())!;
      const x = box.x + xs[axisIndex(id)]!;
      const y = (f: number) => box.y + top + f * (bottom - top);
      await page.mouse.move(x, y(from));
      await page.mouse.down();
      await page.mouse.move(x, (y(from) + y(to)) / 2, { steps: 4 });
      await page.mouse.move(x, y(to), { steps: 4 });
      await page.mouse.up();
    }

    /** The runs inside every saved brush, computed here from the runs' own params and metrics. */
    async function expectedSelection(): Promise<string[]> {
      const state = (await page.evaluate('window.__state')) as { view: { parallelBrushes: unknown[] } };
      const brushes = state.view.parallelBrushes as {
        axis: string;
        min?: number;
        max?: number;
        categories?: string[];
      }[];
      const drawnRuns = snapshot.runs
        .map((run, i) => ({ run, i }))
        .filter(({ i }) =>
          snapshot.defaultParallelAxes.every(
            (id) => snapshot.axes.find((a) => a.id === id)?.values[i] != null,
          ),
        );
      return drawnRuns
        .filter(({ i }) =>
          brushes.every((brush) => {
            const axis = snapshot.axes.find((a) => a.id === brush.axis)!;
            const value = axis.values[i]!;
            return brush.categories
              ? brush.categories.includes(axis.categories![value]!)
              : value >= brush.min! && value <= brush.max!;
          }),
        )
        .map(({ run }) => run.name);
    }

    const status = (): Promise<string> => page.locator('#parallel-selection').innerText();

    test('integer axes get whole, distinct ticks; titles do not overlap; the run without metrics is counted', async (t) => {
      await open(undefined);
      const view = await layout();
      t.diagnostic(
        `axes: ${JSON.stringify(snapshot.defaultParallelAxes)}; ticks: ${JSON.stringify(view.ticks)}`,
      );
      assert.equal(view.drawn, 7, 'seven of the eight runs have every value');
      assert.match(
        await page.locator('.parallel-host > p.note').innerText(),
        /^1 run without a value on every chosen axis is not drawn/,
      );
      for (const id of ['param:train.epochs', 'param:conf/extra.json:seed']) {
        const ticks = view.ticks[axisIndex(id)]!;
        assert.ok(ticks.length >= 2, `${id} has ticks`);
        assert.ok(
          ticks.every((label) => /^-?\d+$/.test(label)),
          `${id}: whole-number ticks (${ticks.join(' ')})`,
        );
      }
      view.ticks.forEach((ticks, k) =>
        assert.equal(new Set(ticks).size, ticks.length, `axis ${k}: no duplicated tick (${ticks.join(' ')})`),
      );
      assert.equal(view.overlaps, 0, 'no two axis titles overlap');
      assert.match(await status(), /^Drag along an axis/);
      await shot('01-start');
      // Narrower: titles still must not overlap.
      for (const width of [760, 520]) {
        await page.setViewportSize({ width, height: 800 });
        await waitUntil(async () => (await layout()).xs.at(-1)! < width, {
          timeoutMs: 5_000,
          what: `the chart to fit ${width} px`,
        });
        const narrow = await layout();
        t.diagnostic(`${width} px: ${narrow.overlaps} overlapping title pairs`);
        await shot(`02-width-${width}`);
        assert.equal(narrow.overlaps, 0, `no two axis titles overlap at ${width} px`);
      }
      await page.setViewportSize({ width: 1280, height: 800 });
      // The next tests drag at the published axis positions: wait for the chart's full width.
      await waitUntil(async () => (await layout()).xs.at(-1)! > 1000, {
        timeoutMs: 5_000,
        what: 'the chart to fill 1280 px again',
      });
    });

    test('a brush on one axis, then a second, selects the runs inside both and dims the others', async (t) => {
      await drag('param:train.lr', 0, 0.6);
      const one = await layout();
      const want = await expectedSelection();
      t.diagnostic(`lr brush: selected ${JSON.stringify(one.selected)}`);
      assert.deepEqual(one.selected, want);
      assert.ok(want.length > 0 && want.length < 7, `the brush selects some runs (${want.length})`);
      assert.equal(await status(), `${want.length} of 7 runs selected`);
      assert.equal(one.dimmed.length, 7 - want.length, 'the runs outside the brush are dimmed');
      assert.equal(await page.locator('.pcp-brushes li').count(), 1);
      await shot('03-brush-lr');

      await drag('param:train.epochs', 0.9, 0.4);
      const two = await layout();
      const both = await expectedSelection();
      t.diagnostic(`lr and epochs brushes: selected ${JSON.stringify(two.selected)}`);
      assert.deepEqual(two.selected, both);
      assert.ok(both.length < want.length, 'the second brush narrows the selection');
      assert.equal(await status(), `${both.length} of 7 runs selected`);
      const drawnNames = [...one.selected, ...one.dimmed];
      assert.deepEqual([...two.dimmed].sort(), drawnNames.filter((n) => !both.includes(n)).sort());
      await shot('04-two-brushes');
    });

    test('a click on an axis clears its brush; a categorical axis takes whole categories', async () => {
      const { xs, top, bottom } = await layout();
      const box = (await canvas().boundingBox())!;
      await page.mouse.click(box.x + xs[axisIndex('param:train.lr')]!, box.y + (top + bottom) / 2);
      await waitUntil(async () => (await page.locator('.pcp-brushes li').count()) === 1, {
        timeoutMs: 3_000,
        what: 'the lr brush to go',
      });
      assert.equal(await page.locator('.pcp-brushes li').getAttribute('data-axis'), 'param:train.epochs');
      assert.deepEqual((await layout()).selected, await expectedSelection());

      await page.locator('.pcp-brushes li button').click();
      assert.equal(await page.locator('.pcp-brushes li').count(), 0, 'the chip clears its brush');
      // model.name: cnn at the bottom, mlp at the top; a short drag near the top takes mlp.
      await drag('param:model.name', 0.02, 0.2);
      const state = (await page.evaluate('window.__state')) as { view: { parallelBrushes: unknown[] } };
      assert.deepEqual(state.view.parallelBrushes, [{ axis: 'param:model.name', categories: ['mlp'] }]);
      assert.deepEqual((await layout()).selected, ['named-exp']);
      assert.equal(await status(), '1 of 7 runs selected');
      await shot('05-category');
    });

    test('hovering a line highlights it and its tooltip names the run with its value on each axis', async (t) => {
      const clear = page.locator('#parallel-clear');
      if (await clear.isEnabled()) await clear.click();
      const { xs, top, bottom } = await layout();
      // A pixel of a line halfway between the first two axes, found on the canvas itself.
      const x = Math.round((xs[0]! + xs[1]!) / 2);
      const y = await canvas().evaluate(
        (el, [column, from, to]) => {
          const ctx = (el as HTMLCanvasElement).getContext('2d')!;
          const data = ctx.getImageData(column, from, 1, to - from).data;
          for (let i = 0; i < to - from; i++) if (data[i * 4 + 3]! > 200) return from + i;
          return -1;
        },
        [x, Math.round(top), Math.round(bottom)] as const,
      );
      assert.ok(y >= 0, 'a line crosses the middle of the first gap');
      const box = (await canvas().boundingBox())!;
      await page.mouse.move(box.x + x, box.y + y);
      const tooltip = page.locator('.pcp-tooltip');
      await tooltip.waitFor({ state: 'visible', timeout: 3_000 });
      const name = await tooltip.locator('.pcp-tooltip-title').innerText();
      const hovered = await layout();
      t.diagnostic(`hovered ${name} at ${x},${y}; tooltip: ${await tooltip.innerText()}`);
      assert.equal(hovered.hovered, name, 'the tooltip names the hovered line');
      assert.equal(hovered.dimmed.length, hovered.drawn - 1, 'every other line is dimmed');
      const run = snapshot.runs.findIndex((r) => r.name === name);
      const rows = await tooltip
        .locator('tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [tr.getAttribute('data-axis'), tr.querySelector('td')?.textContent]),
        );
      assert.equal(rows.length, snapshot.defaultParallelAxes.length, 'one row per axis');
      for (const [id, text] of rows) {
        const axis = snapshot.axes.find((a) => a.id === id)!;
        const value = axis.values[run]!;
        const params = runs.find((r) => r.name === name)!.params;
        const want = axis.categories ? axis.categories[value] : String(params[axis.key] ?? value);
        if (axis.source === 'param') assert.equal(text, want, `${axis.key} of ${name}`);
      }
      // The line under the pointer is drawn in the hovered run's colour, on top.
      const pixel = await canvas().evaluate(
        (el, [px, py]) =>
          Array.from((el as HTMLCanvasElement).getContext('2d')!.getImageData(px, py, 1, 1).data),
        [x, y] as const,
      );
      const color = snapshot.runs[run]!.color;
      const rgb = [1, 3, 5].map((i) => Number.parseInt(color.slice(i, i + 2), 16));
      t.diagnostic(`pixel ${JSON.stringify(pixel)}, run colour ${color}`);
      assert.ok(
        rgb.every((c, i) => Math.abs(c - pixel[i]!) <= 8),
        'the pixel has the hovered run’s colour',
      );
      await shot('06-hover');
      await page.mouse.move(box.x + 2, box.y + 2);
      await tooltip.waitFor({ state: 'hidden', timeout: 3_000 });
    });

    test('arrow keys name each run; Escape clears every brush', async () => {
      await drag('param:train.lr', 0, 0.6);
      await drag('param:train.epochs', 0.9, 0.4);
      assert.equal(await page.locator('.pcp-brushes li').count(), 2);
      await canvas().focus();
      await page.keyboard.press('ArrowDown');
      await page.locator('.pcp-tooltip').waitFor({ state: 'visible', timeout: 3_000 });
      assert.equal((await layout()).hovered, await page.locator('.pcp-tooltip-title').innerText());
      await shot('07-keyboard');
      await page.keyboard.press('Escape');
      await waitUntil(async () => (await page.locator('.pcp-brushes li').count()) === 0, {
        timeoutMs: 3_000,
        what: 'Escape to clear the brushes',
      });
      assert.match(await status(), /^Drag along an axis/);
      assert.equal((await layout()).selected.length, 7);
      assert.equal(await page.locator('#parallel-clear').isDisabled(), true);
    });

    test('brushes come back from the saved webview state; bad saved brushes are ignored', async (t) => {
      await drag('param:train.lr', 0, 0.6);
      await drag('param:train.epochs', 0.9, 0.4);
      const before = await layout();
      const saved = (await page.evaluate('window.__state')) as { view: Record<string, unknown> };
      await page.close();
      // What VS Code hands back after the panel was hidden or the window reloaded: the saved state.
      await open(saved);
      const after = await layout();
      assert.deepEqual(after.selected, before.selected, 'the same runs are selected');
      assert.equal(await page.locator('.pcp-brushes li').count(), 2);
      assert.equal(await status(), `${before.selected.length} of 7 runs selected`);
      await shot('08-restored');
      await page.close();

      const hostile = {
        ...saved,
        view: {
          ...saved.view,
          parallelBrushes: [
            { axis: 'param:train.lr', min: 'a', max: 1 },
            { axis: 'param:train.epochs', min: Number.NaN, max: 4 },
            { axis: 'param:model.name', min: 0, max: 1 },
            { axis: 'metric:nope', min: 0, max: 1 },
            { axis: 'param:conf/extra.json:seed', categories: [] },
            null,
            'x',
            ...Array.from({ length: 500 }, () => ({ axis: 'param:train.lr' })),
          ],
        },
      };
      await open(hostile);
      const ignored = await layout();
      t.diagnostic(`with bad saved brushes: ${ignored.selected.length} selected`);
      assert.equal(ignored.selected.length, 7, 'no bad brush selects anything');
      assert.equal(await page.locator('.pcp-brushes li').count(), 0);
      assert.match(await status(), /^Drag along an axis/);
      await page.close();
    });
  },
);
