// Reads an MLflow model folder: its `MLmodel` file (YAML written by PyYAML's safe_dump, see
// mlflow/models/model.py `Model.to_yaml`), whose `signature` holds JSON strings (`inputs`,
// `outputs`, `params`: mlflow/models/signature.py `ModelSignature.to_dict`), and the folder's files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { readSmallTextFile, SMALL_FILE_LIMIT } from '../sources/mlflow/fsWalk';
import type { Problem } from '../model';
import type { MlModel, MlModelFile, ModelSignature, TensorOrColumnSpec } from './types';

export const MLMODEL_FILE = 'MLmodel';
/** Files listed per model folder: enough for a model card, bounded for a folder of data. */
const MAX_LISTED_FILES = 200;
const MAX_LISTING_DEPTH = 4;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : String(value);
}

function emptyModel(folder: string): MlModel {
  return {
    folder,
    artifactPath: null,
    runId: null,
    modelId: null,
    mlflowVersion: null,
    utcTimeCreated: null,
    modelSizeBytes: null,
    flavors: {},
    libraryVersions: {},
    signature: null,
    inputExample: null,
    files: [],
    problems: [],
  };
}

/** Whether a folder holds an `MLmodel` file (anything at that name: a broken one is reported). */
export function hasMlModel(folder: string): boolean {
  try {
    return fs.lstatSync(path.join(folder, MLMODEL_FILE), { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}

/** Reads a model folder; never throws: what cannot be read is in `problems`. */
export function readMlModel(folder: string): MlModel {
  const model = emptyModel(folder);
  model.files = listModelFiles(folder, model.problems);
  const file = path.join(folder, MLMODEL_FILE);
  let parsed: unknown;
  try {
    parsed = parse(readSmallTextFile(file, { limit: SMALL_FILE_LIMIT }), { version: '1.1' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    model.problems.push(
      code === 'ENOENT'
        ? { path: file, reason: 'no MLmodel file' }
        : { path: file, reason: `unreadable MLmodel: ${(error as Error).message}` },
    );
    return model;
  }
  if (!isRecord(parsed)) {
    model.problems.push({ path: file, reason: `malformed MLmodel: not a YAML mapping` });
    return model;
  }
  fillFromMlModel(model, parsed, file);
  return model;
}

function fillFromMlModel(model: MlModel, doc: Record<string, unknown>, file: string): void {
  model.artifactPath = text(doc.artifact_path);
  model.runId = text(doc.run_id);
  model.modelId = text(doc.model_id) ?? text(doc.model_uuid);
  model.mlflowVersion = text(doc.mlflow_version);
  model.utcTimeCreated = text(doc.utc_time_created);
  model.modelSizeBytes = typeof doc.model_size_bytes === 'number' ? doc.model_size_bytes : null;
  if (doc.flavors !== undefined && !isRecord(doc.flavors))
    model.problems.push({ path: file, reason: `malformed MLmodel: flavors is not a mapping` });
  for (const [name, config] of Object.entries(isRecord(doc.flavors) ? doc.flavors : {})) {
    model.flavors[name] = isRecord(config) ? config : {};
    const version = libraryVersionOf(name, model.flavors[name]);
    if (version !== undefined) model.libraryVersions[name] = version;
  }
  if (doc.signature !== undefined && doc.signature !== null)
    model.signature = parseSignature(doc.signature, file, model.problems);
  if (isRecord(doc.saved_input_example_info)) model.inputExample = doc.saved_input_example_info;
}

/**
 * A flavor's library version: `<flavor>_version` (`sklearn_version`), `python_version` for
 * python_function, else its first `*_version` entry (`xgb_version`, `pytorch_version`…).
 */
function libraryVersionOf(flavor: string, config: Record<string, unknown>): string | undefined {
  const keys = Object.keys(config).filter((k) => k.endsWith('_version') && typeof config[k] !== 'object');
  const preferred = flavor === 'python_function' ? 'python_version' : `${flavor}_version`;
  const key = keys.includes(preferred) ? preferred : keys.find((k) => k !== 'python_version');
  return key === undefined ? undefined : String(config[key]);
}

function parseSignature(raw: unknown, file: string, problems: Problem[]): ModelSignature | null {
  if (!isRecord(raw)) {
    problems.push({ path: file, reason: `malformed signature: not a mapping` });
    return null;
  }
  const part = (name: 'inputs' | 'outputs' | 'params'): TensorOrColumnSpec[] | null => {
    const value = raw[name];
    if (value === null || value === undefined) return null;
    if (typeof value !== 'string') {
      problems.push({ path: file, reason: `malformed signature ${name}: not a JSON string` });
      return null;
    }
    try {
      const specs: unknown = JSON.parse(value);
      if (!Array.isArray(specs)) throw new Error('not a JSON list');
      return specs.map((spec) => (isRecord(spec) ? spec : { value: spec }));
    } catch (error) {
      problems.push({
        path: file,
        reason: `signature ${name} is not valid JSON: ${(error as Error).message}`,
      });
      return null;
    }
  };
  return { inputs: part('inputs'), outputs: part('outputs'), params: part('params') };
}

function listModelFiles(folder: string, problems: Problem[]): MlModelFile[] {
  const files: MlModelFile[] = [];
  const visit = (dir: string, prefix: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: dir, reason: `cannot list folder: ${(error as Error).message}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (files.length >= MAX_LISTED_FILES) return;
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < MAX_LISTING_DEPTH) visit(full, relative, depth + 1);
      } else if (entry.isFile()) {
        files.push({ path: relative, size: sizeOf(full) });
      }
    }
  };
  visit(folder, '', 0);
  return files;
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
