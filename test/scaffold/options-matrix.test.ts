// The option matrix: every value of every option is rendered at least once in every layout (a
// small covering set of combinations, not the full product). Each generated project must have the
// files its options call for, Python that compiles and passes ruff (check and format), YAML and
// TOML that parse, a Makefile that `make -n` accepts, one dependency set declared the same way by
// every environment file, and nothing that looks like a secret.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import type { VarValue } from '../../src/core/scaffold/expr';
import { parseToml } from '../../src/core/sources/dvc/values/toml';
import {
  REPO_ROOT,
  catalog,
  declaredRequirements,
  generate,
  requirementsFile,
  type Generated,
} from './project';

type Options = Record<string, VarValue>;

/**
 * Combination `i` of layout `l` takes, for each option, the value at index (i + l·step) modulo the
 * number of values: over four combinations every value of a four-valued option appears in every
 * layout, and the offsets mix the values differently from one layout to the next.
 */
async function coveringCombinations(): Promise<{ layout: string; options: Options }[]> {
  const scaffolds = await catalog();
  const combos: { layout: string; options: Options }[] = [];
  const widest = Math.max(
    ...scaffolds.options.map((o) => (o.type === 'boolean' ? 2 : (o.values?.length ?? 1))),
  );
  scaffolds.layouts.forEach((layout, l) => {
    for (let i = 0; i < widest; i++) {
      const options: Options = {};
      scaffolds.options.forEach((option, o) => {
        const values: VarValue[] = option.type === 'boolean' ? [true, false] : (option.values ?? []);
        if (values.length > 0) options[option.name] = values[(i + l * (o + 1)) % values.length]!;
      });
      combos.push({ layout: layout.id, options });
    }
  });
  return combos;
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'scaffold-matrix-'));
const projects: Generated[] = [];

before(async () => {
  const combos = await coveringCombinations();
  for (const [n, combo] of combos.entries()) {
    // Every other project gets a name with capitals, a dot and an underscore (still PEP 508).
    const name = n % 2 === 0 ? 'demo-project' : `Demo.Project_${n}`;
    projects.push(
      await generate(combo.layout, path.join(scratch, `${n}-${combo.layout}`), combo.options, name),
    );
  }
});
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

function filesOf(project: Generated, suffix: string): string[] {
  return project.files.filter((f) => f.endsWith(suffix)).map((f) => path.join(project.dir, f));
}

