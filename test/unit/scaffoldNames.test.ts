import assert from 'node:assert/strict';
import test from 'node:test';
import {
  derivePackageName,
  packageNameProblem,
  projectNameProblem,
  resolveNames,
} from '../../src/core/scaffold/names';

test('valid package names pass', () => {
  for (const name of ['churn', 'churn_model', '_private', 'model2', 'a'])
    assert.equal(packageNameProblem(name), undefined, name);
});

test('package names: pattern, keywords, standard library and imported libraries are refused', () => {
  const cases: [string, RegExp][] = [
    ['', /empty/],
    ['Churn', /not a valid Python package name/],
    ['churn-model', /not a valid Python package name/],
    ['2fast', /not a valid Python package name/],
    ['churn.model', /not a valid Python package name/],
    ['../evil', /not a valid Python package name/],
    ['/abs', /not a valid Python package name/],
    ['class', /is a Python keyword/],
    ['import', /is a Python keyword/],
    ['json', /standard library module 'json'/],
    ['logging', /standard library/],
    ['test', /standard library/],
    ['mlflow', /would shadow the library 'mlflow'/],
    ['pandas', /would shadow the library/],
    ['a'.repeat(65), /longer than 64/],
  ];
  for (const [name, reason] of cases) assert.match(packageNameProblem(name) ?? '(accepted)', reason, name);
});

test('project names follow PEP 508 and cannot be paths', () => {
  for (const name of ['churn', 'Churn-Model', 'churn.model.v2', 'a1', 'x_y'])
    assert.equal(projectNameProblem(name), undefined, name);
  for (const name of [
    '',
    ' ',
    '../x',
    'a/b',
    '/abs',
    'a\\b',
    '..',
    '.hidden',
    'trailing-',
    'with space',
    'ü',
  ])
    assert.ok(projectNameProblem(name), `${JSON.stringify(name)} accepted`);
});

test('the package is derived from the project name', () => {
  assert.equal(derivePackageName('Churn-Model'), 'churn_model');
  assert.equal(derivePackageName('churn.model--v2'), 'churn_model_v2');
  assert.equal(derivePackageName('already_fine'), 'already_fine');
  assert.equal(derivePackageName('3d-vision'), '_3d_vision');
});

test('resolveNames validates both and explains a bad derived package', () => {
  assert.deepEqual(resolveNames('Churn-Model'), { projectName: 'Churn-Model', package: 'churn_model' });
  assert.deepEqual(resolveNames('Churn-Model', 'churn'), { projectName: 'Churn-Model', package: 'churn' });
  const derived = resolveNames('JSON');
  assert.ok('problem' in derived);
  assert.match(derived.problem, /standard library.*derived from the project name 'JSON'; choose another/);
  const explicit = resolveNames('demo', 'Bad-Name');
  assert.ok('problem' in explicit);
  assert.doesNotMatch(explicit.problem, /derived/);
  assert.ok('problem' in resolveNames('../escape'));
});
