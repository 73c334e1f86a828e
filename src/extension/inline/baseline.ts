// The baseline every inline hint compares with, shown in the status bar and changed from it:
// HEAD by default, or a branch, tag, commit or DVC experiment (a Git revision), an MLflow run, or a
// registered model alias (the run of the version it points at). The choice is kept per workspace.
//
// API for other inline features: `current()` gives the baseline to compare with now (HEAD when the
// chosen revision or run is gone), `onDidChange` fires whenever that changes.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DataRepo } from '../../core/data/versions';
import { fileStoreAliases, sqliteAliases, type ModelAlias } from '../../core/inline/modelAlias';
import type { Run } from '../../core/model';
import { findDvcRoot } from '../../core/sources/dvc/dvcRepo';
import { findGitLocation, readFileRefs } from '../../core/sources/dvcExperiments/gitFiles';

/** What inline features compare with. */
export type Baseline =
  | { kind: 'rev'; rev: string; label: string }
  | {
      kind: 'mlflow-run';
      runId: string;
      label: string;
      params: Record<string, string>;
      metrics: Record<string, number>;
    };

/** What the user chose, as kept in workspaceState. */
export type BaselineChoice =
  | { kind: 'rev'; rev: string }
  | { kind: 'mlflow-run'; store: string; runId: string }
  | { kind: 'model-alias'; store: string; model: string; alias: string };

/** Where the baseline's runs come from (the run index). */
export interface RunLookup {
  allRuns(): Run[];
  onDidChange(listener: () => void): vscode.Disposable;
}

const STATE_KEY = 'mlopsLens.inline.baseline';
const HEAD: Baseline = { kind: 'rev', rev: 'HEAD', label: 'HEAD' };
export const PICK_BASELINE_COMMAND = 'mlopsLens.inline.pickBaseline';

