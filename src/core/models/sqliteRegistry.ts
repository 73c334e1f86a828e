// MLflow's model registry and logged models in an SQLite store, read from the tables of
// mlflow/store/model_registry/dbmodels/models.py (`registered_models`, `model_versions`,
// `registered_model_tags`, `model_version_tags`, `registered_model_aliases`) and
// mlflow/store/tracking/dbmodels/models.py (`logged_models`, `logged_model_params`,
// `logged_model_tags`, `logged_model_metrics`). Columns added by later schema revisions are optional.
import * as path from 'node:path';
import type { Database, SqlValue } from 'sql.js';
import type { Problem } from '../model';
import { openDatabase } from '../sources/mlflow/sqliteStore';
import { hasMlModel, readMlModel } from './mlmodel';
import { localFolderOf } from './locations';
import {
  compareVersionsDescending,
  latestModelMetrics,
  loggedModelStatus,
  type LoggedModel,
  type LoggedModelMetric,
  type ModelVersion,
  type RegisteredModel,
  type SourceRunState,
} from './types';

type Row = Record<string, SqlValue>;

const DELETED_STAGE = 'Deleted_Internal';
const PROMPT_TAG = 'mlflow.prompt.is_prompt';

function query(db: Database, sql: string): Row[] {
  const statement = db.prepare(sql);
  try {
    const rows: Row[] = [];
    while (statement.step()) rows.push(statement.getAsObject() as Row);
    return rows;
  } finally {
    statement.free();
  }
}

function tablesOf(db: Database): Set<string> {
  return new Set(query(db, "SELECT name FROM sqlite_master WHERE type='table'").map((r) => String(r.name)));
}

function columnsOf(db: Database, table: string): Set<string> {
  return new Set(query(db, `PRAGMA table_info("${table}")`).map((r) => String(r.name)));
}

const str = (v: SqlValue | undefined): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: SqlValue | undefined): number | null => (typeof v === 'number' ? v : null);

export interface SqliteRegistryRead {
  registeredModels: RegisteredModel[];
  loggedModels: LoggedModel[];
  problems: Problem[];
}

export async function readSqliteRegistry(file: string): Promise<SqliteRegistryRead> {
  const store = path.resolve(file);
  const read: SqliteRegistryRead = { registeredModels: [], loggedModels: [], problems: [] };
  let db: Database;
  try {
    db = await openDatabase(store);
  } catch (error) {
    read.problems.push({ path: store, reason: `cannot open database: ${(error as Error).message}` });
    return read;
  }
  try {
    const tables = tablesOf(db);
    const runs = runStates(db, tables);
    if (tables.has('registered_models') && tables.has('model_versions'))
      read.registeredModels = readRegisteredModels(db, store, tables, runs);
    if (tables.has('logged_models')) read.loggedModels = readLoggedModels(db, store, tables, runs);
  } catch (error) {
    read.problems.push({
      path: store,
      reason: `cannot read the model registry: ${(error as Error).message}`,
    });
  } finally {
    db.close();
  }
  return read;
}

type RunStates = (runId: string | null) => SourceRunState;

function runStates(db: Database, tables: Set<string>): RunStates {
  const states = new Map<string, SourceRunState>();
  if (tables.has('runs')) {
    const lifecycle = columnsOf(db, 'runs').has('lifecycle_stage') ? 'lifecycle_stage' : "'active'";
    const experimentDeleted = tables.has('experiments')
      ? `(SELECT e.lifecycle_stage FROM experiments e WHERE e.experiment_id = runs.experiment_id)`
      : "'active'";
    for (const row of query(db, `SELECT run_uuid, ${lifecycle} AS l, ${experimentDeleted} AS e FROM runs`))
      states.set(String(row.run_uuid), row.l === 'deleted' || row.e === 'deleted' ? 'deleted' : 'present');
  }
  return (runId) => (runId ? (states.get(runId) ?? 'missing') : 'none');
}

function keyValues(db: Database, sql: string): Map<string, Record<string, string>> {
  const byOwner = new Map<string, Record<string, string>>();
  for (const row of query(db, sql)) {
    const owner = String(row.owner);
    const values = byOwner.get(owner) ?? {};
    values[String(row.key)] = str(row.value) ?? '';
    byOwner.set(owner, values);
  }
  return byOwner;
}

