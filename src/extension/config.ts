import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_STALE_HOURS } from '../core/query/stale';

/** The extension's settings with their types and defaults (mirrors contributes.configuration). */
export interface LensConfig {
  /** Extra MLflow stores (mlruns folders or .db files), absolute or relative to the first folder. */
  storeLocations: string[];
  /** The metric shown beside each run; empty picks a common one automatically. */
  keyMetric: string;
  /** How deep below each workspace folder stores are searched for. */
  searchDepth: number;
  /** Commits of the current branch shown with their DVC experiments (`dvc exp show -n`). */
  dvcExperimentDepth: number;
  /** Leave stores without runs out of the Runs view (they are shown collapsed otherwise). */
  hideEmptyStores: boolean;
  /** Hours without an update after which a RUNNING run is shown as stale; 0 turns it off. */
  staleHours: number;
  /** Show the MLOps view container when the extension starts (the demo workspace sets it). */
  showViewOnStartup: boolean;
}

export const CONFIG_SECTION = 'mlopsLens';

export function readConfig(): LensConfig {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const locations = config.get<unknown>('mlflow.storeLocations', []);
  return {
    storeLocations: Array.isArray(locations)
      ? locations.filter((l): l is string => typeof l === 'string')
      : [],
    keyMetric: config.get<string>('runs.keyMetric', '').trim(),
    searchDepth: Math.max(1, Math.min(20, config.get<number>('mlflow.searchDepth', 8))),
    dvcExperimentDepth: Math.max(1, Math.min(500, config.get<number>('dvc.experimentDepth', 20))),
    hideEmptyStores: config.get<boolean>('runs.hideEmptyStores', false) === true,
    staleHours: finiteOr(
      config.get<number>('runs.staleAfterHours', DEFAULT_STALE_HOURS),
      DEFAULT_STALE_HOURS,
    ),
    showViewOnStartup: config.get<boolean>('showViewOnStartup', false) === true,
  };
}

function finiteOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, value) : fallback;
}

export function workspaceFolderPaths(): string[] {
  return (vscode.workspace.workspaceFolders ?? [])
    .filter((f) => f.uri.scheme === 'file')
    .map((f) => f.uri.fsPath);
}

/** Store locations from the setting, made absolute against the first workspace folder. */
export function resolveStoreLocations(config: LensConfig): string[] {
  const base = workspaceFolderPaths()[0] ?? process.cwd();
  return config.storeLocations.map((l) =>
    path.resolve(base, l.replace(/^~(?=$|[\\/])/, process.env.HOME ?? '~')),
  );
}
