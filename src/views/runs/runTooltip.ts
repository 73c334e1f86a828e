import * as vscode from 'vscode';
import type { Run } from '../../core/model';
import { formatMetricValue } from '../../core/query/keyMetric';
import { formatDuration } from './format';
import { runStatusLabel } from './statusLabel';

const MAX_ENTRIES = 25;

/** The hover of a run: params, latest metrics, user tags, start and duration — all user text escaped. */
export function runTooltip(run: Run): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**');
  md.appendText(run.name || run.id);
  md.appendMarkdown(`**  \n`);
  md.appendText(`${runStatusLabel(run.status)} · ${run.experimentName} · ${run.id}`);
  md.appendMarkdown('  \n');
  if (run.startTime !== null) {
    // In VS Code's display language, not the extension host's (which is the OS's, or en-US).
    const started = new Date(run.startTime).toLocaleString(vscode.env.language);
    md.appendText(vscode.l10n.t('Started {0}', started));
    md.appendText(
      ` · ${vscode.l10n.t('Duration {0}', formatDuration(run.startTime, run.endTime, Date.now()))}`,
    );
    md.appendMarkdown('  \n');
  }
  section(md, vscode.l10n.t('Params'), Object.entries(run.params));
  section(
    md,
    vscode.l10n.t('Metrics'),
    Object.entries(run.metrics).map(([k, p]) => [
      k,
      vscode.l10n.t('{0} (step {1})', formatMetricValue(p.value), p.step),
    ]),
  );
  section(
    md,
    vscode.l10n.t('Tags'),
    Object.entries(run.tags).filter(([k]) => !k.startsWith('mlflow.')),
  );
  return md;
}

function section(md: vscode.MarkdownString, title: string, entries: [string, string][]): void {
  if (entries.length === 0) return;
  md.appendMarkdown(`\n\n**${title}**  \n`);
  const sorted = [...entries].sort(([a], [b]) => a.localeCompare(b));
  for (const [key, value] of sorted.slice(0, MAX_ENTRIES)) {
    md.appendText(`${key}: ${value.length > 120 ? `${value.slice(0, 119)}…` : value}`);
    md.appendMarkdown('  \n');
  }
  if (sorted.length > MAX_ENTRIES)
    md.appendText(vscode.l10n.t('… and {0} more', sorted.length - MAX_ENTRIES));
}
