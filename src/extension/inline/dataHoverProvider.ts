// Data versions inline: in dvc.yaml, dvc.lock and `.dvc` files a hover on each dep and out path
// (its hash, size and file count now and at the baseline, and what changed) with a link to the
// data-version comparison; a CodeLens per dvc.yaml stage summing its outputs' changes; and the same
// hover on a Python string naming a DVC-tracked path. The YAML is scanned once per document
// version; the sides come from the DataHoverModel's caches.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  describeChange,
  describeStageOuts,
  formatBytes,
  type ChangeWords,
  type RecordedPath,
} from '../../core/inline/code/dataChange';
import { dvcFileKind, keyOf, scanDvcFile, type DvcFileScan } from '../../core/inline/code/dvcPaths';
import { mainState } from '../../views/data/dataTree';
import type { DataHoverModel, PathReport } from './dataHoverModel';
import { VersionCache } from '../../core/inline/versionCache';

export const COMPARE_DATA_COMMAND = 'mlopsLens.inline.compareData';

function changeWords(): ChangeWords {
  return {
    added: (n) => vscode.l10n.t('+{0} files', n),
    deleted: (n) => `−${n}`,
    modified: (n) => vscode.l10n.t('{0} modified', n),
    unchanged: vscode.l10n.t('unchanged'),
    newPath: vscode.l10n.t('new since the baseline'),
    removedPath: vscode.l10n.t('removed since the baseline'),
    contentChanged: vscode.l10n.t('content changed'),
  };
}

function describeSide(side: RecordedPath | undefined): string {
  if (!side?.hash) return vscode.l10n.t('not tracked');
  const parts = [`\`${side.hash.value.slice(0, 8)}\``];
  if (side.size !== undefined) parts.push(formatBytes(side.size));
  if (side.nfiles !== undefined) parts.push(vscode.l10n.t('{0} files', side.nfiles));
  return parts.join(' · ');
}

/** The hover's Markdown for one path. */
export function dataHoverMarkdown(report: PathReport): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = { enabledCommands: [COMPARE_DATA_COMMAND] };
  md.appendMarkdown(`**${escape(report.key)}**`);
  const state = report.out && mainState(report.out);
  if (state && state.state !== 'unchanged') md.appendMarkdown(` — ${escape(state.state)}`);
  md.appendMarkdown('\n\n');
  md.appendMarkdown(`${vscode.l10n.t('Now')}: ${describeSide(report.change.now)}  \n`);
  if (report.problem) {
    md.appendMarkdown(
      `${escape(report.baseLabel)}: ${escape(vscode.l10n.t('cannot read: {0}', report.problem))}\n\n`,
    );
  } else {
    md.appendMarkdown(`${escape(report.baseLabel)}: ${describeSide(report.change.base)}\n\n`);
    md.appendMarkdown(`${escape(describeChange(report.change, changeWords()))}\n\n`);
  }
  if (report.out?.hash) {
    const args = encodeURIComponent(JSON.stringify([report.root, report.key]));
    md.appendMarkdown(
      `[${vscode.l10n.t('Compare data versions…')}](command:${COMPARE_DATA_COMMAND}?${args})`,
    );
  }
  return md;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

