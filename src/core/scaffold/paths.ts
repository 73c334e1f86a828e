// Output paths of template files: the path relative to files/, with {{ package }} and
// {{ project_name }} substituted in its segments and a trailing `.tmpl` removed (the suffix keeps
// tools in this repository from picking up template pyproject.toml, dvc.yaml, workflows, …).
import { relativePathProblem } from './confine';

const PATH_VARIABLES = new Set(['package', 'project_name']);
const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;
const TEMPLATE_SUFFIX = '.tmpl';

/** Why a template's stored path cannot be rendered, or undefined. */
export function checkPathTemplate(source: string): string | undefined {
  for (const match of source.matchAll(PLACEHOLDER))
    if (!PATH_VARIABLES.has(match[1]!))
      return `only {{ package }} and {{ project_name }} may appear in file paths, not '${match[0]}'`;
  const rendered = renderPath(source, { package: 'pkg', project_name: 'project' });
  return relativePathProblem(rendered);
}

/** The output path of a template file (relative, '/'-separated). */
export function renderPath(source: string, names: { package: string; project_name: string }): string {
  const substituted = source.replace(PLACEHOLDER, (whole, name: string) =>
    name === 'package' ? names.package : name === 'project_name' ? names.project_name : whole,
  );
  return substituted.endsWith(TEMPLATE_SUFFIX) && !substituted.endsWith(`/${TEMPLATE_SUFFIX}`)
    ? substituted.slice(0, -TEMPLATE_SUFFIX.length)
    : substituted;
}
