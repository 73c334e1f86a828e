// "MLOps: Add CI Workflow": renders the `_ci` templates (the same the New Project wizard uses) for
// an existing project, with the options read from it, previews them and writes after confirmation.
import * as vscode from 'vscode';
import type { ScaffoldCatalog } from '../core/scaffold/catalog';
import { CI_FOLDER, ciVariables, missingMakeTargets } from '../core/scaffold/ci';
import { detectProject } from '../core/scaffold/detect';
import { planFiles, renderFolders } from '../core/scaffold/plan';
import { writePlan } from '../core/scaffold/write';
import { pickWorkspaceFolder } from './scaffoldAddTracking';
import { confirmPreview, decideOverwrites, errorText, type PreviewDocuments } from './scaffoldPreview';

export async function runAddCiWorkflow(catalog: ScaffoldCatalog, previews: PreviewDocuments): Promise<void> {
  const folder = await pickWorkspaceFolder(vscode.l10n.t('Add the CI workflow to which folder?'));
  if (!folder) return;
  try {
    const facts = await detectProject(folder.uri.fsPath);
    const files = renderFolders(catalog, CI_FOLDER, ciVariables(catalog, facts));
    const plan = await planFiles(folder.uri.fsPath, files);
    const missing = missingMakeTargets(
      files.map((f) => f.content),
      facts,
    );
    const warnings =
      missing.length === 0
        ? []
        : [
            facts.hasMakefile
              ? vscode.l10n.t(
                  'The workflow runs make {0}: the Makefile has no such target',
                  missing.join(', '),
                )
              : vscode.l10n.t('The workflow runs make {0}: this folder has no Makefile', missing.join(', ')),
          ];
    const entries = plan.files.map((file) => ({
      path: file.path,
      description: file.exists ? vscode.l10n.t('exists: you will be asked') : vscode.l10n.t('new file'),
      open: () => previews.show(file.path, file.content),
    }));
    const at = { title: vscode.l10n.t('Add CI Workflow ({0})', String(facts.env)), step: 1, totalSteps: 1 };
    const label = vscode.l10n.t('Write {0} file(s) to {1}', plan.files.length, folder.name);
    if ((await confirmPreview(at, false, label, entries, warnings)) !== 'confirm') return;
    const decisions = await decideOverwrites(
      plan.files.filter((f) => f.exists).map((f) => f.path),
      folder.uri.fsPath,
    );
    if (!decisions) return;
    const result = await writePlan(plan, decisions);
    const workflow = result.written.find((p) => p.startsWith('.github/workflows/')) ?? result.written[0];
    if (workflow)
      await vscode.window.showTextDocument(vscode.Uri.joinPath(folder.uri, ...workflow.split('/')));
  } catch (error) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Could not add the CI workflow: {0}', errorText(error)),
    );
  }
}
