// `mlops-lens params-diff [A_REV] [B_REV] [--all] [--json]` and `mlops-lens metrics-diff …`: what
// `dvc params diff` / `dvc metrics diff` report for the same arguments, computed from the files and
// Git objects without running DVC. With --json the bytes of DVC's JSON (files and keys sorted: DVC's
// order follows Python's per-process string hashing). Nothing is written.
import * as path from 'node:path';
import { compareCodePoints, pythonJsonString } from '../core/pipeline/dirHash';
import { DataError } from '../core/data/model';
import { pyJson } from '../core/paramsDiff/pyData';
import { valuesDiff, WORKSPACE, type ValuesDiff, type ValuesKind } from '../core/paramsDiff/diff';
import { findDvcRoot } from '../core/sources/dvc/dvcRepo';
import { pyFloatRepr, PyFloat, type PyValue } from '../core/sources/dvc/pyValue';
import { UsageError } from './args';

const FLAGS = new Set(['--json', '--all']);

interface ValuesArgs {
  aRev?: string;
  bRev?: string;
  json: boolean;
  all: boolean;
  /** `--cd DIR` (DVC's global option): the folder the command runs in. */
  cwd: string;
}

function parseValuesArgs(command: string, argv: readonly string[]): ValuesArgs {
  const positional: string[] = [];
  const flags = new Set<string>();
  let cwd = process.cwd();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--cd') {
      const dir = argv[++i];
      if (dir === undefined) throw new UsageError('--cd needs a folder');
      cwd = path.resolve(dir);
    } else if (arg.startsWith('-') && arg !== '-') {
      if (!FLAGS.has(arg)) throw new UsageError(`unknown option '${arg}' for '${command}'`);
      flags.add(arg);
    } else positional.push(arg);
  }
  if (positional.length > 2) throw new UsageError(`${command} takes at most two revisions`);
  const [aRev, bRev] = positional;
  return { aRev, bRev, json: flags.has('--json'), all: flags.has('--all'), cwd };
}

/** DVC's keys: file paths relative to the current folder, then files and keys in code-point order. */
export function shownDiff(diff: ValuesDiff, root: string, cwd: string): ValuesDiff {
  const start = path.relative(root, cwd);
  const shown: ValuesDiff = {};
  const files = Object.keys(diff).map((file) => [path.relative(start || '.', file) || '.', file] as const);
  for (const [display, file] of files.sort((a, b) => compareCodePoints(a[0], b[0]))) {
    const keys = Object.keys(diff[file]).sort(compareCodePoints);
    shown[display] = Object.fromEntries(keys.map((key) => [key, diff[file][key]]));
  }
  return shown;
}

export function diffJson(diff: ValuesDiff): string {
  const files = Object.entries(diff).map(([file, changes]) => {
    const keys = Object.entries(changes).map(([key, change]) => {
      const parts = [`"old": ${pyJson(change.old)}`, `"new": ${pyJson(change.new)}`];
      if (change.diff !== undefined) parts.push(`"diff": ${pyJson(change.diff)}`);
      return `${pythonJsonString(key)}: {${parts.join(', ')}}`;
    });
    return `${pythonJsonString(file)}: {${keys.join(', ')}}`;
  });
  return `{${files.join(', ')}}\n`;
}

/** A value in the table: Python's str() (None shown as "-", as DVC's table does). */
function cell(value: PyValue | undefined): string {
  if (value === null || value === undefined) return '-';
  if (value instanceof PyFloat) return pyFloatRepr(value.value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return typeof value === 'object' ? pyJson(value) : String(value);
}

export function diffText(diff: ValuesDiff, kind: ValuesKind, revisions: readonly [string, string]): string {
  const rows: string[][] = [];
  for (const [file, changes] of Object.entries(diff))
    for (const [key, change] of Object.entries(changes)) {
      const row = [file, key, cell(change.old), cell(change.new)];
      if (kind === 'metrics') row.push(cell(change.diff));
      rows.push(row);
    }
  if (rows.length === 0) return '';
  const header = ['Path', kind === 'params' ? 'Param' : 'Metric', ...revisions];
  if (kind === 'metrics') header.push('Change');
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  return `${all
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

async function valuesCommand(kind: ValuesKind, argv: readonly string[]): Promise<number> {
  const command = `${kind}-diff`;
  const args = parseValuesArgs(command, argv);
  const { cwd } = args;
  try {
    const root = findDvcRoot(cwd);
    if (!root) throw new DataError(cwd, 'not inside a DVC project (no .dvc folder here or above)');
    const result = await valuesDiff(kind, root, { aRev: args.aRev, bRev: args.bRev, all: args.all });
    for (const problem of result.problems) {
      const where = problem.file ? path.join(root, ...problem.file.split('/')) : root;
      process.stderr.write(`mlops-lens: ${where} (${problem.rev}): ${problem.reason}\n`);
    }
    const shown = shownDiff(result.diff, root, cwd);
    const revisions = [args.aRev ?? 'HEAD', args.bRev ?? WORKSPACE] as const;
    process.stdout.write(args.json ? diffJson(shown) : diffText(shown, kind, revisions));
    return 0;
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    process.stderr.write(`mlops-lens: ${error.path}: ${error.reason}\n`);
    return 1;
  }
}

export const paramsDiffCommand = (argv: readonly string[]): Promise<number> => valuesCommand('params', argv);
export const metricsDiffCommand = (argv: readonly string[]): Promise<number> =>
  valuesCommand('metrics', argv);
