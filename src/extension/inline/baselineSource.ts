// What the data hovers compare with. The baseline service (status-bar item: HEAD, a branch, a tag
// or an experiment) implements this; until it is wired in, HEAD is the baseline.
import * as vscode from 'vscode';

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
