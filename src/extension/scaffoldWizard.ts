// "MLOps: New Project…": name, location, layout, tracker, environment manager, options, preview,
// write, open. Every question is a step of one multi-step quick input with a Back button.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Layout, ScaffoldCatalog } from '../core/scaffold/catalog';
import type { VarValue } from '../core/scaffold/expr';
import { resolveNames } from '../core/scaffold/names';
import { optionValueProblem, resolveOptionValues, type ScaffoldOption } from '../core/scaffold/options';
import { planScaffold, type FilePlan } from '../core/scaffold/plan';
import { writePlan } from '../core/scaffold/write';
import { openCreatedProject } from './scaffoldOpen';
import { BACK, inputText, pickMany, pickOne, runSteps, type Step, type StepPosition } from './scaffoldInput';
import { confirmPreview, decideOverwrites, errorText, type PreviewDocuments } from './scaffoldPreview';

const LAST_LOCATION_KEY = 'mlopsLens.scaffold.lastLocation';

/** Display names of well-known option values; anything else is shown as written. */
const VALUE_NAMES: Record<string, string> = {
  mlflow: 'MLflow',
  dvclive: 'DVCLive',
  uv: 'uv',
  poetry: 'Poetry',
  pip: 'pip + venv',
  conda: 'conda',
  fastapi: 'FastAPI',
  rayserve: 'Ray Serve',
  pandera: 'pandera',
  great_expectations: 'Great Expectations',
  pydantic: 'pydantic',
};

/** A value's display name; "none" and "(offline)" are words, the rest are product names. */
function valueName(value: string): string {
  if (value === 'none') return vscode.l10n.t('None');
  if (value === 'wandb') return vscode.l10n.t('Weights & Biases (offline)');
  return VALUE_NAMES[value] ?? value;
}

interface WizardState {
  projectName: string;
  parent?: vscode.Uri;
  layout?: Layout;
  options: Record<string, VarValue>;
}

export interface WizardContext {
  catalog: ScaffoldCatalog;
  previews: PreviewDocuments;
  memento: vscode.Memento;
}

function target(state: WizardState): vscode.Uri {
  return vscode.Uri.joinPath(state.parent!, state.projectName);
}

function nameStep(state: WizardState): Step {
  return async (at, canGoBack) => {
    const answer = await inputText(at, {
      canGoBack,
      value: state.projectName,
      prompt: vscode.l10n.t(
        'Project name (letters, digits, ".", "_", "-"); the Python package is derived from it',
      ),
      placeholder: 'churn-model',
      validate: (value) => {
        const names = resolveNames(value.trim());
        return 'problem' in names ? names.problem : undefined;
      },
      hint: (value) => {
        const names = resolveNames(value.trim());
        return 'problem' in names ? undefined : vscode.l10n.t('Python package: {0}', names.package);
      },
    });
    if (answer === BACK || answer === undefined) return answer;
    state.projectName = answer.trim();
    return 'next';
  };
}

type LocationItem = vscode.QuickPickItem & { uri?: vscode.Uri };

function locationItems(state: WizardState, memento: vscode.Memento): LocationItem[] {
  const items: LocationItem[] = (vscode.workspace.workspaceFolders ?? []).map((folder) => ({
    label: `$(root-folder) ${folder.name}`,
    description: path.join(folder.uri.fsPath, state.projectName),
    uri: folder.uri,
  }));
  // The folder chosen before going back, then the one used last time.
  const offered: [string | undefined, string][] = [
    [state.parent?.fsPath, 'folder'],
    [memento.get<string>(LAST_LOCATION_KEY), 'history'],
  ];
  for (const [folder, icon] of offered)
    if (folder && !items.some((i) => i.uri?.fsPath === folder))
      items.push({
        label: `$(${icon}) ${path.basename(folder)}`,
        description: path.join(folder, state.projectName),
        uri: vscode.Uri.file(folder),
      });
  items.push({
    label: `$(folder-opened) ${vscode.l10n.t('Choose a Folder…')}`,
    description: vscode.l10n.t('the project is created inside it'),
  });
  return items;
}

function locationStep(state: WizardState, memento: vscode.Memento): Step {
  return async (at, canGoBack) => {
    for (;;) {
      const items = locationItems(state, memento);
      const active = items.find((i) => i.uri && state.parent && i.uri.fsPath === state.parent.fsPath);
      const answer = await pickOne(at, items, {
        canGoBack,
        active,
        placeholder: vscode.l10n.t('Where to create the folder "{0}"', state.projectName),
      });
      if (answer === BACK || answer === undefined) return answer;
      const uri = answer.uri ?? (await chooseFolder(state));
      if (!uri) continue; // the folder dialog was cancelled: ask again
      state.parent = uri;
      return 'next';
    }
  };
}

async function chooseFolder(state: WizardState): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    defaultUri: state.parent ?? vscode.workspace.workspaceFolders?.[0]?.uri,
    openLabel: vscode.l10n.t('Create "{0}" Here', state.projectName),
    title: vscode.l10n.t('Folder in which to create "{0}"', state.projectName),
  });
  return picked?.[0];
}

function layoutStep(state: WizardState, catalog: ScaffoldCatalog): Step {
  return async (at, canGoBack) => {
    const items = catalog.layouts.map((layout) => ({
      label: layout.title,
      description: layout.id,
      // A quick pick row shows one line: the summary fits it, the full description does not.
      detail: layout.summary ?? layout.description,
      layout,
    }));
    const answer = await pickOne(at, items, {
      canGoBack,
      active: items.find((i) => i.layout === state.layout),
      placeholder: vscode.l10n.t('Project layout'),
    });
    if (answer === BACK || answer === undefined) return answer;
    if (answer.layout !== state.layout)
      state.options = resolveOptionValues(catalog.options, answer.layout.defaults, {});
    state.layout = answer.layout;
    return 'next';
  };
}

