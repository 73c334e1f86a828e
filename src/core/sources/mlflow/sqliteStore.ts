import * as fs from 'node:fs';
import * as path from 'node:path';
import initSqlJs, { type Database, type SqlJsStatic, type SqlValue } from 'sql.js';
import type { DatasetInput, Experiment, MetricPoint, StoreSnapshot } from '../../model';
import { isLaterPoint } from './metricLines';
import { runNameOf, runStatusFrom } from './fileStoreRun';

const SQLITE_HEADER = 'SQLite format 3\0';

let sqlJs: Promise<SqlJsStatic> | undefined;

/** Where `sql-wasm.wasm` is: next to the bundle in dist/, or in node_modules when run from source. */
function locateWasm(): string {
  const bundled = path.join(__dirname, 'sql-wasm.wasm');
  if (fs.existsSync(bundled)) return bundled;
  return path.join(__dirname, '..', '..', '..', '..', 'node_modules', 'sql.js', 'dist', 'sql-wasm.wasm');
}

function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs ??= initSqlJs({ locateFile: () => locateWasm() });
  return sqlJs;
}

export function hasSqliteHeader(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const header = Buffer.alloc(16);
    return fs.readSync(fd, header, 0, 16, 0) === 16 && header.toString('latin1') === SQLITE_HEADER;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Databases are read whole into memory (sql.js has no file access), so larger ones are refused
 * with a clear problem rather than taking the extension host's memory; MLflow's server reads them.
 */
export const MAX_DATABASE_BYTES = 1024 * 1024 * 1024;

/** Why a file is not an SQLite database MLOps Lens can read, or undefined when it may be one. */
export function databaseFileProblem(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return 'not a regular file';
    if (stat.size === 0) return 'empty file (0 bytes), not an SQLite database';
    if (stat.size > MAX_DATABASE_BYTES)
      return `database too large to read (${stat.size} bytes; MLOps Lens reads databases of up to 1 GiB)`;
    const header = Buffer.alloc(16);
    const read = fs.readSync(fd, header, 0, 16, 0);
    if (read < 16 || header.toString('latin1') !== SQLITE_HEADER)
      return 'not an SQLite database (no SQLite header)';
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Opens a copy of the database bytes in memory: the file on disk is never locked or written, so a
 * running MLflow can keep writing. A read that races a write can see a torn page; it is retried.
 */
export async function openDatabase(file: string): Promise<Database> {
  const problem = databaseFileProblem(file);
  if (problem) throw new Error(problem);
  const SQL = await loadSqlJs();
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const db = new SQL.Database(fs.readFileSync(file));
      db.exec('SELECT count(*) FROM sqlite_master');
      return db;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

type Row = Record<string, SqlValue>;

function query(db: Database, sql: string, params: SqlValue[] = []): Row[] {
  const statement = db.prepare(sql);
  try {
    statement.bind(params);
    const rows: Row[] = [];
    while (statement.step()) rows.push(statement.getAsObject() as Row);
    return rows;
  } finally {
    statement.free();
  }
}

function columnsOf(db: Database, table: string): Set<string> {
  return new Set(query(db, `PRAGMA table_info("${table}")`).map((r) => String(r.name)));
}

export function isMlflowDatabase(db: Database): boolean {
  const tables = new Set(
    query(db, "SELECT name FROM sqlite_master WHERE type='table'").map((r) => String(r.name)),
  );
  return tables.has('experiments') && tables.has('runs') && tables.has('tags') && tables.has('params');
}

const str = (v: SqlValue | undefined): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: SqlValue | undefined): number | null => (typeof v === 'number' ? v : null);

/** Reads every experiment and run of an MLflow SQLite store, whatever its schema revision. */
export async function readSqliteStore(file: string): Promise<StoreSnapshot> {
  const store = path.resolve(file);
  const snapshot: StoreSnapshot = { source: 'mlflow-sqlite', store, experiments: [], runs: [], problems: [] };
  let db: Database;
  try {
    db = await openDatabase(store);
  } catch (error) {
    snapshot.problems.push({ path: store, reason: `cannot open database: ${(error as Error).message}` });
    return snapshot;
  }
  try {
    if (!isMlflowDatabase(db)) {
      snapshot.problems.push({ path: store, reason: 'not an MLflow database (no experiments/runs tables)' });
      return snapshot;
    }
    readInto(db, store, snapshot);
  } catch (error) {
    snapshot.problems.push({ path: store, reason: `cannot read database: ${(error as Error).message}` });
  } finally {
    db.close();
  }
  return snapshot;
}

function readInto(db: Database, store: string, snapshot: StoreSnapshot): void {
  const experiments = readExperiments(db, store);
  snapshot.experiments.push(...experiments.values());
  const runColumns = columnsOf(db, 'runs');
  const optional = (c: string) => (runColumns.has(c) ? c : `NULL AS ${c}`);
  const rows = query(
    db,
    `SELECT run_uuid, ${optional('name')}, status, start_time, end_time, ${optional('lifecycle_stage')},
            ${optional('artifact_uri')}, experiment_id FROM runs`,
  );
  const tags = keyValuesByRun(db, 'tags');
  const params = keyValuesByRun(db, 'params');
  const metrics = latestMetricsByRun(db);
  const datasets = datasetsByRun(db);
  const outputs = outputModelsByRun(db);
  for (const row of rows) {
    const id = String(row.run_uuid);
    const experiment = experiments.get(String(row.experiment_id));
    const runTags = tags.get(id) ?? {};
    try {
      snapshot.runs.push({
        source: 'mlflow-sqlite',
        store,
        experimentId: String(row.experiment_id),
        experimentName: experiment?.name ?? String(row.experiment_id),
        id,
        name: runNameOf(row.name, runTags),
        status: runStatusFrom(row.status),
        lifecycle:
          experiment?.lifecycle === 'deleted' || row.lifecycle_stage === 'deleted' ? 'deleted' : 'active',
        parentId: runTags['mlflow.parentRunId'] ?? null,
        startTime: num(row.start_time),
        endTime: num(row.end_time),
        params: params.get(id) ?? {},
        metrics: metrics.get(id) ?? {},
        tags: runTags,
        artifactUri: str(row.artifact_uri),
        runDir: null,
        datasets: datasets.get(id) ?? [],
        outputModelIds: outputs.get(id) ?? [],
      });
    } catch (error) {
      snapshot.problems.push({ path: store, reason: `run ${id}: ${(error as Error).message}` });
    }
  }
}

function readExperiments(db: Database, store: string): Map<string, Experiment> {
  const columns = columnsOf(db, 'experiments');
  const lifecycle = columns.has('lifecycle_stage') ? 'lifecycle_stage' : "'active' AS lifecycle_stage";
  const tagsByExperiment = new Map<string, Record<string, string>>();
  if (tableExists(db, 'experiment_tags')) {
    for (const row of query(db, 'SELECT experiment_id, key, value FROM experiment_tags')) {
      const id = String(row.experiment_id);
      const tags = tagsByExperiment.get(id) ?? {};
      tags[String(row.key)] = str(row.value) ?? '';
      tagsByExperiment.set(id, tags);
    }
  }
  const experiments = new Map<string, Experiment>();
  for (const row of query(
    db,
    `SELECT experiment_id, name, artifact_location, ${lifecycle} FROM experiments`,
  )) {
    const id = String(row.experiment_id);
    experiments.set(id, {
      source: 'mlflow-sqlite',
      store,
      id,
      name: str(row.name) ?? id,
      lifecycle: row.lifecycle_stage === 'deleted' ? 'deleted' : 'active',
      artifactLocation: str(row.artifact_location),
      tags: tagsByExperiment.get(id) ?? {},
    });
  }
  return experiments;
}

function tableExists(db: Database, table: string): boolean {
  return query(db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", [table]).length > 0;
}

function keyValuesByRun(db: Database, table: string): Map<string, Record<string, string>> {
  const byRun = new Map<string, Record<string, string>>();
  for (const row of query(db, `SELECT run_uuid, key, value FROM ${table}`)) {
    const id = String(row.run_uuid);
    let values = byRun.get(id);
    if (!values) byRun.set(id, (values = {}));
    values[String(row.key)] = str(row.value) ?? '';
  }
  return byRun;
}

/** MLflow stores NaN as value 0 with is_nan = 1. */
function metricValue(row: Row): number {
  if (row.is_nan === 1) return NaN;
  return typeof row.value === 'number' ? row.value : NaN;
}

function latestMetricsByRun(db: Database): Map<string, Record<string, MetricPoint>> {
  const byRun = new Map<string, Record<string, MetricPoint>>();
  const fromLatest = tableExists(db, 'latest_metrics');
  const table = fromLatest ? 'latest_metrics' : 'metrics';
  const isNan = columnsOf(db, table).has('is_nan') ? 'is_nan' : '0 AS is_nan';
  const step = columnsOf(db, table).has('step') ? 'step' : '0 AS step';
  for (const row of query(db, `SELECT run_uuid, key, value, timestamp, ${step}, ${isNan} FROM ${table}`)) {
    const id = String(row.run_uuid);
    let metrics = byRun.get(id);
    if (!metrics) byRun.set(id, (metrics = {}));
    const point = { step: num(row.step) ?? 0, timestamp: num(row.timestamp) ?? 0, value: metricValue(row) };
    const key = String(row.key);
    const current = metrics[key];
    if (!current || (!fromLatest && isLaterPoint(point, current))) metrics[key] = point;
  }
  return byRun;
}

/**
 * One database kept open for history reads, reopened when its file changes: comparing many runs
 * asks for many histories, and each open copies the whole file into memory.
 */
let historyDatabase: { file: string; stamp: string; db: Promise<Database> } | undefined;

function databaseStamp(file: string): string {
  return ['', '-wal', '-journal']
    .map((suffix) => {
      const stat = fs.statSync(file + suffix, { throwIfNoEntry: false });
      return stat ? `${stat.size}:${stat.mtimeMs}` : '-';
    })
    .join(';');
}

function openForHistory(file: string): Promise<Database> {
  const stamp = databaseStamp(file);
  if (historyDatabase?.file !== file || historyDatabase.stamp !== stamp) {
    const previous = historyDatabase;
    historyDatabase = { file, stamp, db: openDatabase(file) };
    void previous?.db.then(
      (db) => db.close(),
      () => undefined,
    );
    historyDatabase.db.catch(() => (historyDatabase = undefined));
  }
  return historyDatabase.db;
}

/** A metric's full history, in the order MLflow returns it from SQL: timestamp, step, value. */
export async function readSqliteMetricHistory(
  file: string,
  runId: string,
  key: string,
): Promise<MetricPoint[]> {
  const db = await openForHistory(file);
  const isNan = columnsOf(db, 'metrics').has('is_nan') ? 'is_nan' : '0 AS is_nan';
  const step = columnsOf(db, 'metrics').has('step') ? 'step' : '0 AS step';
  return query(
    db,
    `SELECT value, timestamp, ${step}, ${isNan} FROM metrics WHERE run_uuid = ? AND key = ? ORDER BY timestamp, step, value`,
    [runId, key],
  ).map((row) => ({ step: num(row.step) ?? 0, timestamp: num(row.timestamp) ?? 0, value: metricValue(row) }));
}

function datasetsByRun(db: Database): Map<string, DatasetInput[]> {
  const byRun = new Map<string, DatasetInput[]>();
  if (!tableExists(db, 'datasets') || !tableExists(db, 'inputs')) return byRun;
  const hasInputTags = tableExists(db, 'input_tags');
  const rows = query(
    db,
    `SELECT i.destination_id AS run_uuid, d.name, d.digest, d.dataset_source_type, d.dataset_source,
            ${hasInputTags ? "(SELECT value FROM input_tags t WHERE t.input_uuid = i.input_uuid AND t.name = 'mlflow.data.context')" : 'NULL'} AS context
       FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id
      WHERE i.source_type = 'DATASET' AND i.destination_type = 'RUN'`,
  );
  for (const row of rows) {
    const id = String(row.run_uuid);
    const list = byRun.get(id) ?? [];
    list.push({
      name: str(row.name) ?? '',
      digest: str(row.digest) ?? '',
      sourceType: str(row.dataset_source_type) ?? '',
      source: str(row.dataset_source) ?? '',
      context: str(row.context),
    });
    byRun.set(id, list);
  }
  return byRun;
}

function outputModelsByRun(db: Database): Map<string, string[]> {
  const byRun = new Map<string, string[]>();
  if (!tableExists(db, 'inputs')) return byRun;
  const rows = query(
    db,
    "SELECT source_id, destination_id FROM inputs WHERE source_type = 'RUN_OUTPUT' AND destination_type = 'MODEL_OUTPUT'",
  );
  for (const row of rows) {
    const list = byRun.get(String(row.source_id)) ?? [];
    list.push(String(row.destination_id));
    byRun.set(String(row.source_id), list);
  }
  return byRun;
}
