// "Add CI Workflow" for an existing project: the variables the shared `_ci` templates need, read
// from the project, and the make targets the rendered workflow calls that the Makefile lacks.
import * as path from 'node:path';
import type { ScaffoldCatalog } from './catalog';
import { factsAsOptions, type ProjectFacts } from './detect';
import type { VarValue } from './expr';
import { projectNameProblem } from './names';
import { resolveOptionValues } from './options';

/** The template folder holding the CI workflow. */
export const CI_FOLDER = '_ci';

/** Template variables for an existing project: detected facts over the guessed layout's defaults, ci on. */
export function ciVariables(catalog: ScaffoldCatalog, facts: ProjectFacts): Record<string, VarValue> {
  const known = new Set(catalog.options.map((o) => o.name));
  const given: Record<string, VarValue> = {};
  for (const [name, value] of Object.entries({ ...factsAsOptions(facts), ci: true }))
    if (known.has(name)) given[name] = value;
  const layout = catalog.layouts.find((l) => l.id === facts.layout) ?? catalog.layouts[0];
  const folderName = path.basename(facts.root);
  return {
    ...resolveOptionValues(catalog.options, layout?.defaults ?? {}, given),
    project_name: projectNameProblem(folderName) === undefined ? folderName : facts.package,
    package: facts.package,
    layout: layout?.id ?? facts.layout,
  };
}

/** Targets the texts run with `make TARGET` that the project's Makefile does not define. */
export function missingMakeTargets(contents: readonly string[], facts: ProjectFacts): string[] {
  const used = new Set<string>();
  for (const text of contents)
    for (const match of text.matchAll(/\bmake\s+([A-Za-z0-9][\w.-]*)/g)) used.add(match[1]!);
  return [...used].filter((target) => !facts.makeTargets.includes(target));
}
