// "MLOps: Add DVC Stage…": asks for the stage (name, command, deps, outs, params) and adds it to a
// dvc.yaml through the editor (so open, unsaved edits are respected and undo works), creating the
// file when the folder has none. The write is exactly what the user asked for.
import * as vscode from 'vscode';
import {
  addDvcStage,
  existingStageNames,
  stageNameProblem,
  type NewDvcStage,
} from '../core/scaffold/dvcStage';
import { BACK, inputText, runSteps, type Step } from './scaffoldInput';
import { errorText } from './scaffoldPreview';

const DVC_YAML_EXCLUDE = '**/{node_modules,.dvc,.git,.venv,venv}/**';

type TargetItem = vscode.QuickPickItem & { uri: vscode.Uri; exists: boolean };

/** The dvc.yaml to edit: the one clicked in the explorer, the active one, the only one, or the one picked. */
async function chooseDvcYaml(given?: vscode.Uri): Promise<{ uri: vscode.Uri; exists: boolean } | undefined> {
  if (given?.scheme === 'file' && given.path.endsWith('/dvc.yaml')) return { uri: given, exists: true };
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && active.path.endsWith('/dvc.yaml')) return { uri: active, exists: true };
  const found = await vscode.workspace.findFiles('**/dvc.yaml', DVC_YAML_EXCLUDE, 200);
  const folders = vscode.workspace.workspaceFolders ?? [];
  const items: TargetItem[] = found
    .sort((a, b) => a.fsPath.localeCompare(b.fsPath))
    .map((uri) => ({ label: vscode.workspace.asRelativePath(uri, folders.length > 1), uri, exists: true }));
  for (const folder of folders) {
    const uri = vscode.Uri.joinPath(folder.uri, 'dvc.yaml');
    if (!found.some((f) => f.fsPath === uri.fsPath))
      items.push({
        label: vscode.l10n.t('New dvc.yaml in {0}', folder.name),
        description: uri.fsPath,
        uri,
        exists: false,
      });
  }
  if (items.length === 0) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Open a folder first: the stage goes into its dvc.yaml.'),
    );
    return undefined;
  }
  if (items.length === 1) return items[0];
  return vscode.window.showQuickPick(items, { title: vscode.l10n.t('Add the stage to which dvc.yaml?') });
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function stageSteps(stage: NewDvcStage, taken: readonly string[]): Step[] {
  const text =
    (key: 'name' | 'cmd', prompt: string, validate: (v: string) => string | undefined): Step =>
    async (at, canGoBack) => {
      const answer = await inputText(at, { canGoBack, value: stage[key], prompt, validate });
      if (answer === BACK || answer === undefined) return answer;
      stage[key] = answer.trim();
      return 'next';
    };
  const list =
    (key: 'deps' | 'outs' | 'params', prompt: string, placeholder: string): Step =>
    async (at, canGoBack) => {
      const answer = await inputText(at, {
        canGoBack,
        value: stage[key].join(', '),
        prompt,
        placeholder,
        validate: () => undefined,
      });
      if (answer === BACK || answer === undefined) return answer;
      stage[key] = splitList(answer);
      return 'next';
    };
  return [
    text('name', vscode.l10n.t('Stage name'), (value) => {
      const name = value.trim();
      if (taken.includes(name)) return vscode.l10n.t('dvc.yaml already has a stage "{0}"', name);
      return stageNameProblem(name);
    }),
    text('cmd', vscode.l10n.t('Command the stage runs'), (value) =>
      value.trim() === '' ? vscode.l10n.t('The stage needs a command') : undefined,
    ),
    list(
      'deps',
      vscode.l10n.t('Dependencies: files or folders, comma-separated (optional)'),
      'src/train.py, data/prepared',
    ),
    list('outs', vscode.l10n.t('Outputs: files or folders, comma-separated (optional)'), 'models/model.pkl'),
    list(
      'params',
      vscode.l10n.t('Params: keys of params.yaml, or file:key, comma-separated (optional)'),
      'train.lr, train.epochs',
    ),
  ];
}

async function currentText(uri: vscode.Uri, exists: boolean): Promise<string | undefined> {
  return exists ? (await vscode.workspace.openTextDocument(uri)).getText() : undefined;
}

async function applyStage(uri: vscode.Uri, exists: boolean, stage: NewDvcStage): Promise<void> {
  const before = await currentText(uri, exists);
  const edit = addDvcStage(before, stage);
  let document: vscode.TextDocument;
  if (exists) {
    document = await vscode.workspace.openTextDocument(uri);
    const change = new vscode.WorkspaceEdit();
    change.replace(
      uri,
      new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)),
      edit.text,
    );
    if (!(await vscode.workspace.applyEdit(change)))
      throw new Error(vscode.l10n.t('the editor refused the change'));
    await document.save();
  } else {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(edit.text));
    document = await vscode.workspace.openTextDocument(uri);
  }
  const position = new vscode.Position(edit.line - 1, 0);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position) });
}

/** `resource` is the dvc.yaml the command was invoked on from the explorer, if any. */
export async function runAddDvcStage(resource?: vscode.Uri): Promise<void> {
  const target = await chooseDvcYaml(resource);
  if (!target) return;
  // A broken dvc.yaml yields no names here; addDvcStage reports it when the stage is added.
  const taken = existingStageNames((await currentText(target.uri, target.exists)) ?? '');
  const stage: NewDvcStage = { name: '', cmd: '', deps: [], outs: [], params: [] };
  const title = vscode.l10n.t('Add DVC Stage to {0}', vscode.workspace.asRelativePath(target.uri));
  if (!(await runSteps(title, () => stageSteps(stage, taken)))) return;
  try {
    await applyStage(target.uri, target.exists, stage);
  } catch (error) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Could not add the stage to {0}: {1}', target.uri.fsPath, errorText(error)),
    );
  }
}
