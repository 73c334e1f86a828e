// "Add CI Workflow": variables read from an existing project, the make-target check, and the
// bundled `_ci` templates rendered for such a project (valid YAML, GitHub expressions kept).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import test from 'node:test';
import { parse } from 'yaml';
import { loadCatalog } from '../../src/core/scaffold/catalog';
import { CI_FOLDER, ciVariables, missingMakeTargets } from '../../src/core/scaffold/ci';
import { detectProject } from '../../src/core/scaffold/detect';
import { renderFolders } from '../../src/core/scaffold/plan';
import { toyTemplates, tree } from './scaffoldToyTemplates';

const BUNDLED = join(__dirname, '..', '..', 'scaffolds');

test('ciVariables: detected facts over the layout defaults; names from the folder', async () => {
  const catalog = await loadCatalog(toyTemplates());
  const root = join(
    tree({ 'my-service/requirements.txt': 'x\n', 'my-service/pkg_a/__init__.py': '' }),
    'my-service',
  );
  const facts = await detectProject(root);
  assert.deepEqual(ciVariables(catalog, facts), {
    tracker: 'mlflow',
    tests: false, // no tests/ folder
    docker: true, // the only (toy) layout's default
    python_version: '3.11',
    project_name: 'my-service',
    package: 'pkg_a',
    layout: 'basic',
  });
});

test('missingMakeTargets lists the make targets the Makefile does not define', async () => {
  const facts = await detectProject(
    tree({ Makefile: 'install:\n\tpip install -e .\nlint test:\n\truff check\n' }),
  );
  const workflow =
    'run: make install\nrun: make lint\nrun: make train # and make test\nrun: cmake --build .\n';
  assert.deepEqual(missingMakeTargets([workflow], facts), ['train']);
  const none = await detectProject(tree({}));
  assert.deepEqual(missingMakeTargets([workflow], none).sort(), ['install', 'lint', 'test', 'train']);
});

test('the bundled _ci templates render a valid workflow for an existing uv or pip project', async () => {
  const catalog = await loadCatalog(BUNDLED);
  const rendered: Record<string, string> = {};
  for (const [env, files] of [
    [
      'uv',
      { 'pyproject.toml': '[project]\nname = "x"\n[tool.uv]\n', 'uv.lock': '', 'src/x/__init__.py': '' },
    ],
    ['pip', { 'requirements.txt': 'pandas\n', 'x/__init__.py': '', 'tests/test_x.py': '' }],
  ] as const) {
    const facts = await detectProject(tree(files));
    assert.equal(facts.env, env);
    const out = renderFolders(catalog, CI_FOLDER, ciVariables(catalog, facts));
    const workflow = out.find((f) => f.path === '.github/workflows/ci.yml');
    assert.ok(workflow, `a workflow for ${env}: ${out.map((f) => f.path).join(', ')}`);
    const parsed = parse(workflow.content) as { jobs: Record<string, { steps: unknown[] }> };
    assert.ok(Object.keys(parsed.jobs).length > 0, 'the workflow has jobs');
    assert.match(workflow.content, /\$\{\{ [^}]+ \}\}/, 'GitHub expressions are kept');
    rendered[env] = workflow.content;
  }
  assert.notEqual(rendered.uv, rendered.pip, 'the environment manager changes the workflow');
});
