// User-facing wording of pipeline states, shared by the tree, the CodeLens and the quick pick.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { DvcDataFile, DvcStage } from '../../core/pipeline/model';
import { describeDvcDetail, describeDvcReason } from './dvcWords';
import {
  dataFileSummary,
  statusSummary,
  type StatusWord,
  type PipelineFileKind,
  type StageSection,
  type StatusCounts,
  type StatusEntry,
} from './pipelineTreeModel';

/** "up to date", "changed deps, params" (DVC's words), "never run", "checking…". */
export function describeStatus(entry: StatusEntry): string {
  return describeSummary(statusSummary(entry));
}

/** A summary (statusSummary, dataFileSummary) in words. */
export function describeSummary({ word, detail }: { word: StatusWord; detail: string }): string {
  switch (word) {
    case 'checking':
      return vscode.l10n.t('checking…');
    case 'unknown':
      return vscode.l10n.t('status unknown');
    case 'up-to-date':
      return vscode.l10n.t('up to date');
    case 'never-run':
      return vscode.l10n.t('never run');
    case 'changed':
      return detail ? describeDvcDetail(detail) : vscode.l10n.t('changed');
  }
}

/** A status with a leading symbol, for CodeLens titles and quick picks. */
export function statusWithSymbol(entry: StatusEntry): string {
  const { word } = statusSummary(entry);
  const symbol =
    word === 'up-to-date' ? '$(pass)' : word === 'checking' ? '$(loading~spin)' : '$(circle-filled)';
  return `${symbol} ${describeStatus(entry)}`;
}

/** "3 stages · 1 changed · 1 never run" (or "all up to date"). */
export function describeCounts(counts: StatusCounts): string {
  const parts = [counts.total === 1 ? vscode.l10n.t('1 stage') : vscode.l10n.t('{0} stages', counts.total)];
  if (counts.changed > 0) parts.push(vscode.l10n.t('{0} changed', counts.changed));
  // Singular apart: a language may need a plural form here (Spanish: "1 pendiente", "2 pendientes").
  if (counts.neverRun === 1) parts.push(vscode.l10n.t('1 never run'));
  else if (counts.neverRun > 1) parts.push(vscode.l10n.t('{0} never run', counts.neverRun));
  return [...parts, ...countsTail(counts)].join(' · ');
}

/** "62 files · 3 changed", "1 file · up to date": a project's `.dvc` data files. */
export function describeDataFileCounts(counts: StatusCounts): string {
  const parts = [counts.total === 1 ? vscode.l10n.t('1 file') : vscode.l10n.t('{0} files', counts.total)];
  if (counts.changed > 0) parts.push(vscode.l10n.t('{0} changed', counts.changed));
  return [...parts, ...countsTail(counts)].join(' · ');
}

function countsTail(counts: StatusCounts): string[] {
  const parts: string[] = [];
  if (counts.unknown > 0) parts.push(vscode.l10n.t('{0} unknown', counts.unknown));
  if (counts.pending > 0) parts.push(vscode.l10n.t('checking…'));
  else if (counts.total > 0 && counts.changed + counts.neverRun + counts.unknown === 0)
    parts.push(vscode.l10n.t('up to date'));
  return parts;
}

export function fileKindLabel(kind: PipelineFileKind, count: number): string {
  switch (kind) {
    case 'dvc':
      return count === 1 ? vscode.l10n.t('1 stage') : vscode.l10n.t('{0} stages', count);
    case 'mlproject':
      return count === 1 ? vscode.l10n.t('1 entry point') : vscode.l10n.t('{0} entry points', count);
    case 'make':
      return count === 1 ? vscode.l10n.t('1 target') : vscode.l10n.t('{0} targets', count);
  }
}

export function sectionLabel(section: StageSection): string {
  switch (section) {
    case 'deps':
      return vscode.l10n.t('deps');
    case 'params':
      return vscode.l10n.t('params');
    case 'outs':
      return vscode.l10n.t('outs');
  }
}

/** The hover of a stage: where it is, its status with every reason, its command and folder. */
export function stageTooltip(stage: DvcStage, entry: StatusEntry, dvcfile: string, wdir: string): string {
  const lines = [
    `${stage.name} — ${dvcfile}:${stage.line}`,
    vscode.l10n.t('Status: {0}', describeStatus(entry)),
  ];
  lines.push(...reasonLines(entry));
  if (stage.frozen) lines.push(vscode.l10n.t('Frozen: dvc repro skips this stage.'));
  lines.push('', ...stage.cmd.map((c) => `$ ${c}`), vscode.l10n.t('wdir: {0}', wdir));
  return lines.join('\n');
}

/** The reasons of a status, then what could not be examined (paths relative to the project). */
function reasonLines(entry: StatusEntry): string[] {
  if (entry.state === 'error') return [`  • ${entry.reason}`];
  if (entry.state !== 'known') return [];
  const lines = entry.status.reasons.map((reason) => `  • ${describeDvcReason(reason)}`);
  const problems = entry.status.problems ?? [];
  if (problems.length > 0) lines.push(vscode.l10n.t('DVC cannot examine:'));
  for (const problem of problems) {
    const relative = entry.root === undefined ? problem.path : path.relative(entry.root, problem.path);
    const shown = relative.startsWith('..') || relative === '' ? problem.path : relative;
    lines.push(`  • ${shown.split(path.sep).join('/')}: ${problem.reason}`);
  }
  return lines;
}

/** The hover of a `.dvc` data file: where it is, its status with every reason, what it tracks. */
export function dataFileTooltip(dataFile: DvcDataFile, entry: StatusEntry, shownPath: string): string {
  const lines = [shownPath, vscode.l10n.t('Status: {0}', describeSummary(dataFileSummary(entry)))];
  lines.push(...reasonLines(entry));
  if (dataFile.frozen) lines.push(vscode.l10n.t('Frozen: DVC does not check its source for updates.'));
  if (dataFile.outs.length > 0) lines.push('', vscode.l10n.t('Tracks: {0}', dataFile.outs.join(', ')));
  if (dataFile.deps.length > 0) lines.push(vscode.l10n.t('Imported from: {0}', dataFile.deps.join(', ')));
  return lines.join('\n');
}
