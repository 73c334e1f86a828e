// Page helpers for MLOps Lens's own views and panels: the Runs and Pipelines views in the MLOps
// container, and the run details webview.
import type { FrameLocator } from 'playwright-core';
import type { E2EConfig } from './config';
import { copyMlflowFixtures, makeTempDir } from './fixtures';
import type { CodeServerSession } from './session';
import { useCodeServer, type Suite, type SuiteOptions } from './suite';
import { findRow, type TreeRow } from './trees';

/** The extension's view container in the activity bar. */
export const CONTAINER = 'MLOps';
export const RUNS_VIEW = 'Runs';
export const MODELS_VIEW = 'Models';
export const PIPELINES_VIEW = 'Pipelines';
/** The sources of the copied test/fixtures/mlflow workspace, as the Runs view labels them. */
export const FILESTORE = 'filestore/mlruns';
export const SQLITE = 'sqlite/mlflow.db';

/**
 * A suite on a temp copy of test/fixtures/mlflow (`edit` may change the copy, never test/fixtures);
 * its first test opens the Runs view and calls markReady(). workspace() is the copy's path.
 */
export function useMlflowSuite(
  config: E2EConfig | undefined,
  options: Omit<SuiteOptions, 'prepare' | 'notReady'> & { edit?: (workspace: string) => void },
): Suite & { workspace: () => string } {
  let workspace = '';
  const suite = useCodeServer(config, {
    ...options,
    notReady: 'the Runs view never listed its sources (see the first test)',
    prepare: () => {
      const temp = makeTempDir();
      workspace = copyMlflowFixtures(temp);
      options.edit?.(workspace);
      return { workspace, tempDir: temp };
    },
  });
  return { ...suite, workspace: () => workspace };
}

/**
 * Shows the MLOps container with a side bar `sideBarWidth` pixels wide, waits until the Runs view
 * lists the file store (indexing takes a while on a fresh start), then collapses all rows: sources
 * and experiments start expanded, and the tree renders only the rows in view, so tests start from a
 * short tree and expand just what they look at. Returns the rows as first shown.
 */
export async function openRunsView(vs: CodeServerSession, sideBarWidth: number): Promise<TreeRow[]> {
  await vs.openViewContainer(CONTAINER);
  await vs.resizeSideBar(sideBarWidth);
  await vs.ensureViewExpanded(RUNS_VIEW);
  const initial = await vs.waitForRows(
    RUNS_VIEW,
    (r) => findRow(r, [FILESTORE]) !== undefined,
    `source ${FILESTORE}`,
    45_000,
  );
  // The fixture's stores hold registered models: the Models view appears below Runs once they are
  // read, and from then on each view's title actions sit in its own pane header. Tests start after
  // that move, not during it.
  await vs.viewPane(MODELS_VIEW).first().waitFor({ state: 'attached', timeout: 45_000 });
  await vs.collapseAll(RUNS_VIEW);
  return initial;
}

/** Shows the Pipelines view; the Runs view above it is folded away to give the rows room. */
export async function showPipelinesView(vs: CodeServerSession, sideBarWidth?: number): Promise<void> {
  if (sideBarWidth !== undefined) {
    await vs.openViewContainer(CONTAINER);
    await vs.resizeSideBar(sideBarWidth);
  }
  await vs.foldView(RUNS_VIEW);
  await vs.ensureViewExpanded(PIPELINES_VIEW);
}

/** Opens the top-level pipeline file `fileName` (e.g. dvc.yaml) from the Pipelines view. */
export async function openPipelineFile(vs: CodeServerSession, fileName: string): Promise<void> {
  const row = vs
    .viewPane(PIPELINES_VIEW)
    .first()
    .locator('.monaco-list-row[aria-level="1"]')
    .filter({ hasText: fileName });
  await row.first().click();
  await vs.editorTab(fileName).waitFor({ timeout: 15_000 });
}

/**
 * Waits until a shown webview (the only one, or one of two side by side) renders the run details of
 * `runName`, and returns its document.
 */
export async function waitForRunDetails(
  vs: CodeServerSession,
  runName: string,
  timeoutMs = 20_000,
): Promise<FrameLocator> {
  return vs.shownWebviewWhere(
    async (frame) =>
      (await frame.locator('header.run-header .run-name').textContent({ timeout: 1_000 })) === runName,
    { timeoutMs, intervalMs: 200, what: `the details webview of "${runName}"` },
  );
}

/** Key → value of a key/value table in the run details webview (params, tags, …). */
export async function runDetailsTable(frame: FrameLocator, table: string): Promise<Map<string, string>> {
  const rows = await frame
    .locator(`table.kv-${table} tbody tr`)
    .evaluateAll((trs) =>
      trs.map((tr) => [
        tr.querySelector('td.key')?.textContent ?? '',
        tr.querySelector('td.value')?.textContent ?? '',
      ]),
    );
  return new Map(rows.map(([k, v]) => [k ?? '', v ?? '']));
}
