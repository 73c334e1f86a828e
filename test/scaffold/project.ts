// Helpers shared by the scaffold suites: render a layout with the real engine, and read the
// dependencies a generated project declares for its environment manager.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseToml } from '../../src/core/sources/dvc/values/toml';
import { parse as parseYaml } from 'yaml';
import { loadCatalog, type ScaffoldCatalog } from '../../src/core/scaffold/catalog';
import type { VarValue } from '../../src/core/scaffold/expr';
import { planScaffold, scaffoldVariables } from '../../src/core/scaffold/plan';
import { writePlan } from '../../src/core/scaffold/write';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SCAFFOLDS = path.join(REPO_ROOT, 'scaffolds');

let catalogPromise: Promise<ScaffoldCatalog> | undefined;

export function catalog(): Promise<ScaffoldCatalog> {
  catalogPromise ??= loadCatalog(SCAFFOLDS);
  return catalogPromise;
}

export interface Generated {
  dir: string;
  vars: Record<string, VarValue>;
  files: string[];
}

/** Writes `layout` with `options` into `dir` (which must not hold any of its files yet). */
export async function generate(
  layout: string,
  dir: string,
  options: Record<string, VarValue> = {},
  projectName = 'demo-project',
): Promise<Generated> {
  const scaffolds = await catalog();
  const request = { layout, projectName, options };
  const plan = await planScaffold(scaffolds, request, dir);
  const result = await writePlan(plan);
  return { dir: plan.root, vars: scaffoldVariables(scaffolds, request), files: result.written };
}

type Toml = Record<string, unknown>;

function tomlTable(doc: Toml, ...keys: string[]): Toml {
  let node: unknown = doc;
  for (const key of keys) node = (node as Toml | undefined)?.[key];
  return (node as Toml | undefined) ?? {};
}

/** pip requirement lines of a requirements file, following `-r` includes; `-e .` is dropped. */
export function requirementsFile(file: string): string[] {
  const lines: string[] = [];
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line || line.startsWith('-e ')) continue;
    if (line.startsWith('-r ')) lines.push(...requirementsFile(path.join(path.dirname(file), line.slice(3))));
    else lines.push(line);
  }
  return lines;
}

/**
 * Every third-party requirement (runtime and development) the project declares for its own
 * environment manager, as pip requirement strings, sorted.
 */
export function declaredRequirements(dir: string, env: string): string[] {
  const pyproject = parseToml(fs.readFileSync(path.join(dir, 'pyproject.toml'), 'utf8')) as Toml;
  const runtime = (tomlTable(pyproject, 'project').dependencies as string[] | undefined) ?? [];
  let all: string[];
  if (env === 'uv') {
    all = [...runtime, ...((tomlTable(pyproject, 'dependency-groups').dev as string[] | undefined) ?? [])];
  } else if (env === 'poetry') {
    const dev = tomlTable(pyproject, 'tool', 'poetry', 'group', 'dev', 'dependencies');
    all = [...runtime, ...Object.entries(dev).map(([name, spec]) => `${name}${String(spec)}`)];
  } else if (env === 'conda') {
    const environment = parseYaml(fs.readFileSync(path.join(dir, 'environment.yml'), 'utf8')) as {
      dependencies: (string | { pip: string[] })[];
    };
    const pip = environment.dependencies.find((d): d is { pip: string[] } => typeof d === 'object');
    all = (pip?.pip ?? []).flatMap((line) =>
      line.startsWith('-r ') ? requirementsFile(path.join(dir, line.slice(3))) : [line],
    );
  } else {
    all = requirementsFile(path.join(dir, 'requirements-dev.txt'));
  }
  return [...new Set(all.map((r) => r.toLowerCase()))].sort();
}

/** The build backend pyproject.toml names (to build the wheel in the test venv). */
export function buildRequirements(dir: string): string[] {
  const pyproject = parseToml(fs.readFileSync(path.join(dir, 'pyproject.toml'), 'utf8')) as Toml;
  return (tomlTable(pyproject, 'build-system').requires as string[] | undefined) ?? [];
}
