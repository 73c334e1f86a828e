// Page helpers for MLOps Lens's own views and panels: the Runs and Pipelines views in the MLOps
// container, and the run details webview.
import type { FrameLocator } from 'playwright-core';
import type { CodeServerSession } from './session';
import { findRow, type TreeRow } from './trees';
import { waitUntil } from './wait';

/** The extension's view container in the activity bar. */
export const CONTAINER = 'MLOps';
export const RUNS_VIEW = 'Runs';
export const PIPELINES_VIEW = 'Pipelines';
/** The sources of the copied test/fixtures/mlflow workspace, as the Runs view labels them. */
export const FILESTORE = 'filestore/mlruns';
export const SQLITE = 'sqlite/mlflow.db';
/** For Suite.ready(): what the first test of a Runs view suite did not get to. */
export const RUNS_VIEW_NOT_READY = 'the Runs view never listed its sources (see the first test)';

/**
 * Shows the MLOps container with a side bar `sideBarWidth` pixels wide, and waits until the Runs view
 * lists the file store (indexing takes a while on a fresh start). Returns the rows as first shown.
 */
export async function openRunsView(vs: CodeServerSession, sideBarWidth: number): Promise<TreeRow[]> {
  await vs.openViewContainer(CONTAINER);
  await vs.resizeSideBar(sideBarWidth);
  await vs.ensureViewExpanded(RUNS_VIEW);
  return vs.waitForRows(
    RUNS_VIEW,
    (r) => findRow(r, [FILESTORE]) !== undefined,
    `source ${FILESTORE}`,
    45_000,
  );
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

/** Waits until the shown webview renders the run details of `runName`, and returns its document. */
export async function waitForRunDetails(
  vs: CodeServerSession,
  runName: string,
  timeoutMs = 20_000,
): Promise<FrameLocator> {
  await waitUntil(
    async () => {
      const name = vs.shownWebview().locator('header.run-header .run-name');
      return (await name.textContent({ timeout: 1_000 })) === runName;
    },
    { timeoutMs, intervalMs: 200, what: `the details webview of "${runName}"` },
  );
  return vs.shownWebview();
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
