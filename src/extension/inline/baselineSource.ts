// What the data hovers compare with: the revision of the baseline chosen in the status bar
// (baseline.ts). Data versions live in Git, so an MLflow-run baseline compares data with HEAD.
import * as vscode from 'vscode';
import type { BaselineService } from './baseline';

export interface Baseline {
  kind: 'rev';
  /** A Git revision DVC's readers resolve (HEAD, a branch, a tag, a commit, an experiment name). */
  rev: string;
  /** How hovers name it. */
  label: string;
}

export interface BaselineSource {
  current(): Baseline;
  readonly onDidChange: vscode.Event<void>;
}

/** HEAD, always: the default until the baseline service replaces it. */
export class HeadBaseline implements BaselineSource, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  current(): Baseline {
    return { kind: 'rev', rev: 'HEAD', label: 'HEAD' };
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The status-bar baseline as the data hovers see it: its revision, or HEAD for an MLflow run. */
export function dataBaselineOf(service: BaselineService): BaselineSource {
  return {
    current(): Baseline {
      const chosen = service.current();
      return chosen.kind === 'rev'
        ? { kind: 'rev', rev: chosen.rev, label: chosen.label }
        : { kind: 'rev', rev: 'HEAD', label: 'HEAD' };
    },
    onDidChange: (listener, thisArg, disposables) =>
      service.onDidChange(() => listener.call(thisArg, undefined), undefined, disposables),
  };
}
