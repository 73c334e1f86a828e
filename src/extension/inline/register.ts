// Composition of inline params and metrics: the baseline service and its status bar item, the
// model, the providers, the baseline's read-only documents for Compare, and the file watchers.
import * as vscode from 'vscode';
import { BaselineService, type RunLookup } from './baseline';
import { InlineModel } from './inlineModel';
import {
  COMPARE_COMMAND,
  compareTitle,
  InlineCodeLensProvider,
  InlineHintsProvider,
  InlineHoverProvider,
  MetricDecorations,
} from './providers';
import { INLINE_SECTION } from './settings';

const BASELINE_SCHEME = 'mlops-lens-baseline';
const SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', pattern: '**/*.{yaml,yml,json,toml,py}' },
  { scheme: 'file', pattern: '**/MLproject' },
];
/** Files whose change on disk can change what the workspace side holds. */
const WATCHED = '**/{dvc.yaml,dvc.lock,*.yaml,*.yml,*.json,*.toml,*.py,MLproject}';

/** Registers inline params and metrics; the returned service is the baseline other features share. */
export function registerInlineParams(context: vscode.ExtensionContext, runs: RunLookup): BaselineService {
  const output = vscode.window.createOutputChannel('MLOps Lens: Inline');
  const baseline = new BaselineService(context.workspaceState, runs);
  const model = new InlineModel(
    () => baseline.current(),
    (line) => output.appendLine(line),
  );
  const decorations = new MetricDecorations(model);
  const decorateVisible = (): void => {
    for (const editor of vscode.window.visibleTextEditors) void decorations.update(editor);
  };
  const onDisk = debounce(() => {
    model.invalidateWorkspace();
    void baseline.resolve();
  }, 400);
  const watcher = vscode.workspace.createFileSystemWatcher(WATCHED);
  const gitWatcher = vscode.workspace.createFileSystemWatcher('**/.git/{HEAD,packed-refs,refs/**}');
  for (const w of [watcher, gitWatcher])
    context.subscriptions.push(w.onDidChange(onDisk), w.onDidCreate(onDisk), w.onDidDelete(onDisk));
  context.subscriptions.push(
    output,
    baseline,
    model,
    decorations,
    watcher,
    gitWatcher,
    baseline.onDidChange(() => model.invalidateStates()),
    model.onDidChange(debounce(decorateVisible, 100)),
    vscode.languages.registerInlayHintsProvider(SELECTOR, new InlineHintsProvider(model)),
    vscode.languages.registerHoverProvider(SELECTOR, new InlineHoverProvider(model)),
    vscode.languages.registerCodeLensProvider(SELECTOR, new InlineCodeLensProvider(model)),
    vscode.workspace.registerTextDocumentContentProvider(BASELINE_SCHEME, {
      provideTextDocumentContent: async (uri) => {
        const query = new URLSearchParams(uri.query);
        const text = await model.blobAt(
          query.get('root') ?? '',
          query.get('sha') ?? '',
          query.get('rel') ?? '',
        );
        return text ?? '';
      },
    }),
    vscode.commands.registerCommand(COMPARE_COMMAND, (uri?: vscode.Uri) => compareWithBaseline(model, uri)),
    vscode.window.onDidChangeVisibleTextEditors(decorateVisible),
    vscode.workspace.onDidChangeTextDocument(debounce(() => decorateVisible(), 250)),
    vscode.workspace.onDidCloseTextDocument((document) => model.forget(document)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(INLINE_SECTION) || e.affectsConfiguration('mlopsLens.runs.keyMetric'))
        model.invalidateStates();
    }),
  );
  decorateVisible();
  return baseline;
}

/** The file at the baseline (read-only) beside the editor's text. */
async function compareWithBaseline(model: InlineModel, uri: vscode.Uri | undefined): Promise<void> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  const document =
    target && vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
  const state = document && (await model.stateOf(document));
  if (!document || !state || state.baseline.kind !== 'rev' || !state.baselineSha) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Open a params or metrics file of a Git repository to compare it with the baseline revision.',
      ),
    );
    return;
  }
  const query = new URLSearchParams({ root: state.root, sha: state.baselineSha, rel: state.rel }).toString();
  const left = vscode.Uri.from({ scheme: BASELINE_SCHEME, path: document.uri.path, query });
  await vscode.commands.executeCommand(
    'vscode.diff',
    left,
    document.uri,
    compareTitle(document.uri.fsPath, state.baseline.label),
  );
}

function debounce(run: () => void, ms: number): () => void {
  let timer: NodeJS.Timeout | undefined;
  return () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
}