function readRegisteredModels(
  db: Database,
  store: string,
  tables: Set<string>,
  runStateOf: RunStates,
): RegisteredModel[] {
  const modelTags = tables.has('registered_model_tags')
    ? keyValues(db, 'SELECT name AS owner, key, value FROM registered_model_tags')
    : new Map<string, Record<string, string>>();
  const versionTags = tables.has('model_version_tags')
    ? keyValues(db, 'SELECT name || char(0) || version AS owner, key, value FROM model_version_tags')
    : new Map<string, Record<string, string>>();
  const aliases = tables.has('registered_model_aliases')
    ? keyValues(db, 'SELECT name AS owner, alias AS key, version AS value FROM registered_model_aliases')
    : new Map<string, Record<string, string>>();
  const models = new Map<string, RegisteredModel>();
  for (const row of query(
    db,
    'SELECT name, creation_time, last_updated_time, description FROM registered_models',
  )) {
    const name = String(row.name);
    const tags = modelTags.get(name) ?? {};
    if (tags[PROMPT_TAG]?.toLowerCase() === 'true') continue;
    models.set(name, {
      source: 'mlflow-sqlite',
      store,
      name,
      description: str(row.description),
      creationTime: num(row.creation_time),
      lastUpdatedTime: num(row.last_updated_time),
      tags,
      aliases: aliases.get(name) ?? {},
      versions: [],
    });
  }
  const columns = columnsOf(db, 'model_versions');
  const optional = (c: string) => (columns.has(c) ? c : `NULL AS ${c}`);
  const rows = query(
    db,
    `SELECT name, version, creation_time, last_updated_time, description, user_id, current_stage, source,
            run_id, status, status_message, ${optional('run_link')}, ${optional('storage_location')} FROM model_versions`,
  );
  for (const row of rows) {
    const model = models.get(String(row.name));
    if (!model || row.current_stage === DELETED_STAGE) continue;
    const version = versionFromRow(row, model, versionTags, runStateOf);
    if (version.tags[PROMPT_TAG]?.toLowerCase() !== 'true') model.versions.push(version);
  }
  for (const model of models.values()) model.versions.sort(compareVersionsDescending);
  return [...models.values()];
}

function versionFromRow(
  row: Row,
  model: RegisteredModel,
  versionTags: Map<string, Record<string, string>>,
  runStateOf: RunStates,
): ModelVersion {
  const number = String(row.version);
  const runId = str(row.run_id);
  const source = str(row.source);
  return {
    name: model.name,
    version: number,
    aliases: Object.keys(model.aliases)
      .filter((alias) => model.aliases[alias] === number)
      .sort(),
    stage: str(row.current_stage) ?? 'None',
    status: str(row.status) ?? 'READY',
    statusMessage: str(row.status_message),
    description: str(row.description),
    userId: str(row.user_id),
    runId,
    runLink: str(row.run_link),
    source,
    storageLocation: str(row.storage_location),
    // The SQL store keeps no model_id column: MLflow 3 registers `models:/<model_id>` as the source.
    modelId: /^models:\/m-[0-9a-f]+$/.test(source ?? '') ? (source ?? '').slice('models:/'.length) : null,
    tags: versionTags.get(`${model.name}\0${number}`) ?? {},
    creationTime: num(row.creation_time),
    lastUpdatedTime: num(row.last_updated_time),
    sourceRun: runStateOf(runId),
  };
}

function readLoggedModels(
  db: Database,
  store: string,
  tables: Set<string>,
  runStateOf: RunStates,
): LoggedModel[] {
  const params = tables.has('logged_model_params')
    ? keyValues(
        db,
        'SELECT model_id AS owner, param_key AS key, param_value AS value FROM logged_model_params',
      )
    : new Map<string, Record<string, string>>();
  const tags = tables.has('logged_model_tags')
    ? keyValues(db, 'SELECT model_id AS owner, tag_key AS key, tag_value AS value FROM logged_model_tags')
    : new Map<string, Record<string, string>>();
  const metrics = tables.has('logged_model_metrics')
    ? metricsByModel(db)
    : new Map<string, LoggedModelMetric[]>();
  const models: LoggedModel[] = [];
  const rows = query(
    db,
    `SELECT m.*, (SELECT e.lifecycle_stage FROM experiments e WHERE e.experiment_id = m.experiment_id) AS experiment_lifecycle
       FROM logged_models m`,
  );
  for (const row of rows) {
    const id = String(row.model_id);
    const sourceRunId = str(row.source_run_id);
    const model: LoggedModel = {
      source: 'mlflow-sqlite',
      store,
      modelId: id,
      experimentId: String(row.experiment_id),
      name: str(row.name) ?? id,
      artifactLocation: str(row.artifact_location),
      creationTime: num(row.creation_timestamp_ms),
      lastUpdatedTime: num(row.last_updated_timestamp_ms),
      status: loggedModelStatus(row.status),
      statusMessage: str(row.status_message),
      lifecycle:
        row.lifecycle_stage === 'deleted' || row.experiment_lifecycle === 'deleted' ? 'deleted' : 'active',
      modelType: str(row.model_type),
      sourceRunId,
      sourceRun: runStateOf(sourceRunId),
      params: params.get(id) ?? {},
      tags: tags.get(id) ?? {},
      metrics: latestModelMetrics(metrics.get(id) ?? []),
    };
    const folder = localFolderOf(model.artifactLocation, store, id);
    if (folder && hasMlModel(folder)) model.mlmodel = readMlModel(folder);
    models.push(model);
  }
  return models;
}

function metricsByModel(db: Database): Map<string, LoggedModelMetric[]> {
  const byModel = new Map<string, LoggedModelMetric[]>();
  const rows = query(
    db,
    `SELECT model_id, metric_name, metric_timestamp_ms, metric_step, metric_value, run_id, dataset_name, dataset_digest
       FROM logged_model_metrics`,
  );
  for (const row of rows) {
    const list = byModel.get(String(row.model_id)) ?? [];
    list.push({
      key: String(row.metric_name),
      value: typeof row.metric_value === 'number' ? row.metric_value : 'NaN',
      step: num(row.metric_step) ?? 0,
      timestamp: num(row.metric_timestamp_ms) ?? 0,
      runId: str(row.run_id),
      datasetName: str(row.dataset_name),
      datasetDigest: str(row.dataset_digest),
    });
    byModel.set(String(row.model_id), list);
  }
  return byModel;
}
