import * as vscode from 'vscode';
import type { Run } from '../../core/model';
import { formatMetricValue } from '../../core/query/keyMetric';
import { cappedEntries, runTiming } from './format';
import { runStatusLabel } from './statusLabel';

const MAX_METRICS = 25;
/** Params come after the metrics; a long list would push the tags out of the hover. */
const MAX_PARAMS = 15;
const MAX_VALUE_LENGTH = 120;

/** The hover of a run: timing, latest metrics, then params and user tags — all user text escaped. */
export function runTooltip(run: Run, staleHours: number, now = Date.now()): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**');
  md.appendText(run.name || run.id);
  md.appendMarkdown(`**  \n`);
  md.appendText(`${runStatusLabel(run.status)} · ${run.experimentName} · ${run.id}`);
  md.appendMarkdown('  \n');
  for (const line of timingLines(run, staleHours, now)) {
    md.appendText(line);
    md.appendMarkdown('  \n');
  }
  section(
    md,
    vscode.l10n.t('Metrics'),
    Object.entries(run.metrics).map(([k, p]) => [
      k,
      vscode.l10n.t('{0} (step {1})', formatMetricValue(p.value), p.step),
    ]),
    MAX_METRICS,
  );
  section(md, vscode.l10n.t('Params'), Object.entries(run.params), MAX_PARAMS);
  section(
    md,
    vscode.l10n.t('Tags'),
    Object.entries(run.tags).filter(([k]) => !k.startsWith('mlflow.')),
    MAX_METRICS,
  );
  return md;
}

function timingLines(run: Run, staleHours: number, now: number): string[] {
  const timing = runTiming(run, now, staleHours);
  switch (timing.kind) {
    case 'unknown':
      return [];
    case 'finished':
      return [
        `${vscode.l10n.t('Started {0}', timing.started)} · ${vscode.l10n.t('Duration {0}', timing.duration)}`,
      ];
    case 'running':
      return [
        `${vscode.l10n.t('Started {0}', timing.started)} · ${vscode.l10n.t('Running for {0}', timing.duration)}`,
      ];
    case 'stale':
      return [
        vscode.l10n.t('Started {0}', timing.started),
        vscode.l10n.t(
          'Stale: no update since {0} ({1} ago); the process may have ended without ending the run',
          timing.lastUpdate,
          timing.idle,
        ),
      ];
  }
}

function section(md: vscode.MarkdownString, title: string, entries: [string, string][], max: number): void {
  if (entries.length === 0) return;
  md.appendMarkdown(`\n\n**${title}**  \n`);
  const { shown, more } = cappedEntries(entries, max);
  for (const [key, value] of shown) {
    const text = value.length > MAX_VALUE_LENGTH ? `${value.slice(0, MAX_VALUE_LENGTH - 1)}…` : value;
    md.appendText(`${key}: ${text}`);
    md.appendMarkdown('  \n');
  }
  if (more > 0) md.appendText(vscode.l10n.t('… and {0} more', more));
}