export class DataHoverProvider implements vscode.HoverProvider, vscode.CodeLensProvider, vscode.Disposable {
  private readonly scans = new VersionCache<DvcFileScan>(30);
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly model: DataHoverModel,
    private readonly enabled: () => boolean,
  ) {
    this.subscription = model.onDidChange(() => this.lensesChanged.fire());
  }

  refresh(): void {
    this.lensesChanged.fire();
  }

  private scanOf(document: vscode.TextDocument, root: string): DvcFileScan | undefined {
    const kind = dvcFileKind(document.fileName);
    if (!kind) return undefined;
    const dirKey = relativeKey(root, path.dirname(document.uri.fsPath));
    if (dirKey === null) return undefined;
    return this.scans.get(document.uri.toString(), document.version, () =>
      scanDvcFile(document.getText(), kind, dirKey),
    );
  }

  async provideHover(
    document: vscode.TextDocument,
    position: vscode.Position,
  ): Promise<vscode.Hover | undefined> {
    if (!this.enabled() || document.uri.scheme !== 'file') return undefined;
    const root = this.model.rootOf(document.uri.fsPath);
    if (!root) return undefined;
    if (document.languageId === 'python') return this.pythonHover(document, position, root);
    const scan = this.scanOf(document, root);
    const entry = scan?.paths.find((p) => contains(p.range, position));
    if (!entry) return undefined;
    const lockDir = relativeKey(root, path.dirname(document.uri.fsPath)) ?? undefined;
    const [report] = await this.model.reports(root, [entry], lockDir);
    return new vscode.Hover(dataHoverMarkdown(report), toRange(entry.range));
  }

  private async pythonHover(
    document: vscode.TextDocument,
    position: vscode.Position,
    root: string,
  ): Promise<vscode.Hover | undefined> {
    const range = document.getWordRangeAtPosition(position, /(["'])[^"'\n]{1,300}\1/);
    if (!range) return undefined;
    const written = document.getText(range).slice(1, -1);
    for (const base of [path.dirname(document.uri.fsPath), root]) {
      const dirKey = relativeKey(root, base);
      const key = dirKey === null ? null : keyOf(dirKey, '', written);
      if (key && (await this.model.isTracked(root, key))) {
        const [report] = await this.model.reports(root, [{ key }]);
        return new vscode.Hover(dataHoverMarkdown(report), range);
      }
    }
    return undefined;
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!this.enabled() || document.uri.scheme !== 'file' || path.basename(document.fileName) !== 'dvc.yaml')
      return [];
    const root = this.model.rootOf(document.uri.fsPath);
    const scan = root ? this.scanOf(document, root) : undefined;
    if (!root || !scan || scan.stages.length === 0) return [];
    const lockDir = relativeKey(root, path.dirname(document.uri.fsPath)) ?? '';
    const queries = scan.stages.flatMap((s) => [
      ...s.deps.map((key) => ({ key, role: 'dep' as const })),
      ...s.outs.map((key) => ({ key, role: 'out' as const })),
    ]);
    const answers = await this.model.reports(root, queries, lockDir);
    const reports = new Map(answers.map((r, i) => [`${queries[i].role}\u0000${r.key}`, r]));
    const words = changeWords();
    const lenses: vscode.CodeLens[] = [];
    for (const stage of scan.stages) {
      const outs = stage.outs.flatMap((key) => reports.get(`out\u0000${key}`)?.change ?? []);
      const outText = describeStageOuts(outs, words);
      const depsChanged = stage.deps.some((key) => {
        const kind = reports.get(`dep\u0000${key}`)?.change.kind;
        return kind === 'modified' || kind === 'added' || kind === 'removed';
      });
      const parts = [vscode.l10n.t('outs: {0}', outText || words.unchanged)];
      if (depsChanged) parts.push(vscode.l10n.t('deps changed'));
      const label = answers[0]?.baseLabel ?? 'HEAD';
      lenses.push(
        new vscode.CodeLens(new vscode.Range(stage.line, 0, stage.line, 0), {
          title: `$(database) ${parts.join(' · ')}`,
          tooltip: vscode.l10n.t('Data changes of this stage since {0}', label),
          command: '',
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.lensesChanged.dispose();
  }
}

/** `folder` relative to `root` as a "/" key ("" for the root itself); null when outside. */
function relativeKey(root: string, folder: string): string | null {
  const relative = path.relative(root, folder);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return relative.split(path.sep).join('/');
}

function contains(
  range: { start: { line: number; character: number }; end: { line: number; character: number } },
  p: vscode.Position,
): boolean {
  return toRange(range).contains(p);
}

function toRange(range: {
  start: { line: number; character: number };
  end: { line: number; character: number };
}): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}
