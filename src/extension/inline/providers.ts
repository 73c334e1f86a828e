// The editor side of inline params and metrics: inlay hints after changed values, hovers with a
// key's history, the CodeLens at the top of the file, and the better/worse colour of metrics.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { InlineHint } from '../../core/inline/hints';
import { historyTable, metricHistory, paramHistory, type History } from '../../core/inline/history';
import { spanAt } from '../../core/inline/locate';
import { sparklineSvg, svgDataUri } from '../../core/inline/pointSparkline';
import { formatMetricValue } from '../../core/query/keyMetric';
import { readConfig } from '../config';
import { InlineModel, type InlineState } from './inlineModel';
import { readInlineSettings } from './settings';

export const COMPARE_COMMAND = 'mlopsLens.inline.compareWithBaseline';
const RUN_EXPERIMENT_COMMAND = 'mlopsLens.runExperimentWithParams';

function enabled(state: InlineState): boolean {
  const settings = readInlineSettings();
  return state.kind === 'params' ? settings.params : settings.metrics;
}

export class InlineHintsProvider implements vscode.InlayHintsProvider {
  readonly onDidChangeInlayHints: vscode.Event<void>;

  constructor(private readonly model: InlineModel) {
    this.onDidChangeInlayHints = model.onDidChange;
  }

  async provideInlayHints(document: vscode.TextDocument, range: vscode.Range): Promise<vscode.InlayHint[]> {
    const state = await this.model.stateOf(document);
    if (!state || !enabled(state) || state.version !== document.version) return [];
    const hints: vscode.InlayHint[] = [];
    for (const hint of state.placed.hints) {
      const position = document.positionAt(hint.offset);
      if (!range.contains(position)) continue;
      const inlay = new vscode.InlayHint(position, hintLabel(state, hint));
      inlay.paddingLeft = true;
      inlay.tooltip = hintTooltip(state, hint);
      hints.push(inlay);
    }
    return hints;
  }
}

function hintLabel(state: InlineState, hint: InlineHint): string {
  const label = state.baseline.label;
  if (state.kind === 'metrics' && hint.delta !== undefined) {
    const arrow = hint.verdict === 'better' ? '▲' : hint.verdict === 'worse' ? '▼' : '=';
    return `${hint.delta} ${arrow}`;
  }
  const old = hint.old ?? vscode.l10n.t('(not set)');
  return `← ${old} @${label}`;
}

function hintTooltip(state: InlineState, hint: InlineHint): vscode.MarkdownString {
  const label = state.baseline.label;
  const keys = hint.keys.map((k) => `\`${k}\``).join(', ');
  const lines: string[] = [];
  if (state.kind === 'metrics' && hint.verdict) {
    const direction =
      hint.direction === 'min' ? vscode.l10n.t('lower is better') : vscode.l10n.t('higher is better');
    const verdict =
      hint.verdict === 'better'
        ? vscode.l10n.t('better than at {0}', label)
        : hint.verdict === 'worse'
          ? vscode.l10n.t('worse than at {0}', label)
          : vscode.l10n.t('the same as at {0}', label);
    lines.push(`${keys}: ${verdict} (${hint.old ?? '—'}; ${direction})`);
  } else if (hint.old === null) {
    lines.push(vscode.l10n.t('{0}: not set at {1}', keys, label));
  } else {
    lines.push(vscode.l10n.t('{0}: {1} at {2}', keys, `\`${hint.old}\``, label));
  }
  return new vscode.MarkdownString(lines.join('\n\n'));
}

export class InlineHoverProvider implements vscode.HoverProvider {
  constructor(private readonly model: InlineModel) {}

  async provideHover(
    document: vscode.TextDocument,
    position: vscode.Position,
  ): Promise<vscode.Hover | undefined> {
    if (!readInlineSettings().hovers) return undefined;
    const state = await this.model.stateOf(document);
    if (!state?.spans || !enabled(state)) return undefined;
    const span = spanAt(state.spans, document.offsetAt(position));
    if (!span || document.offsetAt(position) > span.keyEnd) return undefined;
    const markdown = new vscode.MarkdownString(undefined, true);
    markdown.appendMarkdown(`**${escape(span.key)}** · ${escape(state.rel)}\n\n`);
    markdown.appendMarkdown(
      `${baselineLine(state, span.key, document.getText().slice(span.valueStart, span.valueEnd))}\n\n`,
    );
    if (state.isDvc) {
      const history = await this.historyOf(state, span.key);
      if (history.lines.length > 0) appendHistory(markdown, state, history);
    }
    return new vscode.Hover(
      markdown,
      new vscode.Range(document.positionAt(span.keyStart), document.positionAt(span.keyEnd)),
    );
  }

  private async historyOf(state: InlineState, key: string): Promise<History> {
    const limit = readInlineSettings().historyLength;
    const rows = await this.model.history(state.root, Math.max(2, Math.min(limit, 50)));
    const options = { limit, baselineSha: state.baselineSha, preferredMetric: readConfig().keyMetric };
    return state.kind === 'params'
      ? paramHistory(state.root, rows, state.rel, key, options)
      : metricHistory(rows, state.rel, key, options);
  }
}

