// The Model card commands: "Open Model Card" on a Models view node and "MLOps: Open Model…" (a quick
// pick over every model), and the panels' serializer.
import * as vscode from 'vscode';
import type { ModelsSnapshot } from '../core/models/types';
import type { ModelNode } from '../views/models/modelTree';
import { ModelCardPanels, type ModelCardSource } from '../views/modelCard/panel';
import { cardRefOf, modelCardChoices } from '../views/modelCard/refs';
import { modelCardPanelStrings } from '../views/modelCard/strings';

export function registerModelCard(extensionUri: vscode.Uri, source: ModelCardSource): vscode.Disposable[] {
  const panels = new ModelCardPanels(extensionUri, source);
  return [
    panels,
    panels.registerSerializer(),
    vscode.commands.registerCommand('mlopsLens.openModelCard', (node?: ModelNode) => {
      const ref = cardRefOf(node);
      if (ref) panels.show(ref);
      else void pickModel(source.snapshot(), panels);
    }),
    vscode.commands.registerCommand('mlopsLens.openModel', () => pickModel(source.snapshot(), panels)),
  ];
}

async function pickModel(snapshot: ModelsSnapshot, panels: ModelCardPanels): Promise<void> {
  const choices = modelCardChoices(snapshot);
  if (choices.length === 0) {
    void vscode.window.showInformationMessage(modelCardPanelStrings.noModels());
    return;
  }
  const chosen = await vscode.window.showQuickPick(choices, {
    title: modelCardPanelStrings.pickTitle(),
    placeHolder: modelCardPanelStrings.pickPlaceholder(),
    matchOnDescription: true,
  });
  if (chosen) panels.show(chosen.ref);
}
