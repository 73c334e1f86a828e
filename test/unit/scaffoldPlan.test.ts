// The template tree loader, the file plan, path confinement and never-overwrite, on small template
// trees written to temp folders (the real templates under scaffolds/ are tested separately).
import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { loadCatalog, ScaffoldConfigError } from '../../src/core/scaffold/catalog';
import { confine, PathConfinementError, relativePathProblem } from '../../src/core/scaffold/confine';
import { ScaffoldInputError } from '../../src/core/scaffold/options';
import { planFiles, planScaffold, renderFolders, scaffoldVariables } from '../../src/core/scaffold/plan';
import { OverwriteRefusedError, writePlan } from '../../src/core/scaffold/write';
import { toyTemplates, tree } from './scaffoldToyTemplates';

test('a template tree loads, with layouts sorted and options typed', async () => {
  const catalog = await loadCatalog(toyTemplates());
  assert.deepEqual(
    catalog.layouts.map((l) => l.id),
    ['basic'],
  );
  assert.deepEqual(
    catalog.options.map((o) => [o.name, o.type, o.default]),
    [
      ['tracker', 'choice', 'mlflow'],
      ['tests', 'boolean', true],
      ['docker', 'boolean', false],
      ['python_version', 'string', '3.11'],
    ],
  );
  assert.deepEqual(catalog.layouts[0]!.defaults, { docker: true });
});

test('a layout renders its files and its includes; paths are substituted and .tmpl dropped', async () => {
  const catalog = await loadCatalog(toyTemplates());
  const vars = scaffoldVariables(catalog, { layout: 'basic', projectName: 'Churn-Model' });
  const files = renderFolders(catalog, 'basic', vars);
  assert.deepEqual(
    files.map((f) => `${f.folder}:${f.path}`),
    [
      '_shared:ci/ci.yml',
      'basic:data/raw/.gitkeep',
      'basic:Dockerfile',
      'basic:README.md',
      '_shared:ruff.toml',
      'basic:src/churn_model/__init__.py',
      'basic:src/churn_model/track.py',
      'basic:tests/test_churn_model.py',
    ],
  );
  const byPath = new Map(files.map((f) => [f.path, f.content]));
  assert.equal(byPath.get('README.md'), '# Churn-Model\n');
  assert.equal(byPath.get('src/churn_model/track.py'), "import mlflow\nPY = '3.11'\n");
  assert.equal(byPath.get('Dockerfile'), 'FROM python:3.11-slim\n', 'layout default docker: true applies');
  assert.equal(byPath.get('ci/ci.yml'), 'run: ${{ matrix.python }} churn_model\n');
});

test('when rules leave files out; the user overrides layout defaults', async () => {
  const catalog = await loadCatalog(toyTemplates());
  const vars = scaffoldVariables(catalog, {
    layout: 'basic',
    projectName: 'demo',
    options: { docker: false, tests: false, tracker: 'none' },
  });
  const paths = renderFolders(catalog, 'basic', vars).map((f) => f.path);
  assert.deepEqual(paths, ['data/raw/.gitkeep', 'README.md', 'src/demo/__init__.py', 'src/demo/track.py']);
});

test('bad requests are ScaffoldInputErrors with the reason', async () => {
  const catalog = await loadCatalog(toyTemplates());
  const cases: [Parameters<typeof scaffoldVariables>[1], RegExp][] = [
    [{ layout: 'nope', projectName: 'demo' }, /unknown layout 'nope' \(layouts: basic\)/],
    [{ layout: 'basic', projectName: '../evil' }, /not a valid project name/],
    [{ layout: 'basic', projectName: 'demo', package: 'json' }, /shadow the Python standard library/],
    [{ layout: 'basic', projectName: 'demo', options: { colour: 'red' } }, /unknown option 'colour'/],
    [
      { layout: 'basic', projectName: 'demo', options: { tracker: 'neptune' } },
      /'neptune' is not a value of tracker/,
    ],
    [{ layout: 'basic', projectName: 'demo', options: { tests: 'maybe' } }, /tests is true or false/],
    [
      { layout: 'basic', projectName: 'demo', options: { python_version: '3.11"\nimport os' } },
      /may only contain/,
    ],
  ];
  for (const [request, reason] of cases)
    assert.throws(
      () => scaffoldVariables(catalog, request),
      (e: unknown) => e instanceof ScaffoldInputError && reason.test(e.message),
    );
});

