// Loads a template tree (scaffolds/): options.yaml, each folder's scaffold.yaml and its files/.
// Everything is validated up front and every problem is reported at once, with the file it is in,
// so a broken template tree fails before anything is rendered or written.
import { lstat, readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ExprError, checkExpr, parseExpr, type Expr, type ExprVariable, type VarValue } from './expr';
import { globToRegExp, ruleMatches } from './glob';
import { optionValueProblem, parseOptions, templateVariables, type ScaffoldOption } from './options';
import { checkTemplate, compileTemplate, TemplateError, type CompiledTemplate } from './template';
import { checkPathTemplate } from './paths';

export interface FileRule {
  /** The glob as written, relative to the folder's files/. */
  path: string;
  when: Expr;
  whenText: string;
  matcher: RegExp;
}

export interface TemplateFile {
  /** Path relative to the folder's files/, with '/' separators, as stored (e.g. `src/{{ package }}/x.py`). */
  source: string;
  template: CompiledTemplate;
  executable: boolean;
}

export interface TemplateFolder {
  /** Folder name under scaffolds/ (`data-science`, `_python`, …). */
  name: string;
  include: string[];
  rules: FileRule[];
  files: TemplateFile[];
}

export interface Layout extends TemplateFolder {
  id: string;
  title: string;
  description: string;
  /** One line for the wizard's list (the description is longer than a quick pick row shows). */
  summary?: string;
  order: number;
  defaults: Record<string, VarValue>;
}

export interface ScaffoldCatalog {
  root: string;
  options: ScaffoldOption[];
  /** Sorted by `order`, then id. */
  layouts: Layout[];
  folders: ReadonlyMap<string, TemplateFolder>;
}

/** The template tree is broken; `problems` lists every finding as "file: reason". */
export class ScaffoldConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `the scaffold templates have ${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  }
}

const LAYOUT_KEYS = new Set([
  'id',
  'title',
  'description',
  'summary',
  'order',
  'defaults',
  'include',
  'files',
]);
/** What fits on a quick pick row of the default width. */
export const MAX_SUMMARY_LENGTH = 75;
const SHARED_KEYS = new Set(['include', 'files']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readYaml(file: string, shown: string, problems: string[]): Promise<unknown> {
  try {
    return parseYaml(await readFile(file, 'utf8'));
  } catch (error) {
    problems.push(`${shown}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return undefined;
  }
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

/** Every file under `dir` (relative, '/'-separated); symbolic links are refused. */
async function walkFiles(dir: string, shown: string, problems: string[], prefix = ''): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isSymbolicLink())
      problems.push(`${shown}/${relative}: symbolic links are not allowed in templates`);
    else if (entry.isDirectory()) found.push(...(await walkFiles(dir, shown, problems, relative)));
    else if (entry.isFile()) found.push(relative);
  }
  return found;
}

async function loadFiles(folderDir: string, folderName: string, problems: string[]): Promise<TemplateFile[]> {
  const filesDir = path.join(folderDir, 'files');
  if (!(await exists(filesDir))) return [];
  const shown = `${folderName}/files`;
  const files: TemplateFile[] = [];
  for (const source of await walkFiles(filesDir, shown, problems)) {
    const absolute = path.join(filesDir, ...source.split('/'));
    const bytes = await readFile(absolute);
    if (bytes.includes(0)) {
      problems.push(`${shown}/${source}: binary files cannot be templates`);
      continue;
    }
    try {
      const template = compileTemplate(bytes.toString('utf8'), `${shown}/${source}`);
      const executable = ((await lstat(absolute)).mode & 0o111) !== 0;
      files.push({ source, template, executable });
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      problems.push(error.message);
    }
  }
  return files;
}

