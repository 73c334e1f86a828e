// Registers the inline providers of training code (values of logged keys) and of DVC files (data
// versions), their settings and the commands their hovers link to.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TrainingCache } from '../../core/inline/code/trainingCache';
import type { Run } from '../../core/model';
import { formatMetricValue } from '../../core/query/keyMetric';
import type { RunNode } from '../../views/runs/runTreeModel';
import type { DataService } from '../dataService';
import type { IndexService } from '../indexService';
import { HeadBaseline, type BaselineSource } from './baselineSource';
import { DataHoverModel } from './dataHoverModel';
import { COMPARE_DATA_COMMAND, DataHoverProvider } from './dataHoverProvider';
import {
  COMPARE_RUNS_COMMAND,
  OPEN_RUN_COMMAND,
  SHOW_HISTORY_COMMAND,
  type RunArg,
} from './trainingCodeHover';
import { TrainingCodeProvider } from './trainingCodeProvider';
import { createScanner } from './scanLoader';

const SECTION = 'mlopsLens.inline';
const DEFAULT_RUN_COUNT = 5;

export interface InlineCodeServices {
  index: IndexService;
  data: DataService;
  /** The baseline of the data hovers; HEAD when not given. */
  baseline?: BaselineSource;
}

function setting<T>(key: string, fallback: T): T {
  return vscode.workspace.getConfiguration(SECTION).get<T>(key, fallback);
}

export function inlineRunCount(): number {
  const value = setting<unknown>('runCount', DEFAULT_RUN_COUNT);
  return typeof value === 'number' && Number.isFinite(value)
    ? Math.max(1, Math.min(50, Math.round(value)))
    : DEFAULT_RUN_COUNT;
}

const TRAINING_SELECTOR: vscode.DocumentFilter[] = [{ scheme: 'file', language: 'python' }];
const DVC_FILES: vscode.DocumentFilter[] = [
  { scheme: 'file', pattern: '**/dvc.yaml' },
  { scheme: 'file', pattern: '**/dvc.lock' },
  { scheme: 'file', pattern: '**/*.dvc' },
];

export function registerInlineCode(context: vscode.ExtensionContext, services: InlineCodeServices): void {
  const { index, data } = services;
  const log = vscode.window.createOutputChannel('MLOps Lens Inline', { log: true });
  const scanner = createScanner(
    vscode.Uri.joinPath(context.extensionUri, 'dist', 'inlineScanWorker.js').fsPath,
  );
  const cache = new TrainingCache({
    runs: () => index.allRuns(),
    scan: scanner,
    onSkipped: (uri, chars) =>
      log.info(
        `skipped ${vscode.Uri.parse(uri).fsPath}: ${chars} characters, too large to scan for logging calls`,
      ),
  });
  const training = new TrainingCodeProvider({
    cache,
    history: (run, key) => index.history(run, key),
    enabled: () => setting('trainingCode.enabled', true) === true,
    runCount: inlineRunCount,
    onDidChangeRuns: index.onDidChange,
  });
  const headBaseline = new HeadBaseline();
  const model = new DataHoverModel(data, services.baseline ?? headBaseline);
  const dataHover = new DataHoverProvider(model, () => setting('dataVersions.enabled', true) === true);
  context.subscriptions.push(
    log,
    scanner,
    training,
    headBaseline,
    model,
    dataHover,
    vscode.languages.registerInlayHintsProvider(TRAINING_SELECTOR, training),
    vscode.languages.registerHoverProvider(TRAINING_SELECTOR, training),
    vscode.languages.registerHoverProvider([...DVC_FILES, ...TRAINING_SELECTOR], dataHover),
    vscode.languages.registerCodeLensProvider(DVC_FILES[0], dataHover),
    ...registerLinkCommands(index),
    vscode.commands.registerCommand(COMPARE_DATA_COMMAND, (root: string, key: string) =>
      vscode.commands.executeCommand(
        'mlopsLens.compareDataVersions',
        vscode.Uri.file(path.join(root, ...key.split('/'))),
      ),
    ),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) {
        training.refresh();
        dataHover.refresh();
      }
    }),
  );
}

function runNode(run: Run): RunNode {
  return { kind: 'run', run, children: [], matches: true };
}

function registerLinkCommands(index: IndexService): vscode.Disposable[] {
  const find = (arg: RunArg | undefined): Run | undefined => {
    const run = arg && index.findRun(arg.store, arg.id);
    if (!run) void vscode.window.showWarningMessage(vscode.l10n.t('That run is no longer in the index.'));
    return run;
  };
  return [
    vscode.commands.registerCommand(OPEN_RUN_COMMAND, (arg?: RunArg) => {
      const run = find(arg);
      if (run) return vscode.commands.executeCommand('mlopsLens.showRunDetails', runNode(run));
    }),
    vscode.commands.registerCommand(COMPARE_RUNS_COMMAND, (args?: RunArg[]) => {
      const nodes = (args ?? []).flatMap((a) => {
        const run = index.findRun(a.store, a.id);
        return run ? [runNode(run)] : [];
      });
      if (nodes.length > 0)
        return vscode.commands.executeCommand('mlopsLens.compareSelectedRuns', nodes[0], nodes);
    }),
    vscode.commands.registerCommand(SHOW_HISTORY_COMMAND, async (arg?: RunArg, key?: string) => {
      const run = find(arg);
      if (run && typeof key === 'string') await showHistory(index, run, key);
    }),
  ];
}

/** The key's points in the run, newest first, in a quick pick (picking one opens the run). */
async function showHistory(index: IndexService, run: Run, key: string): Promise<void> {
  const { points } = await index.history(run, key);
  const items = [...points].reverse().map((p) => ({
    label: formatMetricValue(p.value),
    description: vscode.l10n.t('step {0}', p.step),
    detail: p.timestamp === undefined ? undefined : new Date(p.timestamp).toLocaleString(vscode.env.language),
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('{0} in {1}', key, run.name || run.id),
    placeHolder: vscode.l10n.t('{0} values, newest first', points.length),
  });
  if (picked) await vscode.commands.executeCommand('mlopsLens.showRunDetails', runNode(run));
}
