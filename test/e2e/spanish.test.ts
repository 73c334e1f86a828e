// MLOps Lens in Spanish in a real VS Code (code-server --locale es + Chromium): the Runs view, the
// Pipelines view, a run's details and Compare Runs speak Spanish (package.nls.es.json and
// l10n/bundle.l10n.es.json, webview strings included). code-server has no Spanish language pack here,
// so VS Code's own UI stays English; vscode.env.language is still 'es', which is what the extension
// reads. Screenshots: test-output/e2e/es-*.png. Run through scripts/e2e.sh.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { FrameLocator, Locator } from 'playwright-core';
import { REPO_ROOT, SKIP_REASON, configFromEnv } from './harness/config';
import { copyMlflowFixtures, makeTempDir } from './harness/fixtures';
import { CONTAINER, FILESTORE, waitForRunDetails } from './harness/mlops';
import { useCodeServer } from './harness/suite';
import { findRow, formatRows } from './harness/trees';
import { waitUntil } from './harness/wait';

const config = configFromEnv();
/** The views' titles in package.nls.es.json. */
const RUNS = 'Ejecuciones';
const PIPELINES = 'Pipelines';
const BASICS = [FILESTORE, 'fixture-basics'];
/** A DVC pipeline whose stages are partly out of date (extracts to pipeline-stale/). */
const DVC_PIPELINE = join(REPO_ROOT, 'test', 'fixtures', 'dvc', 'pipeline-stale.tar.gz');

/** English words that must not show where the Spanish translation has its own. */
const ENGLISH =
  /\b(runs?|Parameters|Metrics|Tags|Finished|Duration|Started|step|stages?|up to date|never run|changed|Charts|Table|Smoothing|AM|PM)\b/;