export class BaselineService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Baseline>();
  /** Fires with the new baseline whenever `current()` changes. */
  readonly onDidChange = this.changed.event;
  private readonly item = vscode.window.createStatusBarItem(
    'mlopsLens.inline.baseline',
    vscode.StatusBarAlignment.Left,
    40,
  );
  private readonly disposables: vscode.Disposable[] = [];
  private resolved: Baseline = HEAD;
  /** Why the choice is not in use (its revision or run is gone), shown in the status bar. */
  private missing: string | undefined;

  constructor(
    private readonly state: vscode.Memento,
    private readonly runs: RunLookup,
  ) {
    this.item.name = vscode.l10n.t('MLOps Lens baseline');
    this.item.command = PICK_BASELINE_COMMAND;
    this.disposables.push(
      this.item,
      this.changed,
      vscode.commands.registerCommand(PICK_BASELINE_COMMAND, () => this.pick()),
      runs.onDidChange(() => void this.resolve()),
    );
    this.render();
    // Only where there is something to compare with: a Git repository.
    const root = baselineRoot();
    if (root && findGitLocation(root)) this.item.show();
    void this.resolve();
  }

  current(): Baseline {
    return this.resolved;
  }

  choice(): BaselineChoice {
    return this.state.get<BaselineChoice>(STATE_KEY) ?? { kind: 'rev', rev: 'HEAD' };
  }

  async choose(choice: BaselineChoice): Promise<void> {
    await this.state.update(STATE_KEY, choice);
    await this.resolve();
  }

  /** Resolves the choice again (a revision may have gone, a run been read); fires when it changed. */
  async resolve(): Promise<void> {
    const choice = this.choice();
    let next: Baseline = HEAD;
    let missing: string | undefined;
    try {
      const found = await resolveChoice(choice, this.runs.allRuns());
      if (typeof found === 'string') missing = found;
      else next = found;
    } catch (error) {
      missing = String(error instanceof Error ? error.message : error);
    }
    const before = JSON.stringify([this.resolved, this.missing]);
    this.resolved = next;
    this.missing = missing;
    this.render();
    if (JSON.stringify([next, missing]) !== before) this.changed.fire(next);
  }

  private render(): void {
    const label = this.resolved.label;
    if (this.missing) {
      this.item.text = `$(warning) ${vscode.l10n.t('Baseline: {0} (using HEAD)', choiceLabel(this.choice()))}`;
      this.item.tooltip = vscode.l10n.t(
        'The baseline {0} is not available: {1}. Inline hints compare with HEAD. Click to choose another baseline.',
        choiceLabel(this.choice()),
        this.missing,
      );
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else {
      this.item.text = `$(git-compare) ${vscode.l10n.t('Baseline: {0}', label)}`;
      this.item.tooltip = vscode.l10n.t(
        'Inline hints in params and metrics files compare with {0}. Click to change.',
        label,
      );
      this.item.backgroundColor = undefined;
    }
  }

  async pick(): Promise<void> {
    const picked = await vscode.window.showQuickPick(await this.pickItems(), {
      title: vscode.l10n.t('Compare params and metrics with…'),
      placeHolder: vscode.l10n.t('HEAD, a branch, a tag, a DVC experiment, an MLflow run or a model alias'),
      matchOnDescription: true,
    });
    if (!picked) return;
    if (picked.choice) return this.choose(picked.choice);
    const rev = await vscode.window.showInputBox({
      title: vscode.l10n.t('Compare with a Git revision'),
      prompt: vscode.l10n.t('A commit, branch, tag, HEAD~2 or a DVC experiment name'),
      validateInput: (value) => (value.trim() === '' ? vscode.l10n.t('Enter a revision') : undefined),
    });
    if (rev) await this.choose({ kind: 'rev', rev: rev.trim() });
  }

  private async pickItems(): Promise<(vscode.QuickPickItem & { choice?: BaselineChoice })[]> {
    type Item = vscode.QuickPickItem & { choice?: BaselineChoice };
    const items: Item[] = [
      { label: 'HEAD', description: vscode.l10n.t('the last commit'), choice: { kind: 'rev', rev: 'HEAD' } },
    ];
    const separator = (label: string): Item => ({ label, kind: vscode.QuickPickItemKind.Separator });
    const refs = gitRefNames();
    const groups: [string, string[], string][] = [
      [vscode.l10n.t('Branches'), refs.branches, '$(git-branch)'],
      [vscode.l10n.t('Tags'), refs.tags, '$(tag)'],
      [vscode.l10n.t('DVC experiments'), refs.experiments, '$(beaker)'],
    ];
    for (const [title, names, icon] of groups) {
      if (names.length === 0) continue;
      items.push(separator(title));
      for (const name of names) items.push({ label: `${icon} ${name}`, choice: { kind: 'rev', rev: name } });
    }
    const mlflowRuns = this.runs
      .allRuns()
      .filter((r) => r.source !== 'dvc' && r.source !== 'dvclive' && r.lifecycle === 'active')
      .sort((a, b) => (b.startTime ?? 0) - (a.startTime ?? 0))
      .slice(0, 50);
    if (mlflowRuns.length > 0) items.push(separator(vscode.l10n.t('MLflow runs')));
    for (const run of mlflowRuns)
      items.push({
        label: `$(pulse) ${run.name ?? run.id.slice(0, 8)}`,
        description: `${run.experimentName} · ${run.id.slice(0, 8)}`,
        choice: { kind: 'mlflow-run', store: run.store, runId: run.id },
      });
    const aliases = await storeAliases(this.runs.allRuns());
    if (aliases.length > 0) items.push(separator(vscode.l10n.t('Registered model aliases')));
    for (const { store, alias } of aliases)
      items.push({
        label: `$(package) ${alias.model}@${alias.alias}`,
        description: vscode.l10n.t('version {0}', alias.version),
        choice: { kind: 'model-alias', store, model: alias.model, alias: alias.alias },
      });
    items.push(separator(''), { label: `$(edit) ${vscode.l10n.t('Another revision…')}` });
    return items;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function choiceLabel(choice: BaselineChoice): string {
  if (choice.kind === 'rev') return choice.rev;
  if (choice.kind === 'mlflow-run') return choice.runId.slice(0, 8);
  return `${choice.model}@${choice.alias}`;
}

/** The project the workspace's baseline revisions are resolved in: the first folder's DVC root or the folder. */
export function baselineRoot(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
  return folder ? (findDvcRoot(folder) ?? folder) : undefined;
}

/** The baseline a choice stands for, or why it cannot be used. */
async function resolveChoice(choice: BaselineChoice, runs: readonly Run[]): Promise<Baseline | string> {
  if (choice.kind === 'rev') {
    if (choice.rev === 'HEAD') return HEAD;
    const root = baselineRoot();
    if (!root) return vscode.l10n.t('no folder is open');
    const repo = new DataRepo(root);
    try {
      await repo.resolve(choice.rev);
      return { kind: 'rev', rev: choice.rev, label: choice.rev };
    } catch {
      return vscode.l10n.t('no revision {0} in the repository', choice.rev);
    } finally {
      repo.close();
    }
  }
  let runId: string | null = choice.kind === 'mlflow-run' ? choice.runId : null;
  let label = choiceLabel(choice);
  if (choice.kind === 'model-alias') {
    const alias = (await aliasesOf(choice.store)).find(
      (a) => a.model === choice.model && a.alias === choice.alias,
    );
    if (!alias?.runId) return vscode.l10n.t('no alias {0} with a run in {1}', label, choice.store);
    runId = alias.runId;
    label = `${label} (v${alias.version})`;
  }
  const run = runs.find((r) => r.id === runId && r.store === choice.store);
  if (!run) return vscode.l10n.t('no MLflow run {0} in {1}', runId ?? '', choice.store);
  if (choice.kind === 'mlflow-run') label = run.name ?? run.id.slice(0, 8);
  return {
    kind: 'mlflow-run',
    runId: run.id,
    label,
    params: { ...run.params },
    metrics: Object.fromEntries(Object.entries(run.metrics).map(([k, p]) => [k, p.value])),
  };
}

function aliasesOf(store: string): Promise<ModelAlias[]> {
  return store.endsWith('.db') || store.endsWith('.sqlite')
    ? sqliteAliases(store)
    : Promise.resolve(fileStoreAliases(store));
}

async function storeAliases(runs: readonly Run[]): Promise<{ store: string; alias: ModelAlias }[]> {
  const stores = [...new Set(runs.filter((r) => r.source.startsWith('mlflow')).map((r) => r.store))];
  const found: { store: string; alias: ModelAlias }[] = [];
  for (const store of stores) {
    const aliases = await aliasesOf(store).catch(() => []);
    for (const alias of aliases) if (alias.runId) found.push({ store, alias });
  }
  return found;
}

/** Branches, tags and experiment names of the first folder's repository. */
function gitRefNames(): { branches: string[]; tags: string[]; experiments: string[] } {
  const root = baselineRoot();
  const location = root ? findGitLocation(root) : null;
  const refs = location ? readFileRefs(location) : null;
  const names = { branches: [] as string[], tags: [] as string[], experiments: [] as string[] };
  for (const ref of refs?.refs.keys() ?? []) {
    if (ref.startsWith('refs/heads/')) names.branches.push(ref.slice('refs/heads/'.length));
    else if (ref.startsWith('refs/tags/')) names.tags.push(ref.slice('refs/tags/'.length));
    else if (ref.startsWith('refs/exps/') && ref.split('/').length === 5)
      names.experiments.push(path.posix.basename(ref));
  }
  for (const list of Object.values(names)) list.sort();
  names.experiments = [...new Set(names.experiments)];
  return names;
}
