// Facts about an existing Python project, for the "add to a project" commands: which environment
// manager it uses, where its package is, whether it has tests, Ruff, a Makefile and which targets.
import { lstat, readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { VarValue } from './expr';
import { derivePackageName, packageNameProblem } from './names';

export type EnvManager = 'uv' | 'poetry' | 'pip' | 'conda';

export interface ProjectFacts {
  root: string;
  env: EnvManager;
  /** Folder of the importable package relative to root ('src/churn', 'churn'), if one was found. */
  packageDir?: string;
  package: string;
  tests: boolean;
  ruff: boolean;
  /** Targets defined in the Makefile (empty without one). */
  makeTargets: string[];
  hasMakefile: boolean;
  layout: string;
  pyproject?: string;
  requirements?: string;
}

async function readText(file: string): Promise<string | undefined> {
  return readFile(file, 'utf8').catch(() => undefined);
}

async function isFile(file: string): Promise<boolean> {
  return lstat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

async function subfolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !e.name.startsWith('_'))
    .map((e) => e.name)
    .sort();
}

/** The first folder holding an __init__.py under src/, else at the top (tests excluded). */
async function findPackageDir(root: string): Promise<string | undefined> {
  for (const base of ['src', '']) {
    for (const name of await subfolders(path.join(root, base))) {
      if (name === 'tests' || name === 'test' || packageNameProblem(name) !== undefined) continue;
      if (await isFile(path.join(root, base, name, '__init__.py'))) return base ? `${base}/${name}` : name;
    }
  }
  return undefined;
}

/** Targets of a Makefile: `name:` at the start of a line (not variables, not special targets). */
export function makefileTargets(text: string): string[] {
  const targets = new Set<string>();
  for (const match of text.matchAll(/^([A-Za-z0-9][\w.-]*(?:[ \t]+[A-Za-z0-9][\w.-]*)*)[ \t]*:(?!=)/gm))
    for (const name of match[1]!.split(/[ \t]+/)) targets.add(name);
  return [...targets];
}

function detectEnv(pyproject: string | undefined, files: Set<string>): EnvManager {
  if (files.has('uv.lock') || /^\[tool\.uv\]/m.test(pyproject ?? '')) return 'uv';
  if (files.has('poetry.lock') || /^\[tool\.poetry\]/m.test(pyproject ?? '')) return 'poetry';
  if (files.has('environment.yml') || files.has('environment.yaml')) return 'conda';
  return 'pip';
}

function guessLayout(files: Set<string>, hasServiceEntry: boolean): string {
  if (files.has('dvc.yaml')) return 'dvc-pipeline';
  if (files.has('MLproject')) return 'mlflow-project';
  if (hasServiceEntry) return 'production-service';
  return 'data-science';
}

/** Reads what the "add to a project" commands need to know about the folder `root`. */
export async function detectProject(root: string): Promise<ProjectFacts> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const files = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
  const folders = new Set(entries.filter((e) => e.isDirectory()).map((e) => e.name));
  const pyproject = await readText(path.join(root, 'pyproject.toml'));
  const requirements = await readText(path.join(root, 'requirements.txt'));
  const makefile = await readText(path.join(root, 'Makefile'));
  const packageDir = await findPackageDir(root);
  const pkg = packageDir ? path.posix.basename(packageDir) : derivePackageName(path.basename(root));
  const hasServiceEntry = packageDir !== undefined && (await isFile(path.join(root, packageDir, 'main.py')));
  return {
    root,
    env: detectEnv(pyproject, files),
    packageDir,
    package: packageNameProblem(pkg) === undefined ? pkg : 'project',
    tests: folders.has('tests') || folders.has('test'),
    ruff: files.has('ruff.toml') || files.has('.ruff.toml') || /^\[tool\.ruff/m.test(pyproject ?? ''),
    makeTargets: makefile ? makefileTargets(makefile) : [],
    hasMakefile: makefile !== undefined,
    layout: guessLayout(files, hasServiceEntry && files.has('Dockerfile')),
    pyproject,
    requirements,
  };
}

/** Option values implied by the facts, for rendering shared templates (e.g. _ci) into the project. */
export function factsAsOptions(facts: ProjectFacts): Record<string, VarValue> {
  return { env: facts.env, tests: facts.tests, ruff: facts.ruff };
}