async function configProblems(extra: Record<string, string>): Promise<string[]> {
  try {
    await loadCatalog(toyTemplates(extra));
  } catch (error) {
    assert.ok(error instanceof ScaffoldConfigError, String(error));
    return error.problems;
  }
  assert.fail('the template tree loaded');
}

test('template tree problems are all reported, each with its file', async () => {
  const problems = await configProblems({
    'basic/files/bad.py': 'x = 1\n{% if docker %}\n',
    'basic/files/unknown.py': '{{ nope }}\n',
    'basic/files/typo.py': "{% if tracker == 'mlfow' %}{% endif %}\n",
    'basic/files/{{ layout }}.txt': 'x\n',
    'broken/scaffold.yaml':
      'id: wrong\ntitle: T\ndescription: D\norder: x\ndefaults: {docker: maybe, colour: red}\ninclude: [_missing]\nextra: 1\n',
    '_other/scaffold.yaml':
      'id: _other\nfiles:\n  - path: nothing/**\n    when: tests\n  - path: x\n    when: "tests =="\n',
  });
  const expected = [
    /^basic\/files\/bad\.py:2: \{% if %\} is never closed/,
    /^basic\/files\/unknown\.py:1: unknown variable '\{\{ nope \}\}'/,
    /^basic\/files\/typo\.py:1: 'mlfow' is not a value of tracker/,
    /^basic\/files\/\{\{ layout \}\}\.txt: only \{\{ package \}\} and \{\{ project_name \}\} may appear in file paths/,
    /^broken\/scaffold\.yaml: id must be 'broken'/,
    /^broken\/scaffold\.yaml: order must be a number/,
    /^broken\/scaffold\.yaml: unknown key 'extra'/,
    /^broken\/scaffold\.yaml: defaults: docker is true or false/,
    /^broken\/scaffold\.yaml: defaults: unknown option 'colour'/,
    /^broken\/scaffold\.yaml: include: '_missing' is not another folder/,
    /^_other\/scaffold\.yaml: unknown key 'id' \(shared folders have only include and files\)/,
    /^_other\/scaffold\.yaml: files rule 'nothing\/\*\*' matches no file/,
    /^_other\/scaffold\.yaml: files\[1\]: when 'tests ==': expected a quoted value/,
  ];
  for (const pattern of expected)
    assert.ok(
      problems.some((p) => pattern.test(p)),
      `${pattern} not in:\n${problems.join('\n')}`,
    );
});

