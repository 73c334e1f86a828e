// `dvc params diff` and `dvc metrics diff` (dvc/repo/params/diff.py, dvc/repo/metrics/diff.py,
// dvc/utils/diff.py): the params or metrics of revision A (default HEAD) against revision B
// (default the workspace), file by file, on flattened dotted keys. Lists are compared as the text
// Python's str() gives them; `diff` is set when both values are numbers (bools count, as in Python);
// a key missing on one side is null there; unchanged keys only with `all`. A repository without
// commits gives an empty result, as DVC's does.
import type { FileTree } from '../sources/dvclive/fileTree';
import { parseDataFile } from '../sources/dvc/typedData';
import { isPyDict, PyFloat, type PyDict, type PyValue } from '../sources/dvc/pyValue';
import { findGitLocation } from '../sources/dvcExperiments/gitFiles';
import { valuesFileTooLarge } from '../sources/dvc/values/paramsFile';
import { collectRevision, type FileResult } from '../sources/dvcExperiments/revision';
import { DataError } from '../data/model';
import { DataRepo, workspaceTree } from '../data/versions';
import { numberOf, pyRepr, pyScalarEquals, retype } from './pyData';

export type ValuesKind = 'params' | 'metrics';

export interface ValueChange {
  old: PyValue;
  new: PyValue;
  diff?: PyValue;
}

/** File (repo-relative) → flattened key ("" for a file holding one value) → change. */
export type ValuesDiff = Record<string, Record<string, ValueChange>>;

export interface ValuesProblem {
  rev: string;
  /** The file that could not be read (repo-relative), when the problem is one file's. */
  file?: string;
  reason: string;
}

export interface ValuesDiffResult {
  diff: ValuesDiff;
  /** Files DVC could not load on either side (compared as empty, as DVC does). */
  problems: ValuesProblem[];
}

export interface ValuesDiffOptions {
  aRev?: string;
  /** "workspace" (the default) or a revision. */
  bRev?: string;
  /** Unchanged keys too (`--all`). */
  all?: boolean;
}

export const WORKSPACE = 'workspace';

/** One side's files: repo-relative path → its values typed as Python has them, or why not. */
export type SideValues = Record<string, { data: PyValue } | { error: string }>;

export async function valuesDiff(
  kind: ValuesKind,
  root: string,
  { aRev = 'HEAD', bRev = WORKSPACE, all = false }: ValuesDiffOptions = {},
): Promise<ValuesDiffResult> {
  const repo = new DataRepo(root);
  try {
    if (!(await hasCommits(repo))) return { diff: {}, problems: [] };
    const problems: ValuesProblem[] = [];
    const read = async (rev: string): Promise<SideValues> => {
      const side = await readSide(repo, kind, rev);
      problems.push(...side.problems);
      return side.values;
    };
    const oldValues = await read(aRev);
    const newValues = bRev === aRev ? oldValues : await read(bRev);
    return { diff: diffSides(oldValues, newValues, all), problems };
  } finally {
    repo.close();
  }
}

async function hasCommits(repo: DataRepo): Promise<boolean> {
  // A project outside Git (dvc init --no-scm) has no revisions to compare, like one without commits.
  if (!findGitLocation(repo.root)) return false;
  try {
    await repo.resolve('HEAD');
    return true;
  } catch (error) {
    if (error instanceof DataError) return false;
    throw error;
  }
}

async function readSide(
  repo: DataRepo,
  kind: ValuesKind,
  rev: string,
): Promise<{ values: SideValues; problems: ValuesProblem[] }> {
  const workspace = rev === WORKSPACE;
  const tree = workspace ? workspaceTree(repo.root) : await repo.treeAt(await repo.resolve(rev));
  const data = await collectRevision(tree, repo.root, undefined, { dvcCache: !workspace });
  if (data.error) {
    return { values: {}, problems: [{ rev, file: data.errorFile, reason: data.error }] };
  }
  const values: SideValues = {};
  const problems: ValuesProblem[] = [];
  for (const [file, result] of Object.entries(data[kind])) {
    values[file] = await typedResult(tree, file, result);
    if (result.error !== undefined) problems.push({ rev, file, reason: result.error });
  }
  return { values, problems };
}

export async function typedResult(
  tree: FileTree,
  file: string,
  result: FileResult,
): Promise<SideValues[string]> {
  if (result.error !== undefined) return { error: result.error };
  return { data: retype(result.data, await typedParse(tree, file)) };
}

