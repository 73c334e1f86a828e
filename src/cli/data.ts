// `mlops-lens diff [A_REV] [B_REV] [--targets PATH ...]` and `mlops-lens data-status [PATH ...]`:
// the JSON of `dvc diff --json` and `dvc data status --json` for the same arguments, computed from
// the DVC cache and Git objects without running DVC. Nothing is written but the hash cache.
import * as path from 'node:path';
import { compareCodePoints, pythonJsonString } from '../core/pipeline/dirHash';
import { HashCache } from '../core/pipeline/hashCache';
import { dataDiff, type DataDiff } from '../core/data/diff';
import { DataError } from '../core/data/model';
import { dataStatus, type DataStatus } from '../core/data/status';
import { findDvcRoot } from '../core/sources/dvc/dvcRepo';
import { UsageError } from './args';
import { hashCacheFor } from './hashCacheFile';

const DIFF_FLAGS = new Set(['--json', '--show-hash', '--hide-missing', '--no-cache']);
const STATUS_FLAGS = new Set(['--json', '--granular', '--unchanged', '--no-cache']);

interface DataArgs {
  positional: string[];
  targets: string[];
  flags: Set<string>;
  /** `--cd DIR` (DVC's global option): the folder the command runs in. */
  cwd: string;
}

function parseDataArgs(command: string, argv: readonly string[], allowed: Set<string>): DataArgs {
  const parsed: DataArgs = { positional: [], targets: [], flags: new Set(), cwd: process.cwd() };
  let inTargets = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--targets' && command === 'diff') inTargets = true;
    else if (arg === '--cd') {
      const dir = argv[++i];
      if (dir === undefined) throw new UsageError('--cd needs a folder');
      parsed.cwd = path.resolve(dir);
      inTargets = false;
    } else if (arg.startsWith('-') && arg !== '-') {
      if (!allowed.has(arg)) throw new UsageError(`unknown option '${arg}' for '${command}'`);
      parsed.flags.add(arg);
      inTargets = false;
    } else (inTargets ? parsed.targets : parsed.positional).push(arg);
  }
  return parsed;
}

/** Python's `json.dumps` (", " and ": " separators, non-ASCII escaped): DVC's exact bytes. */
export function pythonJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return pythonJsonString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([k, v]) => `${pythonJsonString(k)}: ${pythonJson(v)}`).join(', ')}}`;
}

type DiffEntry = { path: string | { old: string; new: string }; hash?: unknown };

/** What `dvc diff` prints: each list sorted by path (a rename by its old path), hashes only on request. */
export function formatDvcDiff(
  diff: DataDiff | Record<string, never>,
  options: { showHash: boolean; hideMissing: boolean },
): Record<string, DiffEntry[]> {
  const shown: Record<string, DiffEntry[]> = {};
  for (const [key, entries] of Object.entries(diff) as [string, DiffEntry[]][]) {
    if (key === 'not in cache' && options.hideMissing) continue;
    const sortKey = (entry: DiffEntry) => (typeof entry.path === 'string' ? entry.path : entry.path.old);
    const sorted = [...entries].sort((a, b) => compareCodePoints(sortKey(a), sortKey(b)));
    shown[key] = options.showHash ? sorted : sorted.map(({ path: p }) => ({ path: p }));
  }
  return shown;
}

function diffText(shown: Record<string, DiffEntry[]>): string {
  const titles: Record<string, string> = {
    added: 'Added',
    deleted: 'Deleted',
    modified: 'Modified',
    renamed: 'Renamed',
    'not in cache': 'Not in cache',
  };
  const lines: string[] = [];
  for (const [key, entries] of Object.entries(shown)) {
    if (entries.length === 0) continue;
    lines.push(`${titles[key] ?? key}:`);
    for (const { path: p } of entries)
      lines.push(`    ${typeof p === 'string' ? p : `${p.old} -> ${p.new}`}`);
    lines.push('');
  }
  const counts = Object.entries(shown).map(([key, entries]) => `${entries.length} ${key}`);
  if (counts.length > 0) lines.push(`files summary: ${counts.join(', ')}`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function statusText(status: DataStatus): string {
  const lines: string[] = [];
  const section = (title: string, paths: string[]) => {
    if (paths.length === 0) return;
    lines.push(`${title}:`, ...paths.map((p) => `        ${p}`), '');
  };
  section('Not in cache', status.not_in_cache ?? []);
  for (const [title, diff] of [
    ['DVC committed changes', status.committed],
    ['DVC uncommitted changes', status.uncommitted],
  ] as const) {
    if (!diff) continue;
    const paths = Object.entries(diff).flatMap(([kind, list]: [string, unknown[]]) =>
      list.map((p) =>
        typeof p === 'string'
          ? `${kind}: ${p}`
          : `${kind}: ${(p as { old: string }).old} -> ${(p as { new: string }).new}`,
      ),
    );
    section(title, paths);
  }
  section('DVC unchanged files', status.unchanged ?? []);
  return lines.length > 0 ? `${lines.join('\n')}\n` : 'No changes.\n';
}

function projectRoot(cwd: string): string {
  const root = findDvcRoot(cwd);
  if (!root) throw new DataError(cwd, 'not inside a DVC project (no .dvc folder here or above)');
  return root;
}

/** Runs a data command; a DataError (bad file, unknown revision…) is reported on stderr with status 1. */
async function reported(
  args: DataArgs,
  run: (root: string, hashCache: HashCache) => Promise<string>,
): Promise<number> {
  let hashCache: HashCache | undefined;
  try {
    const root = projectRoot(args.cwd);
    hashCache = hashCacheFor([root], !args.flags.has('--no-cache'));
    process.stdout.write(await run(root, hashCache));
    return 0;
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    process.stderr.write(`mlops-lens: ${error.path}: ${error.reason}\n`);
    return 1;
  } finally {
    try {
      hashCache?.save();
    } catch {
      // the hash cache only saves time: failing to save it changes no result
    }
  }
}

export async function diffCommand(argv: readonly string[]): Promise<number> {
  const args = parseDataArgs('diff', argv, DIFF_FLAGS);
  if (args.positional.length > 2) throw new UsageError('diff takes at most two revisions');
  const [aRev, bRev] = args.positional;
  return reported(args, async (root, hashCache) => {
    const diff = await dataDiff(root, { aRev, bRev, targets: args.targets, cwd: args.cwd, hashCache });
    const shown = formatDvcDiff(diff, {
      showHash: args.flags.has('--show-hash'),
      hideMissing: bRev !== undefined || args.flags.has('--hide-missing'),
    });
    return args.flags.has('--json') ? `${pythonJson(shown)}\n` : diffText(shown);
  });
}

export async function dataStatusCommand(argv: readonly string[]): Promise<number> {
  const args = parseDataArgs('data-status', argv, STATUS_FLAGS);
  return reported(args, async (root, hashCache) => {
    const status = await dataStatus(root, {
      targets: args.positional,
      cwd: args.cwd,
      granular: args.flags.has('--granular'),
      unchanged: args.flags.has('--unchanged'),
      hashCache,
    });
    return args.flags.has('--json') ? `${pythonJson(status)}\n` : statusText(status);
  });
}
