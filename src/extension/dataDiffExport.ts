// The Data Diff's exports, which the user asks for from the panel: the changed rows as CSV to a file
// the user picks in a save dialog (streamed page by page: there may be a million), the summary as
// CSV or the Markdown report to the clipboard or a file the user picks.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { safeFileName } from '../core/compare/export';
import type { DiffRow, TableDiffSummary } from '../core/data/table/types';
import { markdownReport, rowsCsv, rowsCsvHeader, summaryCsv } from '../views/dataDiff/export';
import type { ExportFormat, ExportTarget } from '../views/dataDiff/protocol';
import { exportLabels, panelStrings } from '../views/dataDiff/strings';
import type { TableDiffClient } from './tableDiffClient';

const EXPORT_PAGE = 2_000;
/** Changed rows a Markdown report lists; the count of the rest follows. */
const REPORT_ROWS = 50;

function changedCount(summary: TableDiffSummary): number {
  return summary.rows.added + summary.rows.removed + summary.rows.changed;
}

export function alignmentText(summary: TableDiffSummary): string {
  const alignment = summary.rows.alignment;
  return alignment.kind === 'key'
    ? panelStrings.alignedByKey(alignment.column, alignment.detected)
    : panelStrings.alignedByPosition(alignment.reason);
}

async function firstChangedRows(client: TableDiffClient, count: number): Promise<DiffRow[]> {
  if (count === 0) return [];
  return (await client.page({ offset: 0, count, changedOnly: true })).rows;
}

async function report(client: TableDiffClient, name: string, summary: TableDiffSummary): Promise<string> {
  const rows = await firstChangedRows(client, Math.min(REPORT_ROWS, changedCount(summary)));
  return markdownReport(name, summary, alignmentText(summary), rows, changedCount(summary), exportLabels());
}

async function askTarget(name: string, extension: string, title: string, filters: Record<string, string[]>) {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const base = safeFileName(`${path.posix.basename(name)}.diff`, extension);
  return vscode.window.showSaveDialog({
    title,
    filters,
    defaultUri: folder ? vscode.Uri.joinPath(folder, base) : undefined,
  });
}

/** Streams every changed row to `file`, one page at a time. */
async function writeChangedRows(
  client: TableDiffClient,
  summary: TableDiffSummary,
  file: string,
): Promise<void> {
  const out = fs.createWriteStream(file, { encoding: 'utf8' });
  const write = (text: string): Promise<void> =>
    new Promise((resolve, reject) => out.write(text, (error) => (error ? reject(error) : resolve())));
  try {
    await write(rowsCsvHeader(summary.columns));
    for (let offset = 0; ; offset += EXPORT_PAGE) {
      const page = await client.page({ offset, count: EXPORT_PAGE, changedOnly: true });
      if (page.rows.length > 0) await write(rowsCsv(page.rows));
      if (page.rows.length < EXPORT_PAGE || offset + EXPORT_PAGE >= page.total) break;
    }
  } finally {
    await new Promise<void>((resolve) => out.end(resolve));
  }
}

export async function exportDataDiff(
  client: TableDiffClient,
  name: string,
  summary: TableDiffSummary,
  format: ExportFormat,
  target: ExportTarget,
): Promise<void> {
  if (target === 'clipboard') {
    const text =
      format === 'csv' ? summaryCsv(summary, alignmentText(summary)) : await report(client, name, summary);
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage(panelStrings.copied());
    return;
  }
  if (format === 'csv') {
    const uri = await askTarget(name, 'csv', panelStrings.saveCsvTitle(), { CSV: ['csv'] });
    if (!uri) return;
    if (uri.scheme === 'file') await writeChangedRows(client, summary, uri.fsPath);
    else {
      const rows = (await client.page({ offset: 0, count: changedCount(summary), changedOnly: true })).rows;
      await vscode.workspace.fs.writeFile(
        uri,
        Buffer.from(rowsCsvHeader(summary.columns) + rowsCsv(rows), 'utf8'),
      );
    }
    void vscode.window.showInformationMessage(panelStrings.saved(uri.fsPath));
    return;
  }
  const uri = await askTarget(name, 'md', panelStrings.saveMarkdownTitle(), { Markdown: ['md'] });
  if (!uri) return;
  await vscode.workspace.fs.writeFile(uri, Buffer.from(await report(client, name, summary), 'utf8'));
  void vscode.window.showInformationMessage(panelStrings.saved(uri.fsPath));
}
