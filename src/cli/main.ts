#!/usr/bin/env node
import * as crypto from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { numberToJson, type MetricPoint } from '../core/model';
import { RunIndex } from '../core/index/runIndex';
import { createRunReaderPool } from '../core/index/runReaderPool';
import { formatRunTable } from './table';
import { stagesCommand } from './stages';
import { scaffoldMain } from './scaffold';
import packageJson from '../../package.json';

const USAGE = `Usage:
  mlops-lens runs [PATH ...] [--json] [--all] [--no-cache]
      Every run found under the paths (default: the current folder), searching subfolders.
      --json      a JSON array, one object per run
      --all       include deleted runs and runs of deleted experiments
      --no-cache  ignore and do not write the persistent index cache
  mlops-lens history RUN_ID METRIC [PATH ...] [--json]
      Every logged value of one metric of one run, in logged order.
  mlops-lens stages [PATH ...] [--json] [--no-cache]
      Every DVC stage (with its status, computed like dvc status), MLproject entry point and
      Makefile target under the paths. --no-cache: hash files afresh, keep no hash cache.
  mlops-lens scaffold --layout ID --name NAME --dest FOLDER [--option KEY=VALUE ...] | --list
      A new project from a layout (mlops-lens scaffold --help for details).
  mlops-lens --help | --version

The index cache lives in $MLOPS_LENS_INDEX_CACHE (default ~/.cache/mlops-lens/index).
Exit status: 0 (also when some files were unreadable: each is reported on stderr), 2 on usage errors.`;

class UsageError extends Error {}

interface ParsedArgs {
  command: string;
  positional: string[];
  flags: Set<string>;
}

const KNOWN_FLAGS: Record<string, string[]> = {
  runs: ['--json', '--all', '--no-cache'],
  history: ['--json', '--no-cache'],
  stages: ['--json', '--no-cache'],
};

function parseArgs(argv: string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (!command) throw new UsageError('missing command');
  const allowed = KNOWN_FLAGS[command];
  if (!allowed) throw new UsageError(`unknown command '${command}'`);
  const flags = new Set<string>();
  const positional: string[] = [];
  for (const arg of rest) {
    if (arg.startsWith('--')) {
      if (!allowed.includes(arg)) throw new UsageError(`unknown option '${arg}' for '${command}'`);
      flags.add(arg);
    } else positional.push(arg);
  }
  return { command, positional, flags };
}

function cacheFileFor(roots: string[], flags: Set<string>): string | undefined {
  if (flags.has('--no-cache')) return undefined;
  const dir = process.env.MLOPS_LENS_INDEX_CACHE || path.join(os.homedir(), '.cache', 'mlops-lens', 'index');
  const key = crypto
    .createHash('sha1')
    .update(JSON.stringify([...roots].sort()))
    .digest('hex');
  return path.join(dir, `${key}.v8`);
}

async function openIndex(paths: string[], flags: Set<string>): Promise<RunIndex> {
  const roots = (paths.length > 0 ? paths : ['.']).map((p) => path.resolve(p));
  const index = new RunIndex({
    roots,
    cacheFile: cacheFileFor(roots, flags),
    readInParallel: createRunReaderPool(),
  });
  await index.refresh();
  for (const problem of index.problems())
    process.stderr.write(`mlops-lens: ${problem.path}: ${problem.reason}\n`);
  return index;
}

function pointToJson(point: MetricPoint): Record<string, number | string> {
  return { step: point.step, timestamp: point.timestamp, value: numberToJson(point.value) };
}

const OPEN_BRACKET = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE_BRACKET = Buffer.from(']\n');
const EMPTY_ARRAY = Buffer.from('[]\n');

interface Sortable {
  store: string;
  sortKey: { experimentName: string; startTime: number | null; id: string; lifecycle: string };
}

/** By store, experiment, newest first: the order `runs` prints in, with or without --json. */
function byStoreExperimentStart(a: Sortable, b: Sortable): number {
  return (
    a.store.localeCompare(b.store) ||
    a.sortKey.experimentName.localeCompare(b.sortKey.experimentName) ||
    (b.sortKey.startTime ?? 0) - (a.sortKey.startTime ?? 0) ||
    a.sortKey.id.localeCompare(b.sortKey.id)
  );
}

async function runsCommand(args: ParsedArgs): Promise<void> {
  const index = await openIndex(args.positional, args.flags);
  const wanted = (lifecycle: string) => args.flags.has('--all') || lifecycle === 'active';
  if (args.flags.has('--json')) {
    // Cached runs are printed as stored: a warm start decodes nothing.
    const runs = index
      .encodedRuns()
      .filter((r) => wanted(r.sortKey.lifecycle))
      .sort(byStoreExperimentStart);
    const parts: Uint8Array[] = [];
    runs.forEach((r, i) => parts.push(i === 0 ? OPEN_BRACKET : COMMA, r.json));
    parts.push(runs.length === 0 ? EMPTY_ARRAY : CLOSE_BRACKET);
    process.stdout.write(Buffer.concat(parts));
    return;
  }
  const runs = index
    .allRuns()
    .filter((r) => wanted(r.lifecycle))
    .map((run) => ({ run, store: run.store, sortKey: run }))
    .sort(byStoreExperimentStart)
    .map((r) => r.run);
  process.stdout.write(formatRunTable(runs, process.cwd()));
}

async function historyCommand(args: ParsedArgs): Promise<void> {
  const [runId, metric, ...paths] = args.positional;
  if (!runId || !metric) throw new UsageError('history needs RUN_ID and METRIC');
  const index = await openIndex(paths, args.flags);
  const runs = index.findRunsById(runId);
  if (runs.length === 0) {
    process.stderr.write(`mlops-lens: no run with id '${runId}' under ${paths.join(', ') || '.'}\n`);
    process.exitCode = 1;
    return;
  }
  const { points, problems } = await index.history(runs[0], metric);
  for (const problem of problems) process.stderr.write(`mlops-lens: ${problem.path}: ${problem.reason}\n`);
  if (args.flags.has('--json')) {
    process.stdout.write(`${JSON.stringify(points.map(pointToJson))}\n`);
  } else {
    for (const p of points) process.stdout.write(`${p.step}\t${p.timestamp}\t${numberToJson(p.value)}\n`);
  }
}

export async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'scaffold') {
    process.exitCode = await scaffoldMain(argv.slice(1));
    return;
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (argv[0] === '--version') {
    process.stdout.write(`${packageJson.version}\n`);
    return;
  }
  try {
    const args = parseArgs(argv);
    if (args.command === 'runs') await runsCommand(args);
    else if (args.command === 'stages') {
      await stagesCommand(args.positional, {
        json: args.flags.has('--json'),
        useCache: !args.flags.has('--no-cache'),
      });
    } else await historyCommand(args);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`mlops-lens: ${error.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}

void main(process.argv.slice(2));