function parseRules(raw: unknown, shown: string, problems: string[]): FileRule[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problems.push(`${shown}: files must be a list of { path, when }`);
    return [];
  }
  const rules: FileRule[] = [];
  raw.forEach((item: unknown, i) => {
    const where = `${shown}: files[${i}]`;
    if (!isRecord(item) || typeof item.path !== 'string' || typeof item.when !== 'string') {
      problems.push(`${where}: expected { path: <glob>, when: <condition> } with both as strings`);
      return;
    }
    for (const key of Object.keys(item))
      if (key !== 'path' && key !== 'when') problems.push(`${where}: unknown key '${key}'`);
    try {
      rules.push({
        path: item.path,
        whenText: item.when,
        when: parseExpr(item.when),
        matcher: globToRegExp(item.path),
      });
    } catch (error) {
      if (!(error instanceof ExprError)) throw error;
      problems.push(`${where}: when '${item.when}': ${error.message}`);
    }
  });
  return rules;
}

function parseInclude(raw: unknown, shown: string, problems: string[]): string[] {
  if (raw === undefined) return [];
  if (Array.isArray(raw) && raw.every((v) => typeof v === 'string')) return raw as string[];
  problems.push(`${shown}: include must be a list of folder names`);
  return [];
}

/** A summary is optional; when given it must fit on one quick pick row. */
export function summaryProblem(summary: unknown): string | undefined {
  if (summary === undefined) return undefined;
  if (typeof summary !== 'string' || summary === '') return 'summary must be a non-empty string';
  return summary.length > MAX_SUMMARY_LENGTH
    ? `summary must be at most ${MAX_SUMMARY_LENGTH} characters (it is shown on one line), not ${summary.length}`
    : undefined;
}

function parseLayoutFields(name: string, raw: Record<string, unknown>, shown: string, problems: string[]) {
  if (raw.id !== name)
    problems.push(`${shown}: id must be '${name}' (the folder name), not '${String(raw.id)}'`);
  for (const key of ['title', 'description'] as const)
    if (typeof raw[key] !== 'string' || raw[key] === '')
      problems.push(`${shown}: ${key} must be a non-empty string`);
  const summary = summaryProblem(raw.summary);
  if (summary) problems.push(`${shown}: ${summary}`);
  if (typeof raw.order !== 'number') problems.push(`${shown}: order must be a number`);
  if (raw.defaults !== undefined && !isRecord(raw.defaults))
    problems.push(`${shown}: defaults must be a mapping of option names to values`);
  return {
    id: name,
    title: String(raw.title ?? name),
    description: String(raw.description ?? ''),
    ...(typeof raw.summary === 'string' && raw.summary !== '' ? { summary: raw.summary } : {}),
    order: typeof raw.order === 'number' ? raw.order : 0,
    defaults: (isRecord(raw.defaults) ? raw.defaults : {}) as Record<string, VarValue>,
  };
}

async function loadFolder(root: string, name: string, problems: string[]): Promise<TemplateFolder | Layout> {
  const dir = path.join(root, name);
  const shown = `${name}/scaffold.yaml`;
  const shared = name.startsWith('_');
  const configPath = path.join(dir, 'scaffold.yaml');
  let raw: unknown = {};
  if (await exists(configPath)) raw = (await readYaml(configPath, shown, problems)) ?? {};
  else if (!shared) problems.push(`${shown}: missing (every folder not starting with '_' is a layout)`);
  if (!isRecord(raw)) {
    problems.push(`${shown}: expected a mapping`);
    raw = {};
  }
  const config = raw as Record<string, unknown>;
  const allowed = shared ? SHARED_KEYS : LAYOUT_KEYS;
  for (const key of Object.keys(config))
    if (!allowed.has(key))
      problems.push(
        `${shown}: unknown key '${key}'${shared ? ' (shared folders have only include and files)' : ''}`,
      );
  const folder: TemplateFolder = {
    name,
    include: parseInclude(config.include, shown, problems),
    rules: parseRules(config.files, shown, problems),
    files: await loadFiles(dir, name, problems),
  };
  return shared ? folder : { ...folder, ...parseLayoutFields(name, config, shown, problems) };
}

function isLayout(folder: TemplateFolder | Layout): folder is Layout {
  return 'id' in folder;
}

