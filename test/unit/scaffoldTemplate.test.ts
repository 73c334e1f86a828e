import assert from 'node:assert/strict';
import test from 'node:test';
import { checkExpr, evaluateExpr, parseExpr, type VarValue } from '../../src/core/scaffold/expr';
import {
  checkTemplate,
  compileTemplate,
  renderTemplateText,
  TemplateError,
} from '../../src/core/scaffold/template';

const VARS: Record<string, VarValue> = {
  project_name: 'churn-model',
  package: 'churn_model',
  layout: 'dvc-pipeline',
  tracker: 'mlflow',
  env: 'uv',
  tests: true,
  docker: false,
  serving: 'none',
  python_version: '3.11',
};

function render(source: string, vars = VARS): string {
  return renderTemplateText(source, 't.txt', vars);
}

function renderError(source: string, vars = VARS): TemplateError {
  try {
    render(source, vars);
  } catch (error) {
    assert.ok(error instanceof TemplateError, `expected a TemplateError, got ${String(error)}`);
    return error;
  }
  assert.fail(`rendering did not fail:\n${source}`);
}

test('substitutes variables; booleans render as true/false', () => {
  assert.equal(
    render('name = "{{ project_name }}"\nimport {{package}}\n'),
    'name = "churn-model"\nimport churn_model\n',
  );
  assert.equal(render('tests: {{ tests }}, docker: {{ docker }}'), 'tests: true, docker: false');
  assert.equal(render('python-version: "{{ python_version }}"'), 'python-version: "3.11"');
});

test('GitHub ${{ … }} expressions are left untouched, also next to variables', () => {
  const source = "runs-on: ${{ matrix.os }}\nkey: ${{ runner.os }}-{{ package }}-${{ hashFiles('x') }}\n";
  assert.equal(
    render(source),
    "runs-on: ${{ matrix.os }}\nkey: ${{ runner.os }}-churn_model-${{ hashFiles('x') }}\n",
  );
});

test('conditions pick one branch; lines holding only tags vanish with their newline', () => {
  const source = [
    'a',
    '{% if tracker == "mlflow" %}',
    'mlflow',
    "  {% elif tracker == 'dvclive' %}  ",
    'dvclive',
    '{% else %}',
    'nothing',
    '{% endif %}',
    'z',
    '',
  ].join('\n');
  assert.equal(render(source), 'a\nmlflow\nz\n');
  assert.equal(render(source, { ...VARS, tracker: 'dvclive' }), 'a\ndvclive\nz\n');
  assert.equal(render(source, { ...VARS, tracker: 'wandb' }), 'a\nnothing\nz\n');
});

test('inline conditions keep the surrounding text on their line', () => {
  assert.equal(
    render('deps = [{% if tests %}"pytest"{% endif %}{% if docker %}, "docker"{% endif %}]\n'),
    'deps = ["pytest"]\n',
  );
});

test('conditions nest', () => {
  const source = '{% if tests %}\nT\n{% if docker %}\nD\n{% else %}\nnoD\n{% endif %}\n{% endif %}\nend\n';
  assert.equal(render(source), 'T\nnoD\nend\n');
  assert.equal(render(source, { ...VARS, tests: false }), 'end\n');
});

test('expressions: ==, !=, truthiness, in, not, and, or, parentheses', () => {
  const yes = (expr: string): boolean => evaluateExpr(parseExpr(expr), VARS);
  assert.equal(yes("tracker == 'mlflow'"), true);
  assert.equal(yes("tracker != 'mlflow'"), false);
  assert.equal(yes('tests'), true);
  assert.equal(yes('docker'), false);
  assert.equal(yes('serving'), false, "'none' is false");
  assert.equal(yes('tracker'), true, 'a non-empty value other than none is true');
  assert.equal(yes("env in ['uv', 'poetry']"), true);
  assert.equal(yes("env in ['pip']"), false);
  assert.equal(yes('not docker'), true);
  assert.equal(yes("tests and tracker == 'mlflow'"), true);
  assert.equal(yes('docker or tests'), true);
  assert.equal(yes('not (docker or tests)'), false);
  assert.equal(yes("docker or tests and tracker == 'wandb'"), false, 'and binds tighter than or');
  assert.equal(yes("tests == 'true'"), true, 'booleans compare as true/false');
});