function choiceStep(state: WizardState, option: ScaffoldOption): Step {
  return async (at, canGoBack) => {
    const layoutDefault = state.layout?.defaults[option.name] ?? option.default;
    const items = option.values.map((value) => ({
      label: valueName(value),
      description: value === layoutDefault ? vscode.l10n.t('default') : undefined,
      detail: option.details?.[value],
      value,
    }));
    // The placeholder is one line: the option's long description only when no value explains itself.
    const explained = option.values.every((value) => option.details?.[value] !== undefined);
    const answer = await pickOne(at, items, {
      canGoBack,
      active: items.find((i) => i.value === state.options[option.name]),
      placeholder: explained ? option.label : `${option.label}: ${option.description}`,
    });
    if (answer === BACK || answer === undefined) return answer;
    state.options[option.name] = answer.value;
    return 'next';
  };
}

function booleansStep(state: WizardState, booleans: readonly ScaffoldOption[]): Step {
  return async (at, canGoBack) => {
    const items = booleans.map((option) => ({ label: option.label, detail: option.description, option }));
    const answer = await pickMany(at, items, {
      canGoBack,
      selected: items.filter((i) => state.options[i.option.name] === true),
      placeholder: vscode.l10n.t('Options (check what the project should include)'),
    });
    if (answer === BACK || answer === undefined) return answer;
    for (const option of booleans) state.options[option.name] = answer.some((i) => i.option === option);
    return 'next';
  };
}

function stringStep(state: WizardState, option: ScaffoldOption): Step {
  return async (at, canGoBack) => {
    const answer = await inputText(at, {
      canGoBack,
      value: String(state.options[option.name] ?? option.default),
      prompt: `${option.label}: ${option.description}`,
      validate: (value) => optionValueProblem(option, value.trim()),
    });
    if (answer === BACK || answer === undefined) return answer;
    state.options[option.name] = answer.trim();
    return 'next';
  };
}

function previewStep(state: WizardState, context: WizardContext, result: { plan?: FilePlan }): Step {
  return async (at: StepPosition, canGoBack: boolean) => {
    let plan: FilePlan;
    try {
      const request = { layout: state.layout!.id, projectName: state.projectName, options: state.options };
      plan = await planScaffold(context.catalog, request, target(state).fsPath);
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Cannot create the project: {0}', errorText(error)));
      return BACK;
    }
    const existing = plan.files.filter((f) => f.exists).length;
    const entries = plan.files.map((file) => ({
      path: file.path,
      description: file.exists ? vscode.l10n.t('exists: you will be asked') : '',
      open: () => context.previews.show(file.path, file.content),
    }));
    const warnings =
      existing > 0 ? [vscode.l10n.t('{0} file(s) already exist in that folder', existing)] : [];
    const label = vscode.l10n.t('Create {0} files in {1}', plan.files.length, plan.root);
    const answer = await confirmPreview(at, canGoBack, label, entries, warnings);
    if (answer === BACK || answer === undefined) return answer;
    result.plan = plan;
    return 'next';
  };
}

function wizardSteps(state: WizardState, context: WizardContext, result: { plan?: FilePlan }): Step[] {
  const { catalog } = context;
  const byName = (name: string) => catalog.options.filter((o) => o.name === name && o.type === 'choice');
  const asked = new Set(['tracker', 'env']);
  const steps: Step[] = [nameStep(state), locationStep(state, context.memento), layoutStep(state, catalog)];
  for (const option of [...byName('tracker'), ...byName('env')]) steps.push(choiceStep(state, option));
  const booleans = catalog.options.filter((o) => o.type === 'boolean');
  if (booleans.length > 0) steps.push(booleansStep(state, booleans));
  for (const option of catalog.options.filter((o) => o.type === 'choice' && !asked.has(o.name)))
    steps.push(choiceStep(state, option));
  for (const option of catalog.options.filter((o) => o.type === 'string'))
    steps.push(stringStep(state, option));
  steps.push(previewStep(state, context, result));
  return steps;
}

/** Runs the wizard; writes nothing unless the user confirmed the preview. */
export async function runNewProjectWizard(context: WizardContext): Promise<void> {
  const first = context.catalog.layouts[0];
  const state: WizardState = {
    projectName: '',
    layout: first,
    options: first ? resolveOptionValues(context.catalog.options, first.defaults, {}) : {},
  };
  const result: { plan?: FilePlan } = {};
  const done = await runSteps(vscode.l10n.t('New MLOps Project'), () => wizardSteps(state, context, result));
  // Cancelled or confirmed, the previews of proposed files are done with.
  await context.previews.closeAll();
  if (!done || !result.plan) return;
  const plan = result.plan;
  const decisions = await decideOverwrites(
    plan.files.filter((f) => f.exists).map((f) => f.path),
    plan.root,
  );
  if (!decisions) return;
  try {
    const written = await writePlan(plan, decisions);
    await context.memento.update(LAST_LOCATION_KEY, state.parent!.fsPath);
    await openCreatedProject(vscode.Uri.file(plan.root), written.written, state.projectName);
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not create the project: {0}', errorText(error)));
  }
}