/** The file parsed with floats told from ints; undefined when that parse fails (plain values stay). */
async function typedParse(tree: FileTree, file: string): Promise<PyValue | undefined> {
  const text = await tree.read(file);
  if (text === null || valuesFileTooLarge(text)) return undefined;
  try {
    return parseDataFile(file, text);
  } catch {
    return undefined;
  }
}

/** `dvc.utils.diff.diff` over `format_dict` of both sides: a file unreadable on a side is empty there. */
export function diffSides(oldSide: SideValues, newSide: SideValues, all: boolean): ValuesDiff {
  const result: ValuesDiff = {};
  const files = new Set([...Object.keys(oldSide), ...Object.keys(newSide)]);
  for (const file of files) {
    const changes = diffFile(dataOf(oldSide[file]), dataOf(newSide[file]), all);
    if (Object.keys(changes).length > 0) result[file] = changes;
  }
  return result;
}

function dataOf(entry: SideValues[string] | undefined): PyValue {
  return entry && 'data' in entry ? formatTop(entry.data) : {};
}

/** `format_dict` then `_parse`: lists become their str() text; a file's top-level list text is read back as JSON. */
function formatTop(data: PyValue): PyValue {
  if (!Array.isArray(data)) return formatLists(data);
  const text = pyRepr(data);
  try {
    return retype(JSON.parse(text), undefined);
  } catch {
    return text;
  }
}

function formatLists(value: PyValue): PyValue {
  if (Array.isArray(value)) return pyRepr(value);
  if (!isPyDict(value)) return value;
  const out: PyDict = {};
  for (const [key, item] of Object.entries(value)) out[key] = formatLists(item);
  return out;
}

const UNPARSABLE = 'unable to parse';

function diffFile(oldData: PyValue, newData: PyValue, all: boolean): Record<string, ValueChange> {
  if (!isPyDict(oldData) && !isPyDict(newData)) {
    const change = diffValues(oldData, newData, all);
    return change ? { '': change } : {};
  }
  const oldFlat = flattenSide(oldData);
  const newFlat = flattenSide(newData);
  const changes: Record<string, ValueChange> = {};
  for (const key of new Set([...oldFlat.keys, ...newFlat.keys])) {
    const change = diffValues(oldFlat.get(key), newFlat.get(key), all);
    if (change) changes[key] = change;
  }
  return changes;
}

/** `_flatten`: nothing (every key null), a mapping's dotted keys, or "unable to parse" for anything else. */
function flattenSide(data: PyValue): { keys: string[]; get: (key: string) => PyValue } {
  if (isPythonEmpty(data)) return { keys: [], get: () => null };
  if (!isPyDict(data)) return { keys: [], get: () => UNPARSABLE };
  const flat = new Map<string, PyValue>();
  flattenInto(data, '', flat);
  return { keys: [...flat.keys()], get: (key) => flat.get(key) ?? null };
}

function isPythonEmpty(value: PyValue): boolean {
  if (value === null || value === false || value === 0 || value === '') return true;
  if (value instanceof PyFloat) return value.value === 0;
  if (Array.isArray(value)) return value.length === 0;
  return isPyDict(value) && Object.keys(value).length === 0;
}

/** flatten_dict with the "dot" reducer: empty mappings vanish. */
function flattenInto(node: PyDict, prefix: string, flat: Map<string, PyValue>): void {
  for (const [key, value] of Object.entries(node)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (isPyDict(value)) flattenInto(value, name, flat);
    else flat.set(name, value);
  }
}

/** `_diff_vals`. */
function diffValues(oldValue: PyValue, newValue: PyValue, all: boolean): ValueChange | null {
  if (Array.isArray(oldValue) && Array.isArray(newValue) && oldValue.length === 1 && newValue.length === 1)
    return diffValues(oldValue[0], newValue[0], all);
  if (!all && pyScalarEquals(oldValue, newValue)) return null;
  const change: ValueChange = { old: oldValue, new: newValue };
  const oldNumber = numberOf(oldValue);
  const newNumber = numberOf(newValue);
  if (oldNumber && newNumber) {
    const difference = newNumber.value - oldNumber.value;
    change.diff = oldNumber.float || newNumber.float ? new PyFloat(difference) : difference;
  }
  return change;
}
