// The Runs Table's columns: which exist, which vary across rows (the default set), and each run's
// cell text. Pure (no `vscode`), so that the rules are unit-tested.
import type { Run } from '../../core/model';
import { naturalCompare, parseNumeric } from '../../core/query/numbers';
import type { ColumnView } from './protocol';

/** Attribute columns besides the name (which is always shown first, as the sticky column). */
export const ATTRIBUTE_COLUMNS = [
  'attr:status',
  'attr:start',
  'attr:duration',
  'attr:experiment',
  'attr:store',
] as const;
/** Shown whatever varies: name (implicit), status, start and duration. */
export const FIXED_DEFAULT_COLUMNS: readonly string[] = ['attr:status', 'attr:start', 'attr:duration'];
/** The default set stops here: wider tables are the user's choice. */
export const MAX_DEFAULT_VARYING = 30;
/** Param values are cut here for the table (the full value is in Run Details). */
const MAX_CELL_TEXT = 200;

export type ColumnKind = ColumnView['kind'];

export function columnId(kind: 'metric' | 'param', key: string): string {
  return `${kind}:${key}`;
}

/** Splits `metric:loss` into its kind and key; undefined for ids this table does not know. */
export function parseColumnId(id: string): { kind: ColumnKind; key: string } | undefined {
  const colon = id.indexOf(':');
  if (colon <= 0) return undefined;
  const kind = id.slice(0, colon);
  const key = id.slice(colon + 1);
  if (key === '') return undefined;
  if (kind === 'attr')
    return (ATTRIBUTE_COLUMNS as readonly string[]).includes(id) ? { kind, key } : undefined;
  return kind === 'metric' || kind === 'param' ? { kind, key } : undefined;
}

/** Every metric and param key of the runs, metrics first, each group sorted naturally. */
export function dataColumnIds(runs: readonly Run[]): string[] {
  const metrics = new Set<string>();
  const params = new Set<string>();
  for (const run of runs) {
    for (const key of Object.keys(run.metrics)) metrics.add(key);
    for (const key of Object.keys(run.params)) params.add(key);
  }
  return [
    ...[...metrics].sort(naturalCompare).map((key) => columnId('metric', key)),
    ...[...params].sort(naturalCompare).map((key) => columnId('param', key)),
  ];
}

/** The raw value a cell compares by: a metric's number, a param's text, or undefined when missing. */
function rawValue(run: Run, kind: 'metric' | 'param', key: string): number | string | undefined {
  if (kind === 'metric') return Object.hasOwn(run.metrics, key) ? run.metrics[key].value : undefined;
  return Object.hasOwn(run.params, key) ? run.params[key] : undefined;
}

/**
 * True when the rows do not all hold the same value for the column: a value that differs, or a run
 * that lacks the key while another has it. NaN equals NaN here (it is the same thing to look at).
 */
export function columnVaries(runs: readonly Run[], id: string): boolean {
  const parsed = parseColumnId(id);
  if (!parsed || parsed.kind === 'attr') return false;
  const { kind, key } = parsed;
  const first = rawValue(runs[0], kind, key);
  for (let i = 1; i < runs.length; i++) if (!Object.is(rawValue(runs[i], kind, key), first)) return true;
  return false;
}

/** How many runs hold the column's key. */
function coverage(runs: readonly Run[], id: string): number {
  const parsed = parseColumnId(id);
  if (!parsed || parsed.kind === 'attr') return 0;
  return runs.filter((run) => rawValue(run, parsed.kind as 'metric' | 'param', parsed.key) !== undefined)
    .length;
}

/**
 * The default columns: status, start, duration; the experiment and the store when the rows come from
 * several; then the metrics and params whose values vary across the rows (metrics first), those most
 * runs hold first — a sweep's parent run logs keys its children lack, and those columns, empty in
 * almost every row, would otherwise push the children's metrics off screen. With fewer than two rows
 * nothing can vary, so every key is shown.
 */
