// The two sides an inline hint compares, as `dvc params diff` / `dvc metrics diff` read them: the
// baseline revision's files and the workspace's, where the file open in the editor is read from its
// unsaved text. Files that no dvc.yaml tracks (an MLproject, params of a project without DVC) are
// compared whole.
import {
  diffSides,
  typedResult,
  type SideValues,
  type ValueChange,
  type ValuesKind,
} from '../paramsDiff/diff';
import { retype } from '../paramsDiff/pyData';
import { toPlain, type PyValue } from '../sources/dvc/pyValue';
import { parseTypedJsonFast } from './typedJson';
import { parseDataFile } from '../sources/dvc/typedData';
import { readMetricsData } from '../sources/dvc/values/metricsFile';
import {
  formatOf,
  isMapping,
  isPythonFalsy,
  loadValuesFile,
  valuesFileTooLarge,
} from '../sources/dvc/values/paramsFile';
import { fastParseYaml } from '../sources/dvc/fastYaml';
import { refusedTab } from '../sources/dvc/values/yamlTabs';
import type { FileTree } from '../sources/dvclive/fileTree';
import {
  collectRevision,
  selectKeys,
  trackedParamsFiles,
  type FileResult,
} from '../sources/dvcExperiments/revision';

export interface TreeSides {
  params: SideValues;
  metrics: SideValues;
  /** Why DVC shows nothing for this side (a dvc.yaml it cannot load); both kinds are then empty. */
  error?: string;
}

export type FileChanges = Record<string, ValueChange>;

/** Params and metrics of a tree typed as the diff compares them. */
export async function readTreeSides(
  tree: FileTree,
  root: string,
  options: { files?: readonly string[]; dvcCache?: boolean } = {},
): Promise<TreeSides> {
  const data = await collectRevision(tree, root, options.files, { dvcCache: options.dvcCache ?? false });
  if (data.error) return { params: {}, metrics: {}, error: data.error };
  const typed = async (results: Record<string, FileResult>): Promise<SideValues> => {
    const out: SideValues = {};
    for (const [file, result] of Object.entries(results)) out[file] = await typedResult(tree, file, result);
    return out;
  };
  return { params: await typed(data.params), metrics: await typed(data.metrics) };
}

/**
 * The workspace as read from disk, with the keys each params file is tracked by: an edit of one
 * file then re-reads only that file (the others did not change).
 */
export interface WorkspaceContext {
  sides: TreeSides;
  /** Params file → selected keys (null: whole); null when DVC shows no data for the workspace. */
  tracked: Map<string, string[] | null> | null;
}

export async function readWorkspaceContext(
  tree: FileTree,
  root: string,
  files?: readonly string[],
): Promise<WorkspaceContext> {
  const sides = await readTreeSides(tree, root, { files });
  return { sides, tracked: sides.error ? null : await trackedParamsFiles(tree, root, files) };
}

/**
 * The changes of a file the editor holds (its unsaved text) against the baseline: the file read as
 * `collectRevision` reads it (its tracked keys, or its metrics), beside the workspace's other files.
 */
export function editedFileChanges(
  kind: ValuesKind,
  file: string,
  text: string,
  baseline: TreeSides,
  workspace: WorkspaceContext,
): FileChanges {
  if (workspace.sides.error || !workspace.tracked) return {};
  let entry: SideValues[string] | undefined;
  if (kind === 'metrics')
    entry =
      sideKindOf(workspace.sides, file) === 'metrics'
        ? wholeFileSide(text, file, 'metrics')[file]
        : undefined;
  else if (workspace.tracked.has(file)) entry = trackedEntry(text, file, workspace.tracked.get(file) ?? null);
  // A file that only feeds `${…}` shows the values the stages used, as read from disk.
  else entry = workspace.sides.params[file];
  return fileChanges(file, baseline[kind], entry ? { [file]: entry } : {});
}

function trackedEntry(text: string, file: string, keys: readonly string[] | null): SideValues[string] {
  const loaded = loadEdited(text, file);
  if ('error' in loaded) return { error: loaded.error };
  const data = keys === null ? loaded.data : isMapping(loaded.data) ? selectKeys(loaded.data, keys) : {};
  return { data: retype(data, loaded.typed) };
}

/**
 * A params file's data and its typed twin. Block YAML goes through the one-pass reader alone (it
 * gives the full parser's values, refuses duplicate keys and merges by giving up, and is held to
 * the full parser on the real-project corpus); anything else through `loadValuesFile` as DVC's
 * readers do.
 */
function loadEdited(
  text: string,
  file: string,
): { data: unknown; typed: PyValue | undefined } | { error: string } {
  if (formatOf(file) === 'yaml' && !valuesFileTooLarge(text) && refusedTab(text) === null) {
    const fast = fastParseYaml(text);
    if (fast) {
      const plain = toPlain(fast.value);
      return { data: isPythonFalsy(plain) ? {} : plain, typed: fast.value };
    }
  }
  const loaded = loadValuesFile(text, file);
  return 'error' in loaded ? loaded : { data: loaded.data, typed: typedParse(text, file) };
}

function typedParse(text: string, file: string): PyValue | undefined {
  try {
    if (valuesFileTooLarge(text)) return undefined;
    const fast = /\.json$/i.test(file) ? parseTypedJsonFast(text) : undefined;
    return fast ?? parseDataFile(file, text);
  } catch {
    return undefined;
  }
}

/** `base` with `file` read as `text` instead (the editor's unsaved text). */
export function overlayTree(base: FileTree, file: string, text: string): FileTree {
  return {
    read: (relativePath) => (relativePath === file ? Promise.resolve(text) : base.read(relativePath)),
    list: (relativeDir) => base.list(relativeDir),
  };
}

/** Is `file` a params or metrics file of this side? */
export function sideKindOf(side: TreeSides, file: string): ValuesKind | undefined {
  if (Object.prototype.hasOwnProperty.call(side.params, file)) return 'params';
  if (Object.prototype.hasOwnProperty.call(side.metrics, file)) return 'metrics';
  return undefined;
}

/** The changes of one file between two sides: what the diff of the whole project lists for it. */
export function fileChanges(file: string, baseline: SideValues, workspace: SideValues): FileChanges {
  const pick = (side: SideValues): SideValues =>
    Object.prototype.hasOwnProperty.call(side, file) ? { [file]: side[file] } : {};
  return diffSides(pick(baseline), pick(workspace), false)[file] ?? {};
}

/** One file read whole, as its own side ({} when the file is not there). */
export function wholeFileSide(text: string | null, file: string, kind: ValuesKind): SideValues {
  if (text === null) return {};
  if (kind === 'params') {
    const params = loadEdited(text, file);
    return {
      [file]: 'error' in params ? { error: params.error } : { data: retype(params.data, params.typed) },
    };
  }
  const loaded = readMetricsData(text, file);
  if ('error' in loaded) return { [file]: { error: loaded.error } };
  return { [file]: { data: retype(loaded.data, typedParse(text, file)) } };
}

/** An MLproject's changes that concern its entry points' parameters (their defaults and types). */
export function mlprojectParameterChanges(changes: FileChanges): FileChanges {
  return Object.fromEntries(
    Object.entries(changes).filter(([key]) => /^entry_points\.[^.]+\.parameters\./.test(key)),
  );
}
