// Registered model aliases (`models:/<name>@<alias>`) and the run each points at, read from an
// MLflow store: the file store's `models/<name>/aliases/<alias>` (the version) and
// `version-<N>/meta.yaml` (its run_id), or the SQLite tables `registered_model_aliases` and
// `model_versions` (FORMATS.md §1.12, §2.2). Nothing is written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openDatabase } from '../sources/mlflow/sqliteStore';

export interface ModelAlias {
  model: string;
  alias: string;
  version: string;
  /** The run that logged the version; null when the version names none (or is gone). */
  runId: string | null;
}

/** The aliases of a file store (`mlruns`), sorted by model and alias; [] when it has no registry. */
export function fileStoreAliases(mlruns: string): ModelAlias[] {
  const models = path.join(mlruns, 'models');
  const found: ModelAlias[] = [];
  for (const model of listDir(models)) {
    const aliases = path.join(models, model, 'aliases');
    for (const alias of listDir(aliases)) {
      const version = readSmall(path.join(aliases, alias))?.trim();
      if (!version || !/^\d+$/.test(version)) continue;
      const meta = readSmall(path.join(models, model, `version-${version}`, 'meta.yaml')) ?? '';
      const deleted = /^current_stage:\s*Deleted_Internal\s*$/m.test(meta);
      const runId = /^run_id:\s*['"]?([0-9A-Za-z_-]+)/m.exec(meta)?.[1] ?? null;
      found.push({ model, alias, version, runId: deleted ? null : runId });
    }
  }
  return found.sort((a, b) => a.model.localeCompare(b.model) || a.alias.localeCompare(b.alias));
}

/** The aliases of an SQLite store; [] for a database without the registry tables. */
export async function sqliteAliases(database: string): Promise<ModelAlias[]> {
  const db = await openDatabase(database);
  try {
    const tables = db.exec(
      "SELECT name FROM sqlite_master WHERE type='table' AND name='registered_model_aliases'",
    );
    if (tables.length === 0) return [];
    const result = db.exec(
      `SELECT a.name, a.alias, a.version, v.run_id, v.current_stage FROM registered_model_aliases a
       LEFT JOIN model_versions v ON v.name = a.name AND v.version = a.version ORDER BY a.name, a.alias`,
    );
    return (result[0]?.values ?? []).map(([model, alias, version, runId, stage]) => ({
      model: String(model),
      alias: String(alias),
      version: String(version),
      runId: typeof runId === 'string' && runId !== '' && stage !== 'Deleted_Internal' ? runId : null,
    }));
  } finally {
    db.close();
  }
}

function listDir(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() || e.isFile())
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/** A small regular file's text (alias and meta files are a few hundred bytes). */
function readSmall(file: string): string | undefined {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() && stat.size < 64 * 1024 ? fs.readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}
