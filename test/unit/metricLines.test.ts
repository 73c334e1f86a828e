import assert from 'node:assert/strict';
import test from 'node:test';
import {
  latestPoint,
  parseMetricFile,
  parseMetricLine,
  parsePythonFloat,
  scanLatestPoint,
} from '../../src/core/sources/mlflow/metricLines';

test('metric lines of 2, 3 and 5 fields', () => {
  assert.deepEqual(parseMetricLine('1700000000000 0.5 3'), { step: 3, timestamp: 1700000000000, value: 0.5 });
  assert.deepEqual(parseMetricLine('1700000000000 1e-05'), {
    step: 0,
    timestamp: 1700000000000,
    value: 1e-5,
  });
  // MLflow reports step 0 for dataset-tied 5-field lines; we show what MLflow shows.
  assert.deepEqual(parseMetricLine('1700000000000 2.5 7 train abc123'), {
    step: 0,
    timestamp: 1700000000000,
    value: 2.5,
  });
  assert.throws(() => parseMetricLine('1700000000000 1 2 3'), /expected 2, 3 or 5 fields/);
  assert.throws(() => parseMetricLine('abc 1 2'), /bad timestamp/);
});

test("Python's float spellings", () => {
  assert.ok(Number.isNaN(parsePythonFloat('nan')));
  assert.equal(parsePythonFloat('inf'), Infinity);
  assert.equal(parsePythonFloat('-inf'), -Infinity);
  assert.equal(parsePythonFloat('Infinity'), Infinity);
  assert.equal(parsePythonFloat('3'), 3);
  assert.throws(() => parsePythonFloat('x1'));
});

test('latest value is the max by (step, timestamp, value), first wins a NaN tie', () => {
  const { points, badLines } = parseMetricFile('10 1 0\n20 5 2\n30 4 2\n5 9 1\ngarbage\n');
  assert.equal(badLines.length, 1);
  assert.equal(badLines[0].line, 5);
  assert.deepEqual(latestPoint(points), { step: 2, timestamp: 30, value: 4 });
  const tie = parseMetricFile('10 nan 1\n10 3 1\n').points;
  assert.ok(Number.isNaN(latestPoint(tie)!.value));
  const equalKeys = parseMetricFile('10 2 1\n10 3 1\n').points;
  assert.equal(latestPoint(equalKeys)!.value, 3);
  assert.equal(latestPoint([]), undefined);
});

test('the byte scanner agrees with the exact parser, and hands irregular files over', () => {
  const cases = [
    '10 1 0\n20 5 2\n30 4 2\n5 9 1\n',
    '10 nan 1\n10 3 1\n',
    '10 3 1\n10 nan 1\n',
    '10 2 1\n10 3 1\n10 1 1\n',
    '1 inf 0\n2 -inf 0\n',
    '1 1e-05 3\r\n2 2.5 3\r\n',
    '',
  ];
  for (const text of cases) {
    const scan = scanLatestPoint(Buffer.from(text));
    assert.equal(scan.irregular, false, text);
    assert.deepEqual(scan.latest, latestPoint(parseMetricFile(text).points), text);
  }
  for (const irregular of ['10 1\n', '10 1 0 train abc\n', 'x 1 0\n', '10 1 0\n10 oops 1\n', '10 1  0\n']) {
    assert.equal(scanLatestPoint(Buffer.from(irregular)).irregular, true, irregular);
  }
});
