// Broken model registries and model folders: each is listed with the file and the reason, the rest
// is still read, nothing crashes and nothing is written. The stores are the model fixture
// (test/fixtures/models, written by the real MLflow) extracted to a scratch folder, then broken here.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { parse, stringify } from 'yaml';
import { readFileRegistry } from '../../src/core/models/fileRegistry';
import { readMlModel } from '../../src/core/models/mlmodel';
import { readModels } from '../../src/core/models/readModels';
import { readSqliteRegistry } from '../../src/core/models/sqliteRegistry';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const ARCHIVE = path.join(ROOT, 'test/fixtures/models/stores.tar.gz');

const scratches: string[] = [];
after(() => {
  for (const dir of scratches) fs.rmSync(dir, { recursive: true, force: true });
});

function extracted(): { root: string; mlruns: string; db: string } {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-hostile-models-')));
  scratches.push(root);
  execFileSync('tar', ['-xzf', ARCHIVE, '-C', root]);
  return {
    root,
    mlruns: path.join(root, 'stores/filestore/mlruns'),
    db: path.join(root, 'stores/sqlite/mlflow.db'),
  };
}

/** Every path below a folder with its size and modification time: what "nothing written" compares. */
function stateOf(dir: string): string[] {
  const lines: string[] = [];
  const visit = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      const stat = fs.lstatSync(full);
      lines.push(`${full} ${stat.size} ${stat.mtimeMs}`);
      if (entry.isDirectory()) visit(full);
    }
  };
  visit(dir);
  return lines.sort();
}

function cli(args: string[], cwd: string) {
  return spawnSync(process.execPath, ['--import', TSX, path.join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, MLOPS_LENS_INDEX_CACHE: path.join(cwd, '.no-cache') },
  });
}

const registry = (mlruns: string) => path.join(mlruns, 'models', 'iris-classifier');