function baselineLine(state: InlineState, key: string, written: string): string {
  const label = escape(state.baseline.label);
  const change = state.changes[key];
  if (!change) return vscode.l10n.t('Unchanged since {0}: `{1}`', label, written.replace(/`/g, "'"));
  const old =
    change.old === null
      ? vscode.l10n.t('(not set)')
      : `\`${String(state.placed.hints.find((h) => h.keys.includes(key))?.old ?? change.old)}\``;
  return vscode.l10n.t('At {0}: {1} · now: `{2}`', label, old, written.replace(/`/g, "'"));
}

function appendHistory(markdown: vscode.MarkdownString, state: InlineState, history: History): void {
  const labels = {
    revision: vscode.l10n.t('Commit or experiment'),
    value: vscode.l10n.t('Value'),
    metric: history.metric ? escape(history.metric) : vscode.l10n.t('Key metric'),
    best: vscode.l10n.t('best'),
    baseline: vscode.l10n.t('baseline'),
  };
  if (state.kind === 'params' && history.metric) {
    const direction =
      history.direction === 'min' ? vscode.l10n.t('lower is better') : vscode.l10n.t('higher is better');
    markdown.appendMarkdown(
      `${vscode.l10n.t('Key metric: {0} ({1})', escape(history.metric), direction)}\n\n`,
    );
  }
  const points =
    state.kind === 'params'
      ? history.lines.map((l) => ({ x: l.number ?? NaN, y: l.metric ?? NaN, highlight: l.best }))
      : [...history.lines].reverse().map((l, i) => ({ x: i, y: l.metric ?? NaN, highlight: l.best }));
  const svg = sparklineSvg(points);
  if (svg) {
    const alt =
      state.kind === 'params'
        ? vscode.l10n.t('{0} against the value', history.metric ?? '')
        : vscode.l10n.t('the value over commits and experiments, oldest first');
    // Before the table: a long table would push it out of the hover's view.
    markdown.appendMarkdown(`![${escape(alt)}](${svgDataUri(svg)})\n\n`);
  }
  markdown.appendMarkdown(`${historyTable(history, labels, formatMetricValue)}\n\n`);
}

function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}

export class InlineCodeLensProvider implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(private readonly model: InlineModel) {
    this.onDidChangeCodeLenses = model.onDidChange;
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!readInlineSettings().codeLens) return [];
    const state = await this.model.stateOf(document);
    if (!state?.spans || !enabled(state)) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const label = state.baseline.label;
    const lenses = [
      new vscode.CodeLens(top, {
        title: vscode.l10n.t('{0} changed since {1}', state.placed.count, label),
        command: '',
        tooltip:
          state.placed.removed.length > 0
            ? vscode.l10n.t('Removed: {0}', state.placed.removed.join(', '))
            : undefined,
      }),
    ];
    const dvcfile = InlineModel.dvcfileOf(state);
    if (state.kind === 'params' && dvcfile)
      lenses.push(
        new vscode.CodeLens(top, {
          title: vscode.l10n.t('Run experiment'),
          command: RUN_EXPERIMENT_COMMAND,
          tooltip: vscode.l10n.t('dvc exp run with params you choose (asks first)'),
          arguments: [{ dvcfile, name: '' }],
        }),
      );
    if (state.baseline.kind === 'rev')
      lenses.push(
        new vscode.CodeLens(top, {
          title: vscode.l10n.t('Compare with {0}', label),
          command: COMPARE_COMMAND,
          arguments: [document.uri],
        }),
      );
    return lenses;
  }
}

/** Colours metric values by their verdict (inlay hints have no colour of their own). */
export class MetricDecorations implements vscode.Disposable {
  private readonly better = vscode.window.createTextEditorDecorationType({
    color: new vscode.ThemeColor('charts.green'),
    fontWeight: 'bold',
  });
  private readonly worse = vscode.window.createTextEditorDecorationType({
    color: new vscode.ThemeColor('charts.red'),
    fontWeight: 'bold',
  });

  constructor(private readonly model: InlineModel) {}

  async update(editor: vscode.TextEditor): Promise<void> {
    const state = await this.model.stateOf(editor.document);
    const show =
      state?.kind === 'metrics' && readInlineSettings().metrics && state.version === editor.document.version;
    const ranges = (verdict: string): vscode.Range[] =>
      show && state
        ? state.placed.hints
            .filter((h) => h.verdict === verdict)
            .map(
              (h) =>
                new vscode.Range(
                  editor.document.positionAt(h.valueStart),
                  editor.document.positionAt(h.offset),
                ),
            )
        : [];
    editor.setDecorations(this.better, ranges('better'));
    editor.setDecorations(this.worse, ranges('worse'));
  }

  dispose(): void {
    this.better.dispose();
    this.worse.dispose();
  }
}

/** The title of the compare editor: "params.yaml (HEAD) ↔ params.yaml". */
export function compareTitle(fsPath: string, label: string): string {
  const name = path.basename(fsPath);
  return vscode.l10n.t('{0} ({1}) ↔ {0} (workspace)', name, label);
}
