// CodeLens above each stage of a dvc.yaml: run it, run everything up to it, and its status. A
// foreach/matrix parent gets "run all items", "run item…" and how many of its items changed.
import * as vscode from 'vscode';
import type { DvcStage } from '../../core/pipeline/model';
import { countStatuses, groupName, type StatusEntry } from './pipelineTreeModel';
import { describeStatus, statusWithSymbol } from './strings';

/** A stage or a foreach/matrix group, as command arguments name it (plain data, serialisable). */
export interface StageRef {
  dvcfile: string;
  name: string;
}

export interface StageLensHost {
  stagesIn(dvcfile: string): readonly DvcStage[];
  status(stage: DvcStage): StatusEntry;
  isRunning(stage: DvcStage): boolean;
  /** Running commands is off in an untrusted workspace; only the status lens is shown then. */
  isTrusted(): boolean;
  readonly onDidChange: vscode.Event<void>;
}

export class StageCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly host: StageLensHost) {
    this.subscription = host.onDidChange(() => this.changed.fire());
  }

  /** Re-asks for lenses (e.g. when workspace trust was granted). */
  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const stages = this.host.stagesIn(document.uri.fsPath);
    const byLine = new Map<number, DvcStage[]>();
    for (const stage of stages) {
      const list = byLine.get(stage.line) ?? [];
      list.push(stage);
      byLine.set(stage.line, list);
    }
    const lenses: vscode.CodeLens[] = [];
    for (const [line, group] of byLine) {
      if (line < 1 || line > document.lineCount) continue;
      const range = new vscode.Range(line - 1, 0, line - 1, 0);
      const name = groupName(group[0]);
      lenses.push(
        ...(name === undefined ? this.stageLenses(range, group[0]) : this.groupLenses(range, name, group)),
      );
    }
    return lenses;
  }

  private stageLenses(range: vscode.Range, stage: DvcStage): vscode.CodeLens[] {
    const ref: StageRef = { dvcfile: stage.dvcfile, name: stage.name };
    const lenses: vscode.CodeLens[] = [];
    if (this.host.isTrusted()) {
      lenses.push(
        lens(range, `$(play) ${vscode.l10n.t('Run stage')}`, 'mlopsLens.runStage', ref),
        lens(range, vscode.l10n.t('Run up to here'), 'mlopsLens.runUpToHere', ref),
      );
    }
    const title = this.host.isRunning(stage)
      ? `$(sync~spin) ${vscode.l10n.t('running…')}`
      : statusWithSymbol(this.host.status(stage));
    lenses.push(
      lens(range, title, 'mlopsLens.showStageStatus', ref, describeStatus(this.host.status(stage))),
    );
    return lenses;
  }

  private groupLenses(range: vscode.Range, name: string, items: DvcStage[]): vscode.CodeLens[] {
    const ref: StageRef = { dvcfile: items[0].dvcfile, name };
    const lenses: vscode.CodeLens[] = [];
    if (this.host.isTrusted()) {
      lenses.push(
        lens(range, `$(play) ${vscode.l10n.t('Run all {0} items', items.length)}`, 'mlopsLens.runStage', ref),
        lens(range, vscode.l10n.t('Run item…'), 'mlopsLens.runStageItem', ref),
      );
    }
    const counts = countStatuses(items, (s) => this.host.status(s));
    const stale = counts.changed + counts.neverRun;
    const title = items.some((s) => this.host.isRunning(s))
      ? `$(sync~spin) ${vscode.l10n.t('running…')}`
      : counts.pending > 0
        ? `$(loading~spin) ${vscode.l10n.t('checking…')}`
        : stale === 0
          ? `$(pass) ${vscode.l10n.t('all {0} items up to date', items.length)}`
          : `$(circle-filled) ${vscode.l10n.t('{0} of {1} items changed', stale, items.length)}`;
    lenses.push(lens(range, title, 'mlopsLens.showStageStatus', ref));
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function lens(
  range: vscode.Range,
  title: string,
  command: string,
  ref: StageRef,
  tooltip?: string,
): vscode.CodeLens {
  return new vscode.CodeLens(range, { title, command, arguments: [ref], tooltip });
}
