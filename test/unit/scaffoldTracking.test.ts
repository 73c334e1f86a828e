// "Add Experiment Tracking": dependency edits keep the files' formatting and parse; the generated
// modules run with the real MLflow / DVCLive (when their virtualenvs are given) and our own reader
// finds what they logged.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { RunIndex } from '../../src/core/index/runIndex';
import { detectProject, makefileTargets } from '../../src/core/scaffold/detect';
import {
  addToPoetryDependencies,
  addToProjectDependencies,
  dependencyChange,
  trackingModule,
  trackingModulePath,
} from '../../src/core/scaffold/tracking';

async function parseToml(text: string): Promise<Record<string, unknown>> {
  const { parse } = await import('smol-toml');
  return parse(text) as Record<string, unknown>;
}

function projectDir(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'mlops-lens-track-'));
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(join(root, relative, '..'), { recursive: true });
    writeFileSync(join(root, relative), content);
  }
  return root;
}

const MULTILINE = `[project]
name = "demo"
dependencies = [
    "pandas>=2",  # data
    "scikit-learn"  # no trailing comma
    # a comment line
]

[tool.ruff]
line-length = 100
`;

test('[project] dependencies: multi-line, single-line, empty and closing-on-last-item arrays', async () => {
  const multi = addToProjectDependencies(MULTILINE, 'mlflow>=2.10')!;
  assert.equal(
    multi,
    MULTILINE.replace('"scikit-learn"  #', '"scikit-learn",  #').replace(
      '    # a comment line\n',
      '    # a comment line\n    "mlflow>=2.10",\n',
    ),
  );
  const cases: [string, string[]][] = [
    ['[project]\nname = "x"\ndependencies = ["a", "b"]\n', ['a', 'b', 'mlflow>=2.10']],
    ['[project]\ndependencies = []\n', ['mlflow>=2.10']],
    ['[project]\ndependencies = [\n  "a",\n  "b"]\n', ['a', 'b', 'mlflow>=2.10']],
    ['[project]\ndependencies = [\'a[x]>=1\', "b",]\n', ['a[x]>=1', 'b', 'mlflow>=2.10']],
  ];
  for (const [source, expected] of [
    [MULTILINE, ['pandas>=2', 'scikit-learn', 'mlflow>=2.10']] as const,
    ...cases,
  ]) {
    const edited = source === MULTILINE ? multi : addToProjectDependencies(source, 'mlflow>=2.10');
    assert.ok(edited, source);
    const parsed = (await parseToml(edited)) as { project: { dependencies: string[] } };
    assert.deepEqual(parsed.project.dependencies, expected, edited);
  }
  assert.equal(addToProjectDependencies('[tool.other]\ndependencies = []\n', 'x'), undefined);
  assert.equal(addToProjectDependencies('[project]\nname = "x"\n', 'x'), undefined);
});

test('Poetry dependencies table gets a line at its end', async () => {
  const source =
    '[tool.poetry]\nname = "x"\n\n[tool.poetry.dependencies]\npython = "^3.11"\npandas = "^2"\n\n[build-system]\nrequires = ["poetry-core"]\n';
  const edited = addToPoetryDependencies(source, 'dvclive', '>=3.0')!;
  assert.equal(edited, source.replace('pandas = "^2"\n', 'pandas = "^2"\ndvclive = ">=3.0"\n'));
  const parsed = (await parseToml(edited)) as { tool: { poetry: { dependencies: Record<string, string> } } };
  assert.equal(parsed.tool.poetry.dependencies.dvclive, '>=3.0');
});

test('dependencyChange picks pyproject, then requirements.txt, then a new requirements.txt; no change when listed', async () => {
  const withProject = await detectProject(
    projectDir({ 'pyproject.toml': MULTILINE, 'requirements.txt': 'x\n' }),
  );
  assert.equal(dependencyChange(withProject, 'mlflow')?.path, 'pyproject.toml');
  const reqs = await detectProject(projectDir({ 'requirements.txt': 'pandas\nscikit-learn' }));
  assert.deepEqual(dependencyChange(reqs, 'dvclive'), {
    path: 'requirements.txt',
    before: 'pandas\nscikit-learn',
    after: 'pandas\nscikit-learn\ndvclive>=3.0\n',
  });
  const listed = await detectProject(projectDir({ 'requirements.txt': 'MLflow[extras]==3.1  # pinned\n' }));
  assert.equal(dependencyChange(listed, 'mlflow'), undefined);
  const skinny = await detectProject(projectDir({ 'requirements.txt': 'mlflow-skinny\n' }));
  assert.equal(dependencyChange(skinny, 'mlflow')?.after, 'mlflow-skinny\nmlflow>=2.10\n');
  const empty = await detectProject(projectDir({}));
  assert.deepEqual(dependencyChange(empty, 'mlflow'), {
    path: 'requirements.txt',
    before: undefined,
    after: 'mlflow>=2.10\n',
  });
  const mentionedElsewhere = await detectProject(
    projectDir({ 'pyproject.toml': '[project]\ndependencies = []\n[tool.mypy]\nmodule = "mlflow.*"\n' }),
  );
  assert.equal(dependencyChange(mentionedElsewhere, 'mlflow')?.path, 'pyproject.toml');
});

