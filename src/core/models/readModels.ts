// Every model under some folders: the registries and logged models of the MLflow stores found there,
// model folders among the runs' artifacts, and DVC's model registry (dvc.yaml `artifacts:` + GTO tags).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { artifactCandidates } from '../artifacts';
import { discoverStores, type DiscoveredStore } from '../index/discover';
import type { Run } from '../model';
import { readFileRegistry } from './fileRegistry';
import { hasMlModel, readMlModel } from './mlmodel';
import { readSqliteRegistry } from './sqliteRegistry';
import { emptyModelsSnapshot, type ArtifactModel, type ModelsSnapshot, type RegistrySource } from './types';

export interface ReadModelsOptions {
  /** Stores already found (by a run index); else the roots are searched. */
  stores?: readonly DiscoveredStore[];
  /** Runs whose artifacts are searched for model folders; none are searched without them. */
  runs?: readonly Run[];
  /** Reads DVC's model registry of each repository found; kept apart so that MLflow alone stays light. */
  readDvcArtifacts?: (repoRoot: string) => Promise<Pick<ModelsSnapshot, 'dvcArtifacts' | 'problems'>>;
}

export async function readModels(
  roots: readonly string[],
  options: ReadModelsOptions = {},
): Promise<ModelsSnapshot> {
  const snapshot = emptyModelsSnapshot();
  const stores = options.stores ?? (await discoverStores(roots.map((r) => path.resolve(r))));
  const dvcRepos = new Set<string>();
  for (const store of stores) {
    if (store.kind === 'mlflow-file' || store.kind === 'mlflow-sqlite') {
      const read =
        store.kind === 'mlflow-file' ? readFileRegistry(store.path) : await readSqliteRegistry(store.path);
      snapshot.registeredModels.push(...read.registeredModels);
      snapshot.loggedModels.push(...read.loggedModels);
      snapshot.problems.push(...read.problems);
    } else if (store.kind === 'dvc') dvcRepos.add(store.path);
  }
  // GTO needs no DVC: a Git repository given as a root is a registry too (dvc.yaml or tags alone).
  for (const root of roots.map((r) => path.resolve(r)))
    if (isGitRepository(root) && ![...dvcRepos].some((repo) => repo === root)) dvcRepos.add(root);
  const readDvc = options.readDvcArtifacts;
  for (const repo of readDvc ? [...dvcRepos].sort() : []) {
    const read = await (readDvc as NonNullable<typeof readDvc>)(repo);
    snapshot.dvcArtifacts.push(...read.dvcArtifacts);
    snapshot.problems.push(...read.problems);
  }
  if (options.runs) snapshot.artifactModels = findArtifactModels(options.runs);
  for (const model of snapshot.artifactModels) snapshot.problems.push(...model.mlmodel.problems);
  for (const model of snapshot.loggedModels) snapshot.problems.push(...(model.mlmodel?.problems ?? []));
  snapshot.registeredModels.sort((a, b) => compareText(a.name, b.name) || compareText(a.store, b.store));
  snapshot.loggedModels.sort((a, b) => compareText(a.store, b.store) || compareText(a.modelId, b.modelId));
  return snapshot;
}

function isGitRepository(dir: string): boolean {
  return fs.existsSync(path.join(dir, '.git'));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `mlflow.log-model.history`: the run tag MLflow 2.x writes for each `log_model`, a JSON list. */
function loggedArtifactPaths(run: Run): string[] {
  const history = run.tags['mlflow.log-model.history'];
  if (!history) return [];
  try {
    const entries: unknown = JSON.parse(history);
    if (!Array.isArray(entries)) return [];
    return entries
      .map((e) => (e && typeof e === 'object' ? (e as Record<string, unknown>).artifact_path : undefined))
      .filter((p): p is string => typeof p === 'string' && isPlainRelativePath(p));
  } catch {
    return [];
  }
}

function isPlainRelativePath(p: string): boolean {
  return p !== '' && !path.isAbsolute(p) && !p.split(/[\\/]/).some((s) => s === '..' || s.includes('\0'));
}

function existingFolder(candidates: readonly string[]): string | undefined {
  return candidates.find((c) => {
    try {
      return fs.statSync(c).isDirectory();
    } catch {
      return false;
    }
  });
}

/**
 * Model folders among each run's artifacts: the paths its `log_model` calls recorded, the artifact
 * root itself and its direct sub-folders (a model saved with `log_artifacts` has no record).
 */
export function findArtifactModels(runs: readonly Run[]): ArtifactModel[] {
  const models: ArtifactModel[] = [];
  for (const run of runs) {
    if (run.source !== 'mlflow-file' && run.source !== 'mlflow-sqlite') continue;
    const root = existingFolder(artifactCandidates(run));
    if (!root) continue;
    const relative = new Set(['', ...loggedArtifactPaths(run)]);
    for (const entry of safeList(root)) if (entry.isDirectory()) relative.add(entry.name);
    for (const rel of [...relative].sort()) {
      const folder = rel === '' ? root : path.join(root, ...rel.split('/'));
      if (!hasMlModel(folder)) continue;
      models.push({
        source: run.source as RegistrySource,
        store: run.store,
        runId: run.id,
        experimentId: run.experimentId,
        artifactPath: rel,
        mlmodel: readMlModel(folder),
      });
    }
  }
  return models;
}

function safeList(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