export function defaultColumnIds(runs: readonly Run[]): string[] {
  const data = dataColumnIds(runs);
  const varying = runs.length < 2 ? data : data.filter((id) => columnVaries(runs, id));
  const held = new Map(varying.map((id) => [id, coverage(runs, id)]));
  const group = (id: string): number => (id.startsWith('metric:') ? 0 : 1);
  varying.sort((a, b) => group(a) - group(b) || (held.get(b) ?? 0) - (held.get(a) ?? 0));
  const several = (value: (run: Run) => string): boolean => new Set(runs.map(value)).size > 1;
  const origins = [
    ...(several((run) => `${run.store}\u0000${run.experimentId}`) ? ['attr:experiment'] : []),
    ...(several((run) => run.store) ? ['attr:store'] : []),
  ];
  return [...FIXED_DEFAULT_COLUMNS, ...origins, ...varying.slice(0, MAX_DEFAULT_VARYING)];
}

/** Whether a column's cells are numbers: metrics and times always; params when every present value is. */
export function isNumericColumn(runs: readonly Run[], id: string): boolean {
  const parsed = parseColumnId(id);
  if (!parsed) return false;
  if (parsed.kind === 'metric') return true;
  if (parsed.kind === 'attr') return parsed.key === 'start' || parsed.key === 'duration';
  let seen = false;
  for (const run of runs) {
    if (!Object.hasOwn(run.params, parsed.key)) continue;
    if (parseNumeric(run.params[parsed.key]) === undefined) return false;
    seen = true;
  }
  return seen;
}

/** A metric value for a cell: integers in full, others to 6 significant digits. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '-∞';
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e15 || magnitude < 1e-4) return value.toExponential(4).replace(/\.?0+e/, 'e');
  return String(Number(value.toPrecision(6)));
}

/** "2024-06-05 14:03", in the local time zone. */
export function formatStart(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** Milliseconds from start to end (or to `now` while running); undefined without a start. */
export function runDurationMs(run: Run, now: number): number | undefined {
  if (run.startTime === null) return undefined;
  const end = run.endTime ?? (run.status === 'RUNNING' ? now : null);
  return end === null ? undefined : Math.max(0, end - run.startTime);
}

/** "1h 02m", "3m 05s", "12s"; days above 48 hours ("3d 04h"). */
export function formatDurationMs(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const d = Math.floor(seconds / 86400);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const two = (n: number): string => String(n).padStart(2, '0');
  if (h >= 48) return `${d}d ${two(h % 24)}h`;
  if (h > 0) return `${h}h ${two(m)}m`;
  if (m > 0) return `${m}m ${two(s)}s`;
  return `${s}s`;
}

/** The text of one cell, or null when the run has no value there. */
export function cellText(run: Run, id: string, context: CellContext): string | null {
  return cellReader(id, context)(run);
}

/** What cell texts depend on besides the run. */
export interface CellContext {
  /** For the duration of running runs. */
  now: number;
  /** A short name of a store (its path relative to the workspace). */
  storeLabel(store: string): string;
}

/**
 * A column's cell text as a function of the run, decided once per column: a table of 10,000 rows
 * reads hundreds of thousands of cells.
 */
export function cellReader(id: string, context: CellContext): (run: Run) => string | null {
  const parsed = parseColumnId(id);
  if (!parsed) return () => null;
  const key = parsed.key;
  switch (parsed.kind) {
    case 'metric':
      return (run) => (Object.hasOwn(run.metrics, key) ? formatNumber(run.metrics[key].value) : null);
    case 'param':
      return (run) => {
        if (!Object.hasOwn(run.params, key)) return null;
        const text = run.params[key];
        return text.length > MAX_CELL_TEXT ? `${text.slice(0, MAX_CELL_TEXT)}…` : text;
      };
    case 'attr':
      return (run) => attributeText(run, key, context);
  }
}

function attributeText(run: Run, key: string, context: CellContext): string | null {
  switch (key) {
    case 'status':
      return run.status;
    case 'start':
      return run.startTime === null ? null : formatStart(run.startTime);
    case 'duration': {
      const ms = runDurationMs(run, context.now);
      return ms === undefined ? null : formatDurationMs(ms);
    }
    case 'experiment':
      return run.experimentName;
    case 'store':
      return context.storeLabel(run.store);
    default:
      return null;
  }
}