function exec(command: string, args: string[], cwd = REPO_ROOT): { status: number | null; output: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

test('every value of every option is covered in every layout', async () => {
  const scaffolds = await catalog();
  for (const layout of scaffolds.layouts)
    for (const option of scaffolds.options) {
      if (option.type === 'string') continue;
      const seen = new Set(
        projects.filter((p) => p.vars.layout === layout.id).map((p) => p.vars[option.name]),
      );
      const values: VarValue[] = option.type === 'boolean' ? [true, false] : (option.values ?? []);
      assert.deepEqual([...seen].sort(), [...values].sort(), `${layout.id}: ${option.name}`);
    }
});

test('each project has exactly the files its options call for', () => {
  for (const project of projects) {
    const v = project.vars;
    const has = (file: string) => project.files.includes(file);
    const where = `${v.layout} ${JSON.stringify(v)}`;
    const pkg = `src/${String(v.package)}`;
    const expected: [string, boolean][] = [
      ['Makefile', true],
      ['pyproject.toml', true],
      ['README.md', true],
      ['.gitignore', true],
      [`${pkg}/tracking.py`, true],
      ['Dockerfile', v.docker === true],
      ['.github/workflows/ci.yml', v.ci === true],
      ['tests/conftest.py', v.tests === true],
      [`${pkg}/validation.py`, v.validation !== 'none'],
      ['tests/test_validation.py', v.tests === true && v.validation !== 'none'],
      [`${pkg}/monitoring.py`, v.monitoring === true],
      [`${pkg}/serving.py`, v.serving !== 'none' && v.layout !== 'production-service'],
      [`${pkg}/ray_serve.py`, v.serving === 'rayserve'],
      [`dags/${String(v.package)}_pipeline.py`, v.airflow === true],
      ['requirements.txt', v.env === 'pip' || v.env === 'conda'],
      ['requirements-dev.txt', v.env === 'pip' || v.env === 'conda'],
      ['environment.yml', v.env === 'conda'],
      ['dvc.yaml', v.layout === 'dvc-pipeline'],
      ['params.yaml', v.layout === 'dvc-pipeline'],
      ['MLproject', v.layout === 'mlflow-project'],
      ['python_env.yaml', v.layout === 'mlflow-project'],
      [`${pkg}/main.py`, v.layout === 'production-service'],
      [`${pkg}/modeling/train.py`, v.layout === 'data-science'],
      ['data/raw/.gitkeep', v.layout === 'data-science'],
    ];
    for (const [file, wanted] of expected) assert.equal(has(file), wanted, `${file} in ${where}`);
    assert.ok(!project.files.some((f) => f.endsWith('.tmpl')), `a .tmpl suffix survived in ${where}`);
  }
});

test('all generated Python compiles (one interpreter over every file)', () => {
  const files = projects.flatMap((p) => filesOf(p, '.py'));
  assert.ok(files.length > 100);
  const script = 'import py_compile, sys\nfor f in sys.argv[1:]:\n    py_compile.compile(f, doraise=True)';
  const { status, output } = exec('python3', ['-c', script, ...files]);
  assert.equal(status, 0, output);
});

test('all generated code passes ruff (check, and format --check where configured)', () => {
  const requirements = path.join(scratch, 'ruff-requirements.txt');
  const withRuff = projects.find((p) => p.vars.ruff === true)!;
  const ruffPin = declaredRequirements(withRuff.dir, String(withRuff.vars.env)).find((r) =>
    r.startsWith('ruff=='),
  );
  assert.ok(ruffPin, 'the projects pin ruff');
  fs.writeFileSync(requirements, `${ruffPin}\n`);
  const venv = exec('bash', [path.join(REPO_ROOT, 'scripts', 'scaffold-env.sh'), requirements]);
  assert.equal(venv.status, 0, venv.output);
  const ruff = path.join(venv.output.trim().split('\n').pop()!, 'bin', 'ruff');
  const configured = projects.filter((p) => p.vars.ruff === true).map((p) => p.dir);
  for (const args of [['check'], ['format', '--check']]) {
    const { status, output } = exec(ruff, [...args, '--no-cache', ...configured], scratch);
    assert.equal(status, 0, output);
  }
  // Without the ruff option there is no [tool.ruff] (nor a style to format to): ruff's default
  // rules still pass, run from the project as its user would.
  for (const project of projects.filter((p) => p.vars.ruff !== true)) {
    const { status, output } = exec(ruff, ['check', '--no-cache', '.'], project.dir);
    assert.equal(status, 0, `${project.dir}: ${output}`);
  }
});

test('YAML files parse, and GitHub expressions survive rendering', () => {
  for (const project of projects) {
    const yamlFiles = project.files.filter((f) => /\.(ya?ml)$/.test(f) || f === 'MLproject');
    for (const file of yamlFiles) {
      const doc = parseYaml(fs.readFileSync(path.join(project.dir, file), 'utf8')) as unknown;
      assert.ok(doc && typeof doc === 'object', `${project.dir}/${file}`);
    }
    if (project.vars.ci === true) {
      const workflow = fs.readFileSync(path.join(project.dir, '.github/workflows/ci.yml'), 'utf8');
      assert.match(workflow, /\$\{\{ github\.sha \}\}/);
      const jobs = (parseYaml(workflow) as { jobs: { check: { steps: { run?: string }[] } } }).jobs;
      const runs = jobs.check.steps.map((s) => s.run ?? '');
      assert.ok(runs.includes('make lint') && runs.includes('make train'), project.dir);
      assert.equal(runs.includes('make test'), project.vars.tests === true, project.dir);
    }
    if (project.vars.layout === 'dvc-pipeline') {
      const dvc = parseYaml(fs.readFileSync(path.join(project.dir, 'dvc.yaml'), 'utf8')) as {
        stages: object;
      };
      assert.deepEqual(Object.keys(dvc.stages), ['prepare', 'featurize', 'train', 'evaluate']);
    }
    if (project.vars.layout === 'mlflow-project') {
      const mlproject = parseYaml(fs.readFileSync(path.join(project.dir, 'MLproject'), 'utf8')) as {
        entry_points: Record<string, { parameters: Record<string, { type: string }> }>;
      };
      const types = Object.values(mlproject.entry_points.main!.parameters).map((p) => p.type);
      assert.deepEqual([...new Set(types)].sort(), ['float', 'path', 'string']);
    }
  }
});

test('pyproject.toml parses and carries what the env manager and packaging need', () => {
  for (const project of projects) {
    const v = project.vars;
    const doc = parseToml(fs.readFileSync(path.join(project.dir, 'pyproject.toml'), 'utf8')) as {
      project: { name: string; dependencies: string[]; scripts?: object; classifiers?: string[] };
      tool?: { uv?: object; poetry?: object; ruff?: object; pytest?: object };
      'build-system': { 'build-backend': string };
    };
    assert.equal(doc.project.name, v.project_name);
    assert.equal(doc['build-system']['build-backend'], 'hatchling.build');
    assert.equal(doc.tool?.uv !== undefined, v.env === 'uv', project.dir);
    assert.equal(doc.tool?.poetry !== undefined, v.env === 'poetry', project.dir);
    assert.equal(doc.tool?.ruff !== undefined, v.ruff === true, project.dir);
    assert.equal(doc.tool?.pytest !== undefined, v.tests === true, project.dir);
    assert.equal(doc.project.scripts !== undefined, v.packaging === true, project.dir);
    // Each console script is a string naming a function of the package (not a dotted TOML key).
    for (const target of Object.values(doc.project.scripts ?? {})) {
      assert.equal(typeof target, 'string', `a console script in ${project.dir}`);
      const [module, func] = String(target).split(':');
      const file = path.join(project.dir, 'src', `${module!.replaceAll('.', '/')}.py`);
      assert.match(fs.readFileSync(file, 'utf8'), new RegExp(`^def ${func}\\(`, 'm'), String(target));
    }
    assert.ok(
      doc.project.dependencies.every((d) => /^[a-z0-9-]+(\[[a-z]+\])?==[0-9.]+$/.test(d)),
      project.dir,
    );
  }
});

test('every environment file declares the same pinned dependencies', () => {
  for (const project of projects) {
    const v = project.vars;
    const declared = declaredRequirements(project.dir, String(v.env));
    const pyproject = parseToml(fs.readFileSync(path.join(project.dir, 'pyproject.toml'), 'utf8')) as {
      project: { dependencies: string[] };
    };
    const runtime = pyproject.project.dependencies;
    for (const dependency of runtime)
      assert.ok(declared.includes(dependency), `${dependency} in ${project.dir}`);
    assert.equal(declared.includes('pytest==9.2.0'), v.tests === true, project.dir);
    assert.equal(declared.includes('ruff==0.17.5'), v.ruff === true, project.dir);
    if (v.env === 'pip' || v.env === 'conda')
      assert.deepEqual(
        requirementsFile(path.join(project.dir, 'requirements.txt')).sort(),
        [...runtime].sort(),
      );
    if (v.layout === 'mlflow-project') {
      const pythonEnv = parseYaml(fs.readFileSync(path.join(project.dir, 'python_env.yaml'), 'utf8')) as {
        python: string;
        dependencies: string[];
      };
      assert.equal(pythonEnv.python, v.python_version);
      assert.deepEqual(pythonEnv.dependencies.filter((d) => d !== '-e .').sort(), [...runtime].sort());
    }
  }
});

test('Makefiles parse (make -n) and have the targets the options call for', () => {
  for (const project of projects) {
    const v = project.vars;
    const targets = ['help', 'install', 'lint', 'train', 'clean'];
    if (v.tests === true) targets.push('test');
    if (v.ruff === true) targets.push('format');
    if (v.monitoring === true) targets.push('monitor');
    if (v.docker === true) targets.push('docker-build', 'docker-run');
    if (v.packaging === true) targets.push('build', 'publish');
    if (v.serving !== 'none' && v.layout !== 'production-service') targets.push('serve');
    const { status, output } = exec('make', ['-n', ...targets], project.dir);
    assert.equal(status, 0, `${project.dir}: ${output}`);
  }
});

test('Dockerfiles use the chosen Python and start the pipeline or the service', () => {
  for (const project of projects.filter((p) => p.vars.docker === true)) {
    const dockerfile = fs.readFileSync(path.join(project.dir, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, new RegExp(`^FROM python:${String(project.vars.python_version)}-slim$`, 'm'));
    const serves = project.vars.serving !== 'none' || project.vars.layout === 'production-service';
    assert.equal(/^EXPOSE 8000$/m.test(dockerfile), serves, project.dir);
    assert.match(dockerfile, /^CMD \[/m);
  }
});

test('no generated file carries a secret or a template tag', () => {
  const secret = /(api[_-]?key|secret|password|passwd|token)\s*[:=]\s*["']?[A-Za-z0-9+/]{8,}/i;
  for (const project of projects)
    for (const file of project.files) {
      const text = fs.readFileSync(path.join(project.dir, file), 'utf8');
      assert.doesNotMatch(text, secret, `${project.dir}/${file}`);
      assert.doesNotMatch(text, /\{%|%\}/, `${project.dir}/${file}`);
    }
});
