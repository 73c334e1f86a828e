// `mlops-lens scaffold`: the New Project wizard without VS Code, for automation.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { loadCatalog, ScaffoldConfigError, type ScaffoldCatalog } from '../core/scaffold/catalog';
import { PathConfinementError } from '../core/scaffold/confine';
import { valueText, type VarValue } from '../core/scaffold/expr';
import { parseOptionText, resolveOptionValues, ScaffoldInputError } from '../core/scaffold/options';
import { planScaffold } from '../core/scaffold/plan';
import { TemplateError } from '../core/scaffold/template';
import { OverwriteRefusedError, writePlan } from '../core/scaffold/write';
import { exitStatusText } from './help';

export const SCAFFOLD_USAGE = `Usage:
  mlops-lens scaffold --layout ID --name NAME --dest FOLDER [--package PKG] [--option KEY=VALUE ...]
                      [--dry-run] [--templates FOLDER]
      Writes a new project into FOLDER (created if needed). NAME is the project name; the Python
      package is derived from it unless --package is given. Existing files are never overwritten:
      when any is in the way nothing is written and the command exits with 1, listing them.
      --dry-run   list the files that would be written ("new" or "exists") and write nothing
  mlops-lens scaffold --list [--json] [--templates FOLDER]
      The layouts and the options with their defaults (per layout where a layout changes them).
  --templates FOLDER   a template tree to use instead of the bundled scaffolds/
${exitStatusText('scaffold', '')}`;

class UsageError extends Error {}

interface ScaffoldArgs {
  list: boolean;
  json: boolean;
  dryRun: boolean;
  layout?: string;
  name?: string;
  dest?: string;
  package?: string;
  templates?: string;
  options: [string, string][];
}

const VALUE_FLAGS = new Set(['--layout', '--name', '--dest', '--package', '--templates', '--option']);
const SWITCHES: Record<string, 'list' | 'json' | 'dryRun'> = {
  '--list': 'list',
  '--json': 'json',
  '--dry-run': 'dryRun',
};

function applyValue(args: ScaffoldArgs, flag: string, value: string): void {
  if (flag === '--option') {
    const eq = value.indexOf('=');
    if (eq <= 0) throw new UsageError(`--option takes KEY=VALUE, not '${value}'`);
    args.options.push([value.slice(0, eq), value.slice(eq + 1)]);
    return;
  }
  const key = flag.slice(2) as 'layout' | 'name' | 'dest' | 'package' | 'templates';
  if (args[key] !== undefined) throw new UsageError(`${flag} given twice`);
  args[key] = value;
}

export function parseScaffoldArgs(argv: readonly string[]): ScaffoldArgs {
  const args: ScaffoldArgs = { list: false, json: false, dryRun: false, options: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const switchName = SWITCHES[flag];
    if (switchName && flag === arg) args[switchName] = true;
    else if (VALUE_FLAGS.has(flag)) {
      const value = flag === arg ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
      applyValue(args, flag, value);
    } else throw new UsageError(`unknown argument '${arg}' for 'scaffold'`);
  }
  if (args.list) return args;
  const missing = (['layout', 'name', 'dest'] as const).filter((k) => args[k] === undefined);
  if (missing.length > 0)
    throw new UsageError(`missing ${missing.map((k) => `--${k}`).join(', ')} (or use --list)`);
  if (args.json) throw new UsageError('--json goes with --list');
  return args;
}

/** The bundled template tree: scaffolds/ next to dist/ (built CLI) or at the repository root (sources). */
export function bundledTemplatesRoot(from = __dirname): string {
  for (let dir = from, i = 0; i < 4; i++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'scaffolds');
    if (existsSync(path.join(candidate, 'options.yaml'))) return candidate;
  }
  return path.resolve(from, '..', '..', 'scaffolds');
}

function describeList(catalog: ScaffoldCatalog): string {
  const lines = ['Layouts (--layout ID):'];
  for (const layout of catalog.layouts) {
    lines.push(`  ${layout.id.padEnd(22)}${layout.title}`, `  ${''.padEnd(22)}${layout.description}`);
    const changed = Object.entries(layout.defaults).map(([k, v]) => `${k}=${valueText(v)}`);
    if (changed.length > 0) lines.push(`  ${''.padEnd(22)}defaults: ${changed.join(', ')}`);
  }
  lines.push('', 'Options (--option KEY=VALUE):');
  for (const option of catalog.options) {
    const kind =
      option.type === 'choice'
        ? option.values.join(' | ')
        : option.type === 'boolean'
          ? 'true | false'
          : (option.format ?? 'text');
    lines.push(`  ${option.name.padEnd(22)}${kind}  (default: ${valueText(option.default)})`);
    lines.push(`  ${''.padEnd(22)}${option.label}: ${option.description}`);
  }
  return `${lines.join('\n')}\n`;
}

function listJson(catalog: ScaffoldCatalog): string {
  const layouts = catalog.layouts.map((l) => ({
    id: l.id,
    title: l.title,
    description: l.description,
    defaults: resolveOptionValues(catalog.options, l.defaults, {}),
  }));
  const options = catalog.options.map((o) => ({
    name: o.name,
    type: o.type,
    ...(o.type === 'choice' ? { values: o.values } : {}),
    ...(o.format ? { format: o.format } : {}),
    default: o.default,
    label: o.label,
    description: o.description,
  }));
  return `${JSON.stringify({ layouts, options }, null, 2)}\n`;
}

function optionValues(catalog: ScaffoldCatalog, pairs: [string, string][]): Record<string, VarValue> {
  const values: Record<string, VarValue> = {};
  for (const [key, text] of pairs) {
    const option = catalog.options.find((o) => o.name === key);
    if (!option)
      throw new ScaffoldInputError(
        `unknown option '${key}' (options: ${catalog.options.map((o) => o.name).join(', ')})`,
      );
    values[key] = parseOptionText(option, text);
  }
  return values;
}

async function scaffold(
  args: ScaffoldArgs,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const catalog = await loadCatalog(args.templates ? path.resolve(args.templates) : bundledTemplatesRoot());
  if (args.list) {
    out.write(args.json ? listJson(catalog) : describeList(catalog));
    return 0;
  }
  const plan = await planScaffold(
    catalog,
    {
      layout: args.layout!,
      projectName: args.name!,
      package: args.package,
      options: optionValues(catalog, args.options),
    },
    args.dest!,
  );
  if (args.dryRun) {
    for (const file of plan.files) out.write(`${file.exists ? 'exists' : 'new   '} ${file.path}\n`);
    return 0;
  }
  const result = await writePlan(plan);
  for (const written of result.written) out.write(`${written}\n`);
  err.write(`mlops-lens: wrote ${result.written.length} files to ${plan.root}\n`);
  return 0;
}

/** Runs `mlops-lens scaffold ARGS`; returns the exit status. */
export async function scaffoldMain(
  argv: readonly string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out.write(`${SCAFFOLD_USAGE}\n`);
    return 0;
  }
  try {
    return await scaffold(parseScaffoldArgs(argv), out, err);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ScaffoldInputError) {
      err.write(`mlops-lens scaffold: ${error.message}\n\n${SCAFFOLD_USAGE}\n`);
      return 2;
    }
    if (error instanceof OverwriteRefusedError) {
      err.write(`mlops-lens scaffold: ${error.message}\nNothing was written.\n`);
      return 1;
    }
    if (
      error instanceof ScaffoldConfigError ||
      error instanceof TemplateError ||
      error instanceof PathConfinementError
    ) {
      err.write(`mlops-lens scaffold: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