test('unknown names are errors, also in branches not taken', () => {
  const error = renderError('one\n{% if docker %}\n{{ nope }}\n{% endif %}\n');
  assert.equal(error.line, 3);
  assert.match(error.message, /^t\.txt:3: unknown variable '\{\{ nope \}\}'/);
  const inCondition = renderError('x\n{% if trackr == "mlflow" %}y{% endif %}');
  assert.equal(inCondition.line, 2);
  assert.match(inCondition.message, /unknown name 'trackr'/);
  assert.throws(() => evaluateExpr(parseExpr('missing'), VARS), /unknown name 'missing'/);
});

test('syntax errors name the file and line', () => {
  const cases: [string, number, RegExp][] = [
    ['a\n{{ a.b }}\n', 2, /is not a variable/],
    ['a\nb {{ package\n', 2, /'\{\{' is not closed on the same line/],
    ['{% for x in y %}\n', 1, /unknown tag '\{% for x in y %\}'/],
    ['a\n{% if tests %}\nb\n', 2, /\{% if %\} is never closed/],
    ['{% endif %}', 1, /\{% endif %\} without \{% if %\}/],
    ['{% if tests %}\n{% else %}\n{% elif docker %}\n{% endif %}', 3, /\{% elif %\} after \{% else %\}/],
    ['{% if tests ==  %}x{% endif %}', 1, /expected a quoted value/],
    ['{% if env in [] %}x{% endif %}', 1, /empty list/],
    ['{% if (tests %}x{% endif %}', 1, /expected '\)'/],
    ['a\n\n{% raw %}\n{{ x }}\n', 3, /\{% raw %\} is never closed/],
    ['{% endraw %}', 1, /\{% endraw %\} without \{% raw %\}/],
    ['{% if %}x{% endif %}', 1, /empty condition/],
  ];
  for (const [source, line, reason] of cases) {
    const error = renderError(source);
    assert.equal(error.line, line, `${JSON.stringify(source)} → ${error.message}`);
    assert.equal(error.file, 't.txt');
    assert.match(error.reason, reason, JSON.stringify(source));
  }
});

test('raw blocks are emitted untouched (Airflow Jinja), and their tag-only lines vanish', () => {
  const source = [
    'cmd = "train {{ package }}"',
    '{% raw %}',
    "templated = '{{ ds }} {% if x %}{{ params.y }}{% endif %}'",
    '{% endraw %}',
    'inline = "{% raw %}{{ ds_nodash }}{% endraw %}-{{ package }}"',
    '',
  ].join('\n');
  assert.equal(
    render(source),
    [
      'cmd = "train churn_model"',
      "templated = '{{ ds }} {% if x %}{{ params.y }}{% endif %}'",
      'inline = "{{ ds_nodash }}-churn_model"',
      '',
    ].join('\n'),
  );
});

test('raw inside a false condition is skipped with it', () => {
  const source = '{% if docker %}\n{% raw %}\n{{ ds }}\n{% endraw %}\n{% endif %}\nend\n';
  assert.equal(render(source), 'end\n');
});

test('CRLF line endings survive, tag-only lines are removed with their CRLF', () => {
  assert.equal(render('a\r\n{% if tests %}\r\nb\r\n{% endif %}\r\nc\r\n'), 'a\r\nb\r\nc\r\n');
});

test('checkTemplate reports impossible choice values in conditions', () => {
  const template = compileTemplate("{% if tracker == 'mlfow' %}x{% endif %}\n{{ package }}", 'f');
  const variables = new Map([
    ['tracker', { values: ['mlflow', 'dvclive'] }],
    ['package', {}],
  ]);
  const errors = checkTemplate(template, variables);
  assert.equal(errors.length, 1);
  assert.match(errors[0]!.message, /^f:1: 'mlfow' is not a value of tracker \(mlflow, dvclive\)/);
  assert.deepEqual(checkExpr(parseExpr("tracker in ['mlflow', 'x'] or nope"), variables), [
    "'x' is not a value of tracker (mlflow, dvclive)",
    "unknown name 'nope'",
  ]);
});

test('text without template syntax is returned as it is, even with lone braces', () => {
  const source = 'def f():\n    return {"a": {"b": 1}}  # 100% sure\n';
  assert.equal(render(source), source);
});