describe('hostile model registries', () => {
  it('a malformed registered model meta.yaml: the model is listed by its folder name, with the reason', () => {
    const { mlruns } = extracted();
    fs.writeFileSync(path.join(registry(mlruns), 'meta.yaml'), 'name: [unclosed\n  : :\n');
    const read = readFileRegistry(mlruns);
    const model = read.registeredModels.find((m) => m.name === 'iris-classifier');
    assert.ok(model?.problem?.includes('unreadable registered model meta.yaml'), model?.problem);
    assert.equal(model?.versions.length, 4, 'its versions are still read');
    assert.ok(read.problems.some((p) => p.path === path.join(registry(mlruns), 'meta.yaml')));
    assert.ok(
      read.registeredModels.some((m) => m.name === 'pyfunc-scorer'),
      'other models are read',
    );
  });

  it('an unreadable version meta.yaml (a FIFO, a folder): the version is listed with the reason', () => {
    const { mlruns } = extracted();
    const v1 = path.join(registry(mlruns), 'version-1', 'meta.yaml');
    fs.rmSync(v1);
    execFileSync('mkfifo', [v1]);
    const v2 = path.join(registry(mlruns), 'version-2', 'meta.yaml');
    fs.rmSync(v2);
    fs.mkdirSync(v2);
    const model = readFileRegistry(mlruns).registeredModels.find((m) => m.name === 'iris-classifier');
    const problems = Object.fromEntries(model?.versions.map((v) => [v.version, v.problem]) ?? []);
    assert.match(problems['1'] ?? '', /not a regular file/);
    assert.match(problems['2'] ?? '', /unreadable model version meta.yaml/);
    assert.equal(problems['3'], undefined);
  });

  it('a version whose source run is gone says so; a run deleted from the store too', () => {
    const { mlruns } = extracted();
    const before = readFileRegistry(mlruns).registeredModels.find((m) => m.name === 'iris-classifier');
    const v2 = before?.versions.find((v) => v.version === '2');
    assert.equal(v2?.sourceRun, 'present');
    const experiment = fs.readdirSync(mlruns).find((name) => /^[1-9][0-9]*$/.test(name)) ?? '';
    fs.rmSync(path.join(mlruns, experiment, v2?.runId ?? 'none'), { recursive: true });
    const after = readFileRegistry(mlruns).registeredModels.find((m) => m.name === 'iris-classifier');
    assert.equal(after?.versions.find((v) => v.version === '2')?.sourceRun, 'missing');
  });

  it('MLmodel missing, malformed, or with a signature that is not JSON: reported, the rest read', () => {
    const { mlruns } = extracted();
    const experiment = fs.readdirSync(mlruns).find((name) => /^[1-9][0-9]*$/.test(name)) ?? '';
    const modelsDir = path.join(mlruns, experiment, 'models');
    const [first, second, third] = fs.readdirSync(modelsDir).sort();
    const artifacts = (id: string | undefined) => path.join(modelsDir, id ?? '', 'artifacts');
    fs.rmSync(path.join(artifacts(first), 'MLmodel'));
    fs.writeFileSync(path.join(artifacts(second), 'MLmodel'), 'flavors: [1, 2\nsignature: {');
    const mlmodel = path.join(artifacts(third), 'MLmodel');
    const doc = parse(fs.readFileSync(mlmodel, 'utf8')) as { signature: Record<string, string> };
    doc.signature.inputs = '[{"type": "double",';
    fs.writeFileSync(mlmodel, stringify(doc));

    assert.match(readMlModel(artifacts(first)).problems[0]?.reason ?? '', /no MLmodel file/);
    assert.match(readMlModel(artifacts(second)).problems[0]?.reason ?? '', /unreadable MLmodel/);
    const broken = readMlModel(artifacts(third));
    assert.match(broken.problems.map((p) => p.reason).join('\n'), /signature inputs is not valid JSON/);
    assert.ok(Object.keys(broken.flavors).length > 0, 'the flavors are still read');
    assert.ok(broken.signature?.outputs, 'the outputs are still read');
    const read = readFileRegistry(mlruns);
    assert.equal(read.loggedModels.find((m) => m.modelId === first)?.mlmodel, undefined);
  });

  it('a database that is not SQLite, and one without registry tables', async () => {
    const { root } = extracted();
    const fake = path.join(root, 'mlflow.db');
    fs.writeFileSync(fake, 'not a database at all, just text that is long enough');
    const read = await readSqliteRegistry(fake);
    assert.equal(read.registeredModels.length, 0);
    assert.match(read.problems[0]?.reason ?? '', /not an SQLite database/);
  });

  it('the CLI lists everything else, reports each problem on stderr, exits 0 and writes nothing', () => {
    const { root, mlruns, db } = extracted();
    fs.writeFileSync(path.join(registry(mlruns), 'version-3', 'meta.yaml'), '{{{');
    fs.writeFileSync(db + '.broken.db', 'SQLite format 3\0garbage garbage garbage');
    const before = stateOf(root);
    const result = cli(['models', '.', '--json'], root);
    assert.equal(result.status, 0, result.stderr);
    const listed = JSON.parse(result.stdout) as { registeredModels: { name: string; store: string }[] };
    assert.equal(listed.registeredModels.length, 4);
    assert.match(result.stderr, /version-3\/meta\.yaml: unreadable model version meta\.yaml/);
    assert.match(result.stderr, /mlflow\.db\.broken\.db: cannot open database/);
    const text = cli(['models', '.'], root);
    assert.equal(text.status, 0);
    assert.match(text.stdout, /v3 {2}.*! unreadable model version meta\.yaml/);
    fs.rmSync(path.join(root, '.no-cache'), { recursive: true, force: true });
    assert.deepEqual(stateOf(root), before);
  });

  it('readModels finds model folders among run artifacts and skips unreadable ones without crashing', async () => {
    const { mlruns } = extracted();
    const snapshot = await readModels([mlruns], { runs: [] });
    assert.equal(snapshot.artifactModels.length, 0, 'no runs given, no artifacts searched');
    assert.ok(snapshot.registeredModels.length > 0);
  });
});
