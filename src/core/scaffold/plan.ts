// From a request (layout, names, options) to the file plan: every file with its rendered content
// and whether something is already there. Nothing is written here (see write.ts).
import { includedFolders, ScaffoldConfigError, type ScaffoldCatalog, type TemplateFolder } from './catalog';
import { confine, resolveDestination } from './confine';
import { evaluateExpr, type VarValue } from './expr';
import { ruleMatches } from './glob';
import { resolveNames } from './names';
import { ScaffoldInputError, resolveOptionValues } from './options';
import { renderPath } from './paths';
import { renderTemplate } from './template';

export interface ScaffoldRequest {
  layout: string;
  projectName: string;
  /** The Python package; derived from the project name when omitted. */
  package?: string;
  /** Chosen option values; the rest come from the layout's and options.yaml's defaults. */
  options?: Readonly<Record<string, VarValue>>;
}

export interface RenderedFile {
  /** Output path relative to the destination, '/'-separated. */
  path: string;
  content: string;
  executable: boolean;
  /** The template folder it came from (`data-science`, `_python`, …). */
  folder: string;
  /** The template it was rendered from, relative to the folder's files/. */
  source: string;
}

export interface PlannedFile extends RenderedFile {
  absolutePath: string;
  /** A file is already at absolutePath: writing needs an explicit decision. */
  exists: boolean;
}

export interface FilePlan {
  /** The destination folder (real path; may not exist yet). */
  root: string;
  files: PlannedFile[];
}

/** The variables templates see: project_name, package, layout and every option. */
export function scaffoldVariables(
  catalog: ScaffoldCatalog,
  request: ScaffoldRequest,
): Record<string, VarValue> {
  const layout = catalog.layouts.find((l) => l.id === request.layout);
  if (!layout)
    throw new ScaffoldInputError(
      `unknown layout '${request.layout}' (layouts: ${catalog.layouts.map((l) => l.id).join(', ')})`,
    );
  const names = resolveNames(request.projectName, request.package);
  if ('problem' in names) throw new ScaffoldInputError(names.problem);
  const values = resolveOptionValues(catalog.options, layout.defaults, request.options ?? {});
  return { ...values, project_name: names.projectName, package: names.package, layout: layout.id };
}

function fileWanted(
  folder: TemplateFolder,
  source: string,
  vars: Readonly<Record<string, VarValue>>,
): boolean {
  return folder.rules.every((rule) => !ruleMatches(rule.matcher, source) || evaluateExpr(rule.when, vars));
}

/**
 * Renders every file of `start` and the folders it includes, in order. Two templates with the same
 * output path are an error (ScaffoldConfigError naming both).
 */
export function renderFolders(
  catalog: ScaffoldCatalog,
  start: string,
  vars: Readonly<Record<string, VarValue>>,
): RenderedFile[] {
  const byPath = new Map<string, RenderedFile>();
  const names = { package: String(vars.package ?? ''), project_name: String(vars.project_name ?? '') };
  for (const folder of includedFolders(catalog, start)) {
    for (const file of folder.files) {
      if (!fileWanted(folder, file.source, vars)) continue;
      const rendered: RenderedFile = {
        path: renderPath(file.source, names),
        content: renderTemplate(file.template, vars),
        executable: file.executable,
        folder: folder.name,
        source: file.source,
      };
      const clash = byPath.get(rendered.path);
      if (clash)
        throw new ScaffoldConfigError([
          `${rendered.path} would be written by both ${clash.folder}/files/${clash.source} and ${folder.name}/files/${file.source}`,
        ]);
      byPath.set(rendered.path, rendered);
    }
  }
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/** Checks every rendered path against the destination and notes which files already exist. */
export async function planFiles(destination: string, files: readonly RenderedFile[]): Promise<FilePlan> {
  const root = await resolveDestination(destination);
  const planned: PlannedFile[] = [];
  for (const file of files) {
    const target = await confine(root, file.path);
    planned.push({ ...file, absolutePath: target.absolutePath, exists: target.exists });
  }
  return { root, files: planned };
}

/** Renders a layout for `request` and plans writing it into `destination` (the project folder). */
export async function planScaffold(
  catalog: ScaffoldCatalog,
  request: ScaffoldRequest,
  destination: string,
): Promise<FilePlan> {
  const vars = scaffoldVariables(catalog, request);
  return planFiles(destination, renderFolders(catalog, request.layout, vars));
}
