import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  flattenMetrics,
  metricNumber,
  parseMetricsFile,
  parseNumberCell,
  splitRows,
} from '../../src/core/sources/dvc/values/metricsFile';

describe('parseMetricsFile', () => {
  it('keeps numbers, strings and booleans; drops lists, nulls and mappings left empty', () => {
    const text =
      '{"acc": 0.9, "name": "cnn", "ok": true, "hist": [1, 2], "none": null, "nested": {"a": 1, "e": {"x": []}}}';
    assert.deepEqual(parseMetricsFile(text, 'metrics.json'), {
      values: { acc: 0.9, name: 'cnn', ok: true, nested: { a: 1 } },
      problems: [],
    });
  });

  it('reads YAML and TOML metrics and nested DVCLive summaries with bare NaN', () => {
    assert.deepEqual(parseMetricsFile('train:\n  loss: 0.5\nstep: 3\n', 'm.yaml').values, {
      train: { loss: 0.5 },
      step: 3,
    });
    assert.deepEqual(parseMetricsFile('[eval]\nauc = 0.75\n', 'm.toml').values, { eval: { auc: 0.75 } });
    const dvclive = parseMetricsFile(
      '{\n    "train": {\n        "loss": NaN\n    },\n    "step": 1\n}',
      'metrics.json',
    );
    assert.ok(Number.isNaN((dvclive.values.train as { loss: number }).loss));
  });

  it('names a single-value file by its path, as exp show does', () => {
    assert.deepEqual(parseMetricsFile('0.93\n', 'eval/auc.txt').values, { 'eval/auc.txt': 0.93 });
  });

  it('reads the header and the last row of CSV and TSV files', () => {
    assert.deepEqual(parseMetricsFile('epoch,acc,name\n0,0.5,a\n1,0.75,"b,c"\n\n', 'm.csv').values, {
      epoch: 1,
      acc: 0.75,
      name: 'b,c',
    });
    assert.deepEqual(parseMetricsFile('step\tloss\r\n0\t0.7\r\n1\tnan\r\n', 'm.tsv').values.step, 1);
    assert.ok(Number.isNaN(parseMetricsFile('step\tloss\n0\t0.7\n1\tnan\n', 'm.tsv').values.loss as number));
    assert.deepEqual(parseMetricsFile('', 'm.csv'), { values: {}, problems: [] });
    assert.equal(parseMetricsFile('a,b\n', 'm.csv').problems[0].path, 'm.csv');
  });

  it('reports unparsable files with the path and the reason', () => {
    const { values, problems } = parseMetricsFile('{"acc": ', '/r/metrics.json');
    assert.deepEqual(values, {});
    assert.equal(problems[0].path, '/r/metrics.json');
    assert.match(problems[0].reason, /cannot parse metrics/);
  });
});

describe('metric helpers', () => {
  it('flattens with dots and converts to numbers for charts', () => {
    assert.deepEqual(flattenMetrics({ train: { loss: 0.5, tag: 'x' }, ok: false }), {
      'train.loss': 0.5,
      'train.tag': 'x',
      ok: false,
    });
    assert.equal(metricNumber(0.5), 0.5);
    assert.equal(metricNumber(true), 1);
    assert.equal(metricNumber('x'), null);
    assert.equal(metricNumber(undefined), null);
  });

  it("parses cells like Python's float() and splits quoted rows", () => {
    assert.equal(parseNumberCell(' 1e-3 '), 0.001);
    assert.equal(parseNumberCell('-inf'), -Infinity);
    assert.equal(parseNumberCell('1_000'), 1000);
    assert.equal(parseNumberCell('.5'), 0.5);
    assert.equal(parseNumberCell('1.2.3'), '1.2.3');
    assert.deepEqual(splitRows('a,"x ""q"" \ny"\n1,2', ','), [
      ['a', 'x "q" \ny'],
      ['1', '2'],
    ]);
  });
});
