// Registers the scaffold commands: New Project…, Add DVC Stage…, Add Experiment Tracking…, Add CI
// Workflow. The template tree ships in the extension (scaffolds/) and is loaded on first use.
import * as vscode from 'vscode';
import { loadCatalog, ScaffoldConfigError, type ScaffoldCatalog } from '../core/scaffold/catalog';
import { runAddCiWorkflow } from './scaffoldAddCi';
import { runAddDvcStage } from './scaffoldAddStage';
import { runAddTracking } from './scaffoldAddTracking';
import { errorText, PreviewDocuments } from './scaffoldPreview';
import { localizeCatalog, readCatalogTranslations } from './scaffoldL10n';
import { runNewProjectWizard } from './scaffoldWizard';

/** Loads the bundled templates once; a broken tree is reported with every problem. */
class ScaffoldTemplates {
  private loading: Promise<ScaffoldCatalog> | undefined;
  constructor(
    private readonly root: string,
    private readonly output: vscode.OutputChannel,
  ) {}

  async catalog(): Promise<ScaffoldCatalog | undefined> {
    // Layout and option texts in the display language (scaffolds/catalog.l10n.<lang>.json).
    this.loading ??= loadCatalog(this.root).then((catalog) =>
      localizeCatalog(catalog, readCatalogTranslations(this.root, vscode.env.language)),
    );
    try {
      return await this.loading;
    } catch (error) {
      this.loading = undefined;
      const problems = error instanceof ScaffoldConfigError ? error.problems : [errorText(error)];
      this.output.appendLine(vscode.l10n.t('Scaffold templates in {0}:', this.root));
      for (const problem of problems) this.output.appendLine(`  ${problem}`);
      void vscode.window.showErrorMessage(
        vscode.l10n.t(
          'The project templates cannot be used ({0} problem(s)): {1}',
          problems.length,
          problems[0] ?? '',
        ),
      );
      return undefined;
    }
  }
}

/** Runs a flow that may open previews of proposed files, and closes them when it ends in any way. */
async function closingPreviews(previews: PreviewDocuments, flow: () => Promise<void>): Promise<void> {
  try {
    await flow();
  } finally {
    await previews.closeAll();
  }
}

export function registerScaffoldCommands(context: vscode.ExtensionContext): vscode.Disposable[] {
  const output = vscode.window.createOutputChannel('MLOps Lens: Scaffold');
  const templates = new ScaffoldTemplates(
    vscode.Uri.joinPath(context.extensionUri, 'scaffolds').fsPath,
    output,
  );
  const previews = new PreviewDocuments();
  const commands: Record<string, (resource?: unknown) => Promise<void>> = {
    'mlopsLens.newProject': async () => {
      const catalog = await templates.catalog();
      if (catalog) await runNewProjectWizard({ catalog, previews, memento: context.globalState });
    },
    'mlopsLens.addDvcStage': (resource) =>
      runAddDvcStage(resource instanceof vscode.Uri ? resource : undefined),
    'mlopsLens.addExperimentTracking': () => closingPreviews(previews, () => runAddTracking(previews)),
    'mlopsLens.addCiWorkflow': async () => {
      const catalog = await templates.catalog();
      if (catalog) await closingPreviews(previews, () => runAddCiWorkflow(catalog, previews));
    },
  };
  return [
    output,
    previews,
    ...Object.entries(commands).map(([id, handler]) => vscode.commands.registerCommand(id, handler)),
  ];
}