describe('MLOps Lens in Spanish (code-server --locale es)', { skip: config ? false : SKIP_REASON }, () => {
  const { vs, ready, markReady, step } = useCodeServer(config, {
    shotPrefix: 'es-',
    logName: 'code-server-spanish.log',
    notReady: 'the Runs view never listed its sources in Spanish (see the first test)',
    prepare: () => {
      const temp = makeTempDir('mlops-lens-e2e-es-');
      const workspace = copyMlflowFixtures(temp);
      // A DVC pipeline beside the MLflow stores, for the Pipelines view.
      execFileSync('tar', ['-xzf', DVC_PIPELINE, '-C', workspace]);
      return { workspace, tempDir: temp, locale: 'es' };
    },
  });

  async function setChecked(path: readonly string[]): Promise<void> {
    const box = (await ready().revealRow(RUNS, path)).locator('.custom-view-tree-node-item-checkbox');
    if ((await box.getAttribute('aria-checked')) !== 'true') await box.click();
    await waitUntil(async () => (await box.getAttribute('aria-checked')) === 'true', {
      timeoutMs: 5_000,
      what: `${path.at(-1)} to be ticked`,
    });
  }

  /** Text of the webview's elements matching `selector`. */
  const texts = (frame: FrameLocator, selector: string): Promise<string[]> =>
    frame.locator(selector).allInnerTexts();

  test(
    'the Runs view: title, sources, run counts, statuses and the hover in Spanish',
    { timeout: 120_000 },
    async (t) => {
      await step(t, 'runs-view', async () => {
        await vs().openViewContainer(CONTAINER);
        await vs().resizeSideBar(460);
        await vs().ensureViewExpanded(RUNS);
        const rows = await vs().waitForRows(
          RUNS,
          (r) => findRow(r, [FILESTORE]) !== undefined,
          FILESTORE,
          60_000,
        );
        markReady();
        t.diagnostic(formatRows(rows));
        const store = findRow(rows, [FILESTORE])!;
        assert.match(store.description, /^MLflow \(archivos\) · \d+ ejecuci(ón|ones)$/);
        // Not collapseAll: its title action is re-rendered while the Pipelines view fills in (flaky).
        await vs().collapseRow(RUNS, ['filestore-v2/mlruns']);
        const expanded = await vs().revealPath(RUNS, BASICS);
        const basics = findRow(expanded, BASICS)!;
        assert.match(basics.description, /^\d+ ejecuciones$/, 'the experiment counts its runs in Spanish');
        await vs().expandRow(RUNS, BASICS);
      });
      await step(t, 'runs-hover', async () => {
        const hover = await ready().hoverRow(RUNS, [...BASICS, 'tuned']);
        t.diagnostic(`hover: ${JSON.stringify(hover)}`);
        // The hover's text is Markdown-escaped: its spaces are no-break spaces, which \s matches.
        assert.match(hover, /Finalizada\s·\sfixture-basics/);
        // One date format in every language (src/views/shared/time.ts), not the extension host's en-US.
        assert.match(hover, /Inicio:\s\d{4}-\d{2}-\d{2}\s\d{2}:\d{2}:\d{2}\s·\sDuración:\s/);
        assert.match(hover, /rmse:\s0\.4338\s\(paso\s4\)/);
        assert.match(hover, /Parámetros/);
        assert.match(hover, /Métricas/);
        assert.doesNotMatch(hover, ENGLISH);
      });
    },
  );

  test('the Pipelines view in Spanish', { timeout: 90_000 }, async (t) => {
    await step(t, 'pipelines-view', async () => {
      await ready().foldView(RUNS);
      await vs().ensureViewExpanded(PIPELINES);
      const rows = await vs().waitForRows(
        PIPELINES,
        (r) => r.some((row) => row.label.endsWith('dvc.yaml') && /etapas/.test(row.description)),
        'dvc.yaml with its stage counts',
        60_000,
      );
      const file = rows.find((row) => row.label.endsWith('dvc.yaml'))!;
      t.diagnostic(formatRows(rows));
      assert.match(file.description, /^\d+ etapas/);
      assert.doesNotMatch(file.description, ENGLISH);
      const stages = await vs().waitForRows(
        PIPELINES,
        (r) =>
          r.some((row) => row.level === 2 && /con cambios/.test(row.description)) &&
          !r.some((row) => /comprobando/.test(row.description)),
        'a changed stage, and every status checked',
        60_000,
      );
      const described = stages
        .filter((row) => row.level === 2)
        .map((row) => `${row.label}: ${row.description}`);
      t.diagnostic(JSON.stringify(described));
      for (const line of described) assert.doesNotMatch(line, ENGLISH, line);
      // The file's counts fit the 460 px side bar ("… · 1 sin ejecu…" was cut off).
      const checked = stages.find((row) => row.level === 1 && row.label.endsWith('dvc.yaml'))!;
      const label = (await vs().rowLocator(PIPELINES, [checked.label]))
        .locator('.monaco-icon-label-container')
        .first();
      const overflow = await label.evaluate((el) => el.scrollWidth - el.clientWidth);
      t.diagnostic(`${checked.label}: "${checked.description}", ${overflow} px beyond the row`);
      assert.ok(overflow <= 0, `"${checked.description}" is cut off by ${overflow} px`);
    });
    await step(t, 'pipelines-stage', async () => {
      const rows = await vs().treeRows(PIPELINES);
      const file = rows.find((row) => row.level === 1 && row.label.endsWith('dvc.yaml'))!;
      const changed = rows.find((row) => row.level === 2 && /^cambios en /.test(row.description))!;
      const sections = await vs().expandRow(PIPELINES, [file.label, changed.label]);
      t.diagnostic(formatRows(sections));
      const hover = await vs().hoverRow(PIPELINES, [file.label, changed.label]);
      t.diagnostic(`hover: ${JSON.stringify(hover)}`);
      assert.match(hover, /Estado:/);
      assert.doesNotMatch(hover, /\b(Status|changed|up to date)\b/);
    });
  });

  test('a run’s details in Spanish', { timeout: 90_000 }, async (t) => {
    await step(t, 'run-details', async () => {
      await ready().ensureViewExpanded(RUNS);
      await vs().foldView(PIPELINES);
      await vs().runCommand('MLOps: Abrir ejecución…');
      await vs().quickRows.first().waitFor({ state: 'visible', timeout: 10_000 });
      await vs().quickInputBox.fill('tuned');
      const picked = await vs().waitForFocusedPick('tuned', 'tuned in Open Run…');
      t.diagnostic(`Abrir ejecución… entry: ${picked.ariaLabel}`);
      assert.match(picked.ariaLabel, /Finalizada/, 'the status in the pick is Spanish');
      await vs().quickInputBox.press('Enter');
      const frame = await waitForRunDetails(vs(), 'tuned');
      const headings = await texts(frame, 'section h2');
      t.diagnostic(`sections: ${JSON.stringify(headings)}`);
      for (const word of ['Parámetros', 'Métricas', 'Etiquetas', 'Artefactos'])
        assert.ok(
          headings.some((h) => h.startsWith(word)),
          `section ${word} in ${JSON.stringify(headings)}`,
        );
      const header = await frame.locator('header.run-header').innerText();
      t.diagnostic(`header: ${JSON.stringify(header)}`);
      assert.match(header, /Finalizada/);
      assert.match(header, /Experimento/);
      assert.equal(await frame.locator('html').getAttribute('lang'), 'es');
    });
  });

  test('Compare Runs in Spanish: panel title, tabs, controls, table', { timeout: 120_000 }, async (t) => {
    const frame = (): FrameLocator => vs().shownWebview();
    await step(t, 'compare-charts', async () => {
      await ready().closeAllEditors();
      for (const name of ['baseline', 'tuned', 'long-run']) await setChecked([...BASICS, name]);
      await vs().runCommand('MLOps: Comparar las ejecuciones marcadas');
      await vs().waitForActiveTab('Comparar: 3 ejecuciones', 30_000);
      await waitUntil(async () => (await frame().locator('section.chart-card canvas').count()) >= 2, {
        timeoutMs: 30_000,
        what: 'the charts to be drawn',
      });
      const body = await frame().locator('body').innerText();
      t.diagnostic(`panel text (start): ${JSON.stringify(body.slice(0, 400))}`);
      for (const word of ['Gráficos', 'Tabla', 'Dispersión', 'Coordenadas paralelas', 'Eje X', 'Suavizado'])
        assert.ok(body.includes(word), `"${word}" in the panel`);
      assert.doesNotMatch(body, /\b(Charts|Smoothing|Wall time|Relative time|Parallel coordinates)\b/);
    });
    await step(t, 'compare-table', async () => {
      const tab: Locator = frame().locator('vscode-tab-header[data-tab="table"]');
      assert.equal((await tab.innerText()).trim(), 'Tabla');
      await tab.click();
      await frame().locator('table.compare-table').waitFor({ timeout: 10_000 });
      const table = await frame().locator('table.compare-table').innerText();
      t.diagnostic(`table (start): ${JSON.stringify(table.slice(0, 300))}`);
      // Section rows are upper-cased by CSS, which innerText reflects.
      for (const word of ['Clave', 'Parámetros', 'Métricas'])
        assert.ok(table.toLowerCase().includes(word.toLowerCase()), `"${word}" in the table`);
    });
  });
  test(
    'the New Project wizard in Spanish: steps, layouts from the template tree',
    { timeout: 60_000 },
    async (t) => {
      await step(t, 'new-project', async () => {
        await ready().runCommand('MLOps: Nuevo proyecto…');
        await vs().waitForQuickTitle(/^Nuevo proyecto de MLOps \(1\/\d+\)$/);
        await vs().quickInputBox.fill('demo-es');
        await vs().quickInputBox.press('Enter');
        await vs().waitForQuickTitle(/\(2\//);
        await vs().quickInputBox.press('Enter'); // the workspace folder, offered first
        await vs().waitForQuickTitle(/\(3\//);
        const labels = await vs().waitForQuickLabel('Pipeline de DVC', 10_000, 'the layouts in Spanish');
        t.diagnostic(`layouts: ${JSON.stringify(labels)}`);
        assert.ok(labels.includes('Ciencia de datos (estructura de cookiecutter-data-science)'));
        assert.ok(labels.includes('Proyecto de MLflow'));
      });
      await vs().dismissQuickInput();
    },
  );
});
