// `mlops-lens runs` and `mlops-lens history`: the run index over every store under the paths.
import * as crypto from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { numberToJson, type MetricPoint, type Problem } from '../core/model';
import { RunIndex } from '../core/index/runIndex';
import { createRunReaderPool } from '../core/index/runReaderPool';
import { compareListedRuns } from '../core/sources/mlflow/cachedRun';
import { UsageError, type ParsedArgs } from './args';
import { formatRunTable } from './table';

function cacheFileFor(roots: string[], flags: Set<string>): string | undefined {
  if (flags.has('--no-cache')) return undefined;
  const dir = process.env.MLOPS_LENS_INDEX_CACHE || path.join(os.homedir(), '.cache', 'mlops-lens', 'index');
  const key = crypto
    .createHash('sha1')
    .update(JSON.stringify([...roots].sort()))
    .digest('hex');
  return path.join(dir, `${key}.v8`);
}

/** Problems already printed: `history` rereads a metric file whose problems the index reported. */
const reported = new Set<string>();

function reportProblems(problems: readonly Problem[]): void {
  for (const problem of problems) {
    const line = `mlops-lens: ${problem.path}: ${problem.reason}\n`;
    if (reported.has(line)) continue;
    reported.add(line);
    process.stderr.write(line);
  }
}

async function openIndex(paths: string[], flags: Set<string>): Promise<RunIndex> {
  const roots = (paths.length > 0 ? paths : ['.']).map((p) => path.resolve(p));
  const index = new RunIndex({
    roots,
    cacheFile: cacheFileFor(roots, flags),
    readInParallel: createRunReaderPool(),
  });
  await index.refresh();
  reportProblems(index.problems());
  return index;
}

/** A point without a recorded time has `"timestamp": null`. */
function pointToJson(point: MetricPoint): Record<string, number | string | null> {
  return { step: point.step, timestamp: point.timestamp ?? null, value: numberToJson(point.value) };
}

const OPEN_BRACKET = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE_BRACKET = Buffer.from(']\n');
const EMPTY_ARRAY = Buffer.from('[]\n');
const COMMA_BYTE = 0x2c;
/** Above this many pieces one joined buffer is written instead (each write is a system call). */
const MAX_SEPARATE_WRITES = 64;

/**
 * The pieces of a JSON array of the runs' bytes. Runs that follow each other in one buffer with a
 * comma between them (the index cache stores them so, in this order) become one piece: a warm
 * start writes the cache's bytes out without copying them.
 */
function jsonArrayPieces(runs: readonly { json: Uint8Array }[]): Uint8Array[] {
  if (runs.length === 0) return [EMPTY_ARRAY];
  const pieces: Uint8Array[] = [OPEN_BRACKET];
  let stretch = runs[0].json;
  for (let i = 1; i < runs.length; i++) {
    const { json } = runs[i];
    const end = stretch.byteOffset + stretch.byteLength;
    if (
      json.buffer === stretch.buffer &&
      json.byteOffset === end + 1 &&
      new Uint8Array(json.buffer)[end] === COMMA_BYTE
    ) {
      stretch = new Uint8Array(json.buffer, stretch.byteOffset, stretch.byteLength + 1 + json.byteLength);
    } else {
      pieces.push(stretch, COMMA);
      stretch = json;
    }
  }
  pieces.push(stretch, CLOSE_BRACKET);
  return pieces;
}

function writeJsonArray(runs: readonly { json: Uint8Array }[]): void {
  const pieces = jsonArrayPieces(runs);
  if (pieces.length > MAX_SEPARATE_WRITES) process.stdout.write(Buffer.concat(pieces));
  else for (const piece of pieces) process.stdout.write(piece);
}

export async function runsCommand(args: ParsedArgs): Promise<void> {
  const index = await openIndex(args.positional, args.flags);
  const wanted = (lifecycle: string) => args.flags.has('--all') || lifecycle === 'active';
  if (args.flags.has('--json')) {
    // Cached runs are printed as stored: a warm start decodes nothing.
    const runs = index
      .encodedRuns()
      .filter((r) => wanted(r.sortKey.lifecycle))
      .sort(compareListedRuns);
    writeJsonArray(runs);
    return;
  }
  const runs = index
    .allRuns()
    .filter((r) => wanted(r.lifecycle))
    .map((run) => ({ run, store: run.store, sortKey: run }))
    .sort(compareListedRuns)
    .map((r) => r.run);
  process.stdout.write(formatRunTable(runs, process.cwd()));
}

export async function historyCommand(args: ParsedArgs): Promise<void> {
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
  reportProblems(problems);
  await writeHistory(points, args.flags.has('--json'), process.stdout);
}

/** Points per write: one JSON string of ten million points would pass V8's 512 MiB string limit. */
const POINTS_PER_CHUNK = 10_000;

/**
 * Writes a history as a JSON array or as tab-separated lines, a chunk of points at a time, waiting
 * whenever the stream asks to (a slow pipe never makes the whole output pile up in memory).
 */
export async function writeHistory(
  points: readonly MetricPoint[],
  json: boolean,
  out: NodeJS.WritableStream,
): Promise<void> {
  const line = json
    ? (p: MetricPoint) => JSON.stringify(pointToJson(p))
    : (p: MetricPoint) => `${p.step}\t${p.timestamp}\t${numberToJson(p.value)}\n`;
  const separator = json ? ',' : '';
  if (json) out.write('[');
  for (let start = 0; start < points.length; start += POINTS_PER_CHUNK) {
    const chunk = points
      .slice(start, start + POINTS_PER_CHUNK)
      .map(line)
      .join(separator);
    const lead = json && start > 0 ? separator : '';
    if (!out.write(lead + chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
  }
  if (json) out.write(']\n');
}