test('detectProject finds the environment manager, package, tests, Ruff and Makefile targets', async () => {
  const facts = await detectProject(
    projectDir({
      'pyproject.toml': '[project]\nname = "churn"\n[tool.uv]\ndev-dependencies = []\n[tool.ruff]\n',
      'src/churn/__init__.py': '',
      'tests/test_x.py': '',
      Makefile:
        'PY := python\n.PHONY: install test\ninstall:\n\tpip install .\ntest lint: install\n\tpytest\n',
      'dvc.yaml': 'stages: {}\n',
    }),
  );
  assert.equal(facts.env, 'uv');
  assert.equal(facts.packageDir, 'src/churn');
  assert.equal(facts.package, 'churn');
  assert.equal(facts.tests, true);
  assert.equal(facts.ruff, true);
  assert.equal(facts.layout, 'dvc-pipeline');
  assert.deepEqual(facts.makeTargets.sort(), ['install', 'lint', 'test']);
  assert.deepEqual(makefileTargets('a := 1\nb: c\n'), ['b']);
  const poetry = await detectProject(
    projectDir({ 'pyproject.toml': '[tool.poetry]\nname="x"\n', 'mypkg/__init__.py': '' }),
  );
  assert.equal(poetry.env, 'poetry');
  assert.equal(trackingModulePath(poetry), 'mypkg/tracking.py');
  assert.equal((await detectProject(projectDir({ 'environment.yml': 'name: x\n' }))).env, 'conda');
});

test('tracking modules import from where they are and find the project folder', () => {
  const nested = trackingModule('mlflow', 'src/churn/tracking.py', 'churn "model"');
  assert.match(nested, /from churn\.tracking import start_run/);
  assert.match(nested, /parents\[2\]/);
  assert.match(nested, /EXPERIMENT = "churn \\"model\\""/);
  const top = trackingModule('dvclive', 'tracking.py', 'x');
  assert.match(top, /from tracking import start_run/);
  assert.match(top, /parents\[0\]/);
});

const USE = `import sys
sys.path.insert(0, "src")
from demo.tracking import start_run
with start_run("first", params={"alpha": 0.5}) as run:
    for step in range(3):
        run.log_metrics({"loss": 1.0 / (step + 1)}, step=step)
`;

function runPython(venv: string, cwd: string): void {
  const result = spawnSync(join(venv, 'bin', 'python'), ['-c', USE], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, MLFLOW_TRACKING_URI: '', MLFLOW_DISABLE_TELEMETRY: 'true', DO_NOT_TRACK: 'true' }, // '' = unset
    timeout: 120_000,
  });
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
}

const mlflowVenv = process.env.MLOPS_LENS_VENV;
test(
  'the MLflow module logs a run that our reader finds',
  { skip: mlflowVenv ? false : 'MLOPS_LENS_VENV not set', timeout: 180_000 },
  async () => {
    const root = projectDir({ 'src/demo/__init__.py': '' });
    writeFileSync(
      join(root, 'src', 'demo', 'tracking.py'),
      trackingModule('mlflow', 'src/demo/tracking.py', 'demo'),
    );
    runPython(mlflowVenv!, root);
    assert.ok(existsSync(join(root, 'mlflow.db')));
    const index = new RunIndex({ roots: [root] });
    await index.refresh();
    const runs = index.allRuns();
    assert.equal(runs.length, 1);
    assert.equal(runs[0]!.name, 'first');
    assert.equal(runs[0]!.experimentName, 'demo');
    assert.equal(runs[0]!.status, 'FINISHED');
    assert.equal(runs[0]!.metrics.loss?.value, 1 / 3);
    assert.equal(runs[0]!.metrics.loss?.step, 2);
  },
);

const dvcVenv = process.env.MLOPS_LENS_DVC_VENV;
test(
  'the DVCLive module writes metrics and params under dvclive/',
  { skip: dvcVenv ? false : 'MLOPS_LENS_DVC_VENV not set', timeout: 180_000 },
  () => {
    const root = projectDir({ 'src/demo/__init__.py': '' });
    writeFileSync(
      join(root, 'src', 'demo', 'tracking.py'),
      trackingModule('dvclive', 'src/demo/tracking.py', 'demo'),
    );
    runPython(dvcVenv!, root);
    assert.deepEqual(JSON.parse(readFileSync(join(root, 'dvclive', 'metrics.json'), 'utf8')), {
      loss: 1 / 3,
      step: 2,
    });
    assert.match(readFileSync(join(root, 'dvclive', 'params.yaml'), 'utf8'), /alpha: 0\.5/);
    const tsv = readFileSync(join(root, 'dvclive', 'plots', 'metrics', 'loss.tsv'), 'utf8');
    assert.equal(tsv.trim().split('\n').length, 4, tsv);
  },
);