/** Checks what can only be checked once every folder and option is known. */
function crossCheck(catalog: ScaffoldCatalog, problems: string[]): void {
  const variables = templateVariables(
    catalog.options,
    catalog.layouts.map((l) => l.id),
  );
  const byName = new Map(catalog.options.map((o) => [o.name, o]));
  for (const layout of catalog.layouts)
    for (const [name, value] of Object.entries(layout.defaults)) {
      const option = byName.get(name);
      if (!option) problems.push(`${layout.name}/scaffold.yaml: defaults: unknown option '${name}'`);
      else {
        const problem = optionValueProblem(option, value);
        if (problem) problems.push(`${layout.name}/scaffold.yaml: defaults: ${problem}`);
      }
    }
  for (const folder of catalog.folders.values()) checkFolder(catalog, folder, variables, problems);
  for (const layout of catalog.layouts) {
    try {
      includedFolders(catalog, layout.name);
    } catch (error) {
      problems.push(
        `${layout.name}/scaffold.yaml: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

function checkFolder(
  catalog: ScaffoldCatalog,
  folder: TemplateFolder,
  variables: ReadonlyMap<string, ExprVariable>,
  problems: string[],
): void {
  const shown = `${folder.name}/scaffold.yaml`;
  for (const name of folder.include)
    if (name === folder.name || !catalog.folders.has(name))
      problems.push(`${shown}: include: '${name}' is not another folder under ${catalog.root}`);
  for (const rule of folder.rules) {
    for (const problem of checkExpr(rule.when, variables))
      problems.push(`${shown}: when '${rule.whenText}': ${problem}`);
    if (!folder.files.some((f) => ruleMatches(rule.matcher, f.source)))
      problems.push(`${shown}: files rule '${rule.path}' matches no file under ${folder.name}/files`);
  }
  for (const file of folder.files) {
    for (const error of checkTemplate(file.template, variables)) problems.push(error.message);
    const pathProblem = checkPathTemplate(file.source);
    if (pathProblem) problems.push(`${folder.name}/files/${file.source}: ${pathProblem}`);
  }
}

/** The folders a scaffold renders: the start folder, then its includes depth-first, each once. */
export function includedFolders(catalog: ScaffoldCatalog, start: string): TemplateFolder[] {
  const order: TemplateFolder[] = [];
  const seen = new Set<string>();
  const visit = (name: string, trail: string[]): void => {
    if (trail.includes(name)) throw new Error(`include cycle: ${[...trail, name].join(' → ')}`);
    if (seen.has(name)) return;
    const folder = catalog.folders.get(name);
    if (!folder) throw new Error(`no template folder '${name}'`);
    seen.add(name);
    order.push(folder);
    for (const next of folder.include) visit(next, [...trail, name]);
  };
  visit(start, []);
  return order;
}

/** Reads and validates a template tree; throws ScaffoldConfigError listing every problem. */
export async function loadCatalog(root: string): Promise<ScaffoldCatalog> {
  const problems: string[] = [];
  const optionsPath = path.join(root, 'options.yaml');
  if (!(await exists(optionsPath))) throw new ScaffoldConfigError([`${optionsPath}: missing`]);
  const rawOptions = await readYaml(optionsPath, 'options.yaml', problems);
  const optionProblems: string[] = [];
  const options = parseOptions(rawOptions, optionProblems);
  problems.push(...optionProblems.map((p) => `options.yaml: ${p}`));
  const entries = await readdir(root, { withFileTypes: true });
  const folders = new Map<string, TemplateFolder>();
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name)))
    folders.set(entry.name, await loadFolder(root, entry.name, problems));
  const layouts = [...folders.values()]
    .filter(isLayout)
    .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  const catalog: ScaffoldCatalog = { root, options, layouts, folders };
  if (layouts.length === 0) problems.push(`${root}: no layouts (folders with a scaffold.yaml)`);
  crossCheck(catalog, problems);
  if (problems.length > 0) throw new ScaffoldConfigError(problems);
  return catalog;
}
