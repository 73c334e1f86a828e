// Hostile Python for the logging-call detector: deep nesting, huge lines and odd bytes finish
// quickly and never throw; broken source gives an error, not a crash.
import assert from 'node:assert/strict';
import test from 'node:test';
import { findLogCalls } from '../../src/core/logCalls';

const timed = <T>(run: () => T): { result: T; ms: number } => {
  const start = performance.now();
  const result = run();
  return { result, ms: performance.now() - start };
};

test('hostile logCalls: 20,000 nested logging calls on one line stay linear (was quadratic)', () => {
  const n = 20000;
  const source = `import mlflow\nx = ${'mlflow.log_metric("k", '.repeat(n)}1${')'.repeat(n)}\n`;
  const { result, ms } = timed(() => findLogCalls(source));
  assert.equal(result.calls.length, n);
  assert.ok(ms < 5000, `${ms} ms`);
});

test('hostile logCalls: a 100,000-key dict and 20,000 logging lines', () => {
  const keys = Array.from({ length: 100000 }, (_, i) => `"k${i}": ${i}`).join(', ');
  const dict = timed(() => findLogCalls(`import mlflow\nmlflow.log_metrics({${keys}})\n`));
  assert.equal(dict.result.calls.length, 100000);
  const lines = Array.from({ length: 20000 }, (_, i) => `mlflow.log_metric("k${i}", v)  # c\n`).join('');
  const many = timed(() => findLogCalls(`import mlflow\n${lines}`));
  assert.equal(many.result.calls.length, 20000);
  assert.ok(dict.ms + many.ms < 10000, `${dict.ms} + ${many.ms} ms`);
});

test('hostile logCalls: unbalanced, empty and starred arguments, NUL bytes, lone CR', () => {
  const cases: [string, string[]][] = [
    ['import mlflow\nmlflow.log_metric()\nmlflow.log_metric(*a)\nmlflow.log_metrics({})\n', []],
    ['import mlflow\nmlflow.log_metrics({"a"})\nmlflow.log_metrics({"b": 1}, {"c": 2})\n', ['b']],
    ['import mlflow\x00\nmlflow.log_metric("a", 1)\x00\n', ['a']],
    ['import mlflow\rmlflow.log_metric("a", 1)\r', ['a']],
    ['import mlflow\nmlflow.log_metric)("a", 1)\nmlflow.log_metric(]"b", 1)\n', []],
    ['import mlflow\nmlflow.log_metric((), 1)\nmlflow.log_metric("", 1)\nmlflow.log_metric(f"{x}", 1)\n', []],
  ];
  for (const [source, keys] of cases) {
    const scan = findLogCalls(source);
    assert.deepEqual(
      scan.calls.map((c) => c.key),
      keys,
      JSON.stringify(source),
    );
  }
});

test('hostile logCalls: unterminated strings and brackets give an error, not a throw', () => {
  const sources = ['import mlflow\nmlflow.log_metric("a', '(\n' + '['.repeat(10000), "'''", 'x = "\n"'];
  for (const source of sources) {
    const scan = findLogCalls(source);
    assert.deepEqual(scan.calls, []);
    assert.ok(scan.error, JSON.stringify(source.slice(0, 40)));
  }
});
