// Values a stage takes from vars files through `${…}` (DVC's Context tracking, dvc/parsing/context.py
// `_track_data`; shown by exp show as params, dvc/repo/params/show.py `_collect_vars`). Tracked are
// the values a stage's interpolations select that come from a file: single values and lists (a
// mapping is not tracked), under their dotted path, e.g. {"config/vars.yaml": {"sizes.small": 1}}.
// foreach/matrix items drawn from a file count as selections of those items.
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { joinRelative, type FileTree } from '../dvclive/fileTree';
import { getParam, isMapping, parseParamsFile } from '../dvc/values/paramsFile';

export type TrackedVars = Record<string, Record<string, unknown>>;

interface Origin {
  /** Repo-relative file the value came from. */
  file: string;
  /** Dotted path inside that file. */
  path: string;
  value: unknown;
}

/** Top-level name → where its value came from. */
type Scope = Map<string, Origin>;

const EXPRESSION = /(?<!\\)\$\{\s*([^}]*?)\s*\}/g;
const DEFAULT_VARS = 'params.yaml';

/** Tracked vars of every stage of one dvc.yaml (repo-relative `dvcfile`). */
export async function trackedVarsOf(tree: FileTree, dvcfile: string, text: string): Promise<TrackedVars> {
  if (!text.includes('${')) return {};
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch {
    return {};
  }
  if (!isMapping(raw) || !isMapping(raw.stages)) return {};
  const dir = path.posix.dirname(dvcfile) === '.' ? '' : path.posix.dirname(dvcfile);
  const scope: Scope = new Map();
  await load(tree, scope, joinRelative(dir, DEFAULT_VARS), null, true);
  for (const entry of Array.isArray(raw.vars) ? raw.vars : []) await loadEntry(tree, scope, dir, entry);
  const tracked: TrackedVars = {};
  for (const definition of Object.values(raw.stages)) {
    if (!isMapping(definition)) continue;
    const stageScope = new Map(scope);
    const wdir = typeof definition.wdir === 'string' ? (joinRelative(dir, definition.wdir) ?? dir) : dir;
    const vars = isMapping(definition.do) ? definition.do.vars : definition.vars;
    for (const entry of Array.isArray(vars) ? vars : []) await loadEntry(tree, stageScope, wdir, entry);
    trackStage(definition, stageScope, tracked);
  }
  return tracked;
}

async function loadEntry(tree: FileTree, scope: Scope, dir: string, entry: unknown): Promise<void> {
  if (typeof entry !== 'string') return;
  const [file, keys] = entry.split(':');
  await load(tree, scope, joinRelative(dir, file), keys ? keys.split(',').map((k) => k.trim()) : null, false);
}

async function load(
  tree: FileTree,
  scope: Scope,
  file: string | null,
  keys: string[] | null,
  optional: boolean,
): Promise<void> {
  if (file === null) return;
  const text = await tree.read(file);
  if (text === null) return;
  const { values, problems } = parseParamsFile(text, file);
  if (problems.length > 0 && !optional) return;
  for (const [name, value] of Object.entries(values))
    if (!keys || keys.includes(name)) scope.set(name, { file, path: name, value });
}

function trackStage(definition: Record<string, unknown>, scope: Scope, tracked: TrackedVars): void {
  const { foreach, matrix, do: body } = definition;
  // `vars` are loaded, not interpolated; foreach/matrix sources resolve outside DVC's tracking.
  const fields = without(definition, ['vars', 'foreach', 'do', 'matrix']);
  if (foreach !== undefined && isMapping(body)) {
    const bodyFields = without(body, ['vars']);
    for (const item of itemsOf(foreach, scope)) trackFields(bodyFields, withItem(scope, item), tracked);
    return;
  }
  if (isMapping(matrix)) {
    for (const [name, values] of Object.entries(matrix))
      for (const item of itemsOf(values, scope))
        trackFields(fields, new Map(scope).set(`item.${name}`, item), tracked);
  }
  trackFields(fields, scope, tracked);
}

function without(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !keys.includes(key)));
}

/** foreach/matrix items: from a file when the list is one `${…}` naming file data. */
function itemsOf(source: unknown, scope: Scope): Origin[] {
  if (typeof source !== 'string') return [];
  const match = /^\$\{\s*([^}]*?)\s*\}$/.exec(source);
  const origin = match ? lookup(scope, match[1]) : null;
  if (!origin) return [];
  const { value } = origin;
  const entries = Array.isArray(value)
    ? value.map((v, i) => [String(i), v] as const)
    : isMapping(value)
      ? Object.entries(value)
      : [];
  return entries.map(([key, item]) => ({ file: origin.file, path: `${origin.path}.${key}`, value: item }));
}

function withItem(scope: Scope, item: Origin): Scope {
  const next = new Map(scope);
  next.set('item', item);
  return next;
}

function trackFields(fields: unknown, scope: Scope, tracked: TrackedVars): void {
  const visit = (node: unknown): void => {
    if (typeof node === 'string') {
      for (const match of node.matchAll(EXPRESSION)) {
        const origin = lookup(scope, match[1]);
        if (origin && !isMapping(origin.value)) (tracked[origin.file] ??= {})[origin.path] = origin.value;
      }
    } else if (Array.isArray(node)) node.forEach(visit);
    else if (isMapping(node)) Object.values(node).forEach(visit);
  };
  visit(fields);
}

/** `a.b[0].c` against the scope: the file, dotted path and value it selects, if from a file. */
function lookup(scope: Scope, expression: string): Origin | null {
  const parts = expression
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean);
  for (let take = Math.min(parts.length, 2); take >= 1; take--) {
    const origin = scope.get(parts.slice(0, take).join('.'));
    if (!origin) continue;
    const rest = parts.slice(take).join('.');
    const value = rest ? getParam(asRecord(origin.value), rest) : origin.value;
    if (value === undefined) return null;
    return { file: origin.file, path: rest ? `${origin.path}.${rest}` : origin.path, value };
  }
  return null;
}

function asRecord(value: unknown): Record<string, unknown> {
  if (isMapping(value)) return value;
  if (Array.isArray(value)) return Object.fromEntries(value.map((v, i) => [String(i), v]));
  return {};
}
