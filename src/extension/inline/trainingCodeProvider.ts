// Training code inline: an inlay hint after each logging call with the latest value of its key (and
// the run's name), and a hover with the values over the last N runs and a sparkline. Everything is
// answered from the TrainingCache (one scan per document version, one key table per run-index
// change); only the sparkline's history is read on hover, once per run and key, and kept.
import * as vscode from 'vscode';
import type { MetricPoint, Run } from '../../core/model';
import { callAt, hintText, type CallValues } from '../../core/inline/code/trainingCode';
import type { DocumentRef, TrainingCache } from '../../core/inline/code/trainingCache';
import { formatValue, trainingHoverMarkdown } from './trainingCodeHover';

export interface TrainingHost {
  cache: TrainingCache;
  history(run: Run, key: string): Promise<{ points: MetricPoint[] }>;
  enabled(): boolean;
  runCount(): number;
  readonly onDidChangeRuns: vscode.Event<void>;
}

const MAX_HISTORIES = 200;

export class TrainingCodeProvider
  implements vscode.InlayHintsProvider, vscode.HoverProvider, vscode.Disposable
{
  private readonly hintsChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.hintsChanged.event;
  private readonly histories = new Map<string, Promise<MetricPoint[]>>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly host: TrainingHost) {
    this.subscriptions = [
      host.onDidChangeRuns(() => {
        host.cache.runsChanged();
        this.hintsChanged.fire();
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => host.cache.forget(doc.uri.toString())),
    ];
  }

  refresh(): void {
    this.hintsChanged.fire();
  }

  private async valuesOf(document: vscode.TextDocument): Promise<CallValues[]> {
    if (!this.host.enabled()) return [];
    return this.host.cache.callValues(documentRef(document), { runCount: this.host.runCount() });
  }

  async provideInlayHints(document: vscode.TextDocument, range: vscode.Range): Promise<vscode.InlayHint[]> {
    const hints: vscode.InlayHint[] = [];
    for (const values of await this.valuesOf(document)) {
      const end = values.call.callRange.end;
      if (end.line < range.start.line || end.line > range.end.line) continue;
      const hint = new vscode.InlayHint(
        new vscode.Position(end.line, end.character),
        hintText(values, formatValue),
      );
      hint.paddingLeft = true;
      hints.push(hint);
    }
    return hints;
  }

  async provideHover(
    document: vscode.TextDocument,
    position: vscode.Position,
  ): Promise<vscode.Hover | undefined> {
    const values = callAt(await this.valuesOf(document), position.line, position.character);
    if (!values) return undefined;
    const histories = new Map<string, MetricPoint[]>();
    await Promise.all(
      values.summaries
        .filter((s) => s.kind === 'metric')
        .map(async (s) => histories.set(s.key, await this.historyOf(s.values[0].run, s.key))),
    );
    const { start, end } = values.call.range;
    return new vscode.Hover(
      trainingHoverMarkdown(values, histories),
      new vscode.Range(start.line, start.character, end.line, end.character),
    );
  }

  /** The run's points of the key; kept while the run's latest point stays the same. */
  private historyOf(run: Run, key: string): Promise<MetricPoint[]> {
    const latest = run.metrics[key];
    const memoKey = [run.store, run.id, key, latest?.step, latest?.timestamp, latest?.value].join('\u0000');
    let points = this.histories.get(memoKey);
    if (!points) {
      points = this.host.history(run, key).then(
        (h) => h.points,
        () => [],
      );
      this.histories.set(memoKey, points);
      if (this.histories.size > MAX_HISTORIES)
        this.histories.delete(this.histories.keys().next().value as string);
    }
    return points;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.hintsChanged.dispose();
  }
}

export function documentRef(document: vscode.TextDocument): DocumentRef {
  return {
    uri: document.uri.toString(),
    version: document.version,
    text: () => document.getText(),
    folder: vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? '',
  };
}