test('options.yaml problems: types, defaults, unquoted versions, reserved names', async () => {
  const problems = await configProblems({
    'options.yaml': `
tracker: {type: choice, values: [a, b], default: c, label: T, description: D}
py: {type: string, default: 3.11, label: P, description: D}
flag: {type: boolean, default: yes please, label: F, description: D}
package: {type: string, default: x, label: P, description: D}
odd: {type: list, label: O, description: D}
nolabel: {type: boolean, default: true, description: D, colour: red}
`,
  });
  for (const pattern of [
    /options\.yaml: tracker: default must be one of a, b/,
    /options\.yaml: py: default must be a string \(quote it/,
    /options\.yaml: flag: default must be true or false/,
    /options\.yaml: 'package' is a built-in variable/,
    /options\.yaml: odd: type must be choice, boolean or string/,
    /options\.yaml: nolabel: unknown key 'colour'/,
    /options\.yaml: nolabel: label must be a non-empty string/,
  ])
    assert.ok(
      problems.some((p) => pattern.test(p)),
      `${pattern} not in:\n${problems.join('\n')}`,
    );
});

test('include cycles and clashing output paths are errors', async () => {
  const cycle = await configProblems({
    '_shared/scaffold.yaml': 'include: [_loop]\n',
    '_loop/scaffold.yaml': 'include: [_shared]\n',
  });
  assert.ok(
    cycle.some((p) => /include cycle: basic → _shared → _loop → _shared/.test(p)),
    cycle.join('\n'),
  );
  const catalog = await loadCatalog(toyTemplates({ '_shared/files/README.md': 'again\n' }));
  const vars = scaffoldVariables(catalog, { layout: 'basic', projectName: 'demo' });
  assert.throws(
    () => renderFolders(catalog, 'basic', vars),
    /README\.md would be written by both basic\/files\/README\.md and _shared\/files\/README\.md/,
  );
});

test('relative paths: .., absolute and odd segments are refused', () => {
  for (const bad of [
    '../x',
    'a/../../x',
    '/etc/passwd',
    'C:/Windows/x',
    'C:x',
    '\\\\server\\share',
    'a\\b',
    'a//b',
    './a',
    '',
    'a\0b',
  ])
    assert.ok(relativePathProblem(bad), `${JSON.stringify(bad)} accepted`);
  for (const good of ['a', '.github/workflows/ci.yml', 'data/raw/.gitkeep', 'a..b/c..'])
    assert.equal(relativePathProblem(good), undefined, good);
});

test('confine refuses escapes and symbolic links below the destination', async () => {
  const outside = tree({ 'victim.txt': 'keep me\n' });
  const dest = tree({ 'plain/file.txt': 'x' });
  symlinkSync(outside, join(dest, 'link'));
  symlinkSync(join(outside, 'victim.txt'), join(dest, 'filelink.txt'));
  for (const [relative, reason] of [
    ['../victim.txt', /'\.\.' segments are not allowed/],
    ['/tmp/x', /absolute paths are not allowed/],
    ['link/victim.txt', /'link' is a symbolic link/],
    ['filelink.txt', /'filelink\.txt' is a symbolic link/],
    ['plain/file.txt/below', /'plain\/file\.txt' exists and is not a folder/],
    ['plain', /'plain' exists and is not a regular file/],
  ] as const)
    await assert.rejects(
      confine(dest, relative),
      (e: unknown) => e instanceof PathConfinementError && reason.test(e.message),
    );
  assert.deepEqual(await confine(dest, 'plain/file.txt'), {
    absolutePath: join(dest, 'plain', 'file.txt'),
    exists: true,
  });
  assert.deepEqual(await confine(dest, 'new/deep/file.txt'), {
    absolutePath: join(dest, 'new', 'deep', 'file.txt'),
    exists: false,
  });
});

test('the destination itself may not be a symbolic link or a file; links above it are resolved', async () => {
  const outside = tree({});
  const parent = tree({ 'file.txt': 'x' });
  symlinkSync(outside, join(parent, 'linked'));
  const file = { path: 'a.txt', content: 'x', executable: false, folder: 'f', source: 's' };
  await assert.rejects(planFiles(join(parent, 'linked'), [file]), /destination folder is a symbolic link/);
  await assert.rejects(planFiles(join(parent, 'file.txt'), [file]), /exists and is not a folder/);
  const below = await planFiles(join(parent, 'linked', 'project'), [file]);
  assert.equal(
    below.root,
    join(realpathSync(outside), 'project'),
    'a link above the destination is followed',
  );
});

test('a plan with a path escaping the destination is refused before anything is written', async () => {
  const dest = join(tree({}), 'project');
  const file = { content: 'x', executable: false, folder: 'f', source: 's' };
  await assert.rejects(
    planFiles(dest, [
      { ...file, path: 'ok.txt' },
      { ...file, path: '../escape.txt' },
    ]),
    PathConfinementError,
  );
  await assert.rejects(planFiles(dest, [{ ...file, path: '/abs.txt' }]), /absolute paths are not allowed/);
  assert.equal(existsSync(dest), false);
});

test('writing creates the project; existing files are never overwritten without a decision', async () => {
  const catalog = await loadCatalog(toyTemplates());
  const dest = join(tree({}), 'out');
  const plan = await planScaffold(catalog, { layout: 'basic', projectName: 'demo' }, dest);
  assert.ok(plan.files.every((f) => !f.exists));
  const first = await writePlan(plan);
  assert.equal(first.written.length, plan.files.length);
  assert.equal(readFileSync(join(dest, 'src', 'demo', '__init__.py'), 'utf8'), '"""demo."""\n');
  assert.equal(readFileSync(join(dest, 'data', 'raw', '.gitkeep'), 'utf8'), '');

  writeFileSync(join(dest, 'README.md'), 'my own notes\n');
  const again = await planScaffold(catalog, { layout: 'basic', projectName: 'demo' }, dest);
  assert.deepEqual(
    again.files
      .filter((f) => f.exists)
      .map((f) => f.path)
      .sort(),
    plan.files.map((f) => f.path).sort(),
    'every file is now marked as existing',
  );
  await assert.rejects(writePlan(again, new Map([['Dockerfile', 'overwrite']])), (e: unknown) => {
    assert.ok(e instanceof OverwriteRefusedError);
    assert.ok(e.paths.includes('README.md'));
    assert.ok(!e.paths.includes('Dockerfile'));
    return true;
  });
  assert.equal(readFileSync(join(dest, 'README.md'), 'utf8'), 'my own notes\n', 'nothing written on refusal');

  const decisions = new Map(
    again.files.map((f) => [f.path, f.path === 'Dockerfile' ? 'overwrite' : 'skip'] as const),
  );
  writeFileSync(join(dest, 'Dockerfile'), 'FROM scratch\n');
  const result = await writePlan(again, decisions);
  assert.deepEqual(result.written, ['Dockerfile']);
  assert.equal(result.skipped.length, plan.files.length - 1);
  assert.equal(readFileSync(join(dest, 'Dockerfile'), 'utf8'), 'FROM python:3.11-slim\n');
  assert.equal(readFileSync(join(dest, 'README.md'), 'utf8'), 'my own notes\n');
});

test('a file that appears between planning and writing is not overwritten', async () => {
  const catalog = await loadCatalog(toyTemplates());
  const dest = join(tree({}), 'out');
  const plan = await planScaffold(catalog, { layout: 'basic', projectName: 'demo' }, dest);
  mkdirSync(dest, { recursive: true });
  writeFileSync(join(dest, 'README.md'), 'raced\n');
  await assert.rejects(writePlan(plan), OverwriteRefusedError);
  assert.equal(readFileSync(join(dest, 'README.md'), 'utf8'), 'raced\n');
});

test('executable templates stay executable; symbolic links in templates are refused', async () => {
  const root = toyTemplates({ 'basic/files/scripts/run.sh': '#!/bin/sh\necho {{ package }}\n' });
  chmodSync(join(root, 'basic', 'files', 'scripts', 'run.sh'), 0o755);
  const catalog = await loadCatalog(root);
  const dest = join(tree({}), 'out');
  await writePlan(await planScaffold(catalog, { layout: 'basic', projectName: 'demo' }, dest));
  assert.equal(statSync(join(dest, 'scripts', 'run.sh')).mode & 0o111, 0o111);
  assert.equal(statSync(join(dest, 'README.md')).mode & 0o111, 0);

  symlinkSync('/etc/passwd', join(root, 'basic', 'files', 'passwd'));
  await assert.rejects(loadCatalog(root), /basic\/files\/passwd: symbolic links are not allowed/);
});
