// Fidelity: `mlops-lens models --json` reports the registered models, model versions, aliases and
// logged models the real MLflow reports (MlflowClient.search_registered_models,
// search_model_versions, get_model_version_by_alias, search_logged_models) for the same stores:
// the file store and the SQLite store of test/fixtures/models (written by the real MLflow, see
// generate.sh there), extracted to a temporary folder, and the stores of test/fixtures/mlflow.
// The oracle is test/fidelity/models_oracle.py in the venv of scripts/python-env.sh
// ($MLOPS_LENS_VENV). Needs `npm run build` first (dist/cli.js).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { LoggedModel, ModelVersion, ModelsSnapshot, RegisteredModel } from '../../src/core/models/types';

const repoRoot = path.resolve(__dirname, '..', '..');
const cli = path.join(repoRoot, 'dist', 'cli.js');
const oracle = path.join(repoRoot, 'test', 'fidelity', 'models_oracle.py');
const archive = path.join(repoRoot, 'test', 'fixtures', 'models', 'stores.tar.gz');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface OracleReport {
  registeredModels: Record<string, Json>[];
  modelVersions: Record<string, Json>[];
  byAlias: Record<string, string>;
  loggedModels: Record<string, Json>[];
}

let work = '';
let python = '';

function venvPython(): string {
  const venv =
    process.env.MLOPS_LENS_VENV ||
    execFileSync('bash', [path.join(repoRoot, 'scripts', 'python-env.sh')], { encoding: 'utf8' }).trim();
  return path.join(venv, 'bin', 'python');
}

function ask(store: string): OracleReport {
  const out = execFileSync(python, [oracle, store], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return JSON.parse(out) as OracleReport;
}

function ours(store: string): ModelsSnapshot {
  const out = execFileSync(process.execPath, [cli, 'models', store, '--json', '--no-cache', '--no-runs'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out) as ModelsSnapshot;
}

const byName = (a: Record<string, Json>, b: Record<string, Json>) =>
  String(a.name).localeCompare(String(b.name));
const byVersion = (a: Record<string, Json>, b: Record<string, Json>) =>
  String(a.name).localeCompare(String(b.name)) || Number(a.version) - Number(b.version);
const byId = (a: Record<string, Json>, b: Record<string, Json>) =>
  String(a.modelId).localeCompare(String(b.modelId));

function registeredJson(model: RegisteredModel): Record<string, Json> {
  const { name, description, creationTime, lastUpdatedTime, tags, aliases } = model;
  return { name, description, creationTime, lastUpdatedTime, tags, aliases };
}

function versionJson(version: ModelVersion): Record<string, Json> {
  const { name, aliases, stage, status, statusMessage, description, userId, runId, runLink, source, tags } =
    version;
  return {
    name,
    version: version.version,
    aliases,
    stage,
    status,
    statusMessage,
    description,
    userId,
    runId,
    runLink,
    source,
    tags,
    creationTime: version.creationTime,
    lastUpdatedTime: version.lastUpdatedTime,
  };
}

function loggedJson(model: LoggedModel): Record<string, Json> {
  return {
    modelId: model.modelId,
    experimentId: model.experimentId,
    name: model.name,
    artifactLocation: model.artifactLocation,
    creationTime: model.creationTime,
    lastUpdatedTime: model.lastUpdatedTime,
    status: model.status,
    statusMessage: model.statusMessage,
    modelType: model.modelType,
    sourceRunId: model.sourceRunId,
    params: model.params,
    tags: model.tags,
    metrics: model.metrics.map(({ runId: _runId, ...metric }) => metric),
  };
}

const counts = { registeredModels: 0, versions: 0, aliases: 0, loggedModels: 0 };

function compareStore(store: string): void {
  const expected = ask(store);
  const actual = ours(store);
  assert.deepEqual(
    actual.registeredModels.map(registeredJson).sort(byName),
    [...expected.registeredModels].sort(byName),
  );
  const versions = actual.registeredModels.flatMap((m) => m.versions).map(versionJson);
  assert.deepEqual(versions.sort(byVersion), [...expected.modelVersions].sort(byVersion));
  const byAlias: Record<string, string> = {};
  for (const model of actual.registeredModels)
    for (const [alias, version] of Object.entries(model.aliases)) byAlias[`${model.name}@${alias}`] = version;
  assert.deepEqual(byAlias, expected.byAlias);
  const logged = actual.loggedModels.filter((m) => m.lifecycle === 'active').map(loggedJson);
  assert.deepEqual(logged.sort(byId), [...expected.loggedModels].sort(byId));
  counts.registeredModels += expected.registeredModels.length;
  counts.versions += expected.modelVersions.length;
  counts.aliases += Object.keys(expected.byAlias).length;
  counts.loggedModels += expected.loggedModels.length;
}

describe('models --json equals MLflow', () => {
  before(() => {
    assert.ok(fs.existsSync(cli), 'run `npm run build` first');
    python = venvPython();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-models-fidelity-'));
    execFileSync('tar', ['-xzf', archive, '-C', work]);
  });
  after(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
    process.stdout.write(`# compared with MLflow: ${JSON.stringify(counts)}\n`);
  });

  test('the file store of the model fixture', () =>
    compareStore(path.join(work, 'stores', 'filestore', 'mlruns')));
  test('the SQLite store of the model fixture', () =>
    compareStore(path.join(work, 'stores', 'sqlite', 'mlflow.db')));
  test('the stores of the MLflow fixture', () => {
    compareStore(path.join(repoRoot, 'test', 'fixtures', 'mlflow', 'filestore', 'mlruns'));
    compareStore(path.join(repoRoot, 'test', 'fixtures', 'mlflow', 'sqlite', 'mlflow.db'));
  });

  test('source runs: deleted and purged ones are told apart in both stores', () => {
    for (const store of [
      path.join(work, 'stores', 'filestore', 'mlruns'),
      path.join(work, 'stores', 'sqlite', 'mlflow.db'),
    ]) {
      const model = ours(store).registeredModels.find((m) => m.name === 'iris-classifier');
      const states = Object.fromEntries(model?.versions.map((v) => [v.version, v.sourceRun]) ?? []);
      assert.deepEqual(states, { '1': 'present', '2': 'present', '3': 'deleted', '4': 'missing' });
    }
  });
});
