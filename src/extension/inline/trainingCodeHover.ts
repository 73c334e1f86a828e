// The hover of a logging call: the key's latest value and run, its values over the last N runs
// (min, max, best by the metric's direction), a sparkline of the latest run's history and links
// (trusted command URIs, only the inline commands enabled) to open the run, compare the runs and
// show the history.
import * as vscode from 'vscode';
import type { MetricPoint, Run } from '../../core/model';
import { formatMetricValue } from '../../core/query/keyMetric';
import { sparklineDataUri } from '../../core/inline/sparkline';
import type { CallValues } from '../../core/inline/code/trainingCode';
import { runLabel, type KeySummary, type KeyValue } from '../../core/inline/code/trainingValues';

export const OPEN_RUN_COMMAND = 'mlopsLens.inline.openRun';
export const COMPARE_RUNS_COMMAND = 'mlopsLens.inline.compareRuns';
export const SHOW_HISTORY_COMMAND = 'mlopsLens.inline.showHistory';
export const TRAINING_COMMANDS = [OPEN_RUN_COMMAND, COMPARE_RUNS_COMMAND, SHOW_HISTORY_COMMAND];

/** A run as command arguments name it (plain JSON). */
export interface RunArg {
  store: string;
  id: string;
}

export function formatValue(value: number | string): string {
  return typeof value === 'number' ? formatMetricValue(value) : value;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

function commandLink(label: string, command: string, args: unknown[]): string {
  return `[${escape(label)}](command:${command}?${encodeURIComponent(JSON.stringify(args))})`;
}

const runArg = (run: Run): RunArg => ({ store: run.store, id: run.id });

function valueCell(entry: KeyValue | undefined): string {
  return entry ? `${escape(formatValue(entry.value))} (${escape(runLabel(entry.run))})` : '—';
}

/** Histories are kept by the provider while unchanged: their sparklines are drawn once. */
const sparklines = new WeakMap<MetricPoint[], string | undefined>();

function sparklineOf(history: MetricPoint[]): string | undefined {
  if (!sparklines.has(history)) sparklines.set(history, sparklineDataUri(history.map((p) => p.value)));
  return sparklines.get(history);
}

function appendSummary(
  md: vscode.MarkdownString,
  summary: KeySummary,
  history: MetricPoint[] | undefined,
): void {
  const latest = summary.values[0];
  const direction =
    summary.direction === 'min' ? vscode.l10n.t('lower is better') : vscode.l10n.t('higher is better');
  const kind =
    summary.kind === 'metric' ? `${vscode.l10n.t('metric')}, ${direction}` : vscode.l10n.t('param');
  md.appendMarkdown(`**${escape(summary.key)}** — ${escape(kind)}\n\n`);
  md.appendMarkdown(
    `${escape(vscode.l10n.t('Latest: {0} in {1}', formatValue(latest.value), runLabel(latest.run)))}\n\n`,
  );
  const uri = history ? sparklineOf(history) : undefined;
  if (uri) md.appendMarkdown(`![${escape(vscode.l10n.t('history of {0}', summary.key))}](${uri})\n\n`);
  if (summary.kind === 'metric' && summary.values.length > 1) {
    md.appendMarkdown(
      `${vscode.l10n.t('Last {0} runs', summary.values.length)}: ` +
        `${vscode.l10n.t('min')} ${valueCell(summary.min)} · ${vscode.l10n.t('max')} ${valueCell(summary.max)} · ` +
        `${vscode.l10n.t('best')} ${valueCell(summary.best)}\n\n`,
    );
  }
  md.appendMarkdown(`| ${vscode.l10n.t('Run')} | ${escape(summary.key)} |\n|---|---:|\n`);
  for (const entry of summary.values) {
    md.appendMarkdown(
      `| ${commandLink(runLabel(entry.run), OPEN_RUN_COMMAND, [runArg(entry.run)])} | ${escape(formatValue(entry.value))} |\n`,
    );
  }
  md.appendMarkdown('\n');
  const links = [commandLink(vscode.l10n.t('Open run'), OPEN_RUN_COMMAND, [runArg(latest.run)])];
  if (summary.values.length > 1)
    links.push(
      commandLink(vscode.l10n.t('Compare these runs'), COMPARE_RUNS_COMMAND, [
        summary.values.map((v) => runArg(v.run)),
      ]),
    );
  if (summary.kind === 'metric')
    links.push(
      commandLink(vscode.l10n.t('Show history'), SHOW_HISTORY_COMMAND, [runArg(latest.run), summary.key]),
    );
  md.appendMarkdown(`${links.join(' · ')}\n\n`);
}

/** `histories`: the latest run's points per key (metrics read so far; missing ones draw no sparkline). */
export function trainingHoverMarkdown(
  values: CallValues,
  histories: ReadonlyMap<string, MetricPoint[]>,
): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = { enabledCommands: TRAINING_COMMANDS };
  values.summaries.forEach((summary, i) => {
    if (i > 0) md.appendMarkdown('---\n\n');
    appendSummary(md, summary, histories.get(summary.key));
  });
  if (values.more > 0) md.appendMarkdown(escape(vscode.l10n.t('…and {0} more keys', values.more)));
  return md;
}
